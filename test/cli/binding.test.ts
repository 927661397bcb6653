import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Testing } from 'cdk8s';
import { loadConfig } from '../../app/config';
import { K8sDemoChart } from '../../app/k8sdemo-chart';
import { analyzeBinding, PlanRow } from '../../cli/binding';
import { validateManifests } from '../../cli/validate';
import { Manifest } from '../../cli/load';
import { DIST, fixture, FIXTURES, get, lines, objects, run, SEED, validate, writeSet } from './helpers';

const seed = () => objects(SEED);
const dist = () => objects(DIST);
const sts = (objs: any[]) => objs.find(o => o.kind === 'StatefulSet');
const pv = (objs: any[], n: number) => get(objs, 'PersistentVolume', `data-k8sdemo-pv-${n}`);
const manifests = (objs: any[]): Manifest[] => objs.map((object, i) => ({ file: 'set.yaml', line: i + 1, object }));
const rows = (objs: any[]) => analyzeBinding(manifests(objs)).rows;
const row = (rs: PlanRow[], claim: string) => {
  const found = rs.filter(r => r.claim === claim);
  if (found.length !== 1) throw new Error(`expected one row for ${claim}, found ${found.length}`);
  return found[0];
};

async function planJson(objs: any[]): Promise<{ code: number; rows: PlanRow[] }> {
  const r = await run(['plan', '--format', 'json', writeSet(objs)]);
  return { code: r.code, rows: JSON.parse(r.stdout) };
}

describe('plan on the seed and on dist/', () => {
  test('the seed\'s three claims are static, with three candidates each', async () => {
    const r = await run(['plan', '--format', 'json', SEED]);
    expect(r.code).toBe(0);
    const rs: PlanRow[] = JSON.parse(r.stdout);
    expect(rs.map(x => x.claim).sort()).toEqual(['data-k8sdemo-0', 'data-k8sdemo-1', 'data-k8sdemo-2']);
    for (const x of rs) {
      expect(x).toMatchObject({ statefulset: 'k8sdemo', namespace: 'default', status: 'static', volume: null, nfs: null });
      expect([...x.candidates].sort()).toEqual(['data-k8sdemo-pv-1', 'data-k8sdemo-pv-2', 'data-k8sdemo-pv-3']);
    }
  });

  test('dist/ pre-binds every claim to its own export', async () => {
    const r = await run(['plan', '--format', 'json', DIST]);
    expect(r.code).toBe(0);
    const rs: PlanRow[] = JSON.parse(r.stdout);
    expect(rs).toHaveLength(3);
    for (const ordinal of [0, 1, 2]) {
      expect(row(rs, `data-k8sdemo-${ordinal}`)).toEqual({
        statefulset: 'k8sdemo', namespace: 'default', ordinal, pod: `k8sdemo-${ordinal}`,
        dns: `k8sdemo-${ordinal}.k8sdemo-service.default.svc.cluster.local`, template: 'data', claim: `data-k8sdemo-${ordinal}`,
        storageClass: 'k8sdemo-sc', volume: `data-k8sdemo-pv-${ordinal + 1}`, candidates: [], status: 'pre-bound',
        nfs: { server: '192.168.124.21', path: `/statefulset/data${ordinal + 1}` }, note: '', dependsOn: [],
      });
    }
  });

  test('table format: one row per ordinal and claim', async () => {
    const r = await run(['plan', DIST]);
    expect(r.stdout.split('\n')[0]).toMatch(/^NAMESPACE\s+POD\s+DNS\s+CLAIM\s+STATUS\s+VOLUME\s+NFS$/);
    expect(r.stdout).toMatch(/^default\s+k8sdemo-1\s+k8sdemo-1\.k8sdemo-service\.default\.svc\.cluster\.local\s+data-k8sdemo-1\s+pre-bound\s+data-k8sdemo-pv-2\s+192\.168\.124\.21:\/statefulset\/data2$/m);
    const s = await run(['plan', SEED]);
    expect(s.stdout).toMatch(/data-k8sdemo-0\s+static\s+one of 3: data-k8sdemo-pv-1, data-k8sdemo-pv-2, data-k8sdemo-pv-3/);
  });

  test('mermaid format: StatefulSet, pods, claims and volumes, candidates dashed', async () => {
    const d = await run(['plan', '--format', 'mermaid', DIST]);
    expect(d.stdout).toMatch(/^flowchart LR\n/);
    expect(d.stdout).toMatch(/n\d+\[\("PV data-k8sdemo-pv-1<br\/>nfs 192\.168\.124\.21:\/statefulset\/data1"\)\]/);
    expect(d.stdout.match(/==>\|pre-bound\|/g)).toHaveLength(3);
    const s = await run(['plan', '--format', 'mermaid', SEED]);
    expect(s.stdout.match(/-\.->\|candidate\|/g)).toHaveLength(9);
  });

  test('dynamic claims: web server (cluster default) and CSI NFS StorageClass', async () => {
    for (const name of ['web', 'csi-nfs', 'zookeeper']) {
      const r = await run(['plan', '--format', 'json', path.join(FIXTURES, name)]);
      const rs: PlanRow[] = JSON.parse(r.stdout);
      expect(rs.length).toBeGreaterThan(1);
      expect(rs.every(x => x.status === 'dynamic' && x.volume === null)).toBe(true);
    }
  });
});

