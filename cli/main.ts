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
import type { Finding } from './findings';
import { LoadError, loadChecked, Loaded, Manifest } from './load';
import { commandUsage, hasUsage, USAGE } from './usage';

// Each command loads only the modules it needs (start-up time, docs/speed.md):
// these are required inside the commands, and imported here for their types only.
const binding = () => require('./binding') as typeof import('./binding');
const diff = () => require('./diff') as typeof import('./diff');
const plan = () => require('./plan') as typeof import('./plan');
const validate = () => require('./validate') as typeof import('./validate');
const report = () => require('./findings') as typeof import('./findings');
const normalize = () => require('./normalize') as typeof import('./normalize');

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

export { USAGE } from './usage';

class UsageError extends Error {}

function packageVersion(): string {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const fs = require('fs') as typeof import('fs');
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const path = require('path') as typeof import('path');
  for (const dir of [path.join(__dirname, '..'), path.join(__dirname, '..', '..')]) {
    const file = path.join(dir, 'package.json');
    if (fs.existsSync(file)) {
      const pkg = JSON.parse(fs.readFileSync(file, 'utf-8'));
      if (pkg.name === 'cdk8s-stateful') return pkg.version;
    }
  }
  return 'unknown';
}

interface Args {
  readonly command: string;
  /** `--help` or `-h` among the options: print the command's usage, run nothing. */
  readonly help: boolean;
  readonly format: string | undefined;
  readonly gitRef: string | undefined;
  readonly useGit: boolean;
  readonly paths: string[];
}

function parseArgs(argv: readonly string[]): Args {
  const [command, ...rest] = argv;
  const options = rest.includes('--') ? rest.slice(0, rest.indexOf('--')) : rest;
  if (options.includes('--help') || options.includes('-h')) {
    return { command, help: true, format: undefined, gitRef: undefined, useGit: false, paths: [] };
  }
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
  return { command, help: false, format, gitRef, useGit, paths };
}

function checkFormat(format: string | undefined, allowed: string[]): string {
  const f = format ?? allowed[0];
  if (!allowed.includes(f)) throw new UsageError(`--format ${f} is not one of ${allowed.join(', ')}`);
  return f;
}

/**
 * Runs the command line `argv` (without `node` and the script); resolves to the exit code.
 * `synth` is not run here: bin/cdk8s-stateful.js runs it (bin/synth.js) without loading build/.
 */
export async function main(argv: string[], io: Io = processIo): Promise<number> {
  const cwd = io.cwd ?? process.cwd();
  const resolve = (p: string) => path.resolve(cwd, p);
  // The usage shown after a usage error: the command's, when it has one.
  const usage = hasUsage(argv[0]) ? commandUsage(argv[0]) : USAGE;
  try {
    const args = parseArgs(argv);
    if (args.help && hasUsage(args.command)) {
      io.stdout(commandUsage(args.command));
      return 0;
    }
    switch (args.command) {
      case 'validate': {
        const format = checkFormat(args.format, ['text', 'json']);
        return runValidate(load(args.paths, resolve, true), format, io);
      }
      case 'plan': {
        const format = checkFormat(args.format, ['table', 'mermaid', 'json']);
        const { rows } = binding().analyzeBinding(load(args.paths, resolve).manifests);
        const { planJson, planMermaid, planTable } = plan();
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
          oldSet = normalize().normalizeManifests(diff().loadFromGit(args.gitRef!, where, cwd), () => undefined);
          newSet = load([where], resolve).manifests;
        } else {
          if (args.paths.length !== 2) throw new UsageError('diff needs OLD and NEW (files or folders), or --git-ref REF [PATH]');
          oldSet = load([args.paths[0]], resolve).manifests;
          newSet = load([args.paths[1]], resolve).manifests;
        }
        return runDiff(oldSet, newSet, format, io);
      }
      case 'version':
      case '--version':
      case '-v':
        // The version of the package this command runs from (package.json two folders up, from cli/ or build/cli/).
        io.stdout(`${packageVersion()}\n`);
        return 0;
      case 'help':
        // `help COMMAND` is `COMMAND --help`.
        io.stdout(hasUsage(args.paths[0] ?? '') ? commandUsage(args.paths[0]) : USAGE);
        return 0;
      case undefined:
      case '--help':
      case '-h':
        io.stdout(USAGE);
        return args.command === undefined ? 2 : 0;
      default:
        throw new UsageError(`unknown command ${args.command}`);
    }
  } catch (e) {
    if (e instanceof LoadError) {
      io.stderr(`error: ${e.message}\n`);
      return 2;
    }
    if (e instanceof UsageError) {
      io.stderr(`error: ${e.message}\n${usage}`);
      return 2;
    }
    throw e;
  }
}

/**
 * Loads PATHs relative to the working folder, naming files as the user wrote
 * them; with `check`, also runs the per-object checks of validate as the
 * documents are parsed (in worker threads for large inputs, cli/load.ts).
 */
function load(paths: string[], resolve: (p: string) => string, check = false): Loaded {
  if (paths.length === 0) throw new UsageError('no PATH given; name a .yaml file or a folder such as dist/');
  // Absolute path -> the name the user gave.
  const names = new Map<string, string>();
  const abs = paths.map(p => {
    const a = resolve(p);
    names.set(a, p);
    return a;
  });
  const shown = (file: string): string => {
    if (names.has(file)) return names.get(file)!;
    const dir = path.dirname(file);
    return names.has(dir) ? path.join(names.get(dir)!, path.basename(file)) : file;
  };
  try {
    return loadChecked(abs, { check, label: shown });
  } catch (e) {
    throw e instanceof LoadError ? new LoadError(shown(e.file), e.line, e.detail) : e;
  }
}

function summary(findings: readonly Finding[]): string {
  const { count, plural } = report();
  return `${plural(count(findings, 'error'), 'error')}, ${plural(count(findings, 'warning'), 'warning')}`;
}

function runValidate({ manifests, documents }: Loaded, format: string, io: Io): number {
  const { count, describeId, formatFinding, plural, sortFindings } = report();
  const result = validate().validateManifests(manifests, documents);
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
  const { count, formatFinding, sortFindings } = report();
  const { diffManifests, formatChanges } = diff();
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
