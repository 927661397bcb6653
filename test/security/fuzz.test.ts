/**
 * Property tests (fast-check, fixed seed, bounded runs): random valid props
 * give strictly valid manifests with valid names and a volume for every claim;
 * random invalid props, and random config values, give a clear user error,
 * never a crash.
 */
import { Size } from 'cdk8s';
import { Protocol } from 'cdk8s-plus-27';
import * as fc from 'fast-check';
import { parseAllDocuments } from 'yaml';
import { Yaml } from 'cdk8s';
import { FIELDS, loadConfig } from '../../app/config';
import { K8sDemoChart } from '../../app/k8sdemo-chart';
import {
  NetworkPeer, NfsStorage, PodSpread, SecurityBaseline, StatefulWorkload, StatefulWorkloadProps, VolumeClaimTemplate,
} from '../../lib';
import { InputError } from '../../lib/errors';
import { claimName, isDnsLabel, isDnsSubdomain } from '../../lib/names';
import { analyzeBinding } from '../../cli/binding';
import { parseManifests } from '../../cli/load';
import { SchemaValidator } from '../../cli/schema';
import { newChart, synth } from '../util';
import { App } from 'cdk8s';

// Fixed in CI; FUZZ_SEED=<n> explores other inputs locally.
const SEED = Number(process.env.FUZZ_SEED ?? 20261129);
const params = (numRuns: number) => ({ seed: SEED, numRuns, endOnFailure: true });
const validator = SchemaValidator.get();

// ---- valid props -----------------------------------------------------------

const label = (max: number) => fc.stringMatching(new RegExp(`^[a-z]([-a-z0-9]{0,${max - 2}}[a-z0-9])?$`));
const templateSpec = fc.record({
  name: label(20).filter(n => n !== 'tmp'),
  mebibytes: fc.integer({ min: 1, max: 4096 }),
  storage: fc.constantFrom('static', 'static-unbound', 'csi', 'none'),
  className: fc.constantFrom('sc', '', 'fast.storage'),
});

interface Spec {
  name: string; namespace?: string; replicas: number; templates: any[]; ports: number[]; servicePortOffset: number;
  baseline: SecurityBaseline; runAsUser?: number; readOnlyRoot?: boolean; writableTmp?: boolean; pdb?: boolean;
  networkPolicy: 'none' | 'closed' | 'open'; spread: PodSpread; server: string;
}

const validSpec: fc.Arbitrary<Spec> = fc.record({
  name: label(52),
  namespace: fc.option(label(63), { nil: undefined }),
  replicas: fc.integer({ min: 0, max: 6 }),
  // Static volumes need a storage class of their own (the library refuses sharing it; tested below).
  templates: fc.uniqueArray(templateSpec, { maxLength: 3, selector: t => t.name })
    .filter(ts => ts.every(t => !t.storage.startsWith('static') || ts.filter(u => u.storage !== 'csi' && u.className === t.className).length === 1)),
  ports: fc.uniqueArray(fc.integer({ min: 1, max: 65535 }), { maxLength: 3 }),
  servicePortOffset: fc.integer({ min: 0, max: 10 }),
  baseline: fc.constantFrom(SecurityBaseline.RESTRICTED, SecurityBaseline.NONE),
  runAsUser: fc.option(fc.integer({ min: 1, max: 2147483647 }), { nil: undefined }),
  readOnlyRoot: fc.option(fc.boolean(), { nil: undefined }),
  writableTmp: fc.option(fc.boolean(), { nil: undefined }),
  pdb: fc.option(fc.boolean(), { nil: undefined }),
  networkPolicy: fc.constantFrom('none', 'closed', 'open'),
  spread: fc.constantFrom(...Object.values(PodSpread)),
  server: fc.constantFrom('192.168.124.21', 'nfs.example.com', 'fd00::1'),
}, { requiredKeys: ['name', 'replicas', 'templates', 'ports', 'servicePortOffset', 'baseline', 'networkPolicy', 'spread', 'server'] }) as fc.Arbitrary<Spec>;

