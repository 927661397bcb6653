/**
 * The loader reads YAML as kubectl 1.27 does (cli/yaml11.ts): gopkg.in/yaml.v2
 * v2.4.0 `resolve()` (YAML 1.1) through sigs.k8s.io/yaml v1.3.0 `YAMLToJSON`
 * (`yamlToJSON`, `convertToJSONableObject`, json.Marshal).
 *
 * test/fixtures/cli/kubectl-yaml/cases.json is what those libraries make of
 * each document of inputs.json: oracle.go there, built with the Debian
 * packages of the versions kubectl 1.27 pins, wrote it.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { LoadError, loadChecked, parseManifests } from '../../cli/load';
import { validateManifests } from '../../cli/validate';

const ROOT = path.join(__dirname, '..', '..');
const CASES: Array<{ yaml: string; json?: string; error?: string }> = JSON.parse(
  fs.readFileSync(path.join(ROOT, 'test', 'fixtures', 'cli', 'kubectl-yaml', 'cases.json'), 'utf-8'));

/** The one object of `yaml`, as the loader reads it. */
function read(yaml: string): unknown {
  const [m] = parseManifests('x.yaml', yaml);
  return m?.object;
}

function loadError(yaml: string): LoadError {
  try {
    read(yaml);
  } catch (e) {
    return e as LoadError;
  }
  throw new Error(`no error for ${JSON.stringify(yaml)}`);
}

describe('YAML read as kubectl reads it', () => {
  /**
   * Where the loader and kubectl part, and why (cli/yaml11.ts): go-yaml v2
   * applies a `<<` merge where it is written (decode.go `merge` sets its keys
   * over the earlier ones); js-yaml keeps duplicate keys an error, where
   * go-yaml's non-strict Unmarshal keeps the last, and so also for a bool key
   * (`y`) met again after a merge; float keys keep JavaScript's spelling,
   * where convertToJSONableObject uses float32 `%g`.
   */
  const KNOWN_DIFFERENCES = [
    'on: a\nOn: b\n', // both keys are true: duplicate
    '1e7: 1\n', // "10000000" here, "1e+07" for kubectl
    '123456789.0: 1\n', // "123456789" here, "1.2345679e+08" for kubectl
    'b: &b {x: 1, y: 2}\nc:\n  <<: *b\n  y: 3\n', // the merged "true" key and the explicit y (true): duplicate here
    'b: &b {x: 1, y: 2}\nc:\n  y: 3\n  <<: *b\n', // go-yaml lets the later merge overwrite y
    'a: 1\na: 2\n', // duplicate
    'true: 1\nyes: 2\n', // both keys are true: duplicate
  ];

  test(`every document of the oracle's table (${CASES.length}) gives kubectl's JSON, or fails where kubectl fails, except the known differences`, () => {
    expect(CASES.length).toBeGreaterThan(150);
    const differ: string[] = [];
    for (const c of CASES) {
      let got: { object?: unknown; error?: unknown };
      try {
        got = { object: read(c.yaml) };
      } catch (e) {
        got = { error: e };
      }
      const same = c.json !== undefined
        ? got.error === undefined && JSON.stringify(sortKeys(got.object)) === JSON.stringify(sortKeys(JSON.parse(c.json)))
        : got.error instanceof LoadError;
      if (!same) differ.push(c.yaml);
    }
    expect(differ).toEqual(KNOWN_DIFFERENCES);
  });

  // resolve() of go-yaml v2.4.0, form by form (each also in the oracle's table above).
  test.each([
    // resolveMapList: booleans and nulls, by exact spelling
    ['yes', true], ['Yes', true], ['YES', true], ['y', true], ['Y', true], ['on', true], ['On', true], ['ON', true], ['true', true],
    ['no', false], ['No', false], ['n', false], ['N', false], ['off', false], ['OFF', false], ['False', false],
    ['yEs', 'yEs'], ['oN', 'oN'],
    ['~', null], ['null', null], ['NULL', null], ['', null],
    // strconv.ParseInt(plain, 0, 64), underscores removed
    ['0x1F', 31], ['-0x1F', -31], ['+0x1F', 31], ['0b101', 5], ['-0b101', -5], ['0o17', 15], ['0777', 511], ['010', 8],
    ['1_000', 1000], ['0x_1F', 31], ['+3', 3], ['-0', 0], ['_1', '_1'],
    // ParseInt fails: yamlStyleFloat and ParseFloat
    ['08', 8], ['1e3', 1000], ['1.', 1], ['.5', 0.5], ['-.5', -0.5], ['.5_5', 0.55], ['1_0.5', 10.5],
    ['1e999', '1e999'], ['0x1p3', '0x1p3'], ['1:20', '1:20'], ['1.2.3', '1.2.3'], ['inf', 'inf'], ['NaN', 'NaN'],
    // parseTimestamp: decoded into interface{} as the string (decode.go scalar)
    ['2001-12-14', '2001-12-14'], ['2001-12-14T21:59:43.10Z', '2001-12-14T21:59:43.10Z'], ['2001-12-14 21:59:43.10', '2001-12-14 21:59:43.10'],
  ])('plain %j is %j', (text, value) => {
    expect(read(`v: ${text}\n`)).toEqual({ v: value });
  });

  test('quoted and block scalars stay strings', () => {
    expect(read('a: "yes"\nb: \'on\'\nc: |\n  0x10\nd: "0777"\n')).toEqual({ a: 'yes', b: 'on', c: '0x10\n', d: '0777' });
  });

  test('keys become JSON strings as convertToJSONableObject makes them: on and y are "true", 0x10 is "16"', () => {
    expect(read('on: a\nn: b\n0x10: c\n.inf: d\n')).toEqual({ true: 'a', false: 'b', 16: 'c', '.inf': 'd' });
  });

  test('merge keys (decode.go isMerge) merge; a quoted "<<" is a key', () => {
    expect(read('base: &b {x: 1}\nc:\n  <<: *b\n  z: 2\n')).toEqual({ base: { x: 1 }, c: { x: 1, z: 2 } });
    expect(read('"<<": {a: 1}\n')).toEqual({ '<<': { a: 1 } });
  });

  test('.inf and .nan have no JSON form: the file fails at their line, as kubectl fails (json: unsupported value)', () => {
    const e = loadError('apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\nweight: .Inf\n');
    expect(e.line).toBe(5);
    expect(e.detail).toBe('weight: .Inf is a float that kubectl cannot convert to JSON (sigs.k8s.io/yaml YAMLToJSON: json: unsupported value: +Inf); quote it: ".Inf", or write a number');
    expect(loadError('a: [1, -.inf]\n').detail).toMatch(/^item 1: -\.inf is a float .*unsupported value: -Inf\)/);
    // As a key it is the string ".inf", which kubectl accepts.
    expect(read('.nan: 1\n')).toEqual({ '.nan': 1 });
  });

  test('a null key fails as kubectl fails (convertToJSONableObject: Unsupported map key)', () => {
    const e = loadError('a: 1\n~: 2\n');
    expect(e.line).toBe(2);
    expect(e.detail).toMatch(/^a null key .* is refused by kubectl .*Unsupported map key\); quote the key or remove it$/);
  });
});

