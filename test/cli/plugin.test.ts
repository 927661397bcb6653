import * as fs from 'fs';
import * as path from 'path';
import { PluginContext, StatefulValidation } from '../../cli/plugin';
import { DIST, FIXTURES, writeText } from './helpers';

/** A stand-in for cdk8s-cli's ValidationContext that records the report and the log. */
function context(manifests: string[], stdout?: boolean) {
  const violations: any[] = [];
  const submitted: Array<{ status: string; metadata?: any }> = [];
  const logged: string[] = [];
  const ctx: PluginContext = {
    manifests,
    stdout,
    logger: { log: m => { logged.push(m); } },
    report: { addViolation: v => { violations.push(v); }, submit: (status, metadata) => { submitted.push({ status, metadata }); } },
  };
  return { ctx, violations, submitted, logged };
}

/** A copy of `file` in a temporary folder: the plugin deletes the manifests of a failing set. */
function copy(file: string): string {
  return writeText(fs.readFileSync(file, 'utf-8'), path.basename(file));
}

describe('StatefulValidation (cdk8s validation plugin)', () => {
  test('fails on errors, one violation per finding, with recommendation and fix', async () => {
    const c = context([copy(path.join(FIXTURES, 'broken', 'broken.yaml'))]);
    await new StatefulValidation().validate(c.ctx);
    expect(c.submitted).toEqual([{ status: 'failure', metadata: { errors: '3', warnings: '7' } }]);
    expect(c.violations).toContainEqual({
      ruleName: 'warning (wiring) StatefulSet default/k8sdemo spec.serviceName',
      recommendation: expect.stringMatching(/names Service k8sdemo-service, which is not headless/),
      fix: expect.stringMatching(/set clusterIP: None on Service k8sdemo-service/),
      violatingResources: [{ resourceName: 'k8sdemo', locations: [expect.stringMatching(/^StatefulSet spec\.serviceName \(line \d+\)$/)], manifestPath: expect.stringMatching(/broken\.yaml$/) }],
    });
    // 3 errors (the '100Mo' template makes no claims, so no binding error), the two governing-Service warnings
    // (not headless, selector selects no pod: the pods run without DNS names), the claimRef warning, the nfs ownership
    // warning of cli/rules/cluster-traps.ts (issue 9) and the no-anti-affinity, no-readiness-probe and dangling-service
    // lints of cli/rules/lints.ts
    expect(c.violations).toHaveLength(10);
  });

  test('passes on dist/, listing warnings unless told not to', async () => {
    const file = path.join(DIST, 'k8sdemo.k8s.yaml');
    const all = context([file]);
    await new StatefulValidation().validate(all.ctx);
    expect(all.submitted[0].status).toBe('success');
    expect(all.violations.every(v => v.ruleName.startsWith('warning '))).toBe(true);
    const quiet = context([file]);
    await new StatefulValidation({ warnings: false }).validate(quiet.ctx);
    expect(quiet.submitted[0].status).toBe('success');
    expect(quiet.violations).toEqual([]);
  });

  test('an unreadable manifest fails with its file and line; no manifests pass', async () => {
    const bad = context([writeText('kind: Service\nmetadata:\n  name: x: y\n')]);
    await new StatefulValidation().validate(bad.ctx);
    expect(bad.submitted).toEqual([{ status: 'failure' }]);
    expect(bad.violations).toEqual([expect.objectContaining({ ruleName: 'unreadable manifest', recommendation: expect.stringMatching(/not valid YAML/), violatingResources: [expect.objectContaining({ locations: ['line 3'] })] })]);
    const none = context([]);
    await new StatefulValidation().validate(none.ctx);
    expect(none.submitted[0].status).toBe('success');
  });
});

