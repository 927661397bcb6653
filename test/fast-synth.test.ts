/**
 * The one build (scripts/build.js) makes everything that runs: the app
 * (`app: node scripts/app.js` in cdk8s.yaml), the cdk8s-stateful command and
 * the validation plugin. Nothing may ever run stale: after an edit of any .ts
 * file the next `npm run synth` reflects it (bin/build-state.js builds again
 * first). Runs the real CLI and jsii on a copy of the project, so it is slow
 * (a build is about 10 s).
 */
import { execFileSync, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parseAllDocuments } from 'yaml';

const repo = path.resolve(__dirname, '..');
const COPIED = ['main.ts', 'app', 'lib', 'imports', 'cli', 'bin', 'schema', 'scripts', 'bench/apps', 'cdk8s.yaml', 'package.json',
  'tsconfig.json', 'tsconfig.build.json', 'README.md', 'LICENSE'];
const BUILDING = /cdk8s-stateful: (.*) since the last build; building \(npm run build\)/;

let dir: string;

function synth(env: NodeJS.ProcessEnv = {}): { objects: any[]; stderr: string } {
  const run = spawnSync(process.execPath, ['bin/cdk8s-stateful.js', 'synth'], {
    cwd: dir, encoding: 'utf-8', env: { ...process.env, CDK8S_CHECK_UPGRADE: 'false', ...env },
  });
  if (run.status !== 0) {
    throw new Error(`npm run synth failed (${run.status}):\n${run.stdout}\n${run.stderr}`);
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
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-stateful-one-build-'));
  for (const entry of COPIED) {
    fs.cpSync(path.join(repo, entry), path.join(dir, entry), { recursive: true });
  }
  fs.symlinkSync(path.join(repo, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
});

afterAll(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('npm run synth never synthesizes a stale build', () => {
  test('builds on first use, then reflects every edit of a .ts file, and builds for nothing else', () => {
    // A checkout without build/ (as after `npm ci --ignore-scripts`): the first run builds.
    const first = synth();
    expect(first.stderr).toMatch(BUILDING);
    expect(fs.existsSync(path.join(dir, 'build', 'main.js'))).toBe(true);
    expect(fs.existsSync(path.join(dir, 'build', 'cli', 'schema-kinds.json'))).toBe(true);
    expect(statefulSetImage(first.objects)).toBe('beckjin/k8sdemo:1.2.0');
    expect(execFileSync('diff', [path.join(repo, 'dist', 'k8sdemo.k8s.yaml'), path.join(dir, 'dist', 'k8sdemo.k8s.yaml')]).toString()).toBe('');

    // Nothing changed, or only a modification time: no build.
    expect(synth().stderr).not.toMatch(BUILDING);
    const later = new Date(Date.now() + 5000);
    fs.utimesSync(path.join(dir, 'lib', 'headless-service.ts'), later, later);
    expect(synth().stderr).not.toMatch(BUILDING);

    // An edit of the same size, in a module main.ts imports.
    edit('app/config.ts', `defaultValue: 'beckjin/k8sdemo:1.2.0'`, `defaultValue: 'beckjin/k8sdemo:9.9.9'`);
    const edited = synth();
    expect(edited.stderr).toMatch(/app\/config\.ts changed since the last build/);
    expect(statefulSetImage(edited.objects)).toBe('beckjin/k8sdemo:9.9.9');

    // An edit deep in the library, and a new file imported by main.ts, at once.
    edit('lib/headless-service.ts', `clusterIp: 'None',`, `clusterIp: 'None', sessionAffinity: 'ClientIP',`);
    fs.writeFileSync(path.join(dir, 'app', 'extra.ts'), `export const EXTRA_NAMESPACE = 'extra';\n`);
    edit('main.ts', `import { runSynth } from './app/run-synth';`,
      `import { runSynth } from './app/run-synth';\nimport { EXTRA_NAMESPACE } from './app/extra';\nprocess.env.K8SDEMO_NAMESPACE = EXTRA_NAMESPACE;`);
    const deep = synth();
    expect(deep.stderr).toMatch(BUILDING);
    expect(service(deep.objects).spec.sessionAffinity).toBe('ClientIP');
    expect(service(deep.objects).metadata.namespace).toBe('extra');
    expect(statefulSetImage(deep.objects)).toBe('beckjin/k8sdemo:9.9.9');
  }, 600_000);

  test('a type error fails the synth with the compiler\'s message, and nothing stale is written', () => {
    const extra = path.join(dir, 'app', 'extra.ts');
    const before = fs.readFileSync(extra, 'utf-8');
    fs.appendFileSync(extra, `export const broken: number = 'not a number';\n`);
    const run = spawnSync(process.execPath, ['bin/cdk8s-stateful.js', 'synth'], { cwd: dir, encoding: 'utf-8', env: { ...process.env, CDK8S_CHECK_UPGRADE: 'false' } });
    expect(run.status).toBe(1);
    expect(run.stdout + run.stderr).toMatch(/app\/extra\.ts.*error TS2322/);
    expect(run.stderr).toMatch(/^error: the build failed/m);
    expect(fs.existsSync(path.join(dir, 'dist', 'k8sdemo.k8s.yaml'))).toBe(false);
    fs.writeFileSync(extra, before);
  }, 300_000);

  test('a user error through the app is one line on stderr, exit code 1, no stack', () => {
    // The app command itself (cdk8s.yaml), then npm run synth: one line in both.
    const app = spawnSync(process.execPath, ['scripts/app.js'], {
      cwd: dir, encoding: 'utf-8', env: { ...process.env, CDK8S_OUTDIR: path.join(dir, 'out'), K8SDEMO_REPLICAS: 'three' },
    });
    expect(app.status).toBe(1);
    expect(app.stderr).toMatch(/(^|\n)error: environment: K8SDEMO_REPLICAS: "three" is not a whole number >= 0; give e\.g\. 3\n$/);
    expect(app.stderr).not.toMatch(/^\s+at /m);
    expect(fs.existsSync(path.join(dir, 'out'))).toBe(false);
  }, 300_000);
});