/** A copy of `value` with its map keys sorted, as Go's json.Marshal writes them. */
function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(Object.keys(value).sort().map(k => [k, sortKeys((value as any)[k])]));
}

/** A StatefulSet with its env values, replicas and label `created` written as given. */
function statefulSet(name: string, lines: { replicas?: string; env?: string[]; label?: string } = {}): string {
  return [
    'apiVersion: apps/v1',
    'kind: StatefulSet',
    'metadata:',
    `  name: ${name}`,
    '  labels:',
    `    created: ${lines.label ?? 'x'}`,
    'spec:',
    `  serviceName: ${name}`,
    `  replicas: ${lines.replicas ?? '1'}`,
    '  selector:',
    `    matchLabels: {app: ${name}}`,
    '  template:',
    '    metadata:',
    `      labels: {app: ${name}}`,
    '    spec:',
    '      containers:',
    '        - name: app',
    '          image: nginx:1.25',
    '          env:',
    ...(lines.env ?? ['"x"']).map((v, i) => `            - name: V${i}\n              value: ${v}`),
    '',
  ].join('\n');
}

function schemaFindings(yaml: string): string[] {
  return validateManifests(parseManifests('set.yaml', yaml)).findings
    .filter(f => f.check === 'schema').map(f => `${f.field}: ${f.message}; ${f.fix}`);
}

