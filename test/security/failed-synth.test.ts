/**
 * A failed synth exits non-zero with one clear line, no stack trace, and
 * leaves no manifest in the output directory, so `kubectl apply -f dist`
 * never applies a partial (or stale) set.
 *
 * Real `cdk8s synth` runs are slow (seconds each): four of them, each into a
 * temporary directory, never the repository's dist/.
 */
import { spawn, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ApiObject, App, Chart, Lazy } from 'cdk8s';
import { runSynth } from '../../app/run-synth';
import { InputError } from '../../lib/errors';

const ROOT = path.join(__dirname, '..', '..');

function tempOutdir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'failed-synth-'));
  // A manifest of an earlier run: a failed run must not leave it behind either.
  fs.writeFileSync(path.join(dir, 'k8sdemo.k8s.yaml'), 'kind: Stale\n');
  return dir;
}

function manifestsIn(dir: string): string[] {
  return fs.existsSync(dir) ? fs.readdirSync(dir).filter(f => f.endsWith('.yaml') || f.endsWith('.yml')) : [];
}

interface Run { status: number | null; stdout: string; stderr: string }

/** Runs the README's `npm run synth` (`cdk8s-stateful synth`, bin/synth.js) or plain `cdk8s synth`, with `env` added. */
function synthCommand(kind: 'npm run synth' | 'cdk8s synth', outdir: string, env: NodeJS.ProcessEnv, more: string[] = []): Promise<Run> {
  const args = kind === 'npm run synth'
    ? [path.join(ROOT, 'bin', 'cdk8s-stateful.js'), 'synth', '--output', outdir, ...more]
    : [path.join(ROOT, 'node_modules', 'cdk8s-cli', 'bin', 'cdk8s'), 'synth', '--check-upgrade=false', '--output', outdir];
  const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('K8SDEMO_')));
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd: ROOT, env: { ...clean, ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', d => { stdout += d; });
    child.stderr.on('data', d => { stderr += d; });
    child.on('error', reject);
    child.on('close', status => resolve({ status, stdout, stderr }));
  });
}

