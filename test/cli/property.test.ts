/**
 * No input crashes validate: arbitrary YAML values (null, booleans, numbers
 * including NaN and infinities, strings, timestamps, lists, mappings) put at
 * every field path of valid StatefulSets, PersistentVolumes,
 * PersistentVolumeClaims and Services. Every run must return findings; a
 * throw is a crash. The runs per path are few, so that the suite stays fast;
 * fast-check's seed is printed on failure to replay it.
 */
import fc from 'fast-check';
import { analyzeBinding } from '../../cli/binding';
import { Manifest } from '../../cli/load';
import { normalizeManifests } from '../../cli/normalize';
import { validateManifests } from '../../cli/validate';
import { stringify } from 'yaml';
import { fixture, objects, run, SEED, writeText } from './helpers';

const PVC = {
  apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name: 'logs', namespace: 'default', labels: { app: 'web' } },
  spec: { accessModes: ['ReadWriteOnce'], storageClassName: 'k8sdemo-sc', volumeName: 'data-k8sdemo-pv-1', selector: { matchLabels: { app: 'web' }, matchExpressions: [{ key: 'tier', operator: 'In', values: ['db'] }] }, resources: { requests: { storage: '100Mi' }, limits: { storage: '1Gi' } } },
};

/** The valid set every case starts from: the seed, a claim, and the web fixture (StatefulSet with probes, env, ports, resources). */
function baseSet(): any[] {
  return [...objects(SEED), JSON.parse(JSON.stringify(PVC)), ...fixture('web')];
}

/** Every path to a value inside `value` (keys and list indexes), objects and leaves alike. */
function paths(value: any, prefix: Array<string | number> = [], out: Array<Array<string | number>> = []): Array<Array<string | number>> {
  if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      const p = [...prefix, Array.isArray(value) ? Number(k) : k];
      out.push(p);
      paths(v, p, out);
    }
  }
  return out;
}

function setAt(root: any, path: Array<string | number>, value: unknown): void {
  let o = root;
  for (const k of path.slice(0, -1)) o = o[k];
  o[path[path.length - 1]] = value;
}

/** Values a YAML document can hold after js-yaml: JSON values, any double, timestamps. */
const yamlValue = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }),
  fc.double(),
  fc.date({ noInvalidDate: true }),
  fc.constantFrom(null, '', 0, -1, 65536, 'ReadWriteOnce', '0', '-1Gi', 'None', [], {}, [null], { '': null }),
);

/** The wrong shapes every path gets, besides the random ones: a string, a number, a boolean, a list, a mapping, null. */
const WRONG_SHAPES: Array<[unknown]> = [['x'], [7], [true], [[{}]], [{ a: {} }], [null]];
/** Random values per path on top of WRONG_SHAPES: some 1,300 validations of the whole set, about 6 s of CPU. */
const RUNS_PER_PATH = 4;

function checkNoCrash(kind: string, index: number): void {
  const base = baseSet();
  const all = paths(base[index]);
  test(`${kind} ${base[index].metadata.name}: ${all.length} field paths, each with arbitrary values, give findings and never throw`, () => {
    expect(all.length).toBeGreaterThan(10);
    for (const path of all) {
      fc.assert(fc.property(yamlValue, value => {
        const set = baseSet();
        setAt(set[index], path, value);
        const manifests: Manifest[] = set.map((object, i) => ({ file: 'set.yaml', line: i + 1, object }));
        let result;
        try {
          const normalized = normalizeManifests(manifests, () => undefined);
          result = validateManifests(normalized);
          analyzeBinding(normalized);
        } catch (e) {
          throw new Error(`${kind} ${path.join('.')} = ${JSON.stringify(value)}: ${(e as Error).stack}`);
        }
        expect(Array.isArray(result.findings)).toBe(true);
      }), { numRuns: RUNS_PER_PATH, examples: WRONG_SHAPES });
    }
  });
}

describe('no crash on any shape', () => {
  const kinds = ['StatefulSet', 'PersistentVolume', 'PersistentVolumeClaim', 'Service'];
  const base = baseSet();
  const shapes = new Set<string>();
  base.forEach((o, i) => {
    // Every object of these kinds, once per shape (the seed's three PVs have the same fields).
    const shape = `${o.kind} ${paths(o).map(p => p.join('.')).join(' ')}`;
    if (kinds.includes(o.kind) && !shapes.has(shape)) checkNoCrash(o.kind, i);
    shapes.add(shape);
  });

  test('through the command line: validate, plan and diff exit 0, 1 or 2 with one-line messages, never a stack trace', async () => {
    const base = baseSet();
    const all = base.flatMap((o, index) => paths(o).map(path => ({ index, path })));
    const oldFile = writeText(base.map(o => stringify(o)).join('---\n'), 'old.yaml');
    await fc.assert(fc.asyncProperty(fc.constantFrom(...all), yamlValue, async ({ index, path }, value) => {
      const set = baseSet();
      setAt(set[index], path, value);
      const file = writeText(set.map(o => stringify(o)).join('---\n'));
      for (const argv of [['validate', file], ['plan', file], ['diff', oldFile, file]]) {
        const r = await run(argv);
        expect([0, 1, 2]).toContain(r.code);
        expect(r.stderr).not.toMatch(/\n\s+at /);
      }
    }), { numRuns: 25 });
  });

  test('a whole document of any shape is a finding', () => {
    fc.assert(fc.property(yamlValue, value => {
      const r = validateManifests(normalizeManifests([{ file: 'x.yaml', line: 1, object: value }], () => undefined));
      expect(r.findings.some(f => f.severity === 'error')).toBe(true);
    }), { numRuns: 50 });
  });
});
