/**
 * The fast synth path (scripts/app.sh, docs/speed.md) runs a prebuilt bundle.
 * It must never synthesize a stale build: after an edit to any .ts file the
 * next `npx cdk8s synth` reflects the edit. Runs the real CLI on a copy of the
 * project, so it is slow (a few seconds per synth).
 */
import { execFileSync, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parseAllDocuments } from 'yaml';

const repo = path.resolve(__dirname, '..');
const COPIED = ['main.ts', 'app', 'lib', 'imports', 'cli', 'bin', 'schema', 'scripts', 'cdk8s.yaml', 'package.json', 'tsconfig.json'];

let dir: string;

function synth(): { objects: any[]; stderr: string } {
  const run = spawnSync('npx', ['cdk8s', 'synth', '--check-upgrade=false'], {
    cwd: dir, encoding: 'utf-8', env: { ...process.env, CDK8S_CHECK_UPGRADE: 'false' },
  });
  if (run.status !== 0) {
    throw new Error(`npx cdk8s synth failed (${run.status}):\n${run.stdout}\n${run.stderr}`);
  }
  const text = fs.readFileSync(path.join(dir, 'dist', 'k8sdemo.k8s.yaml'), 'utf-8');
  return { objects: parseAllDocuments(text).map(d => d.toJSON()), stderr: run.stderr };
}

function edit(file: string, from: string, to: string): void {
  const full = path.join(dir, file);
  const text = fs.readFileSync(full, 'utf-8');
  if (!text.includes(from)) {
    throw new Error(`${file} no longer contains ${JSON.stringify(from)}; update this test`);
  }
  fs.writeFileSync(full, text.replace(from, to));
}

function statefulSetImage(objects: any[]): string {
  const sets = objects.filter(o => o.kind === 'StatefulSet' && o.metadata.name === 'k8sdemo');
  expect(sets).toHaveLength(1);
  return sets[0].spec.template.spec.containers[0].image;
}

function service(objects: any[]): any {
  const found = objects.filter(o => o.kind === 'Service' && o.metadata.name === 'k8sdemo-service');
  expect(found).toHaveLength(1);
  return found[0];
}

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-stateful-fast-synth-'));
  for (const entry of COPIED) {
    fs.cpSync(path.join(repo, entry), path.join(dir, entry), { recursive: true });
  }
  fs.symlinkSync(path.join(repo, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
});

afterAll(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('npx cdk8s synth never synthesizes a stale build', () => {
  test('builds on first use, then reflects every edit of a .ts file and nothing else', () => {
    const first = synth();
    expect(fs.existsSync(path.join(dir, 'build', 'app.js'))).toBe(true);
    // Node 20 makes the startup snapshot; the test covers the path CI and users run.
    expect(fs.existsSync(path.join(dir, 'build', 'app.blob'))).toBe(true);
    expect(statefulSetImage(first.objects)).toBe('beckjin/k8sdemo:1.2.0');
    expect(execFileSync('diff', [path.join(repo, 'dist', 'k8sdemo.k8s.yaml'), path.join(dir, 'dist', 'k8sdemo.k8s.yaml')]).toString()).toBe('');

    // Nothing changed: no rebuild.
    const again = synth();
    expect(again.stderr).not.toMatch(/changed since build\/app\.js was built/);

    // An edit of the same size, in a module main.ts imports.
    edit('app/config.ts', `defaultValue: 'beckjin/k8sdemo:1.2.0'`, `defaultValue: 'beckjin/k8sdemo:9.9.9'`);
    const edited = synth();
    expect(edited.stderr).toMatch(/app\/config\.ts changed since build\/app\.js was built; rebuilding/);
    expect(statefulSetImage(edited.objects)).toBe('beckjin/k8sdemo:9.9.9');

    // An edit deep in the library.
    edit('lib/headless-service.ts', `clusterIp: 'None',`, `clusterIp: 'None', sessionAffinity: 'ClientIP',`);
    const deep = synth();
    expect(deep.stderr).toMatch(/lib\/headless-service\.ts changed since build\/app\.js was built; rebuilding/);
    expect(service(deep.objects).spec.sessionAffinity).toBe('ClientIP');
    expect(statefulSetImage(deep.objects)).toBe('beckjin/k8sdemo:9.9.9');

    // Reverting an edit is an edit too.
    edit('app/config.ts', `defaultValue: 'beckjin/k8sdemo:9.9.9'`, `defaultValue: 'beckjin/k8sdemo:1.2.0'`);
    expect(statefulSetImage(synth().objects)).toBe('beckjin/k8sdemo:1.2.0');

    // A new file imported by main.ts.
    fs.writeFileSync(path.join(dir, 'app', 'extra.ts'), `export const EXTRA_NAMESPACE = 'extra';\n`);
    edit('main.ts', `import { runSynth } from './app/run-synth';`,
      `import { runSynth } from './app/run-synth';\nimport { EXTRA_NAMESPACE } from './app/extra';\nprocess.env.K8SDEMO_NAMESPACE = EXTRA_NAMESPACE;`);
    const added = synth();
    expect(statefulSetImage(added.objects)).toBe('beckjin/k8sdemo:1.2.0');
    expect(service(added.objects).metadata.namespace).toBe('extra');
    fs.writeFileSync(path.join(dir, 'app', 'extra.ts'), `export const EXTRA_NAMESPACE = 'other';\n`);
    expect(service(synth().objects).metadata.namespace).toBe('other');
  }, 180_000);

  test('a user error through the fast path is one line on stderr, exit code 1, no stack', () => {
    // The app command itself; the cdk8s CLI adds its own trace of the failed command.
    const run = spawnSync('sh', ['scripts/app.sh'], {
      cwd: dir, encoding: 'utf-8', env: { ...process.env, CDK8S_OUTDIR: path.join(dir, 'out'), K8SDEMO_REPLICAS: 'three' },
    });
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/^error: environment: K8SDEMO_REPLICAS: "three" is not a whole number >= 0; give e\.g\. 3\n$/);
    expect(fs.existsSync(path.join(dir, 'out'))).toBe(false);
  }, 60_000);

  test('a snapshot Node.js cannot load (other V8 flags) is remade, not fatal', () => {
    const run = (out: string, env: NodeJS.ProcessEnv) => {
      const r = spawnSync('sh', ['scripts/app.sh'], { cwd: dir, encoding: 'utf-8', env: { ...process.env, ...env, CDK8S_OUTDIR: out } });
      expect(r.status).toBe(0);
      return fs.readFileSync(path.join(out, 'k8sdemo.k8s.yaml'), 'utf-8');
    };
    const plain = run(path.join(dir, 'out-plain'), {});
    const flagged = run(path.join(dir, 'out-flags'), { NODE_OPTIONS: '--max-semi-space-size=8' });
    expect(flagged).toBe(plain);
    expect(run(path.join(dir, 'out-plain-again'), {})).toBe(plain);
  }, 60_000);
});
