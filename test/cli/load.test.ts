/**
 * cli/load.ts streams YAML files, cuts them into documents at `---` lines
 * and parses each on its own; large inputs go to worker threads, which also
 * run the per-object checks (validateDocuments). Both paths must give the
 * same objects, lines, findings and errors.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { DocumentCutter, LoadError, loadChecked, parseManifests } from '../../cli/load';
import { validateManifests } from '../../cli/validate';

const ROOT = path.join(__dirname, '..', '..');
const dist = fs.readFileSync(path.join(ROOT, 'dist', 'k8sdemo.k8s.yaml'), 'utf-8');

let dir: string;
beforeAll(() => { dir = fs.mkdtempSync(path.join(os.tmpdir(), 'load-test-')); });
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** `copies` renamed copies of dist/, one of them (when `broken`) with a bad port. */
function writeSet(name: string, copies: number, edit?: (text: string, i: number) => string): string {
  const file = path.join(dir, name);
  const parts: string[] = [];
  for (let i = 0; i < copies; i++) {
    const text = dist.replace(/k8sdemo/g, `k8sdemo${i}`);
    parts.push(edit ? edit(text, i) : text);
  }
  fs.writeFileSync(file, parts.join('---\n'));
  return file;
}

const inProcess = (files: string[]) => loadChecked(files, { check: true, workerBytes: Number.MAX_SAFE_INTEGER });
const inWorkers = (files: string[]) => {
  process.env.CDK8S_STATEFUL_WORKERS = '2';
  try {
    return loadChecked(files, { check: true, workerBytes: 0 });
  } finally {
    delete process.env.CDK8S_STATEFUL_WORKERS;
  }
};


/** Loaded with workers (`b`) as in one thread (`a`): the same objects at the same file:line, with the same per-document checks. */
function expectSameLoad(b: { manifests: readonly any[]; documents?: unknown }, a: { manifests: readonly any[]; documents?: unknown }): void {
  expect(b.manifests.map(m => [m.file, m.line])).toEqual(a.manifests.map(m => [m.file, m.line]));
  expect(b.manifests.map(m => m.object)).toEqual(a.manifests.map(m => m.object));
  expect(b.documents).toEqual(a.documents);
}
describe('the document cutter', () => {
  test('cuts at --- lines only, across any slicing of the text, with the line each document starts at', () => {
    const text = 'a: 1\n---\nb: |\n  ---not a cut\n  x\n--- # comment\nc: 3\n---\n';
    const whole = new DocumentCutter();
    const expected = [...whole.push(text), ...whole.end()];
    expect(expected.map(p => p.line)).toEqual([1, 2, 6, 8]);
    for (let size = 1; size < 12; size++) {
      const cutter = new DocumentCutter();
      const got = [];
      for (let i = 0; i < text.length; i += size) got.push(...cutter.push(text.slice(i, i + size)));
      got.push(...cutter.end());
      expect(got).toEqual(expected);
    }
  });
});