function buildValid(spec: Spec) {
  const chart = newChart();
  const templates = spec.templates.map(t => new VolumeClaimTemplate({
    name: t.name,
    storageSize: Size.mebibytes(t.mebibytes),
    storageClassName: t.storage === 'csi' ? undefined : t.className,
    nfs: t.storage === 'static' || t.storage === 'static-unbound'
      ? NfsStorage.staticVolumes({ server: spec.server, preBind: t.storage === 'static' })
      : t.storage === 'csi' ? NfsStorage.csiDriver({ server: spec.server, share: '/exports' }) : undefined,
  }));
  const usesTmpPath = false;
  const props: StatefulWorkloadProps = {
    name: spec.name,
    namespace: spec.namespace ?? (templates.some(t => t.nfs?.preBind) ? 'default' : undefined),
    replicas: spec.replicas,
    image: 'registry.example.com:5000/team/app:1.0',
    // servicePort must equal containerPort on a headless Service (issue 9); the offset only decides whether it is given
    ports: spec.ports.map(p => ({ containerPort: p, servicePort: spec.servicePortOffset === 0 ? p : undefined })),
    securityBaseline: spec.baseline,
    podSecurity: { runAsUser: spec.runAsUser },
    containerSecurity: { readOnlyRootFilesystem: spec.readOnlyRoot },
    writableTmp: spec.writableTmp,
    podDisruptionBudget: spec.pdb,
    networkPolicy: spec.networkPolicy === 'none' ? undefined
      : { allowFrom: spec.networkPolicy === 'open' && spec.ports.length > 0 ? [NetworkPeer.allPodsInNamespace(), NetworkPeer.ipBlock('10.0.0.0/8')] : [] },
    podSpread: spec.spread,
    volumeClaimTemplates: templates,
    volumeMounts: templates.map((t, i) => ({ path: `/data/${i}`, template: t })),
  };
  void usesTmpPath;
  new StatefulWorkload(chart, 'w', props);
  return { objects: synth(chart) };
}

/** Names every object must have: DNS-1123 subdomains; Services and StatefulSets DNS-1123 labels. */
function nameProblems(objects: any[]): string[] {
  return objects.flatMap(o => {
    const name = o.metadata?.name;
    const ok = ['Service', 'StatefulSet'].includes(o.kind) ? isDnsLabel(name) : isDnsSubdomain(name);
    return ok ? [] : [`${o.kind} has invalid name ${JSON.stringify(name)}`];
  });
}

/**
 * Every claim the controller will create has a volume, as `plan` predicts it
 * (cli/binding.ts, read from the YAML): a PV pre-bound to it, a free static PV
 * that fits, or a StorageClass of the set that provisions it. Templates without
 * storage of their own are served by PVs or classes made elsewhere: not checked.
 */
function claimsWithoutVolume(spec: Spec, yaml: string): string[] {
  const { rows, findings } = analyzeBinding(parseManifests('fuzz.yaml', yaml));
  const problems = findings.filter(f => f.severity === 'error').map(f => `${f.kind}/${f.name} ${f.field}: ${f.message}`);
  const expected: { [storage: string]: string } = { 'static': 'pre-bound', 'static-unbound': 'static', 'csi': 'dynamic' };
  for (const t of spec.templates) {
    const mine = rows.filter(r => r.template === t.name);
    if (t.storage === 'none') continue;
    if (mine.length !== spec.replicas) problems.push(`template ${t.name}: ${mine.length} plan rows for ${spec.replicas} replicas`);
    for (const r of mine) {
      const claim = claimName(t.name, spec.name, r.ordinal);
      if (r.claim !== claim || r.status !== expected[t.storage]) problems.push(`claim ${r.claim} (expected ${claim}): ${r.status} ${r.note}`);
      if (t.storage === 'static' && r.volume === null) problems.push(`claim ${claim} has no pre-bound volume`);
      if (t.storage === 'static-unbound' && r.candidates.length < 1) problems.push(`claim ${claim} has no free volume`);
    }
  }
  return problems;
}