describe('the manifests of a failed synth', () => {
  test('errors: the plugin deletes the manifests it was given and says so, so kubectl apply -f dist has nothing to apply', async () => {
    const bad = copy(path.join(FIXTURES, 'broken', 'broken.yaml'));
    const good = copy(path.join(DIST, 'k8sdemo.k8s.yaml'));
    const c = context([bad, good]);
    await new StatefulValidation().validate(c.ctx);
    expect(c.submitted[0].status).toBe('failure');
    expect([fs.existsSync(bad), fs.existsSync(good)]).toEqual([false, false]);
    expect(c.logged).toEqual([`removed ${bad}, ${good}: fix the errors and synth again`]);
  });

  test('an unreadable manifest is an error too: deleted', async () => {
    const file = writeText('kind: Service\nmetadata:\n  name: x: y\n');
    const c = context([file]);
    await new StatefulValidation().validate(c.ctx);
    expect(c.submitted).toEqual([{ status: 'failure' }]);
    expect(fs.existsSync(file)).toBe(false);
  });

  test('warnings only: the manifests stay and nothing is logged', async () => {
    // A Service whose selector selects no pod: the dangling-service lint's warning.
    const file = writeText('apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  selector:\n    app: web\n  ports:\n    - port: 80\n');
    const c = context([file]);
    await new StatefulValidation().validate(c.ctx);
    expect(c.submitted).toEqual([{ status: 'success', metadata: { errors: '0', warnings: '1' } }]);
    expect(fs.existsSync(file)).toBe(true);
    expect(c.logged).toEqual([]);
  });

  test('under --stdout (cdk8s-cli has printed its temporary files already) nothing is deleted', async () => {
    const file = copy(path.join(FIXTURES, 'broken', 'broken.yaml'));
    const c = context([file], true);
    await new StatefulValidation().validate(c.ctx);
    expect(c.submitted[0].status).toBe('failure');
    expect(fs.existsSync(file)).toBe(true);
  });
});

describe('construct-metadata.json, which cdk8s-cli has the app write when validations are configured', () => {
  const fs = require('fs') as typeof import('fs');
  const os = require('os') as typeof import('os');

  function outdir(): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'plugin-metadata-'));
    fs.copyFileSync(path.join(DIST, 'k8sdemo.k8s.yaml'), path.join(dir, 'k8sdemo.k8s.yaml'));
    fs.writeFileSync(path.join(dir, 'construct-metadata.json'), JSON.stringify({ version: '1.0.0', resources: {} }));
    return dir;
  }

  test('validate refuses a folder holding it, because kubectl apply -f would fail on it', () => {
    const { loadPaths } = require('../../cli/load') as typeof import('../../cli/load');
    expect(() => loadPaths([outdir()])).toThrow(/construct-metadata\.json:1: holds no Kubernetes object \(no apiVersion and kind\), and kubectl apply -f reads every \.json, \.yaml and \.yml file of a folder and fails on it; cdk8s-cli writes this file/);
  });

  test('the plugin deletes it, so the folder holds manifests only and validates', async () => {
    const dir = outdir();
    const c = context([path.join(dir, 'k8sdemo.k8s.yaml')]);
    await new StatefulValidation().validate(c.ctx);
    expect(c.submitted[0].status).toBe('success');
    expect(fs.readdirSync(dir)).toEqual(['k8sdemo.k8s.yaml']);
    const { loadPaths } = require('../../cli/load') as typeof import('../../cli/load');
    expect(loadPaths([dir]).length).toBeGreaterThan(0);
  });

  test('folder-per-chart output: found in the output folder above the manifests; other files of that name are kept', () => {
    const { removeConstructMetadata } = require('../../cli/plugin') as typeof import('../../cli/plugin');
    const cwd = fs.mkdtempSync(path.join(os.tmpdir(), 'plugin-cwd-'));
    const chart = path.join(cwd, 'dist', 'my-chart');
    fs.mkdirSync(chart, { recursive: true });
    fs.writeFileSync(path.join(chart, 'StatefulSet.web.k8s.yaml'), 'kind: StatefulSet\n');
    fs.writeFileSync(path.join(cwd, 'dist', 'construct-metadata.json'), JSON.stringify({ version: '1.0.0', resources: {} }));
    fs.writeFileSync(path.join(cwd, 'construct-metadata.json'), JSON.stringify({ version: '1.0.0', resources: {} }));
    fs.writeFileSync(path.join(chart, 'construct-metadata.json'), '{"mine": true}');
    expect(removeConstructMetadata(['dist/my-chart/StatefulSet.web.k8s.yaml'], cwd)).toEqual([path.join(cwd, 'dist', 'construct-metadata.json')]);
    // The working folder's own file and a file of the user's that is not cdk8s's stay.
    expect(fs.existsSync(path.join(cwd, 'construct-metadata.json'))).toBe(true);
    expect(fs.existsSync(path.join(chart, 'construct-metadata.json'))).toBe(true);
  });

  test('a JSON manifest in the folder is read, as kubectl reads it', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'plugin-json-'));
    fs.writeFileSync(path.join(dir, 'ns.json'), JSON.stringify({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shop' } }));
    const { loadPaths } = require('../../cli/load') as typeof import('../../cli/load');
    expect(loadPaths([dir]).map(m => m.object.kind)).toEqual(['Namespace']);
  });
});
