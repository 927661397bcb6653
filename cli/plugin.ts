/**
 * The checks of `validate` as a cdk8s validation plugin, so that
 * `cdk8s synth` fails on errors and prints the report. Registered in
 * cdk8s.yaml:
 *
 *     validations:
 *       - package: ./bin/cdk8s-plugin.js
 *         version: 0.1.0
 *         class: StatefulValidation
 *
 * The contract is cdk8s-cli's `Validation` (lib/plugins/validation.d.ts): a
 * class constructed with the `properties` of cdk8s.yaml whose
 * `validate(context)` reads `context.manifests` (paths of the synthesized
 * files), adds violations to `context.report` and submits it. Its types are
 * restated here so that the plugin does not import the CLI at run time.
 */
import * as fs from 'fs';
import * as path from 'path';
import { describeId, Finding } from './findings';
import { LoadError, loadChecked } from './load';
import { validateManifests } from './validate';

/** The part of cdk8s-cli's ValidationContext the plugin uses. */
export interface PluginContext {
  readonly manifests: readonly string[];
  readonly report: {
    addViolation(violation: {
      ruleName: string;
      recommendation: string;
      fix: string;
      violatingResources: Array<{ resourceName: string; locations: string[]; manifestPath: string }>;
    }): void;
    submit(status: 'success' | 'failure', metadata?: { [key: string]: string }): void;
  };
  readonly logger?: { log(message: string): void };
  /** True under `cdk8s synth --stdout`: the manifests are temporary files cdk8s-cli prints. */
  readonly stdout?: boolean;
}

/** Properties from cdk8s.yaml. */
export interface StatefulValidationProps {
  /**
   * Report warnings as well as errors.
   * @default true
   */
  readonly warnings?: boolean;
}

/** The file cdk8s-cli has the app write next to the manifests when validations are configured. */
export const CONSTRUCT_METADATA = 'construct-metadata.json';

/**
 * Deletes cdk8s-cli's construct-metadata.json from the folders of `manifests`.
 *
 * `cdk8s synth` sets CDK8S_RECORD_CONSTRUCT_METADATA=true for the app when
 * cdk8s.yaml has validations (cdk8s-cli lib/cli/cmds/synth.ts), and cdk8s's
 * `App.synth` then writes the file next to the manifests (unless the app says
 * `recordConstructMetadata: false`). It is not a Kubernetes object, and
 * `kubectl apply -f dist` reads every .json file of the folder and fails on
 * it. cdk8s-cli reads it while loading the plugins, before any plugin
 * validates (`ValidationPlugin.load` in lib/plugins/validation.ts), so
 * deleting it here loses nothing, whatever the app's `App` options.
 */
export function removeConstructMetadata(manifests: readonly string[], cwd: string = process.cwd()): string[] {
  // The file sits in the output folder; with cdk8s's folder-per-chart output
  // the manifests are in its subfolders, so look up to the working folder.
  const dirs = new Set<string>();
  for (const m of manifests) {
    let dir = path.dirname(path.resolve(cwd, m));
    dirs.add(dir);
    while (dir.startsWith(`${cwd}${path.sep}`)) {
      dir = path.dirname(dir);
      if (dir !== cwd) dirs.add(dir);
    }
  }
  const removed: string[] = [];
  for (const dir of dirs) {
    const file = path.join(dir, CONSTRUCT_METADATA);
    if (isConstructMetadata(file)) {
      fs.rmSync(file, { force: true });
      removed.push(file);
    }
  }
  return removed;
}

/** True for a file cdk8s wrote (`{"version": ..., "resources": {...}}`), never for anything else of that name. */
function isConstructMetadata(file: string): boolean {
  try {
    const content = JSON.parse(fs.readFileSync(file, 'utf-8'));
    return typeof content?.version === 'string' && typeof content?.resources === 'object';
  } catch {
    return false;
  }
}

/**
 * Deletes the synthesized manifests of a synth the plugin fails, so that
 * `kubectl apply -f dist` after a failed synth has nothing to apply, as after
 * every other failed synth: cdk8s-cli deletes the output folder before it runs
 * the app (lib/cli/cmds/synth.js), so a failing app leaves none. cdk8s-cli
 * runs the plugins after the app has written the files, and only exits 2
 * afterwards (`validateApp` in lib/util.js), which would leave them in place.
 * Returns the paths deleted, as given.
 */
export function removeManifests(manifests: readonly string[]): string[] {
  const removed: string[] = [];
  for (const m of manifests) {
    if (fs.existsSync(m)) {
      fs.rmSync(m, { force: true });
      removed.push(m);
    }
  }
  return removed;
}

/**
 * cdk8s validation plugin running the `validate` checks on the synthesized
 * manifests; it also deletes cdk8s-cli's construct-metadata.json from the
 * output folder, so that `kubectl apply -f dist` reads manifests only, and,
 * when it reports an error, the manifests themselves (`removeManifests`); it
 * must then be the last plugin of cdk8s.yaml, as the others would find no file.
 * Under `--stdout` nothing is deleted: cdk8s-cli has already printed them.
 */
export class StatefulValidation {
  private readonly warnings: boolean;

  constructor(props: StatefulValidationProps = {}) {
    this.warnings = props.warnings ?? true;
  }

  public async validate(context: PluginContext): Promise<void> {
    let findings: Finding[];
    removeConstructMetadata(context.manifests);
    if (context.manifests.length === 0) {
      context.report.submit('success', { errors: '0', warnings: '0' });
      return;
    }
    try {
      const { manifests, documents } = loadChecked(context.manifests, { check: true });
      findings = validateManifests(manifests, documents).findings;
    } catch (e) {
      if (!(e instanceof LoadError)) throw e;
      context.report.addViolation({
        ruleName: 'unreadable manifest',
        recommendation: e.detail,
        fix: 'fix the synthesized YAML',
        violatingResources: [{ resourceName: e.file, locations: [e.line === undefined ? '' : `line ${e.line}`], manifestPath: e.file }],
      });
      this.fail(context);
      context.report.submit('failure');
      return;
    }
    let errors = 0;
    for (const f of findings) {
      if (f.severity === 'error') errors++;
      else if (!this.warnings) continue;
      context.report.addViolation({
        ruleName: `${f.severity} (${f.check}) ${describeId(f)}${f.field ? ` ${f.field}` : ''}`,
        recommendation: f.message,
        fix: f.fix,
        violatingResources: [{ resourceName: f.name, locations: [`${f.kind} ${f.field || '(object)'} (line ${f.line})`], manifestPath: f.file }],
      });
    }
    const warnings = findings.length - errors;
    if (errors > 0) this.fail(context);
    context.report.submit(errors > 0 ? 'failure' : 'success', { errors: String(errors), warnings: String(warnings) });
  }

  /** Deletes the manifests of a failed synth and says so on cdk8s-cli's log. */
  private fail(context: PluginContext): void {
    if (context.stdout) return;
    const removed = removeManifests(context.manifests);
    if (removed.length > 0) {
      (context.logger ?? console).log(`removed ${removed.join(', ')}: fix the errors and synth again`);
    }
  }
}
