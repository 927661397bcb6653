/**
 * Binding scenarios built from the PV controller's source and tests
 * (component-helpers storage/volume `FindMatchingVolume`, pv_controller.go
 * `syncUnboundClaim`/`checkVolumeSatisfyClaim`, index.go `findByClaim` and
 * `allPossibleMatchingAccessModes`, index_test.go `TestFindingPreboundVolumes`
 * and `TestAllPossibleAccessModes`): each names the claim, the volume it binds
 * (or null) and its status.
 */
import { analyzeBinding, PlanRow } from '../../cli/binding';
import { Finding } from '../../cli/findings';
import { Manifest } from '../../cli/load';
import { fixture, run, writeSet } from './helpers';

const RWO = 'ReadWriteOnce';
const ROX = 'ReadOnlyMany';
const RWX = 'ReadWriteMany';
const NO_PROVISIONER = 'kubernetes.io/no-provisioner';

interface PvOptions { cls?: string | null; modes?: string[]; size?: string; ref?: string; labels?: { [k: string]: string }; volumeMode?: string }
const pv = (name: string, o: PvOptions = {}) => ({
  apiVersion: 'v1', kind: 'PersistentVolume', metadata: { name, ...(o.labels ? { labels: o.labels } : {}) },
  spec: {
    ...(o.cls === null ? {} : { storageClassName: o.cls ?? 'nfs' }),
    accessModes: o.modes ?? [RWO], capacity: { storage: o.size ?? '1Gi' }, nfs: { server: 'nfs.example', path: `/${name}` },
    ...(o.volumeMode ? { volumeMode: o.volumeMode } : {}),
    ...(o.ref ? { claimRef: { namespace: 'data', name: o.ref } } : {}),
  },
});

interface TemplateOptions { name?: string; cls?: string | null; modes?: unknown; size?: string; selector?: any }
const template = (o: TemplateOptions = {}) => ({
  metadata: { name: o.name ?? 'data' },
  spec: {
    accessModes: o.modes ?? [RWO], resources: { requests: { storage: o.size ?? '1Gi' } },
    ...(o.cls === null ? {} : { storageClassName: o.cls ?? 'nfs' }),
    ...(o.selector ? { selector: o.selector } : {}),
  },
});
const sts = (templates: any[], replicas = 1, namespace: string | null = 'data') => ({
  apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: { name: 'db', ...(namespace ? { namespace } : {}) },
  spec: {
    replicas, serviceName: 'db', selector: { matchLabels: { app: 'db' } },
    template: { metadata: { labels: { app: 'db' } }, spec: { containers: [{ name: 'db', image: 'postgres:15.4' }] } },
    volumeClaimTemplates: templates,
  },
});
const storageClass = (name: string, provisioner: string, extra: any = {}) => ({ apiVersion: 'storage.k8s.io/v1', kind: 'StorageClass', metadata: { name }, provisioner, ...extra });

const analyze = (objs: any[]) => analyzeBinding(objs.map((object, i): Manifest => ({ file: 'set.yaml', line: i + 1, object })));
const rowOf = (rows: PlanRow[], claim: string) => {
  const found = rows.find(r => r.claim === claim);
  if (!found) throw new Error(`no row for ${claim}`);
  return found;
};
/** What the row says binds: the PV (pre-bound), the one candidate (static), or the status. */
const outcome = (r: PlanRow) => (r.status === 'pre-bound' ? `pre-bound ${r.volume}` : r.status === 'static' ? `static ${r.candidates.join('|')}` : r.status);
const errors = (f: Finding[]) => f.filter(x => x.severity === 'error');

