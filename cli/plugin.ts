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
import { describeId, Finding } from './findings';
import { LoadError, loadPaths } from './load';
import { normalizeManifests } from './normalize';
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
}

/** Properties from cdk8s.yaml. */
export interface StatefulValidationProps {
  /**
   * Report warnings as well as errors.
   * @default true
   */
  readonly warnings?: boolean;
}

/** cdk8s validation plugin running the `validate` checks on the synthesized manifests. */
export class StatefulValidation {
  private readonly warnings: boolean;

  constructor(props: StatefulValidationProps = {}) {
    this.warnings = props.warnings ?? true;
  }

  public async validate(context: PluginContext): Promise<void> {
    let findings: Finding[];
    if (context.manifests.length === 0) {
      context.report.submit('success', { errors: '0', warnings: '0' });
      return;
    }
    try {
      findings = validateManifests(normalizeManifests(loadPaths(context.manifests))).findings;
    } catch (e) {
      if (!(e instanceof LoadError)) throw e;
      context.report.addViolation({
        ruleName: 'unreadable manifest',
        recommendation: e.detail,
        fix: 'fix the synthesized YAML',
        violatingResources: [{ resourceName: e.file, locations: [e.line === undefined ? '' : `line ${e.line}`], manifestPath: e.file }],
      });
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
    context.report.submit(errors > 0 ? 'failure' : 'success', { errors: String(errors), warnings: String(warnings) });
  }
}