describe('fuzz: random valid props', () => {
  test('give strictly valid manifests, valid names, a volume per claim and YAML that reads back the same', () => {
    fc.assert(fc.property(validSpec, spec => {
      const { objects } = buildValid(spec);
      const schema = objects.flatMap(o => validator.validate(o).map(v => `${o.kind}/${o.metadata?.name} ${v.field}: ${v.message}`));
      expect(schema).toEqual([]);
      expect(nameProblems(objects)).toEqual([]);
      const yaml = Yaml.stringify(...objects);
      expect(claimsWithoutVolume(spec, yaml)).toEqual([]);
      const docs = parseAllDocuments(yaml);
      expect(docs.flatMap(d => d.errors)).toEqual([]);
      expect(docs.map(d => d.toJSON())).toStrictEqual(objects);
      expect(JSON.stringify(objects)).not.toMatch(/cdk8s\.io\/metadata\.addr/);
    }), params(120));
  });
});

// ---- invalid props ---------------------------------------------------------

const longString = fc.integer({ min: 254, max: 2000 }).map(n => 'a'.repeat(n));
const unicode = fc.constantFrom('ñame', '名前', 'a😀b', 'é', '\u0000', 'a\nb', 'İ');
const badName = fc.oneof(unicode, longString, fc.constantFrom('', ' ', 'UPPER', 'a_b', '-a', 'a-', 'a b', '.', '..'));
const badCount = fc.constantFrom(-1, 1.5, Number.NaN, Number.POSITIVE_INFINITY, 2 ** 31, -0.5);
const badPort = fc.oneof(badCount, fc.constantFrom(0, 65536, 1e9));
const badPath = fc.oneof(unicode.map(u => `/${u}{number}`).filter(p => /[\s\u0000-\u001f]/.test(p)),
  fc.constantFrom('', 'relative/{number}', '/a/../{number}', '/no-placeholder', '/{bogus}{number}', '/a b{number}', ' /x{number}'));
const badSize = fc.constantFrom<any>(Size.kibibytes(0.5), Size.kibibytes(0), Size.mebibytes(Number.NaN), Size.kibibytes(1.5), '100Mi', undefined);

/** A mutation makes one prop invalid; `mentions` is what the error must name (the field or the value). */
interface Mutation { field: string; mentions: RegExp; apply: (b: Base) => void }
interface Base { props: any; template: any; storage: any; mountPath: string; extraTemplateClass?: string }

