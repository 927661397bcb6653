import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { stringify } from 'yaml';
import { DIST, FIXTURES, get, lines, objects, run, writeSet } from './helpers';

const OLD = path.join(FIXTURES, 'diff', 'old.yaml');
const old = () => objects(OLD);
const sts = (objs: any[]) => get(objs, 'StatefulSet', 'db');
const REFUSAL = /which the API server refuses: "The StatefulSet "db" is invalid: spec: Forbidden: updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden"; if the change is intended: kubectl delete statefulset db --namespace data --cascade=orphan, then apply .*or give the StatefulSet a new name/;

async function diff(after: any[]) {
  return run(['diff', OLD, writeSet(after)]);
}

describe('diff: StatefulSet', () => {
  test('no change exits 0', async () => {
    const r = await diff(old());
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('0 changed, 0 added, 0 removed: 0 errors, 0 warnings\n');
  });

  test('allowed changes exit 0: replicas, template, updateStrategy, minReadySeconds, retention policy, ordinals', async () => {
    const after = old();
    const s = sts(after);
    s.spec.replicas = 3;
    s.spec.template.spec.containers[0].image = 'postgres:15.5';
    s.spec.updateStrategy = { type: 'OnDelete' };
    s.spec.minReadySeconds = 30;
    s.spec.persistentVolumeClaimRetentionPolicy = { whenDeleted: 'Delete', whenScaled: 'Retain' };
    s.spec.ordinals = { start: 0 };
    const r = await diff(after);
    expect(lines(r.stdout, 'error')).toEqual([]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^~ StatefulSet data\/db: spec\.replicas, spec\.template, spec\.updateStrategy, spec\.persistentVolumeClaimRetentionPolicy, spec\.minReadySeconds, spec\.ordinals$/m);
  });

  test.each([
    ['selector', (s: any) => { s.spec.selector.matchLabels.tier = 'db'; s.spec.template.metadata.labels.tier = 'db'; }, /spec\.selector\.matchLabels\.tier: changes from unset to "db"/],
    ['serviceName', (s: any) => { s.spec.serviceName = 'postgres'; }, /spec\.serviceName: changes from "db" to "postgres"/],
    ['volumeClaimTemplates', (s: any) => { s.spec.volumeClaimTemplates[0].spec.resources.requests.storage = '10Gi'; }, /spec\.volumeClaimTemplates\[0\]\.spec\.resources\.requests\.storage: changes from "5Gi" to "10Gi".*edit each claim's resources\.requests\.storage instead/],
    ['podManagementPolicy', (s: any) => { s.spec.podManagementPolicy = 'Parallel'; }, /spec\.podManagementPolicy: changes from "OrderedReady" to "Parallel"/],
    ['revisionHistoryLimit (any other field)', (s: any) => { s.spec.revisionHistoryLimit = 3; }, /spec\.revisionHistoryLimit: changes from 10 to 3/],
  ])('refused: %s, quoting kubectl and the way through', async (_what, mutate, pattern) => {
    const after = old();
    mutate(sts(after));
    const r = await diff(after);
    expect(r.code).toBe(1);
    const errors = lines(r.stdout, 'error');
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/^error \S+set\.yaml:\d+ StatefulSet data\/db /);
    expect(errors[0]).toMatch(pattern);
    expect(errors[0]).toMatch(REFUSAL);
  });

  test('defaults the API server fills in are no change', async () => {
    const after = old();
    sts(after).spec.podManagementPolicy = 'OrderedReady';
    sts(after).spec.revisionHistoryLimit = 10;
    sts(after).spec.volumeClaimTemplates[0].spec.volumeMode = 'Filesystem';
    expect((await diff(after)).code).toBe(0);
  });

  test('warnings: a renamed StatefulSet, a scale-down that deletes claims', async () => {
    const renamed = old();
    sts(renamed).metadata.name = 'postgres';
    const r = await diff(renamed);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^\+ StatefulSet data\/postgres$/m);
    expect(lines(r.stdout, 'warning')).toContainEqual(expect.stringMatching(/StatefulSet data\/db: is removed \(or renamed\): a renamed StatefulSet starts new pods with new, empty claims.*data-<new name>-<ordinal>/));
    const scaled = old();
    sts(scaled).spec.replicas = 1;
    sts(scaled).spec.persistentVolumeClaimRetentionPolicy = { whenScaled: 'Delete' };
    const s = await diff(scaled);
    expect(s.code).toBe(0);
    expect(lines(s.stdout, 'warning')).toEqual([expect.stringMatching(/spec\.replicas: scales down from 2 to 1 with persistentVolumeClaimRetentionPolicy\.whenScaled: Delete, so the claims of ordinals 1\.\.1 are deleted/)]);
    const retained = old();
    sts(retained).spec.replicas = 1;
    expect(lines((await diff(retained)).stdout, 'warning')).toEqual([]);
  });
});