describe('the PV controller\'s matching, scenario by scenario', () => {
  test.each<[string, any[], { [claim: string]: string }]>([
    // FindMatchingVolume returns a PV pre-bound to the claim before checking class or selector.
    ['pre-bound PV of another class binds (FindMatchingVolume: class not checked when pre-bound)',
      [sts([template()]), pv('a', { cls: 'other', ref: 'data-db-0' })], { 'data-db-0': 'pre-bound a' }],
    ['pre-bound PV whose labels miss the selector binds (FindMatchingVolume: selector not checked when pre-bound)',
      [sts([template({ selector: { matchLabels: { disk: 'ssd' } } })]), pv('a', { ref: 'data-db-0', labels: { disk: 'hdd' } })], { 'data-db-0': 'pre-bound a' }],
    ['pre-bound PV without a class, claim of class nfs: binds',
      [sts([template()]), pv('a', { cls: null, ref: 'data-db-0' })], { 'data-db-0': 'pre-bound a' }],
    // A pre-bound PV that is too small or lacks a mode is skipped; a free PV that fits is bound.
    ['pre-bound PV too small: skipped, a free PV that fits binds',
      [sts([template({ size: '5Gi' })]), pv('small', { ref: 'data-db-0', size: '1Gi' }), pv('free', { size: '5Gi' })], { 'data-db-0': 'static free' }],
    ['pre-bound PV without the access mode: skipped, a free PV that fits binds',
      [sts([template({ modes: [RWX] })]), pv('rox', { ref: 'data-db-0', modes: [ROX] }), pv('free', { modes: [RWX] })], { 'data-db-0': 'static free' }],
    ['pre-bound PV of another volumeMode: skipped, a free PV that fits binds (CheckVolumeModeMismatches)',
      [sts([template()]), pv('block', { ref: 'data-db-0', volumeMode: 'Block' }), pv('free')], { 'data-db-0': 'static free' }],
    ['pre-bound PV too small and no free PV: pending',
      [sts([template({ size: '5Gi' })]), pv('small', { ref: 'data-db-0', size: '1Gi' })], { 'data-db-0': 'pending' }],
    // allPossibleMatchingAccessModes: the access-mode sets with fewest modes are tried first.
    ['RWO claim: the RWO-only PV before a smaller RWO+RWX one (fewest modes first)',
      [sts([template()]), pv('rwo-rwx', { modes: [RWO, RWX], size: '1Gi' }), pv('rwo', { modes: [RWO], size: '5Gi' })], { 'data-db-0': 'static rwo' }],
    ['mixed-mode templates: RWO takes the RWO PV, RWX the RWO+RWX one',
      [sts([template({ name: 'logs' }), template({ name: 'data', modes: [RWX] })]), pv('rwo', { modes: [RWO], size: '5Gi' }), pv('rwo-rwx', { modes: [RWO, RWX], size: '1Gi' })],
      { 'logs-db-0': 'static rwo', 'data-db-0': 'static rwo-rwx' }],
    ['within one access-mode set, the smallest PV that fits',
      [sts([template()]), pv('big', { size: '10Gi' }), pv('small', { size: '2Gi' }), pv('tiny', { size: '512Mi' })], { 'data-db-0': 'static small|big' }],
    ['a free PV in a set with fewer modes wins over a pre-bound PV in a set with more (findByClaim stops at the first set with a match)',
      [sts([template()]), pv('mine', { modes: [RWO, RWX], ref: 'data-db-0' }), pv('free', { modes: [RWO] })], { 'data-db-0': 'static free' }],
    ['a pre-bound PV wins over a free one in the same access-mode set',
      [sts([template()]), pv('free', { size: '1Gi' }), pv('mine', { size: '8Gi', ref: 'data-db-0' })], { 'data-db-0': 'pre-bound mine' }],
    // WaitForFirstConsumer: the scheduler matches over all PVs of the class (binder.go findMatchingVolumes).
    ['WaitForFirstConsumer class: the smallest PV with the modes, whatever its access-mode set',
      [sts([template()]), storageClass('nfs', NO_PROVISIONER, { volumeBindingMode: 'WaitForFirstConsumer' }), pv('rwo-rwx', { modes: [RWO, RWX], size: '1Gi' }), pv('rwo', { size: '5Gi' })],
      { 'data-db-0': 'static rwo-rwx|rwo' }],
    // syncUnboundClaim -> provisionClaim; provisioners refuse a selector.
    ['a claim with a selector is never provisioned (external-provisioner: "claim Selector is not supported")',
      [sts([template({ cls: 'csi', selector: { matchLabels: { disk: 'ssd' } } })]), storageClass('csi', 'nfs.csi.k8s.io')], { 'data-db-0': 'pending' }],
    ['a claim with a selector binds a free PV whose labels match',
      [sts([template({ selector: { matchLabels: { disk: 'ssd' } } })]), pv('hdd', { labels: { disk: 'hdd' } }), pv('ssd', { labels: { disk: 'ssd' }, size: '5Gi' })], { 'data-db-0': 'static ssd' }],
    ['a class with a provisioner and PVs: a claim no PV fits is provisioned',
      [sts([template({ cls: 'csi', size: '50Gi' })]), storageClass('csi', 'nfs.csi.k8s.io'), pv('small', { cls: 'csi', size: '1Gi' })], { 'data-db-0': 'dynamic' }],
    ['a class with PVs and no StorageClass in the set: a claim no PV fits stays pending',
      [sts([template({ size: '50Gi' })]), pv('small', { size: '1Gi' })], { 'data-db-0': 'pending' }],
  ])('%s', (_what, objs, expected) => {
    const { rows } = analyze(objs);
    const got = Object.fromEntries(Object.keys(expected).map(claim => [claim, outcome(rowOf(rows, claim))]));
    expect(got).toEqual(expected);
  });

  test('a skipped pre-bound PV is a warning on the PV, not an error: the claim binds', () => {
    const { findings } = analyze([sts([template({ size: '5Gi' })]), pv('small', { ref: 'data-db-0', size: '1Gi' }), pv('free', { size: '5Gi' })]);
    expect(errors(findings)).toEqual([]);
    expect(findings).toContainEqual(expect.objectContaining({
      severity: 'warning', kind: 'PersistentVolume', name: 'small', field: 'spec.claimRef',
      message: expect.stringMatching(/pre-bound to claim data\/data-db-0, but its capacity 1Gi is less than the request 5Gi, so the claim binds free instead/),
    }));
  });

  test('the selector refusal is an error for a class with PVs in the set, a warning otherwise', () => {
    const withPvs = analyze([sts([template({ selector: { matchLabels: { disk: 'ssd' } } })]), pv('hdd', { labels: { disk: 'hdd' } })]);
    expect(errors(withPvs.findings)).toEqual([expect.objectContaining({ field: 'spec.volumeClaimTemplates[0].spec.selector', message: expect.stringMatching(/claim Selector is not supported/) })]);
    const dynamic = analyze([sts([template({ cls: 'csi', selector: { matchLabels: { disk: 'ssd' } } })]), storageClass('csi', 'nfs.csi.k8s.io')]);
    expect(dynamic.findings.map(f => f.severity)).toEqual(['warning']);
  });
});