describe('failed synth (real cdk8s synth runs)', () => {
  const outdirs = { env: tempOutdir(), file: tempOutdir(), plain: tempOutdir(), plugin: tempOutdir() };
  // Not in an outdir: cdk8s synth empties that before the app runs.
  const config = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'bad-config-')), 'bad.config.yaml');
  fs.writeFileSync(config, 'name: k8sdemo\nstorage:\n  storageSize: lots\n');
  // An app that writes a Service named web_public (a consumer's raw ApiObject): the app
  // succeeds, the validation plugin of cdk8s.yaml fails the synth.
  const badApp = path.join(path.dirname(config), 'bad-app.js');
  fs.writeFileSync(badApp, [
    "const fs = require('fs');",
    'fs.mkdirSync(process.env.CDK8S_OUTDIR, { recursive: true });',
    "fs.writeFileSync(process.env.CDK8S_OUTDIR + '/web.k8s.yaml', 'apiVersion: v1\\nkind: Service\\nmetadata:\\n  name: web_public\\nspec:\\n  ports:\\n    - port: 80\\n');",
  ].join('\n'));
  let runs: { env: Run; file: Run; plain: Run; plugin: Run };

  // The three runs are slow; start them together, after bringing build/ up to
  // date once (bin/build-state.js), so that none of them prints the 'building' progress line.
  beforeAll(async () => {
    const build = spawnSync(process.execPath, ['-e', 'require("./bin/build-state").ensureBuilt()'], { cwd: ROOT, encoding: 'utf-8' });
    expect(build.status).toBe(0);
    const [env, file, plain, plugin] = await Promise.all([
      synthCommand('npm run synth', outdirs.env, { K8SDEMO_REPLICAS: '-1' }),
      synthCommand('npm run synth', outdirs.file, { K8SDEMO_CONFIG: config }),
      synthCommand('cdk8s synth', outdirs.plain, { K8SDEMO_NAME: 'Not_A_Name' }),
      synthCommand('npm run synth', outdirs.plugin, {}, ['--app', `node ${badApp}`]),
    ]);
    runs = { env, file, plain, plugin };
  }, 180_000);

  test('a bad environment variable: exit 1, one line, no stack, no manifests', () => {
    const r = runs.env;
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/^error: environment: K8SDEMO_REPLICAS: "-1" is not a whole number >= 0; give e\.g\. 3\n$/);
    expect(r.stdout).not.toMatch(/^\s+at /m);
    expect(manifestsIn(outdirs.env)).toEqual([]);
  });

  test('a bad config file: exit 1, one line naming file and line, no stack, no manifests', () => {
    const r = runs.file;
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/^error: .*bad\.config\.yaml:3: storage\.storageSize "lots" is not a storage size; use a whole number with a binary suffix [^\n]*\n$/);
    expect(manifestsIn(outdirs.file)).toEqual([]);
  });

  test('plain cdk8s synth also fails with the message and leaves no manifests; the only trace is cdk8s-cli\'s own', () => {
    const r = runs.plain;
    expect(r.status).not.toBe(0);
    const ours = r.stderr.split('\n').filter(l => l.startsWith('error: '));
    expect(ours).toEqual([expect.stringMatching(/^error: environment: K8SDEMO_NAME: statefulset "Not_A_Name": name "Not_A_Name" is not a valid name; use at most 52 lowercase letters/)]);
    const frames = r.stderr.split('\n').filter(l => /^\s+at /.test(l));
    expect(frames.filter(l => !/node_modules\/cdk8s-cli|node:/.test(l))).toEqual([]);
    expect(manifestsIn(outdirs.plain)).toEqual([]);
  });

  test('an error of the validation plugin: exit 2, the report, and the written manifest deleted', () => {
    const r = runs.plugin;
    expect(r.status).toBe(2);
    expect(r.stdout).toMatch(/error \(names\) Service default\/web_public metadata\.name/);
    expect(r.stdout).toContain(`removed ${path.join(outdirs.plugin, 'web.k8s.yaml')}: fix the errors and synth again`);
    expect(manifestsIn(outdirs.plugin)).toEqual([]);
  });
});

describe('runSynth never leaves a partial set', () => {
  let stderr: string;
  const write = process.stderr.write;
  beforeEach(() => {
    stderr = '';
    process.stderr.write = ((chunk: string) => { stderr += chunk; return true; }) as any;
  });
  afterEach(() => {
    process.stderr.write = write;
    process.exitCode = undefined;
  });

  /** Two charts: the first renders, the second throws `error` while rendering. */
  function twoCharts(outdir: string, error: Error): App {
    const app = new App({ outdir });
    new ApiObject(new Chart(app, 'first'), 'cm', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'ok' } });
    new ApiObject(new Chart(app, 'second'), 'cm', {
      apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'bad' },
      data: Lazy.any({ produce: () => { throw error; } }),
    });
    return app;
  }

  test('a user error while writing the second chart removes the first chart\'s manifest and stale ones', () => {
    const outdir = tempOutdir();
    runSynth(() => twoCharts(outdir, new InputError('configmap bad: data is wrong; fix it')));
    expect(process.exitCode).toBe(1);
    expect(stderr).toBe('error: configmap bad: data is wrong; fix it\n');
    expect(manifestsIn(outdir)).toEqual([]);
  });

  test('a bug keeps its stack trace and also leaves no manifests', () => {
    const outdir = tempOutdir();
    expect(() => runSynth(() => twoCharts(outdir, new TypeError('boom')))).toThrow(/TypeError: boom/);
    expect(manifestsIn(outdir)).toEqual([]);
  });

  test('a successful synth writes every chart', () => {
    const outdir = tempOutdir();
    fs.rmSync(path.join(outdir, 'k8sdemo.k8s.yaml'));
    runSynth(() => {
      const app = new App({ outdir });
      new ApiObject(new Chart(app, 'only'), 'cm', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'ok' } });
      return app;
    });
    expect(process.exitCode).toBeUndefined();
    expect(manifestsIn(outdir)).toEqual(['only.k8s.yaml']);
  });
});
