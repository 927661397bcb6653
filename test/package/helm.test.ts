/**
 * cdk8s-cli's own Helm output for the k8sdemo app: `cdk8s synth --format helm`
 * writes a chart whose templates are the manifests of dist/. --no-validate:
 * the validation plugin (cdk8s.yaml) would also write construct-metadata.json
 * into templates/, where Helm would take it for a manifest.
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
      '--format', 'helm', '--chart-version', '0.1.0', '--no-validate', '--output', out], ROOT);
  });

  afterAll(() => fs.rmSync(out, { recursive: true, force: true }));

  test('writes Chart.yaml: apiVersion v2, the given version, named after the project folder', () => {
    const chart = parse(fs.readFileSync(path.join(out, 'Chart.yaml'), 'utf8'));
    expect(chart).toMatchObject({ apiVersion: 'v2', version: '0.1.0', name: path.basename(ROOT), type: 'application' });
  });

  test('its templates/ are the manifests of dist/, byte for byte', () => {
    // dist/ also holds construct-metadata.json after a synth with validations (not committed).
    const dist = fs.readdirSync(path.join(ROOT, 'dist')).filter(f => f.endsWith('.yaml')).sort();
    expect(dist.length).toBeGreaterThan(0);
    expect(fs.readdirSync(path.join(out, 'templates')).sort()).toEqual(dist);
    for (const file of dist) {
      expect(fs.readFileSync(path.join(out, 'templates', file), 'utf8')).toBe(fs.readFileSync(path.join(ROOT, 'dist', file), 'utf8'));
    }
  });
});
