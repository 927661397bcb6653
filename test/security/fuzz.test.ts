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
  templates: fc.uniqueArray(templateSpec, { maxLength: 3, selector: t => t.name }),
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
    ports: spec.ports.map(p => ({ containerPort: p, servicePort: Math.min(65535, p + spec.servicePortOffset) })),
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
  const workload = new StatefulWorkload(chart, 'w', props);
  return { workload, objects: synth(chart), templates };
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
 * Every claim the controller will create has a volume: a PV pre-bound to it,
 * enough unbound PVs of its class, or a StorageClass that provisions it.
 * (`cli/plan.ts` is not on main yet; this uses the claim names of lib/names.ts.)
 */
function claimsWithoutVolume(spec: Spec, objects: any[], templates: VolumeClaimTemplate[]): string[] {
  const problems: string[] = [];
  const pvs = objects.filter(o => o.kind === 'PersistentVolume');
  const classes = objects.filter(o => o.kind === 'StorageClass');
  const sts = objects.find(o => o.kind === 'StatefulSet');
  for (const [i, t] of templates.entries()) {
    const kind = spec.templates[i].storage;
    const rendered = (sts.spec.volumeClaimTemplates ?? []).find((v: any) => v.metadata.name === t.name);
    if (!rendered) {
      problems.push(`template ${t.name} not rendered`);
      continue;
    }
    const cls = rendered.spec.storageClassName;
    for (let ordinal = 0; ordinal < spec.replicas; ordinal++) {
      const claim = claimName(t.name, spec.name, ordinal);
      if (kind === 'static') {
        const bound = pvs.filter(pv => pv.spec.claimRef?.name === claim && pv.spec.claimRef?.namespace === sts.metadata.namespace);
        if (bound.length !== 1 || bound[0].spec.storageClassName !== cls || bound[0].spec.capacity.storage !== rendered.spec.resources.requests.storage) {
          problems.push(`claim ${claim} has ${bound.length} matching pre-bound volumes`);
        }
      } else if (kind === 'csi') {
        if (!classes.some(c => c.metadata.name === cls && c.provisioner === 'nfs.csi.k8s.io')) problems.push(`claim ${claim} has no StorageClass ${cls}`);
      }
    }
    if (kind === 'static-unbound') {
      const unbound = pvs.filter(pv => pv.spec.claimRef === undefined && pv.metadata.name.startsWith(`${t.name}-`));
      if (unbound.length !== spec.replicas || unbound.some(pv => pv.spec.storageClassName !== cls)) problems.push(`template ${t.name}: ${unbound.length} unbound volumes for ${spec.replicas} claims`);
    }
  }
  return problems;
}

describe('fuzz: random valid props', () => {
  test('give strictly valid manifests, valid names, a volume per claim and YAML that reads back the same', () => {
    fc.assert(fc.property(validSpec, spec => {
      const { objects, templates } = buildValid(spec);
      const schema = objects.flatMap(o => validator.validate(o).map(v => `${o.kind}/${o.metadata?.name} ${v.field}: ${v.message}`));
      expect(schema).toEqual([]);
      expect(nameProblems(objects)).toEqual([]);
      expect(claimsWithoutVolume(spec, objects, templates)).toEqual([]);
      const docs = parseAllDocuments(Yaml.stringify(...objects));
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
interface Base { props: any; template: any; storage: any; mountPath: string }

const mutations: fc.Arbitrary<Mutation> = fc.oneof(
  badName.map(v => ({ field: 'name', mentions: /name/, apply: (b: Base) => { b.props.name = v; } })),
  fc.integer({ min: 53, max: 63 }).map(n => ({ field: 'name (too long for a statefulset)', mentions: /name is \d+ characters long/, apply: (b: Base) => { b.props.name = 'a'.repeat(n); } })),
  badName.map(v => ({ field: 'namespace', mentions: /namespace/, apply: (b: Base) => { b.props.namespace = v; } })),
  badCount.map(v => ({ field: 'replicas', mentions: /replicas/, apply: (b: Base) => { b.props.replicas = v; } })),
  fc.oneof(unicode, fc.constantFrom('', ' ', 'Nginx', 'a b', ':latest', 'a:', 'a//b')).map(v => ({ field: 'image', mentions: /image/, apply: (b: Base) => { b.props.image = v; } })),
  badName.map(v => ({ field: 'containerName', mentions: /containerName/, apply: (b: Base) => { b.props.containerName = v; } })),
  badPort.map(v => ({ field: 'port', mentions: /port/, apply: (b: Base) => { b.props.ports = [{ containerPort: v }]; } })),
  badPort.map(v => ({ field: 'servicePort', mentions: /servicePort/, apply: (b: Base) => { b.props.ports = [{ containerPort: 80, servicePort: v }]; } })),
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
  fc.constantFrom('', 'strict', 'RESTRICTED').map(v => ({ field: 'securityBaseline', mentions: /securityBaseline/, apply: (b: Base) => { b.props.securityBaseline = v; } })),
);

function baseProps(): Base {
  return {
    props: { name: 'app', namespace: 'default', replicas: 2, image: 'beckjin/k8sdemo:1.2.0', ports: [{ containerPort: 8080, servicePort: 80 }] },
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
    new StatefulWorkload(chart, 'w', { ...b.props, volumeClaimTemplates: [template], volumeMounts: [{ path: b.mountPath, template }] });
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