describe('loading in worker threads', () => {
  test('gives the objects, lines and findings of loading in this thread', () => {
    // Copy 7 has an out-of-range port and a duplicate of copy 3's Service: a schema finding (per document,
    // in the workers) and a names finding (across documents, here), each at its own line.
    const file = writeSet('set.yaml', 40, (text, i) => i === 7
      ? text.replace(/containerPort: \d+/, 'containerPort: 70000').replace(/name: k8sdemo7-service/, 'name: k8sdemo3-service')
      : text);
    const a = inProcess([file]);
    expect(a.workers).toBe(0);
    const b = inWorkers([file]);
    expect(b.workers).toBe(2);
    expect(b.manifests.length).toBe(240);
    expectSameLoad(b, a);
    const findings = validateManifests(b.manifests, b.documents).findings;
    expect(findings).toEqual(validateManifests(a.manifests).findings);
    const port = findings.find(f => f.check === 'schema');
    expect(port?.field).toMatch(/containerPort$/);
    // The line of copy 7's StatefulSet, counted from the text.
    const lines = fs.readFileSync(file, 'utf-8').split('\n');
    expect(lines[port!.line - 1]).toBe('apiVersion: apps/v1');
    expect(lines.slice(port!.line - 1, port!.line + 3).join('\n')).toMatch(/name: k8sdemo7\b/);
    expect(findings.some(f => f.check === 'names' && /duplicates/.test(f.message))).toBe(true);
  });

  test('with more batches than the workers take, this thread parses some: same objects, lines and findings', () => {
    // About 1.5 MB: three batches or more of BATCH_CHARS, while the one worker (CDK8S_STATEFUL_WORKERS=2: this
    // thread and one worker) takes two at a time, so this thread parses and checks the third itself.
    const file = writeSet('many.yaml', 360, (text, i) => i === 300 ? text.replace(/containerPort: \d+/, 'containerPort: 70000') : text);
    const a = inProcess([file]);
    const b = inWorkers([file]);
    expect(b.workers).toBe(2);
    expect(b.manifests.length).toBe(2160);
    expectSameLoad(b, a);
    const port = b.documents!.flatMap(d => d.first).find(f => f.check === 'schema');
    expect(fs.readFileSync(file, 'utf-8').split('\n').slice(port!.line - 1, port!.line + 3).join('\n')).toMatch(/name: k8sdemo300\b/);
  });

  test('a YAML error in a large file names its exact line, as in this thread', () => {
    const file = writeSet('broken.yaml', 30, (text, i) => i === 21 ? text.replace('  replicas: 3', '  replicas: [3') : text);
    const line = fs.readFileSync(file, 'utf-8').split('\n').findIndex(l => l === '  replicas: [3') + 1;
    expect(line).toBeGreaterThan(1000);
    const errorOf = (load: () => unknown) => {
      try {
        load();
      } catch (e) {
        return e as LoadError;
      }
      throw new Error('no error');
    };
    const a = errorOf(() => inProcess([file]));
    const b = errorOf(() => inWorkers([file]));
    expect(b).toBeInstanceOf(LoadError);
    expect(b.message).toBe(a.message);
    expect(b.line).toBeGreaterThanOrEqual(line);
    expect(b.line).toBeLessThanOrEqual(line + 1);
  });

  test('a value JSON cannot carry (-0) reaches the checks unchanged; one kubectl cannot convert (.inf) fails at its line in both paths', () => {
    const text = 'apiVersion: v1\nkind: ReplicationController\nmetadata:\n  name: a\nspec:\n  replicas: -0.0\n';
    const file = path.join(dir, 'minus-zero.yaml');
    fs.writeFileSync(file, text);
    const [m] = inWorkers([file]).manifests;
    expect(m.object).toEqual(parseManifests(file, text)[0].object);
    expect(Object.is(m.object.spec.replicas, -0)).toBe(true);
    // json.Marshal refuses +Inf (sigs.k8s.io/yaml yamlToJSON), so kubectl fails on the file.
    const inf = path.join(dir, 'inf.yaml');
    fs.writeFileSync(inf, text.replace('-0.0', '.inf'));
    for (const load of [inProcess, inWorkers]) {
      expect(() => load([inf])).toThrow(`${inf}:6: replicas: .inf is a float that kubectl cannot convert to JSON`);
    }
  });

  test('a file of the folder with no Kubernetes object is refused in both paths, naming it', () => {
    const folder = path.join(dir, 'with-metadata');
    fs.mkdirSync(folder);
    fs.copyFileSync(writeSet('objects.yaml', 20), path.join(folder, 'a.k8s.yaml'));
    fs.writeFileSync(path.join(folder, 'construct-metadata.json'), '{"version": "1.0.0", "resources": {}}\n');
    for (const load of [inProcess, inWorkers]) {
      expect(() => load([folder])).toThrow(/construct-metadata\.json:1: holds no Kubernetes object/);
    }
  });
});
