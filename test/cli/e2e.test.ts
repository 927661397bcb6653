/**
 * The command as users run it: through npm scripts and the bin shim, and as
 * a cdk8s validation plugin inside a real `cdk8s synth`. Slow (a process
 * each), so few; the checks themselves are tested in-process.
 */
import { spawn } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parse } from 'yaml';
import { FIXTURES, ROOT, writeText } from './helpers';

function exec(command: string, args: string[], cwd = ROOT, env: NodeJS.ProcessEnv = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, env: { ...process.env, ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', d => { stdout += d; });
    child.stderr.on('data', d => { stderr += d; });
    child.on('error', reject);
    child.on('close', code => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

const npm = (...args: string[]) => exec('npm', ['run', '-s', ...args]);

describe('npm run -s validate / plan / diff', () => {
  test('exit codes 0, 1 and 2, and the output format', async () => {
    const [ok, bad, unreadable] = await Promise.all([
      npm('validate', '--', 'test/fixtures/seed'),
      npm('validate', '--', 'test/fixtures/cli/broken/broken.yaml'),
      npm('validate', '--', 'test/fixtures/seed', writeText('kind: Service\nmetadata:\n  name: x: y\n', 'broken-syntax.yaml')),
    ]);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toMatch(/^warning test\/fixtures\/seed\/k8sdemo-statefulset\.yaml:1 StatefulSet default\/k8sdemo spec\.template\.spec\.containers\[0\]\.volumeMounts\[0\]\.readOnly: .*; set readOnly: true/m);
    expect(ok.stdout).toMatch(/^5 objects in 5 files: 0 errors, \d+ warnings$/m);
    expect(bad.code).toBe(1);
    expect(bad.stdout).toMatch(/^error test\/fixtures\/cli\/broken\/broken\.yaml:\d+ StatefulSet default\/metrics-collector-with-a-name-that-is-far-too-long-to-use-xy metadata\.name: is 60 characters long/m);
    expect(unreadable.code).toBe(2);
    expect(unreadable.stdout).toBe('');
    expect(unreadable.stderr).toMatch(/^error: \S+broken-syntax\.yaml:3: not valid YAML: bad indentation of a mapping entry; fix the syntax$/m);
  });

  test('plan and diff', async () => {
    const [plan, diff, json] = await Promise.all([
      npm('plan', '--', '--format', 'mermaid', 'dist'),
      npm('diff', '--', 'dist', 'test/fixtures/cli/diff/k8sdemo-refused.yaml'),
      exec('node', ['bin/cdk8s-stateful.js', 'plan', '--format', 'json', 'test/fixtures/seed']),
    ]);
    expect(plan.code).toBe(0);
    expect(plan.stdout).toMatch(/^flowchart LR$/m);
    expect(diff.code).toBe(1);
    expect(diff.stdout).toMatch(/^error \S+ StatefulSet default\/k8sdemo spec\.serviceName: changes from "k8sdemo-service" to "k8sdemo", which the API server refuses: "The StatefulSet "k8sdemo" is invalid: spec: Forbidden: updates to statefulset spec/m);
    expect(JSON.parse(json.stdout).map((r: any) => r.status)).toEqual(['static', 'static', 'static']);
  });
});

describe('cdk8s validation plugin', () => {
  test('cdk8s.yaml registers the plugin from the project itself', () => {
    const config = parse(fs.readFileSync(path.join(ROOT, 'cdk8s.yaml'), 'utf-8'));
    expect(config.validations).toEqual([{ package: './bin/cdk8s-plugin.js', version: expect.any(String), class: 'StatefulValidation' }]);
    expect(typeof require(path.join(ROOT, 'bin', 'cdk8s-plugin.js')).StatefulValidation).toBe('function');
  });

  /** A cdk8s project whose app writes `fixture` as its output, validated by our plugin. */
  function project(fixture: string): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-stateful-synth-'));
    fs.writeFileSync(path.join(dir, 'app.js'),
      `const fs = require('fs'); fs.mkdirSync(process.env.CDK8S_OUTDIR, { recursive: true });\n` +
      `fs.copyFileSync(${JSON.stringify(fixture)}, require('path').join(process.env.CDK8S_OUTDIR, 'app.k8s.yaml'));\n`);
    fs.writeFileSync(path.join(dir, 'cdk8s.yaml'), [
      'language: typescript',
      'app: node app.js',
      'validations:',
      `  - package: ${path.join(ROOT, 'bin', 'cdk8s-plugin.js')}`,
      '    version: 0.1.0',
      '    class: StatefulValidation',
      '',
    ].join('\n'));
    return dir;
  }

  const synth = (dir: string) => exec('node', [path.join(ROOT, 'node_modules', 'cdk8s-cli', 'bin', 'cdk8s'), 'synth', '--check-upgrade=false'], dir, { CDK8S_CHECK_UPGRADE: 'false' });

  test('cdk8s synth fails on errors and prints the report; passes on a valid app', async () => {
    const [brokenDir, okDir] = [project(path.join(FIXTURES, 'broken', 'broken.yaml')), project(path.join(FIXTURES, 'zookeeper', 'zookeeper.yaml'))];
    const [broken, ok] = await Promise.all([synth(brokenDir), synth(okDir)]);
    expect(broken.code).not.toBe(0);
    expect(broken.stdout).toMatch(/Validation Report/);
    expect(broken.stdout).toMatch(/error \(names\) StatefulSet default\/metrics-collector-with-a-name-that-is-far-too-long-to-use-xy metadata\.name/);
    expect(broken.stdout).toMatch(/Recommendation: is 60 characters long/);
    expect(broken.stderr).toMatch(/Validation failed/);
    // The failed synth leaves nothing for kubectl apply -f dist; the good one keeps its manifest.
    expect(broken.stdout).toContain('removed dist/app.k8s.yaml: fix the errors and synth again');
    expect(fs.existsSync(path.join(brokenDir, 'dist', 'app.k8s.yaml'))).toBe(false);
    expect(fs.existsSync(path.join(okDir, 'dist', 'app.k8s.yaml'))).toBe(true);
    expect(ok.stdout).toMatch(/Validations ended succesfully/);
    expect(ok.code).toBe(0);
  });
});
