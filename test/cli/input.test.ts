/**
 * Input as users produce it: nulls (kubectl create --dry-run=client -o yaml,
 * Helm), `kind: List`, generateName, and shapes the schema does not expect.
 */
import { dropNulls, normalizeManifests } from '../../cli/normalize';
import { lines, run, SEED, objects, writeSet, writeText } from './helpers';
import { stringify } from 'yaml';

const seedText = () => objects(SEED).map(o => stringify(o)).join('---\n');

describe('null means unset, as on the server', () => {
  test('creationTimestamp: null and status: {} (kubectl create --dry-run=client -o yaml) validate', async () => {
    const objs = objects(SEED);
    for (const o of objs) o.metadata.creationTimestamp = null;
    const r = await run(['validate', writeSet(objs)]);
    expect(lines(r.stdout, 'error')).toEqual([]);
    expect(r.code).toBe(0);
  });

  test('Helm-style nulls (resources: null, annotations: null, a null label value) validate', async () => {
    const objs = objects(SEED);
    const sts = objs.find(o => o.kind === 'StatefulSet');
    sts.metadata.annotations = null;
    sts.spec.template.metadata.labels.version = null;
    sts.spec.template.spec.containers[0].resources = null;
    sts.spec.template.spec.containers[0].env = null;
    const r = await run(['validate', writeSet(objs)]);
    expect(lines(r.stdout, 'error')).toEqual([]);
  });

  test('without normalizing, the same input is refused by the schema (the test can fail)', () => {
    const o: any = { metadata: { creationTimestamp: null, labels: { a: null } }, spec: { x: [{ y: null }] } };
    expect(dropNulls(o)).toEqual({ metadata: { labels: { a: '' } }, spec: { x: [{}] } });
  });
});

describe('kind: List is expanded into its items (unstructuredJSONScheme, FlattenListVisitor)', () => {
  test('each item is validated and reported at its own line', async () => {
    const text = [
      'apiVersion: v1',
      'kind: List',
      'items:',
      '- apiVersion: v1',
      '  kind: ConfigMap',
      '  metadata:',
      '    name: good',
      '- apiVersion: v1',
      '  kind: ConfigMap',
      '  metadata:',
      '    name: Bad_Name',
      '',
    ].join('\n');
    const r = await run(['validate', writeText(text)]);
    expect(r.code).toBe(1);
    expect(lines(r.stdout, 'error')).toEqual([expect.stringMatching(/set\.yaml:8 ConfigMap default\/Bad_Name metadata\.name: "Bad_Name" is not a valid DNS-1123 subdomain/)]);
    expect(r.stdout).toMatch(/2 objects in 1 file/);
  });

  test('a List after other documents, and a StatefulSetList, keep their lines', async () => {
    const text = `${seedText()}---\napiVersion: apps/v1\nkind: StatefulSetList\nitems:\n  - apiVersion: v1\n    kind: Secret\n    metadata: {name: s}\n  - apiVersion: v1\n    kind: Secret\n    metadata: {name: Bad}\n`;
    const r = await run(['validate', writeText(text)]);
    const bad = lines(r.stdout, 'error').find(l => l.includes('Secret default/Bad'));
    // The item starts at its '- apiVersion' line, two lines above its metadata (0-based index + 1 - 2).
    const line = text.split('\n').findIndex(l => l.includes('name: Bad}')) - 1;
    expect(bad).toMatch(new RegExp(`set\\.yaml:${line} Secret`));
  });

  test('without the file text, items keep the list\'s line', () => {
    const out = normalizeManifests([{ file: 'x', line: 3, object: { kind: 'List', items: [{ kind: 'A' }, { kind: 'B' }] } }], () => undefined);
    expect(out.map(m => [m.line, m.object.kind])).toEqual([[3, 'A'], [3, 'B']]);
  });
});

test('generateName without a name is reported with kubectl apply\'s reason', async () => {
  const objs = objects(SEED);
  const sts = objs.find(o => o.kind === 'StatefulSet');
  delete sts.metadata.name;
  sts.metadata.generateName = 'k8sdemo-';
  const r = await run(['validate', writeSet(objs)]);
  expect(r.code).toBe(1);
  const errors = lines(r.stdout, 'error').filter(l => l.includes('metadata.'));
  expect(errors).toEqual([expect.stringMatching(/metadata\.generateName: "k8sdemo-" without a name: kubectl apply refuses it \("from k8sdemo-: cannot use generate name with apply"\).*; set metadata\.name, or create the object with kubectl create/)]);
});

test('accessModes: ReadWriteOnce (a scalar where a list belongs) is a finding, not a crash', async () => {
  const objs = objects(SEED);
  objs.find(o => o.kind === 'StatefulSet').spec.volumeClaimTemplates[0].spec.accessModes = 'ReadWriteOnce';
  const r = await run(['validate', writeSet(objs)]);
  expect(r.stderr).toBe('');
  expect(r.code).toBe(1);
  expect(lines(r.stdout, 'error')).toContainEqual(expect.stringMatching(/spec\.volumeClaimTemplates\[0\]\.spec\.accessModes: must be array/));
});