describe('diff: storage', () => {
  test.each([
    ['parameters', (c: any) => { c.parameters.share = '/exports/other'; }, /parameters: Forbidden: updates to parameters are forbidden\./],
    ['provisioner', (c: any) => { c.provisioner = 'example.com/nfs'; }, /provisioner: Forbidden: updates to provisioner are forbidden\./],
    ['reclaimPolicy', (c: any) => { c.reclaimPolicy = 'Delete'; }, /reclaimPolicy: Forbidden: updates to reclaimPolicy are forbidden\./],
    ['volumeBindingMode', (c: any) => { c.volumeBindingMode = 'WaitForFirstConsumer'; }, /volumeBindingMode: Invalid value: "WaitForFirstConsumer": field is immutable/],
  ])('StorageClass %s is immutable', async (_what, mutate, pattern) => {
    const after = old();
    mutate(get(after, 'StorageClass', 'nfs-csi'));
    const r = await diff(after);
    expect(r.code).toBe(1);
    expect(lines(r.stdout, 'error')).toEqual([expect.stringMatching(new RegExp(`StorageClass nfs-csi .*The StorageClass "nfs-csi" is invalid: ${pattern.source}.*create a StorageClass with a new name`))]);
  });

  test('StorageClass: labels may change, and unset volumeBindingMode equals Immediate', async () => {
    const after = old();
    const c = get(after, 'StorageClass', 'nfs-csi');
    c.metadata.labels = { team: 'data' };
    c.volumeBindingMode = 'Immediate';
    expect((await diff(after)).code).toBe(0);
  });

  test('a bound PV\'s NFS server or path is immutable', async () => {
    const after = old();
    get(after, 'PersistentVolume', 'db-data-0').spec.nfs.path = '/exports/db/zero';
    const r = await diff(after);
    expect(r.code).toBe(1);
    expect(lines(r.stdout, 'error')).toEqual([expect.stringMatching(/PersistentVolume db-data-0 spec\.nfs\.path: changes the volume source from "\/exports\/db\/0" to "\/exports\/db\/zero", which the API server refuses: "The PersistentVolume "db-data-0" is invalid: spec\.persistentvolumesource: Forbidden: spec\.persistentvolumesource is immutable after creation"; create a PersistentVolume with a new name/)]);
  });

  test('PV capacity may change; reclaim policy and claimRef changes are warnings', async () => {
    const after = old();
    const v = get(after, 'PersistentVolume', 'db-data-1');
    v.spec.capacity.storage = '10Gi';
    v.spec.persistentVolumeReclaimPolicy = 'Delete';
    v.spec.claimRef.name = 'data-db-0';
    const r = await diff(after);
    expect(r.code).toBe(0);
    const warnings = lines(r.stdout, 'warning');
    expect(warnings).toContainEqual(expect.stringMatching(/spec\.persistentVolumeReclaimPolicy: changes from Retain to Delete, so the data goes when its claim is deleted/));
    expect(warnings).toContainEqual(expect.stringMatching(/spec\.claimRef: changes the claim a bound volume belongs to \(data\/data-db-1 to data\/data-db-0\)/));
  });

  test('a PVC\'s spec is immutable except a larger storage request', async () => {
    const grown = old();
    get(grown, 'PersistentVolumeClaim', 'backups').spec.resources.requests.storage = '40Gi';
    get(grown, 'StorageClass', 'nfs-csi').allowVolumeExpansion = true;
    expect((await diff(grown)).code).toBe(0);
    const shrunk = old();
    get(shrunk, 'PersistentVolumeClaim', 'backups').spec.resources.requests.storage = '10Gi';
    const s = await diff(shrunk);
    expect(s.code).toBe(1);
    expect(lines(s.stdout, 'error')).toEqual([expect.stringMatching(/spec\.resources\.requests\.storage: shrinks from 20Gi to 10Gi, which the API server refuses: .*field can not be less than previous value/)]);
    const moved = old();
    get(moved, 'PersistentVolumeClaim', 'backups').spec.accessModes = ['ReadWriteOnce'];
    const m = await diff(moved);
    expect(m.code).toBe(1);
    expect(lines(m.stdout, 'error')).toEqual([expect.stringMatching(/PersistentVolumeClaim data\/backups spec\.accessModes\[0\]: changes from "ReadWriteMany" to "ReadWriteOnce", which the API server refuses: "The PersistentVolumeClaim "backups" is invalid: spec: Forbidden: spec is immutable after creation except resources\.requests for bound claims"/)]);
  });

  test('a removed or renamed PV or PVC is a warning', async () => {
    const after = old().filter(o => !(o.kind === 'PersistentVolume' && o.metadata.name === 'db-data-1') && o.kind !== 'PersistentVolumeClaim');
    const r = await diff(after);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^- PersistentVolume db-data-1$/m);
    expect(lines(r.stdout, 'warning')).toEqual([
      expect.stringMatching(/PersistentVolume db-data-1: is removed \(or renamed\): .*waits while its claim is bound .*its data stays on the storage \(reclaim policy Retain\).*does not take over a claim bound to the old one/),
      expect.stringMatching(/PersistentVolumeClaim data\/backups: is removed \(or renamed\)/),
    ]);
  });
});