describe('the k8sdemo chart\'s output, configured several ways', () => {
  /** The chart's objects with the configuration of environment variables `env` (no config file). */
  const synthChart = (env: { [name: string]: string }) => {
    const config = loadConfig(env, fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-stateful-config-')));
    return manifests(Testing.synth(new K8sDemoChart(Testing.app(), 'k8sdemo', { config })));
  };

  test.each<[string, { [name: string]: string }, string, number]>([
    ['pre-binding on (default)', {}, 'pre-bound', 0],
    ['pre-binding off, as the seed', { K8SDEMO_NFS_PRE_BIND: 'false' }, 'static', 5],
    ['CSI NFS driver', { K8SDEMO_NFS_MODE: 'csi' }, 'dynamic', 0],
  ])('%s: no errors, every claim %s', (_what, env, status, candidates) => {
    const result = validateManifests(synthChart({ K8SDEMO_REPLICAS: '5', ...env }));
    expect(result.findings.filter(f => f.severity === 'error')).toEqual([]);
    expect(result.rows).toHaveLength(5);
    for (const r of result.rows) {
      expect(r.status).toBe(status);
      expect(r.candidates).toHaveLength(candidates);
    }
    if (status === 'pre-bound') {
      expect(result.rows.map(r => [r.claim, r.volume, r.nfs?.path])).toEqual([0, 1, 2, 3, 4].map(i => [`data-k8sdemo-${i}`, `data-k8sdemo-pv-${i + 1}`, `/statefulset/data${i + 1}`]));
    }
  });
});

describe('binding errors', () => {
  test('more replicas than PVs: the extra claim stays pending', async () => {
    const objs = seed();
    sts(objs).spec.replicas = 4;
    const r = await validate(objs);
    expect(r.code).toBe(1);
    expect(lines(r.stdout, 'error')).toEqual([
      expect.stringMatching(/spec\.volumeClaimTemplates\[0\]: claim data-k8sdemo-3 gets no PersistentVolume: the 3 free volumes of class k8sdemo-sc that fit go to other claims of the set, so this one stays Pending; add a PersistentVolume of class k8sdemo-sc .* or lower the replicas/),
    ]);
    const p = await planJson(objs);
    expect(p.code).toBe(1);
    expect(p.rows.filter(x => x.status === 'pending')).toHaveLength(1);
    expect(p.rows.filter(x => x.status === 'static')).toHaveLength(3);
  });

  test('a typo in a claimRef: the pending claim names the mistyped PV and the claim it meant', async () => {
    const objs = dist();
    pv(objs, 2).spec.claimRef.name = 'data-k8sdmeo-1';
    const r = await validate(objs);
    expect(r.code).toBe(1);
    expect(lines(r.stdout, 'error')).toEqual([expect.stringMatching(/claim data-k8sdemo-1 finds no PersistentVolume of class k8sdemo-sc that fits .*; PersistentVolume data-k8sdemo-pv-2: it is pre-bound to claim default\/data-k8sdmeo-1, which the set does not create \(did you mean data-k8sdemo-1\?\), so the claim stays Pending/)]);
    expect(lines(r.stdout, 'warning')).toContainEqual(expect.stringMatching(/PersistentVolume data-k8sdemo-pv-2 spec\.claimRef: .*; point claimRef at a claim the set creates \(did you mean data-k8sdemo-1\?\), or remove claimRef/));
  });

  test('a PV pre-bound to data-k8sdemo-3 while the ordinals are 0..2', async () => {
    const objs = dist();
    pv(objs, 3).spec.claimRef.name = 'data-k8sdemo-3';
    const r = await validate(objs);
    expect(r.code).toBe(1);
    expect(lines(r.stdout, 'error')).toEqual([expect.stringMatching(/claim data-k8sdemo-2 finds no PersistentVolume of class k8sdemo-sc that fits/)]);
    expect(lines(r.stdout, 'warning')).toContainEqual(expect.stringMatching(/PersistentVolume data-k8sdemo-pv-3 spec\.claimRef: is pre-bound to claim default\/data-k8sdemo-3, which no StatefulSet ordinal.*\(check the ordinals and the namespace\)/));
    expect(row(rows(objs), 'data-k8sdemo-2').status).toBe('pending');
  });

  test('a pre-bound PV that is too small', async () => {
    const objs = dist();
    pv(objs, 1).spec.capacity.storage = '50Mi';
    await expectBindingError(objs, /claim data-k8sdemo-0 is pre-bound to PersistentVolume data-k8sdemo-pv-1, but its capacity 50Mi is less than the request 100Mi, so the claim stays Pending/);
    const bigger = dist();
    pv(bigger, 1).spec.capacity.storage = '1Gi';
    expect(row(rows(bigger), 'data-k8sdemo-0')).toMatchObject({ status: 'pre-bound', volume: 'data-k8sdemo-pv-1' });
  });

  test('FindMatchingVolume: a pre-bound PV of another class still binds (class is not checked for pre-bound PVs)', async () => {
    const objs = dist();
    pv(objs, 2).spec.storageClassName = 'slow';
    const r = await validate(objs);
    expect(lines(r.stdout, 'error')).toEqual([]);
    expect(row(rows(objs), 'data-k8sdemo-1')).toMatchObject({ status: 'pre-bound', volume: 'data-k8sdemo-pv-2' });
  });

  test('access modes must be offered by the PV', async () => {
    const objs = seed();
    sts(objs).spec.volumeClaimTemplates[0].spec.accessModes = ['ReadWriteOnce'];
    await expectBindingError(objs, /claim data-k8sdemo-0 finds no PersistentVolume of class k8sdemo-sc that fits .*it does not offer access mode ReadWriteOnce \(it offers ReadOnlyMany\)/);
  });

  test('capacity must be at least the request', async () => {
    const objs = seed();
    sts(objs).spec.volumeClaimTemplates[0].spec.resources.requests.storage = '1Gi';
    await expectBindingError(objs, /its capacity 100Mi is less than the request 1Gi/);
    const ok = seed();
    sts(ok).spec.volumeClaimTemplates[0].spec.resources.requests.storage = '100M'; // 100 MB < 100 MiB
    expect(rows(ok).every(x => x.status === 'static')).toBe(true);
  });

  test('volume mode must match', async () => {
    const objs = dist();
    pv(objs, 1).spec.volumeMode = 'Block';
    await expectBindingError(objs, /its volumeMode is Block but the claim asks for Filesystem/);
  });

  test('claimRef must match the namespace too', async () => {
    const objs = dist();
    pv(objs, 1).spec.claimRef.namespace = 'prod';
    const r = await expectBindingError(objs, /PersistentVolume data-k8sdemo-pv-1 spec\.claimRef\.namespace: names claim data-k8sdemo-0 in namespace prod, but that claim lives in namespace default/);
    expect(r.stdout).toMatch(/claim data-k8sdemo-0 finds no PersistentVolume/);
    const missing = dist();
    delete pv(missing, 2).spec.claimRef.namespace;
    await expectBindingError(missing, /names claim data-k8sdemo-1 without a namespace, but that claim lives in namespace default, so it never binds this volume; set claimRef\.namespace to default/);
  });

  test('a StatefulSet without a namespace puts its claims in default', () => {
    const objs = dist();
    delete sts(objs).metadata.namespace;
    expect(rows(objs).map(x => [x.namespace, x.status])).toEqual([['default', 'pre-bound'], ['default', 'pre-bound'], ['default', 'pre-bound']]);
    sts(objs).metadata.namespace = 'web';
    get(objs, 'Service', 'k8sdemo-service').metadata.namespace = 'web';
    expect(rows(objs).map(x => x.status)).toEqual(['pending', 'pending', 'pending']);
  });

  test('no PV is given to two claims', async () => {
    const objs = dist();
    pv(objs, 2).spec.claimRef.name = 'data-k8sdemo-0';
    const r = await expectBindingError(objs, /PersistentVolume data-k8sdemo-pv-2 spec\.claimRef: is pre-bound to claim default\/data-k8sdemo-0, like PersistentVolume data-k8sdemo-pv-1/);
    expect(r.stdout).toMatch(/claim data-k8sdemo-1 finds no PersistentVolume/);
    const claims = seed();
    const pvc = (name: string) => ({
      apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name },
      spec: { accessModes: ['ReadOnlyMany'], storageClassName: 'k8sdemo-sc', volumeName: 'data-k8sdemo-pv-1', resources: { requests: { storage: '100Mi' } } },
    });
    claims.push(pvc('one'), pvc('two'));
    await expectBindingError(claims, /PersistentVolumeClaim default\/two spec\.volumeName: this claim names PersistentVolume data-k8sdemo-pv-1, which another claim of the set also names/);
  });

  test('unset versus "" storage class', () => {
    const objs = seed();
    for (const n of [1, 2, 3]) delete pv(objs, n).spec.storageClassName;
    const template = sts(objs).spec.volumeClaimTemplates[0].spec;
    template.storageClassName = '';
    expect(rows(objs).map(x => x.status)).toEqual(['static', 'static', 'static']);
    delete template.storageClassName;
    expect(rows(objs).map(x => [x.status, x.storageClass])).toEqual([['dynamic', null], ['dynamic', null], ['dynamic', null]]);
  });

  test('an unset class takes the set\'s default StorageClass', () => {
    const objs = seed();
    delete sts(objs).spec.volumeClaimTemplates[0].spec.storageClassName;
    objs.push({
      apiVersion: 'storage.k8s.io/v1', kind: 'StorageClass', provisioner: 'kubernetes.io/no-provisioner',
      metadata: { name: 'k8sdemo-sc', annotations: { 'storageclass.kubernetes.io/is-default-class': 'true' } },
    });
    expect(rows(objs).map(x => [x.status, x.storageClass, x.candidates.length])).toEqual([['static', 'k8sdemo-sc', 3], ['static', 'k8sdemo-sc', 3], ['static', 'k8sdemo-sc', 3]]);
  });

  test('classes with no PV in the set: dynamic, or pending, at most a warning', async () => {
    const objs = fixture('csi-nfs');
    get(objs, 'StorageClass', 'nfs-csi').metadata.name = 'nfs-csi-old';
    const r = await validate(objs);
    expect(r.code).toBe(0);
    expect(lines(r.stdout, 'warning')).toContainEqual(expect.stringMatching(/claim data-k8sdemo-0 asks for StorageClass nfs-csi, which is not in the set and has no PersistentVolume in it/));
    const none = fixture('web');
    none.find(o => o.kind === 'StatefulSet').spec.volumeClaimTemplates[0].spec.storageClassName = '';
    const n = await validate(none);
    expect(n.code).toBe(0);
    expect(n.stdout).toMatch(/warning .*storageClassName: claim www-web-0 asks for storageClassName "" \(no class, never provisioned\)/);
    expect(rows(none).map(x => x.status)).toEqual(['pending', 'pending']);
  });

  test('the database\'s pre-bound NFS volumes, and a larger PV with more modes still fits', () => {
    const rs = rows(fixture('database'));
    expect(row(rs, 'data-db-1')).toMatchObject({ status: 'pre-bound', volume: 'db-data-1', nfs: { server: 'nfs.internal.example', path: '/exports/db/1' } });
  });

  test('binding is linear: 20,000 claims and PVs in well under a few seconds', () => {
    const n = 20000;
    const objs: any[] = [{
      apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: { name: 'big' },
      spec: { replicas: n, serviceName: 'big', selector: { matchLabels: { a: 'b' } }, template: { metadata: { labels: { a: 'b' } }, spec: { containers: [] } },
        volumeClaimTemplates: [{ metadata: { name: 'data' }, spec: { accessModes: ['ReadWriteOnce'], storageClassName: 'nfs', resources: { requests: { storage: '1Gi' } } } }] },
    }];
    for (let i = 0; i < n; i++) {
      objs.push({ apiVersion: 'v1', kind: 'PersistentVolume', metadata: { name: `pv-${i}` },
        spec: { storageClassName: 'nfs', accessModes: ['ReadWriteOnce'], capacity: { storage: '1Gi' }, nfs: { server: 's', path: `/${i}` },
          ...(i % 2 ? { claimRef: { namespace: 'default', name: `data-big-${i}` } } : {}) } });
    }
    const start = Date.now();
    const rs = rows(objs);
    const ms = Date.now() - start;
    expect(rs.filter(x => x.status === 'pre-bound')).toHaveLength(n / 2);
    expect(rs.filter(x => x.status === 'static')).toHaveLength(n / 2);
    expect(ms).toBeLessThan(3000);
  });
});

async function expectBindingError(objs: any[], pattern: RegExp) {
  const r = await validate(objs);
  expect(r.code).toBe(1);
  expect(lines(r.stdout, 'error')).toContainEqual(expect.stringMatching(pattern));
  return r;
}