const mutations: fc.Arbitrary<Mutation> = fc.oneof(
  badName.map(v => ({ field: 'name', mentions: /name/, apply: (b: Base) => { b.props.name = v; } })),
  fc.integer({ min: 53, max: 63 }).map(n => ({ field: 'name (too long for a statefulset)', mentions: /name is \d+ characters long/, apply: (b: Base) => { b.props.name = 'a'.repeat(n); } })),
  badName.map(v => ({ field: 'namespace', mentions: /namespace/, apply: (b: Base) => { b.props.namespace = v; } })),
  badCount.map(v => ({ field: 'replicas', mentions: /replicas/, apply: (b: Base) => { b.props.replicas = v; } })),
  fc.oneof(unicode, fc.constantFrom('', ' ', 'Nginx', 'a b', ':latest', 'a:', 'a//b')).map(v => ({ field: 'image', mentions: /image/, apply: (b: Base) => { b.props.image = v; } })),
  badName.map(v => ({ field: 'containerName', mentions: /containerName/, apply: (b: Base) => { b.props.containerName = v; } })),
  badPort.map(v => ({ field: 'port', mentions: /port/, apply: (b: Base) => { b.props.ports = [{ containerPort: v }]; } })),
  badPort.map(v => ({ field: 'servicePort', mentions: /servicePort/, apply: (b: Base) => { b.props.ports = [{ containerPort: 80, servicePort: v }]; } })),
  fc.integer({ min: 1, max: 65535 }).filter(v => v !== 80).map(v => ({ field: 'servicePort other than containerPort', mentions: /servicePort \d+ differs from containerPort 80/, apply: (b: Base) => { b.props.ports = [{ containerPort: 80, servicePort: v }]; } })),
  fc.constantFrom('', '1abc', 'a b', 'ñ', 'a=b').map(v => ({ field: 'env', mentions: /env name/, apply: (b: Base) => { b.props.env = { [v]: undefined }; } })),
  badCount.map(v => ({ field: 'minReadySeconds', mentions: /minReadySeconds/, apply: (b: Base) => { b.props.minReadySeconds = v; } })),
  badSize.map(v => ({ field: 'storageSize', mentions: /storageSize/, apply: (b: Base) => { b.template.storageSize = v; } })),
  fc.oneof(badName, fc.constant('tmp')).map(v => ({ field: 'template name', mentions: /name|tmp/, apply: (b: Base) => { b.template.name = v; } })),
  fc.oneof(unicode, longString, fc.constantFrom('UPPER', 'a_b', '-x')).map(v => ({ field: 'storageClassName', mentions: /storageClassName/, apply: (b: Base) => { b.template.storageClassName = v; } })),
  fc.oneof(unicode, longString, fc.constantFrom('', ' ', 'a b', '-bad-', 'under_score')).map(v => ({ field: 'nfs server', mentions: /server/, apply: (b: Base) => { b.storage.server = v; } })),
  badPath.map(v => ({ field: 'exportPathPattern', mentions: /exportPathPattern/, apply: (b: Base) => { b.storage.exportPathPattern = v; } })),
  fc.constantFrom('', '{template}', '{nope}{number}', 'UPPER-{number}', 'a_{number}', `${'a'.repeat(260)}{number}`).map(v => ({ field: 'volumeNamePattern', mentions: /volumeNamePattern|persistentvolume/, apply: (b: Base) => { b.storage.volumeNamePattern = v; } })),
  fc.constantFrom('', 'a b', 'a,b').map(v => ({ field: 'mountOptions', mentions: /mountOptions/, apply: (b: Base) => { b.storage.mountOptions = [v]; } })),
  fc.oneof(unicode, fc.constantFrom('', 'relative', 'data', '/tmp')).map(v => ({ field: 'mount path', mentions: /mount path/, apply: (b: Base) => { b.mountPath = v; } })),
  fc.oneof(fc.record({ k: fc.constantFrom('bad key', '-x', 'a/b/c', '', 'ñ', 'a'.repeat(64)), v: fc.constant('ok') }), fc.record({ k: fc.constant('ok'), v: fc.oneof(unicode, fc.constantFrom('bad value', 'a'.repeat(64), '-x')) }))
    .map(({ k, v }) => ({ field: `labels ${JSON.stringify({ [k]: v })}`, mentions: /labels/, apply: (b: Base) => { b.props.labels = { [k]: v }; } })),
  fc.constantFrom({}, { 'bad key': 'x' }).map(v => ({ field: 'selectorLabels', mentions: /selectorLabels/, apply: (b: Base) => { b.props.selectorLabels = v; } })),
  fc.oneof(badCount, fc.constant(2 ** 32)).map(v => ({ field: 'runAsUser', mentions: /runAsUser/, apply: (b: Base) => { b.props.podSecurity = { runAsUser: v }; } })),
  fc.constant({ field: 'root in restricted', mentions: /runAsUser 0 is root/, apply: (b: Base) => { b.props.podSecurity = { runAsUser: 0 }; } }),
  fc.oneof(unicode, fc.constantFrom('', 'cap_chown', 'CAP_CHOWN', 'NET BIND')).map(v => ({ field: 'capabilities', mentions: /capabilitiesAdd/, apply: (b: Base) => { b.props.containerSecurity = { capabilitiesAdd: [v] }; } })),
  fc.oneof(unicode, longString, fc.constantFrom('', 'a b')).map(v => ({ field: 'podSpreadTopologyKey', mentions: /podSpreadTopologyKey/, apply: (b: Base) => { b.props.podSpreadTopologyKey = v; } })),
  fc.constantFrom('sc', '').map(v => ({ field: `second template in static class ${JSON.stringify(v)}`, mentions: /both ask for storage class/, apply: (b: Base) => { b.template.storageClassName = v; b.extraTemplateClass = v; } })),
  fc.constantFrom('', 'strict', 'RESTRICTED').map(v => ({ field: 'securityBaseline', mentions: /securityBaseline/, apply: (b: Base) => { b.props.securityBaseline = v; } })),
);