test('a removed PV with reclaim policy Delete says its data is deleted', async () => {
  const before = old();
  get(before, 'PersistentVolume', 'db-data-1').spec.persistentVolumeReclaimPolicy = 'Delete';
  const after = before.filter(o => !(o.kind === 'PersistentVolume' && o.metadata.name === 'db-data-1'));
  const r = await run(['diff', writeSet(before), writeSet(after)]);
  expect(lines(r.stdout, 'warning')).toContainEqual(expect.stringMatching(/PersistentVolume db-data-1: is removed \(or renamed\): .*then its data is deleted \(reclaim policy Delete\)/));
});

describe('diff: inputs', () => {
  test('--format json', async () => {
    const after = old();
    sts(after).spec.serviceName = 'postgres';
    const r = await run(['diff', '--format', 'json', OLD, writeSet(after)]);
    expect(r.code).toBe(1);
    const out = JSON.parse(r.stdout);
    expect(out.summary).toEqual({ errors: 1, warnings: 0 });
    expect(out.changes).toEqual([{ change: 'changed', id: { kind: 'StatefulSet', namespace: 'data', name: 'db' }, fields: ['spec.serviceName'] }]);
    expect(out.findings[0]).toMatchObject({ severity: 'error', check: 'diff', field: 'spec.serviceName' });
  });

  test('diff needs two sides; an unreadable side exits 2', async () => {
    expect((await run(['diff', OLD])).code).toBe(2);
    const r = await run(['diff', OLD, 'missing.yaml']);
    expect(r).toEqual({ code: 2, stdout: '', stderr: expect.stringMatching(/^error: missing\.yaml: no such file or folder/) });
  });

  describe('--git-ref', () => {
    let repo: string;
    const git = (...args: string[]) => execFileSync('git', args, { cwd: repo, encoding: 'utf-8', stdio: ['ignore', 'pipe', 'pipe'] });

    beforeAll(() => {
      repo = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-stateful-git-'));
      git('init', '-q');
      git('config', 'user.email', 'test@example.com');
      git('config', 'user.name', 'test');
      fs.mkdirSync(path.join(repo, 'dist'));
      fs.copyFileSync(path.join(DIST, 'k8sdemo.k8s.yaml'), path.join(repo, 'dist', 'k8sdemo.k8s.yaml'));
      git('add', '.');
      git('commit', '-qm', 'first');
    });

    test('compares the working dist/ with the one at a ref', async () => {
      expect((await run(['diff', '--git-ref', 'HEAD'], repo)).stdout).toBe('0 changed, 0 added, 0 removed: 0 errors, 0 warnings\n');
      const objs = objects(path.join(repo, 'dist'));
      get(objs, 'StatefulSet', 'k8sdemo').spec.podManagementPolicy = 'Parallel';
      fs.writeFileSync(path.join(repo, 'dist', 'k8sdemo.k8s.yaml'), objs.map(o => stringify(o)).join('---\n'));
      const r = await run(['diff', '--git-ref', 'HEAD', 'dist'], repo);
      expect(r.code).toBe(1);
      expect(lines(r.stdout, 'error')).toEqual([expect.stringMatching(/^error dist\/k8sdemo\.k8s\.yaml:\d+ StatefulSet default\/k8sdemo spec\.podManagementPolicy: changes from "OrderedReady" to "Parallel", which the API server refuses/)]);
    });

    test('a ref that does not exist (first commit, shallow clone) exits 2 with a clear message', async () => {
      const r = await run(['diff', '--git-ref', 'HEAD~1', 'dist'], repo);
      expect(r).toEqual({ code: 2, stdout: '', stderr: expect.stringMatching(/git ref HEAD~1 does not exist here \(a first commit, or a shallow clone without history\?\)/) });
      expect((await run(['diff', '--git-ref'], repo)).stderr).toMatch(/--git-ref needs a git ref/);
    });
  });
});