describe('syncUnboundClaim with volumeName (checkVolumeSatisfyClaim)', () => {
  const claim = (volumeName: string, modes = [RWO], cls = 'nfs') => ({
    apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name: 'c', namespace: 'data' },
    spec: { accessModes: modes, storageClassName: cls, volumeName, resources: { requests: { storage: '1Gi' } } },
  });
  const status = (objs: any[]) => analyze(objs).findings.filter(f => f.name === 'c').map(f => f.message);

  test('a free PV is checked for access modes and class; a PV pre-bound to the claim is not', () => {
    expect(status([claim('a', [RWX]), pv('a', { modes: [RWO] })])).toEqual([expect.stringMatching(/names PersistentVolume a, but it does not offer access mode ReadWriteMany .*checkVolumeSatisfyClaim/)]);
    expect(status([claim('a', [RWO], 'gold'), pv('a')])).toEqual([expect.stringMatching(/its storage class is "nfs" but the claim asks for "gold"/)]);
    expect(status([claim('a', [RWO]), pv('a')])).toEqual([]);
    expect(status([claim('a', [RWO], 'gold'), pv('a', { ref: 'c' })])).toEqual([]);
  });
});

describe('what depends on the cluster', () => {
  test('a claim without storageClassName: the cluster\'s default StorageClass (DefaultStorageClass admission)', () => {
    const { rows } = analyze([sts([template({ cls: null })]), pv('a', { cls: null })]);
    expect(rows[0]).toMatchObject({ status: 'dynamic', storageClass: null });
    expect(rows[0].dependsOn).toEqual([expect.stringMatching(/^default StorageClass: no storageClassName, so the DefaultStorageClass admission plugin sets the cluster's default class.*without a default class the claim binds only a PV without a class/)]);
    const named = analyze([sts([template()]), pv('a')]);
    expect(named.rows[0].dependsOn).toEqual([]);
  });

  test('a class the set does not have, and "" with no PV in the set: the cluster\'s StorageClasses and PVs decide', () => {
    expect(analyze([sts([template({ cls: 'gold' })])]).rows[0]).toMatchObject({
      status: 'dynamic', dependsOn: [expect.stringMatching(/^StorageClass gold: not in the set; the claim is provisioned if the cluster has it with a provisioner, binds an existing PV of that class, or stays Pending$/)],
    });
    expect(analyze([sts([template({ cls: '' })])]).rows[0]).toMatchObject({
      status: 'pending', dependsOn: [expect.stringMatching(/^PersistentVolumes in the cluster: the claim binds only an existing free PV of class "" that fits/)],
    });
    expect(analyze([sts([template({ cls: '' })]), pv('a', { cls: null })]).rows[0]).toMatchObject({ status: 'static', dependsOn: [] });
  });

  test('a manifest without a namespace: kubectl -n or the context namespace; claimRef names the namespace it binds in', () => {
    const { rows, findings } = analyze([sts([template()], 1, null), pv('a', { ref: 'data-db-0' })]);
    expect(errors(findings)).toEqual([]);
    expect(rows[0]).toMatchObject({ status: 'pre-bound', volume: 'a' });
    expect(rows[0].dependsOn).toEqual([
      expect.stringMatching(/^namespace: the manifest names none, so its claims live in kubectl's -n or the context's namespace \(default assumed\)/),
      expect.stringMatching(/^namespace: PersistentVolume a is pre-bound to data\/data-db-0, so it binds only if the manifest is applied in namespace data \(kubectl -n data/),
    ]);
  });

  test('plan prints what depends on the cluster below the table, once per reason', async () => {
    const r = await run(['plan', writeSet([sts([template({ cls: null })], 3)])]);
    expect(r.code).toBe(0);
    expect(r.stdout.split('\n').filter(l => l.startsWith('depends on the cluster'))).toEqual([
      expect.stringMatching(/^depends on the cluster \(3 claims: data-db-0, data-db-1, data-db-2\): default StorageClass: /),
    ]);
    const json = JSON.parse((await run(['plan', '--format', 'json', writeSet([sts([template({ cls: null })])])])).stdout);
    expect(json[0].dependsOn).toHaveLength(1);
  });
});

describe('wrong shapes are findings, never crashes', () => {
  test('accessModes: ReadWriteOnce (a scalar) makes the claim pending with the reason, not "dynamic"', async () => {
    const objs = fixture('web');
    objs.find(o => o.kind === 'StatefulSet').spec.volumeClaimTemplates[0].spec.accessModes = 'ReadWriteOnce';
    const file = writeSet(objs);
    const r = await run(['plan', '--format', 'json', file]);
    expect(r.code).toBe(1);
    const rows: PlanRow[] = JSON.parse(r.stdout);
    expect(rows.map(x => x.status)).toEqual(rows.map(() => 'pending'));
    expect(rows[0].note).toBe('the API server refuses the claim: spec.accessModes is string "ReadWriteOnce", not a list; write accessModes as a list, e.g. [ReadWriteOnce]');
    const table = await run(['plan', file]);
    expect(table.stdout).toMatch(/www-web-0\s+pending\s+- \(the API server refuses the claim: spec\.accessModes is string "ReadWriteOnce", not a list/);
  });

  test.each<[string, (objs: any[]) => void]>([
    ['spec: a string', o => { o[0].spec.volumeClaimTemplates[0].spec = 'x'; }],
    ['resources: a number', o => { o[0].spec.volumeClaimTemplates[0].spec.resources = 5; }],
    ['requests.storage: not a quantity', o => { o[0].spec.volumeClaimTemplates[0].spec.resources.requests.storage = 'lots'; }],
    ['accessModes: a list of numbers', o => { o[0].spec.volumeClaimTemplates[0].spec.accessModes = [1, 2]; }],
    ['storageClassName: a map', o => { o[0].spec.volumeClaimTemplates[0].spec.storageClassName = { a: 1 }; }],
    ['selector: a string', o => { o[0].spec.volumeClaimTemplates[0].spec.selector = 'disk=ssd'; }],
    ['selector: expression values a number', o => { o[0].spec.volumeClaimTemplates[0].spec.selector = { matchExpressions: [{ key: 'a', operator: 'In', values: 5 }] }; }],
    ['volumeClaimTemplates: a map', o => { o[0].spec.volumeClaimTemplates = { data: {} }; }],
    ['volumeClaimTemplates: [null]', o => { o[0].spec.volumeClaimTemplates = [null]; }],
    ['replicas: a string', o => { o[0].spec.replicas = 'three'; }],
    ['PV capacity: a string', o => { o[1].spec.capacity = 'big'; }],
    ['PV claimRef: a string', o => { o[1].spec.claimRef = 'data-db-0'; }],
    ['PV accessModes: a scalar', o => { o[1].spec.accessModes = RWO; }],
    ['PV spec: null', o => { o[1].spec = null; }],
  ])('%s', (_what, mutate) => {
    const objs = [sts([template()]), pv('a')];
    mutate(objs);
    // No crash, and the outcome is never a silent success: a finding, or a pending row with its reason.
    const result = analyze(objs);
    const pending = result.rows.filter(r => r.status === 'pending');
    expect(result.findings.length + pending.length).toBeGreaterThan(0);
    for (const r of pending) expect(r.note).not.toBe('');
  });

  test('null means unset: storageClassName, selector and volumeMode set to null', () => {
    const t = template();
    Object.assign(t.spec, { selector: null, volumeMode: null });
    const { rows, findings } = analyze([sts([t]), pv('a')]);
    expect(findings).toEqual([]);
    expect(outcome(rows[0])).toBe('static a');
    const unset = template();
    (unset.spec as any).storageClassName = null;
    expect(analyze([sts([unset])]).rows[0]).toMatchObject({ status: 'dynamic', storageClass: null });
  });

  test('a claimRef with a uid never matches a new claim (IsVolumeBoundToClaim)', () => {
    const volume = pv('a', { ref: 'data-db-0' });
    (volume.spec as any).claimRef.uid = '8e1c1a70-0000-4000-8000-000000000000';
    const { rows, findings } = analyze([sts([template()]), volume]);
    expect(rows[0].status).toBe('pending');
    expect(findings).toContainEqual(expect.objectContaining({ name: 'a', field: 'spec.claimRef.uid', severity: 'warning' }));
  });
});

describe('index_test.go TestFindingPreboundVolumes, ported', () => {
  // claim01 in myns asks for 1Gi RWO; the PVs have no class, so the claim asks for class "".
  const claim = { apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name: 'claim01', namespace: 'myns' },
    spec: { accessModes: [RWO], storageClassName: '', resources: { requests: { storage: '1Gi' } } } };
  const volume = (name: string, size: string, o: { modes?: string[]; ref?: { namespace: string; name: string } } = {}) => ({
    apiVersion: 'v1', kind: 'PersistentVolume', metadata: { name },
    spec: { capacity: { storage: size }, accessModes: o.modes ?? [RWO], hostPath: { path: `/${name}` }, ...(o.ref ? { claimRef: o.ref } : {}) },
  });
  const mine = { namespace: 'myns', name: 'claim01' };
  /**
   * The volume claim01 binds (pre-bound, or the first free candidate). Standalone claims have no
   * plan row, so the claim comes from a one-replica StatefulSet whose template makes the claim
   * c-laim01-0 with claim01's spec, and claimRefs to claim01 point at that name.
   */
  const bound = (objs: any[]) => {
    const s = { ...sts([{ metadata: { name: 'c' }, spec: claim.spec }]), metadata: { name: 'laim01', namespace: 'myns' } };
    const volumes = objs.map(v => (v.spec.claimRef?.name === 'claim01' ? { ...v, spec: { ...v.spec, claimRef: { namespace: 'myns', name: 'c-laim01-0' } } } : v));
    return outcome(analyze([s, ...volumes]).rows[0]).replace(/\|.*/, '');
  };
  const pv1 = () => volume('pv1', '1Gi');
  const pv5 = () => volume('pv5', '5Gi');
  const pv8 = () => volume('pv8', '8Gi');
  const pvBadSize = (ref?: any) => volume('pvBadSize', '1Mi', { ref });
  const pvBadMode = (ref?: any) => volume('pvBadMode', '1Gi', { modes: [ROX], ref });

  test.each<[string, any[], string]>([
    ['expected exact match on size', [pv1(), pv5(), pv8(), pvBadSize(), pvBadMode()], 'static pv1'],
    ['the exact match is pre-bound elsewhere: the next size up', [volume('pv1', '1Gi', { ref: { namespace: 'bar', name: 'foo' } }), pv5(), pv8(), pvBadSize(), pvBadMode()], 'static pv5'],
    ['the largest volume is pre-bound to the claim', [pv1(), pv5(), volume('pv8', '8Gi', { ref: mine }), pvBadSize(), pvBadMode()], 'pre-bound pv8'],
    ['a pre-bound volume too small: the exact match', [pv1(), pv5(), pv8(), pvBadSize(mine), pvBadMode()], 'static pv1'],
    ['a pre-bound volume without the access mode: the exact match', [pv1(), pv5(), pv8(), pvBadSize(), pvBadMode(mine)], 'static pv1'],
  ])('%s', (_what, objs, expected) => {
    expect(bound(objs)).toBe(expected);
  });
});

describe('claims the API server refuses are pending, never dynamic (ValidatePersistentVolumeClaimSpec)', () => {
  test.each<[string, (t: any) => void, RegExp]>([
    ['no access modes', t => { t.spec.accessModes = []; }, /spec\.accessModes is empty \(at least 1 access mode is required\)/],
    ['no storage request', t => { delete t.spec.resources; }, /spec\.resources\.requests\.storage is missing \(required\)/],
    ['a request of 0', t => { t.spec.resources.requests.storage = '0'; }, /spec\.resources\.requests\.storage is 0 \(must be greater than zero\)/],
  ])('%s', (_what, mutate, note) => {
    const t = template({ cls: 'csi' });
    mutate(t);
    const { rows } = analyze([sts([t]), storageClass('csi', 'nfs.csi.k8s.io')]);
    expect(rows[0].status).toBe('pending');
    expect(rows[0].note).toMatch(note);
    expect(analyze([sts([template({ cls: 'csi' })]), storageClass('csi', 'nfs.csi.k8s.io')]).rows[0].status).toBe('dynamic');
  });
});