function baseProps(): Base {
  return {
    props: { name: 'app', namespace: 'default', replicas: 2, image: 'beckjin/k8sdemo:1.2.0', ports: [{ containerPort: 8080 }] },
    template: { name: 'data', storageSize: Size.mebibytes(100), storageClassName: 'sc' },
    storage: { server: '192.168.124.21' },
    mountPath: '/app/Data',
  };
}

/** Builds and synthesizes; returns the error, or undefined when it succeeded. */
function attempt(b: Base): Error | undefined {
  try {
    const chart = newChart();
    const template = new VolumeClaimTemplate({ ...b.template, nfs: NfsStorage.staticVolumes(b.storage) });
    const templates = [template];
    if (b.extraTemplateClass !== undefined) {
      templates.push(new VolumeClaimTemplate({ name: 'extra', storageSize: Size.mebibytes(1), storageClassName: b.extraTemplateClass }));
    }
    new StatefulWorkload(chart, 'w', { ...b.props, volumeClaimTemplates: templates, volumeMounts: [{ path: b.mountPath, template }] });
    synth(chart);
    return undefined;
  } catch (e) {
    return e as Error;
  }
}

/** A user error as app/run-synth.ts reports it: an InputError or a construct validation error, one clear line. */
function expectUserError(err: Error | undefined, mentions: RegExp): void {
  expect(err).toBeDefined();
  const isUserError = err instanceof InputError || /^Validation failed/.test(err!.message);
  if (!isUserError) {
    throw new Error(`crash instead of a user error: ${err!.name}: ${err!.message}\n${err!.stack}`);
  }
  const message = err!.message.replace(/^Validation failed with the following errors:\s*/, '').replace(/^\[[^\]]*\]\s*/, '');
  expect(message).toMatch(/^[a-z]/);
  expect(message).not.toMatch(/\.$/);
  expect(message).not.toMatch(/\n/);
  expect(message).toMatch(/; /);
  expect(message).toMatch(mentions);
}

describe('fuzz: random invalid props', () => {
  test('the base props are valid', () => {
    expect(attempt(baseProps())).toBeUndefined();
  });

  test('give a clear user error naming the field, never a crash', () => {
    fc.assert(fc.property(fc.array(mutations, { minLength: 1, maxLength: 3 }), ms => {
      const b = baseProps();
      for (const m of ms) m.apply(b);
      // With several mutations, the first one checked wins; it must still be one of them.
      expectUserError(attempt(b), new RegExp(ms.map(m => m.mentions.source).join('|')));
    }), params(400));
  });
});

// ---- random config values --------------------------------------------------

describe('fuzz: random k8sdemo config values', () => {
  const value = fc.oneof(
    fc.string({ maxLength: 80 }),
    fc.string({ unit: 'grapheme', maxLength: 40 }),
    fc.integer({ min: -5, max: 300 }).map(String),
    fc.constantFrom('true', 'false', '', ' ', '100Mi', '0', '1e3', '0x10', 'csi', 'static', 'ReadWriteMany', '/x/{number}', 'a'.repeat(300)),
  );
  const envs = fc.dictionary(fc.constantFrom(...FIELDS.map(f => f.env)), value, { maxKeys: 3 });

  test('either synthesize strictly valid manifests or fail with a user error', () => {
    let valid = 0;
    let refused = 0;
    fc.assert(fc.property(envs, env => {
      let objects: any[] | undefined;
      let error: Error | undefined;
      try {
        const app = new App();
        objects = new K8sDemoChart(app, 'k8sdemo', { config: loadConfig(env, __dirname) }).toJson();
      } catch (e) {
        error = e as Error;
      }
      if (error) {
        refused++;
        expectUserError(error, /./);
        return;
      }
      valid++;
      expect(objects!.flatMap(o => validator.validate(o))).toEqual([]);
      expect(nameProblems(objects!)).toEqual([]);
    }), params(300));
    // The generator must exercise both outcomes, or the property proves little.
    expect(valid).toBeGreaterThan(10);
    expect(refused).toBeGreaterThan(10);
  });
});

void Protocol;
