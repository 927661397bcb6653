/**
 * The `cdk8s-stateful` command: `validate`, `plan` and `diff` of Kubernetes
 * manifests, treated as one application. `main()` returns the exit code so
 * that it runs in-process in tests as well as from `bin/cdk8s-stateful.js`.
 *
 * Exit codes: 0 no errors (warnings allowed), 1 at least one error (for
 * `plan`: a claim stays pending), 2 the input could not be read or parsed,
 * or the command line is wrong.
 */
import * as path from 'path';
import { analyzeBinding } from './binding';
import { diffManifests, formatChanges, loadFromGit } from './diff';
import { count, Finding, formatFinding, plural, sortFindings, describeId } from './findings';
import { LoadError, loadPaths, Manifest } from './load';
import { normalizeManifests } from './normalize';
import { planJson, planMermaid, planTable } from './plan';
import { validateManifests } from './validate';

/** Where the command writes; defaults to the process streams. */
export interface Io {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  /** Folder that relative paths and git refer to. */
  readonly cwd?: string;
}

const processIo: Io = {
  stdout: text => process.stdout.write(text),
  stderr: text => process.stderr.write(text),
};

export const USAGE = `usage: cdk8s-stateful <command> [options]

  validate [--format text|json] PATH...          check manifests before apply
  plan [--format table|mermaid|json] PATH...     which volume each StatefulSet claim gets
  diff [--format text|json] OLD NEW              changes the API server refuses or that risk data
  diff [--format text|json] --git-ref REF [PATH] the same, PATH (default dist) against PATH at git REF

PATH is a .yaml/.yml file or a folder of them; all PATHs form one application.
exit codes: 0 no errors (warnings allowed), 1 errors, 2 unreadable input or bad usage
`;

class UsageError extends Error {}

interface Args {
  readonly command: string;
  readonly format: string | undefined;
  readonly gitRef: string | undefined;
  readonly useGit: boolean;
  readonly paths: string[];
}

function parseArgs(argv: readonly string[]): Args {
  const [command, ...rest] = argv;
  let format: string | undefined;
  let gitRef: string | undefined;
  let useGit = false;
  const paths: string[] = [];
  for (let i = 0; i < rest.length; i++) {
    const a = rest[i];
    if (a === '--format' || a === '-o') {
      format = rest[++i];
      if (format === undefined) throw new UsageError(`${a} needs a value`);
    } else if (a.startsWith('--format=')) {
      format = a.slice('--format='.length);
    } else if (a === '--git-ref') {
      useGit = true;
      gitRef = rest[++i];
      if (gitRef === undefined || gitRef.startsWith('-')) throw new UsageError('--git-ref needs a git ref, e.g. --git-ref HEAD dist');
    } else if (a.startsWith('--git-ref=')) {
      useGit = true;
      gitRef = a.slice('--git-ref='.length);
    } else if (a === '--') {
      paths.push(...rest.slice(i + 1));
      break;
    } else if (a.startsWith('-') && a !== '-') {
      throw new UsageError(`unknown option ${a}`);
    } else {
      paths.push(a);
    }
  }
  return { command, format, gitRef, useGit, paths };
}

function checkFormat(format: string | undefined, allowed: string[]): string {
  const f = format ?? allowed[0];
  if (!allowed.includes(f)) throw new UsageError(`--format ${f} is not one of ${allowed.join(', ')}`);
  return f;
}