describe('a value YAML 1.1 reads as another type (validateDocuments)', () => {
  test('env value: yes is the boolean true for kubectl, which the API server refuses for a string field: an error that says how to quote it', () => {
    expect(schemaFindings(statefulSet('web', { env: ['yes'] }))).toEqual([
      'spec.template.spec.containers[0].env[0].value: yes is the boolean true for kubectl (YAML 1.1), not the string "yes"; quote it: "yes"',
    ]);
  });

  test('a label enabled: on, and an env value 0777 (octal: 511 for kubectl), say the same', () => {
    const yaml = statefulSet('web', { env: ['0777', 'Off'] }).replace('    created: x', '    enabled: on');
    expect(schemaFindings(yaml)).toEqual([
      'metadata.labels.enabled: on is the boolean true for kubectl (YAML 1.1), not the string "on"; quote it: "on"',
      'spec.template.spec.containers[0].env[0].value: 0777 is the number 511 for kubectl (YAML 1.1), not the string "0777"; quote it: "0777"',
      'spec.template.spec.containers[0].env[1].value: Off is the boolean false for kubectl (YAML 1.1), not the string "Off"; quote it: "Off"',
    ]);
  });

  test('quoted "yes", replicas: 0x3 (3 for kubectl) and a timestamp-like label value (a string for kubectl) are fine', () => {
    const yaml = statefulSet('web', { env: ['"yes"', '\'on\''], replicas: '0x3', label: '2001-12-14' });
    expect(schemaFindings(yaml)).toEqual([]);
    expect(parseManifests('set.yaml', yaml)[0].object.spec.replicas).toBe(3);
  });

  test('replicas: 0b11 is 3 for kubectl, where YAML 1.2 read the string "0b11" (a schema error before)', () => {
    const yaml = statefulSet('web', { replicas: '0b11' });
    expect(schemaFindings(yaml)).toEqual([]);
    expect(parseManifests('set.yaml', yaml)[0].object.spec.replicas).toBe(3);
  });

  test('a number or boolean that YAML 1.2 reads the same way gets the quoting fix without the YAML 1.1 reason', () => {
    expect(schemaFindings(statefulSet('web', { env: ['123', 'true'] }))).toEqual([
      'spec.template.spec.containers[0].env[0].value: is the number 123, not a string; quote it in the YAML as written, e.g. "123"',
      'spec.template.spec.containers[0].env[1].value: is the boolean true, not a string; quote it in the YAML as written, e.g. "true"',
    ]);
  });

  test('a mapping where a string belongs keeps the plain schema message', () => {
    expect(schemaFindings(statefulSet('web', { env: ['{a: 1}'] }))).toEqual([
      'spec.template.spec.containers[0].env[0].value: must be string; see the Kubernetes 1.27 API reference for this field',
    ]);
  });
});

describe('YAML 1.1 in worker threads', () => {
  let dir: string;
  beforeAll(() => { dir = fs.mkdtempSync(path.join(os.tmpdir(), 'yaml11-test-')); });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('workers read and check YAML 1.1 values as this thread does: same objects, same findings with the hint', () => {
    const file = path.join(dir, 'set.yaml');
    const docs: string[] = [];
    // About 700 kB: two batches, one of them parsed by the worker.
    for (let i = 0; i < 1000; i++) docs.push(statefulSet(`web${i}`, { env: i % 50 === 7 ? ['yes', '"on"'] : ['"x"'], replicas: '0x3', label: i % 2 ? '2001-12-14' : 'y' }));
    fs.writeFileSync(file, docs.join('---\n'));
    const a = loadChecked([file], { check: true, workerBytes: Number.MAX_SAFE_INTEGER });
    process.env.CDK8S_STATEFUL_WORKERS = '2';
    let b: ReturnType<typeof loadChecked>;
    try {
      b = loadChecked([file], { check: true, workerBytes: 0 });
    } finally {
      delete process.env.CDK8S_STATEFUL_WORKERS;
    }
    expect(a.workers).toBe(0);
    expect(b.workers).toBe(2);
    expect(b.manifests.map(m => [m.line, m.object])).toEqual(a.manifests.map(m => [m.line, m.object]));
    expect(b.documents).toEqual(a.documents);
    const hints = b.documents!.flatMap(d => d.first).filter(f => f.check === 'schema');
    // Twenty StatefulSets (7, 57, ... 957) with value: yes, and the label y of every even one.
    expect(hints.filter(f => /env\[0\]\.value$/.test(f.field)).map(f => f.message)).toEqual(Array(20).fill('yes is the boolean true for kubectl (YAML 1.1), not the string "yes"'));
    expect(hints.filter(f => f.field === 'metadata.labels.created').map(f => f.message)).toEqual(Array(500).fill('y is the boolean true for kubectl (YAML 1.1), not the string "y"'));
    expect(hints).toHaveLength(520);
    expect(b.manifests[0].object.spec.replicas).toBe(3);
  });
});
