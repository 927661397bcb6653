/**
 * cdk8s-cli's own Helm output for the k8sdemo app: `cdk8s synth --format helm`
 * writes a chart whose templates are the manifests of dist/, with the
 * validation plugin of cdk8s.yaml run on them as in `npm run synth`. A real
 * helm 3.12 (test/package/helm-binary.ts) lints the chart and renders it.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parse, parseAllDocuments } from 'yaml';
import { helmBinary } from './helm-binary';
import { ROOT, run } from './helpers';

describe('cdk8s synth --format helm', () => {
  let out: string;

  beforeAll(() => {
    out = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-stateful-helm-'));
    run(process.execPath, [path.join(ROOT, 'node_modules', 'cdk8s-cli', 'bin', 'cdk8s'), 'synth', '--check-upgrade=false',
      '--format', 'helm', '--chart-version', '0.1.0', '--output', out], ROOT);
  });

  afterAll(() => {
    fs.rmSync(out, { recursive: true, force: true });
    fs.rmSync(`${out}-home`, { recursive: true, force: true });
  });

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

  test('helm lint passes (helm 3.12)', () => {
    const out = run(helmBinary(), ['lint', out0()], ROOT, helmEnv());
    expect(out).toMatch(/1 chart\(s\) linted, 0 chart\(s\) failed/);
    expect(out).not.toMatch(/\[(ERROR|WARNING)\]/);
  });

  test('helm template renders exactly the objects of dist/ (in helm\'s install order, so compared by identity)', () => {
    const byId = (a: any, b: any) => id(a).localeCompare(id(b));
    const id = (o: any) => `${o.kind}/${o.metadata?.namespace ?? ''}/${o.metadata?.name}`;
    const rendered = parseAllDocuments(run(helmBinary(), ['template', 'k8sdemo', out0()], ROOT, helmEnv()))
      .map(d => d.toJS()).filter(o => o !== null).sort(byId);
    const dist = fs.readdirSync(path.join(ROOT, 'dist')).sort()
      .flatMap(f => parseAllDocuments(fs.readFileSync(path.join(ROOT, 'dist', f), 'utf8')).map(d => d.toJS())).sort(byId);
    expect(rendered.length).toBeGreaterThan(0);
    expect(rendered).toEqual(dist);
  });

  function out0(): string {
    return out;
  }

  /** helm writes caches and config under HOME/XDG folders: keep them in the test's folder. */
  function helmEnv(): NodeJS.ProcessEnv {
    const home = `${out}-home`;
    fs.mkdirSync(home, { recursive: true });
    return { HOME: home, XDG_CACHE_HOME: path.join(home, 'cache'), XDG_CONFIG_HOME: path.join(home, 'config'), XDG_DATA_HOME: path.join(home, 'data') };
  }
});