/** Runs the command line `argv` (without `node` and the script); resolves to the exit code. */
export async function main(argv: string[], io: Io = processIo): Promise<number> {
  const cwd = io.cwd ?? process.cwd();
  const resolve = (p: string) => path.resolve(cwd, p);
  try {
    const args = parseArgs(argv);
    switch (args.command) {
      case 'validate': {
        const format = checkFormat(args.format, ['text', 'json']);
        return runValidate(load(args.paths, resolve), format, io);
      }
      case 'plan': {
        const format = checkFormat(args.format, ['table', 'mermaid', 'json']);
        const { rows } = analyzeBinding(load(args.paths, resolve));
        const text = format === 'json' ? planJson(rows) : format === 'mermaid' ? planMermaid(rows) : planTable(rows);
        io.stdout(`${text}\n`);
        return rows.some(r => r.status === 'pending') ? 1 : 0;
      }
      case 'diff': {
        const format = checkFormat(args.format, ['text', 'json']);
        let oldSet: Manifest[];
        let newSet: Manifest[];
        if (args.useGit) {
          if (args.paths.length > 1) throw new UsageError('diff --git-ref takes at most one PATH');
          const where = args.paths[0] ?? 'dist';
          oldSet = normalizeManifests(loadFromGit(args.gitRef!, where, cwd), () => undefined);
          newSet = load([where], resolve);
        } else {
          if (args.paths.length !== 2) throw new UsageError('diff needs OLD and NEW (files or folders), or --git-ref REF [PATH]');
          oldSet = load([args.paths[0]], resolve);
          newSet = load([args.paths[1]], resolve);
        }
        return runDiff(oldSet, newSet, format, io);
      }
      case undefined:
      case 'help':
      case '--help':
      case '-h':
        io.stdout(USAGE);
        return args.command === undefined ? 2 : 0;
      default:
        throw new UsageError(`unknown command ${args.command}`);
    }
  } catch (e) {
    if (e instanceof LoadError) {
      io.stderr(`error ${e.message}\n`);
      return 2;
    }
    if (e instanceof UsageError) {
      io.stderr(`error ${e.message}\n${USAGE}`);
      return 2;
    }
    throw e;
  }
}

/** Loads PATHs relative to the working folder, naming files as the user wrote them; nulls removed and lists expanded (normalize.ts). */
function load(paths: string[], resolve: (p: string) => string): Manifest[] {
  const manifests: Manifest[] = [];
  for (const p of paths) {
    const abs = resolve(p);
    const shown = (file: string) => (file === abs ? p : path.join(p, path.relative(abs, file)));
    try {
      for (const m of normalizeManifests(loadPaths([abs]))) manifests.push({ ...m, file: shown(m.file) });
    } catch (e) {
      throw e instanceof LoadError ? new LoadError(shown(e.file), e.line, e.detail) : e;
    }
  }
  if (paths.length === 0) loadPaths([]);
  return manifests;
}

function summary(findings: readonly Finding[]): string {
  return `${plural(count(findings, 'error'), 'error')}, ${plural(count(findings, 'warning'), 'warning')}`;
}

function runValidate(manifests: Manifest[], format: string, io: Io): number {
  const result = validateManifests(manifests);
  const findings = sortFindings(result.findings);
  const errors = count(findings, 'error');
  const files = new Set(manifests.map(m => m.file)).size;
  if (format === 'json') {
    io.stdout(`${JSON.stringify({
      findings,
      podSecurity: result.podSecurity,
      summary: { objects: manifests.length, files, errors, warnings: count(findings, 'warning') },
    }, null, 2)}\n`);
  } else {
    const lines = findings.map(formatFinding);
    for (const p of result.podSecurity) {
      lines.push(`pod security ${p.file}:${p.line} ${describeId(p)}: ${p.level}${p.level === 'restricted' ? '' : `, ${plural(p.violations.length, 'check')} keep it from restricted (warnings above)`}`);
    }
    lines.push(`${plural(manifests.length, 'object')} in ${plural(files, 'file')}: ${summary(findings)}`);
    io.stdout(`${lines.join('\n')}\n`);
  }
  return errors > 0 ? 1 : 0;
}

function runDiff(oldSet: Manifest[], newSet: Manifest[], format: string, io: Io): number {
  const result = diffManifests(oldSet, newSet);
  const findings = sortFindings(result.findings);
  const errors = count(findings, 'error');
  if (format === 'json') {
    io.stdout(`${JSON.stringify({ changes: result.changes, findings, summary: { errors, warnings: count(findings, 'warning') } }, null, 2)}\n`);
  } else {
    const n = (c: string) => result.changes.filter(x => x.change === c).length;
    const lines = [...formatChanges(result.changes), ...findings.map(formatFinding)];
    lines.push(`${n('changed')} changed, ${n('added')} added, ${n('removed')} removed: ${summary(findings)}`);
    io.stdout(`${lines.join('\n')}\n`);
  }
  return errors > 0 ? 1 : 0;
}
