/**
 * Property tests (fast-check, fixed seed): any YAML value at any field of a
 * valid StatefulSet, PersistentVolume, PersistentVolumeClaim, Service or
 * StorageClass never crashes `plan` (binding and its three formats) or `diff`
 * (either direction).
 */
import * as fc from 'fast-check';
import { analyzeBinding } from '../../cli/binding';
import { diffManifests } from '../../cli/diff';
import { Manifest } from '../../cli/load';
import { planJson, planMermaid, planTable } from '../../cli/plan';

const SEED = Number(process.env.FUZZ_SEED ?? 20261201);

const base = (): any[] => [
  {
    apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: { name: 'db', namespace: 'data', labels: { app: 'db' } },
    spec: {
      serviceName: 'db', replicas: 2, ordinals: { start: 0 }, selector: { matchLabels: { app: 'db' } },
      updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: 0 } },
      persistentVolumeClaimRetentionPolicy: { whenDeleted: 'Retain', whenScaled: 'Retain' },
      template: { metadata: { labels: { app: 'db' } }, spec: { containers: [{ name: 'db', image: 'postgres:15.4', volumeMounts: [{ name: 'data', mountPath: '/data' }] }] } },
      volumeClaimTemplates: [{
        metadata: { name: 'data', labels: { app: 'db' } },
        spec: { accessModes: ['ReadWriteOnce'], storageClassName: 'nfs', volumeMode: 'Filesystem', selector: { matchLabels: { disk: 'a' }, matchExpressions: [{ key: 'zone', operator: 'In', values: ['a'] }] }, resources: { requests: { storage: '1Gi' } } },
      }],
    },
  },
  {
    apiVersion: 'v1', kind: 'PersistentVolume', metadata: { name: 'pv-0', labels: { disk: 'a', zone: 'a' }, annotations: { note: 'x' } },
    spec: {
      storageClassName: 'nfs', capacity: { storage: '1Gi' }, accessModes: ['ReadWriteOnce', 'ReadWriteMany'], volumeMode: 'Filesystem', persistentVolumeReclaimPolicy: 'Retain',
      claimRef: { namespace: 'data', name: 'data-db-0' }, nfs: { server: 'nfs.example', path: '/exports/0' },
      nodeAffinity: { required: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'zone', operator: 'In', values: ['a'] }] }] } },
    },
  },
  {
    apiVersion: 'v1', kind: 'PersistentVolume', metadata: { name: 'pv-1', labels: { disk: 'a', zone: 'a' } },
    spec: { storageClassName: 'nfs', capacity: { storage: '2Gi' }, accessModes: ['ReadWriteOnce'], csi: { driver: 'nfs.csi.k8s.io', volumeHandle: 'h', volumeAttributes: { server: 's', share: '/x' } } },
  },
  {
    apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name: 'backups', namespace: 'data', annotations: { a: 'b' } },
    spec: { accessModes: ['ReadWriteMany'], storageClassName: 'csi', volumeName: 'pv-9', resources: { requests: { storage: '20Gi' }, limits: { storage: '20Gi' } } },
  },
  {
    apiVersion: 'v1', kind: 'Service', metadata: { name: 'db', namespace: 'data' },
    spec: { clusterIP: 'None', clusterIPs: ['None'], ipFamilies: ['IPv4'], ipFamilyPolicy: 'SingleStack', type: 'ClusterIP', selector: { app: 'db' }, ports: [{ name: 'pg', port: 5432, targetPort: 5432, protocol: 'TCP' }] },
  },
  {
    apiVersion: 'storage.k8s.io/v1', kind: 'StorageClass', metadata: { name: 'csi', annotations: { 'storageclass.kubernetes.io/is-default-class': 'true' } },
    provisioner: 'nfs.csi.k8s.io', parameters: { server: 's' }, reclaimPolicy: 'Retain', volumeBindingMode: 'WaitForFirstConsumer', allowVolumeExpansion: true,
  },
];

/** Every path (as keys) to a value in `o`, interior ones included. */
function paths(o: unknown, at: Array<string | number> = [], out: Array<Array<string | number>> = []): Array<Array<string | number>> {
  out.push(at);
  if (Array.isArray(o)) o.forEach((x, i) => paths(x, [...at, i], out));
  else if (o && typeof o === 'object') for (const [k, v] of Object.entries(o)) paths(v, [...at, k], out);
  return out;
}

const ALL = paths(base()).filter(p => p.length > 1);
const yamlValue = fc.oneof(
  fc.constant(null), fc.boolean(), fc.integer(), fc.double({ noNaN: true }), fc.string({ maxLength: 12 }),
  fc.constantFrom('ReadWriteOnce', 'None', '', '1Gi', '-1Gi', 'Block', 'ExternalName', 'Delete', '10.0.0.1'),
  fc.array(fc.oneof(fc.string({ maxLength: 6 }), fc.integer(), fc.constant(null)), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 6 }), fc.oneof(fc.string({ maxLength: 6 }), fc.integer(), fc.constant(null)), { maxKeys: 3 }),
);

function setAt(root: any[], path: Array<string | number>, value: unknown): void {
  let o: any = root;
  for (const k of path.slice(0, -1)) o = o[k];
  o[path[path.length - 1]] = value;
}

const manifests = (objs: any[]): Manifest[] => objs.map((object, i) => ({ file: 'set.yaml', line: i + 1, object }));

test('any value at any field: plan and diff never throw', () => {
  fc.assert(fc.property(fc.array(fc.tuple(fc.integer({ min: 0, max: ALL.length - 1 }), yamlValue), { minLength: 1, maxLength: 3 }), edits => {
    const objs = base();
    for (const [i, value] of edits) {
      try {
        setAt(objs, ALL[i], JSON.parse(JSON.stringify(value)));
      } catch {
        // an earlier edit replaced a parent with a scalar: this path is gone
      }
    }
    const { rows } = analyzeBinding(manifests(objs));
    planTable(rows);
    planMermaid(rows);
    planJson(rows);
    diffManifests(manifests(base()), manifests(objs));
    diffManifests(manifests(objs), manifests(base()));
  }), { seed: SEED, numRuns: 600, endOnFailure: true });
});
