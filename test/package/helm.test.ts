/**
 * cdk8s-cli's own Helm output for the k8sdemo app: `cdk8s synth --format helm`
 * writes a chart whose templates are the manifests of dist/, with the
 * validation plugin of cdk8s.yaml run on them as in `npm run synth`.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parse } from 'yaml';
import { ROOT, run } from './helpers';

describe('cdk8s synth --format helm', () => {
  let out: string;

  beforeAll(() => {
    out = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-stateful-helm-'));
    run(process.execPath, [path.join(ROOT, 'node_modules', 'cdk8s-cli', 'bin', 'cdk8s'), 'synth', '--check-upgrade=false',
      '--format', 'helm', '--chart-version', '0.1.0', '--output', out], ROOT);
  });

  afterAll(() => fs.rmSync(out, { recursive: true, force: true }));

  test('writes Chart.yaml: apiVersion v2, the given version, named after the project folder', () => {
    const chart = parse(fs.readFileSync(path.join(out, 'Chart.yaml'), 'utf8'));
    expect(chart).toMatchObject({ apiVersion: 'v2', version: '0.1.0', name: path.basename(ROOT), type: 'application' });
  });

  test('its templates/ are the manifests of dist/, byte for byte', () => {
    const dist = fs.readdirSync(path.join(ROOT, 'dist')).sort();
    expect(dist.length).toBeGreaterThan(0);
    expect(fs.readdirSync(path.join(out, 'templates')).sort()).toEqual(dist);
    for (const file of dist) {
      expect(fs.readFileSync(path.join(out, 'templates', file), 'utf8')).toBe(fs.readFileSync(path.join(ROOT, 'dist', file), 'utf8'));
    }
  });
});
