/**
 * `cdk8s-stateful synth` (bin/synth.js), which is also `npm run synth`:
 * cdk8s-cli's own synth command, run in-process on small scratch apps (an
 * app that writes one manifest to CDK8S_OUTDIR, as cdk8s's App.synth does),
 * with the cdk8s-cli of this project (node_modules linked in).
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ROOT } from './helpers';

const BIN = path.join(ROOT, 'bin', 'cdk8s-stateful.js');
const TESTED = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf-8')).devDependencies['cdk8s-cli'];
const MANIFEST = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: app\n';
const WRITE_MANIFEST = `const fs = require('fs');\nfs.mkdirSync(process.env.CDK8S_OUTDIR, { recursive: true });\nfs.writeFileSync(process.env.CDK8S_OUTDIR + '/app.k8s.yaml', ${JSON.stringify(MANIFEST)});\n`;

/** A scratch app folder with `files`; `linked` links this project's node_modules (and so its cdk8s-cli) in. */
function scratch(files: { [name: string]: string }, linked = true): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'synth-command-'));
  if (linked) fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

/** The environment without CDK8S_ variables: each test sets those it wants. */
const CLEAN_ENV = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('CDK8S_')));

/** `cdk8s-stateful synth ARGS` in `cwd`, with no CDK8S_ variable but those of `env`. */
function synth(cwd: string, args: string[], env: NodeJS.ProcessEnv = {}) {
  const r = spawnSync(process.execPath, [BIN, 'synth', ...args], { cwd, encoding: 'utf-8', env: { ...CLEAN_ENV, ...env } });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

function manifests(dir: string): string[] {
  return fs.existsSync(dir) ? fs.readdirSync(dir).filter(f => /\.(ya?ml|json)$/.test(f)) : [];
}

const dirs: string[] = [];
function app(files: { [name: string]: string }, linked = true): string {
  const dir = scratch(files, linked);
  dirs.push(dir);
  return dir;
}
afterAll(() => dirs.forEach(d => fs.rmSync(d, { recursive: true, force: true })));

describe('cdk8s-stateful synth: cdk8s-cli\'s synth command, options as cdk8s-cli reads them', () => {
  test('the app of cdk8s.yaml writes to dist/; --output, CDK8S_OUTPUT and cdk8s.yaml output: elsewhere; --stdout to stdout only', () => {
    const dir = app({ 'cdk8s.yaml': 'app: node app.js\n', 'app.js': WRITE_MANIFEST });
    const plain = synth(dir, []);
    expect(plain).toMatchObject({ status: 0, stderr: '' });
    expect(manifests(path.join(dir, 'dist'))).toEqual(['app.k8s.yaml']);

    expect(synth(dir, ['--output', 'by-option']).status).toBe(0);
    expect(manifests(path.join(dir, 'by-option'))).toEqual(['app.k8s.yaml']);
    expect(synth(dir, [], { CDK8S_OUTPUT: 'by-env' }).status).toBe(0);
    expect(manifests(path.join(dir, 'by-env'))).toEqual(['app.k8s.yaml']);

    const configured = app({ 'cdk8s.yaml': 'app: node app.js\noutput: by-config\n', 'app.js': WRITE_MANIFEST });
    expect(synth(configured, []).status).toBe(0);
    expect(manifests(path.join(configured, 'by-config'))).toEqual(['app.k8s.yaml']);
    expect(fs.existsSync(path.join(configured, 'dist'))).toBe(false);

    const printed = app({ 'cdk8s.yaml': 'app: node app.js\n', 'app.js': WRITE_MANIFEST });
    const stdout = synth(printed, ['--stdout']);
    expect(stdout).toMatchObject({ status: 0, stdout: MANIFEST, stderr: '' });
    expect(fs.existsSync(path.join(printed, 'dist'))).toBe(false);
  }, 60_000);

  test('loads cdk8s-cli\'s synth command only: no upgrade check (--check-upgrade and CDK8S_CHECK_UPGRADE accepted), no import command, no TypeScript', () => {
    const dir = app({ 'cdk8s.yaml': 'app: node app.js\n', 'app.js': WRITE_MANIFEST });
    const script = `require(${JSON.stringify(path.join(ROOT, 'bin', 'synth.js'))}).synth(['--check-upgrade']).then(code => {\n`
      + '  process.stdout.write(`\\n${JSON.stringify({ code, loaded: Object.keys(require.cache) })}\\n`);\n});\n';
    const r = spawnSync(process.execPath, ['-e', script], { cwd: dir, encoding: 'utf-8', env: { ...CLEAN_ENV, CDK8S_CHECK_UPGRADE: 'true' } });
    expect(r.stderr).toBe('');
    const { code, loaded } = JSON.parse(r.stdout.trim().split('\n').pop()!);
    expect(code).toBe(0);
    expect(manifests(path.join(dir, 'dist'))).toEqual(['app.k8s.yaml']);
    const cli = path.dirname(require.resolve('cdk8s-cli/package.json'));
    expect(loaded).toContain(path.join(cli, 'lib', 'cli', 'cmds', 'synth.js'));
    // cdk8s's own command line (lib/cli/index.js) loads every command and runs the upgrade check (lib/upgrades.js).
    const unwanted = [path.join(cli, 'lib', 'cli', 'index.js'), path.join(cli, 'lib', 'upgrades.js'), path.join(cli, 'lib', 'cli', 'cmds', 'import.js')];
    expect(loaded.filter((f: string) => unwanted.includes(f) || f.includes(`${path.sep}node_modules${path.sep}typescript${path.sep}`))).toEqual([]);
  }, 60_000);

  test('the validations of cdk8s.yaml run on the manifests and fail the synth; --no-validate skips them', () => {
    const plugin = [
      'class Deny {',
      '  validate(context) {',
      '    context.report.addViolation({ ruleName: \'no-configmaps\', recommendation: \'none\', fix: \'remove it\',',
      '      violatingResources: [{ resourceName: \'app\', locations: [\'kind\'], manifestPath: context.manifests[0] }] });',
      '    context.report.submit(\'failure\');',
      '  }',
      '}',
      'module.exports = { Deny };',
    ].join('\n');
    const dir = app({
      'cdk8s.yaml': 'app: node app.js\nvalidations:\n  - package: ./plugin.js\n    version: 0.1.0\n    class: Deny\n',
      'app.js': WRITE_MANIFEST,
      'plugin.js': plugin,
    });
    const validated = synth(dir, []);
    expect(validated.status).toBe(2);
    expect(validated.stdout).toMatch(/Validation Report \(\S*plugin\.js@0\.1\.0\)[\s\S]*no-configmaps/);
    expect(validated.stderr).toBe('Validation failed. See above reports for details\n');
    const skipped = synth(dir, ['--no-validate']);
    expect(skipped).toMatchObject({ status: 0, stderr: '' });
    expect(skipped.stdout).not.toMatch(/Validation/);
  }, 60_000);
});

describe('cdk8s-stateful synth: errors', () => {
  test('an app that fails after an error: line: that line alone on stderr, the app\'s exit code, no manifest left', () => {
    const dir = app({
      'cdk8s.yaml': 'app: node app.js\n',
      'app.js': 'process.stderr.write(\'error: configmap app: data is wrong; fix it\\n\');\nprocess.exit(3);\n',
      'dist/old.k8s.yaml': MANIFEST,
    });
    const r = synth(dir, []);
    expect(r).toMatchObject({ status: 3, stderr: 'error: configmap app: data is wrong; fix it\n' });
    expect(manifests(path.join(dir, 'dist'))).toEqual([]);
    // cdk8s's own command adds its trace of the exit code, and exits 1.
    const plain = spawnSync(process.execPath, [path.join(ROOT, 'node_modules', 'cdk8s-cli', 'bin', 'cdk8s'), 'synth', '--check-upgrade=false'], { cwd: dir, encoding: 'utf-8' });
    expect(plain.stderr).toMatch(/returned a non-zero exit code 3\n\s+at /);
  }, 60_000);

  test('an app that fails with a bug keeps its stack trace, and its exit code', () => {
    const dir = app({ 'cdk8s.yaml': 'app: node app.js\n', 'app.js': 'function deep() { throw new TypeError(\'boom\'); }\ndeep();\n' });
    const r = synth(dir, []);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/TypeError: boom\n\s+at deep /);
    expect(r.stderr).not.toMatch(/non-zero exit code/);
  }, 60_000);

  test('any other error of cdk8s-cli is one error: line, exit 1', () => {
    const dir = app({ 'cdk8s.yaml': 'app: node app.js\n', 'app.js': WRITE_MANIFEST });
    expect(synth(dir, ['--output', 'out', '--stdout'])).toMatchObject({
      status: 1, stdout: '', stderr: 'error: \'--output\' and \'--stdout\' are mutually exclusive. Please only use one.\n',
    });
  }, 60_000);

  test.each([
    [['--bogus'], 'bogus'],
    [['--ouput', 'out'], 'ouput'],
    [['--no-bogus'], 'bogus'],
    [['extra'], 'extra'],
  ])('an unknown option or argument (%j): one error: line naming it, exit 1, no synth', (args, name) => {
    const dir = app({ 'cdk8s.yaml': 'app: node app.js\n', 'app.js': WRITE_MANIFEST });
    expect(synth(dir, args)).toEqual({
      status: 1, stdout: '', stderr: `error: synth: unknown argument: ${name}; see cdk8s-stateful synth --help\n`,
    });
    expect(fs.existsSync(path.join(dir, 'dist'))).toBe(false);
  }, 60_000);

  test('-h and --help print the options (not --check-upgrade, accepted and ignored), exit 0, no synth', () => {
    const dir = app({ 'cdk8s.yaml': 'app: node app.js\n', 'app.js': WRITE_MANIFEST });
    for (const flag of ['-h', '--help']) {
      const r = synth(dir, [flag]);
      expect(r).toMatchObject({ status: 0, stderr: '' });
      expect(r.stdout).toMatch(/^cdk8s-stateful synth \[options\]/);
      expect(r.stdout).toMatch(/--output, -o/);
      expect(r.stdout).toMatch(/--help, -h/);
      expect(r.stdout).not.toMatch(/check-upgrade/);
    }
    expect(fs.existsSync(path.join(dir, 'dist'))).toBe(false);
  }, 60_000);

  test('CDK8S_* variables that are no option (CDK8S_OUTDIR, which cdk8s-cli sets for the app) are not refused as unknown options', () => {
    const dir = app({ 'cdk8s.yaml': 'app: node app.js\n', 'app.js': WRITE_MANIFEST });
    const r = synth(dir, ['--plugins-dir', 'plugins'], { CDK8S_OUTDIR: 'elsewhere', CDK8S_SOMETHING_ELSE: '1', CDK8S_CHECK_UPGRADE: 'false' });
    expect(r).toMatchObject({ status: 0, stderr: '' });
    expect(manifests(path.join(dir, 'dist'))).toEqual(['app.k8s.yaml']);
  }, 60_000);

  test('a cdk8s.yaml that is not YAML: cdk8s-cli\'s message after error:, no stack trace, exit 1', () => {
    const dir = app({ 'cdk8s.yaml': 'app: [node app.js\n' });
    const r = synth(dir, []);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/^error: Flow sequence in block collection must be sufficiently indented and end with a \] at line 2, column 1:\n/);
    expect(r.stderr).not.toMatch(/^\s+at /m);
  }, 60_000);

  test('no cdk8s-cli where it runs: one line naming the fix, exit 2', () => {
    const dir = app({ 'cdk8s.yaml': 'app: node app.js\n' }, false);
    expect(synth(dir, [])).toMatchObject({
      status: 2, stdout: '', stderr: `error: synth: cdk8s-cli is not installed in ${dir}; install it: npm install --save-dev --save-exact cdk8s-cli@${TESTED}\n`,
    });
  }, 60_000);

  test.each([
    ['has no lib/cli/cmds/synth.js', {}],
    ['has a lib/cli/cmds/synth.js that is no yargs command', { 'node_modules/cdk8s-cli/lib/cli/cmds/synth.js': 'module.exports = {};\n' }],
  ])('a cdk8s-cli laid out otherwise (%s): one line naming its version and the fix, nothing run, exit 2', (_, files) => {
    const dir = app({
      'cdk8s.yaml': 'app: node app.js\n',
      'app.js': WRITE_MANIFEST,
      'node_modules/cdk8s-cli/package.json': '{ "name": "cdk8s-cli", "version": "9.0.0" }\n',
      ...files,
    }, false);
    const cli = path.join(fs.realpathSync(dir), 'node_modules', 'cdk8s-cli');
    expect(synth(dir, [])).toMatchObject({
      status: 2,
      stdout: '',
      stderr: `error: synth: cdk8s-cli 9.0.0 in ${cli} has no synth command at lib/cli/cmds/synth.js, which cdk8s-stateful synth runs; install the cdk8s-cli it is tested with: npm install --save-dev --save-exact cdk8s-cli@${TESTED}\n`,
    });
    expect(fs.existsSync(path.join(dir, 'dist'))).toBe(false);
  }, 60_000);
});
