/**
 * Update pairs built from the Kubernetes 1.27 update validation and its
 * tests (pkg/apis/apps/validation `ValidateStatefulSetUpdate`,
 * pkg/apis/core/validation `ValidateServiceUpdate`,
 * `ValidatePersistentVolumeUpdate`, `ValidatePersistentVolumeClaimUpdate`,
 * pkg/apis/storage/validation `ValidateStorageClassUpdate`, the
 * PersistentVolumeClaimResize admission plugin, the PodDisruptionBudget
 * strategy) and the defaulting functions (`SetDefaults_StatefulSet`,
 * `SetDefaults_Service`, `SetDefaults_PersistentVolume`,
 * `SetDefaults_PersistentVolumeClaimSpec`, `SetDefaults_StorageClass`).
 * Each pair: the change, and the fields diff refuses (errors) and warns about.
 */
import { diffManifests } from '../../cli/diff';
import { Manifest } from '../../cli/load';
import { run, writeSet } from './helpers';

const set = (...objs: any[]): Manifest[] => objs.map((object, i) => ({ file: 'set.yaml', line: i + 1, object }));
const clone = <T>(x: T): T => JSON.parse(JSON.stringify(x));

const sts = () => ({
  apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: { name: 'db', namespace: 'data' },
  spec: {
    serviceName: 'db', replicas: 2, selector: { matchLabels: { app: 'db' } },
    template: { metadata: { labels: { app: 'db' } }, spec: { containers: [{ name: 'db', image: 'postgres:15.4' }] } },
    volumeClaimTemplates: [{ metadata: { name: 'data' }, spec: { accessModes: ['ReadWriteOnce'], storageClassName: 'nfs-static', resources: { requests: { storage: '5Gi' } } } }],
  } as any,
});
const svc = (spec: any = {}) => ({ apiVersion: 'v1', kind: 'Service', metadata: { name: 'db', namespace: 'data' }, spec: { selector: { app: 'db' }, ports: [{ name: 'pg', port: 5432 }], ...spec } });
const pvc = (spec: any = {}) => ({
  apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name: 'backups', namespace: 'data' },
  spec: { accessModes: ['ReadWriteMany'], resources: { requests: { storage: '20Gi' } }, ...spec },
});
const pv = (spec: any = {}) => ({
  apiVersion: 'v1', kind: 'PersistentVolume', metadata: { name: 'db-data-0' },
  spec: { storageClassName: 'nfs-static', capacity: { storage: '5Gi' }, accessModes: ['ReadWriteOnce'], nfs: { server: 'nfs.example', path: '/exports/0' }, ...spec },
});
const sc = (extra: any = {}) => ({ apiVersion: 'storage.k8s.io/v1', kind: 'StorageClass', metadata: { name: 'csi' }, provisioner: 'nfs.csi.k8s.io', ...extra });
const pdb = (spec: any) => ({ apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: { name: 'db', namespace: 'data' }, spec });

interface Pair { before: any[]; after: any[]; errors: string[]; warnings?: string[]; changed?: boolean }
/** A pair that changes one object: `edit` mutates a copy of `base`. */
const edit = (base: any, mutate: (o: any) => void, extra: any[] = []): { before: any[]; after: any[] } => {
  const after = clone(base);
  mutate(after);
  return { before: [base, ...extra], after: [after, ...extra] };
};

const pairs: Array<[string, Pair]> = [
  // ValidateStatefulSetUpdate
  ['StatefulSet: template labels no longer matched by the immutable selector are refused',
    { ...edit(sts(), o => { o.spec.template.metadata.labels = { app: 'postgres' }; }), errors: ['spec.template.metadata.labels'] }],
  ['StatefulSet: a label added beside the selected ones is allowed',
    { ...edit(sts(), o => { o.spec.template.metadata.labels.tier = 'db'; }), errors: [] }],
  ['StatefulSet: a claim template that gained creationTimestamp: null is no change',
    { ...edit(sts(), o => { o.spec.volumeClaimTemplates[0].metadata.creationTimestamp = null; }), errors: [], changed: false }],
  ['StatefulSet: a claim template with kind, apiVersion, status and volumeMode Filesystem is no change',
    { ...edit(sts(), o => { Object.assign(o.spec.volumeClaimTemplates[0], { apiVersion: 'v1', kind: 'PersistentVolumeClaim', status: { phase: 'Pending' } }); o.spec.volumeClaimTemplates[0].spec.volumeMode = 'Filesystem'; }), errors: [], changed: false }],
  ['StatefulSet: defaults written out are no change (SetDefaults_StatefulSet)',
    { ...edit(sts(), o => { Object.assign(o.spec, { podManagementPolicy: 'OrderedReady', revisionHistoryLimit: 10, updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: 0 } }, persistentVolumeClaimRetentionPolicy: { whenDeleted: 'Retain', whenScaled: 'Retain' } }); }), errors: [], changed: false }],
  ['StatefulSet: null fields (Helm output) are no change',
    { ...edit(sts(), o => { Object.assign(o.spec, { minReadySeconds: null, ordinals: null }); o.metadata.labels = null; }), errors: [], changed: false }],
  ['StatefulSet: serviceName is refused',
    { ...edit(sts(), o => { o.spec.serviceName = 'postgres'; }), errors: ['spec.serviceName'] }],
  ['StatefulSet: a claim template\'s storage is refused',
    { ...edit(sts(), o => { o.spec.volumeClaimTemplates[0].spec.resources.requests.storage = '10Gi'; }), errors: ['spec.volumeClaimTemplates[0].spec.resources.requests.storage'] }],
  ['StatefulSet: replicas, template image, minReadySeconds, ordinals are allowed',
    { ...edit(sts(), o => { Object.assign(o.spec, { replicas: 5, minReadySeconds: 10, ordinals: { start: 1 } }); o.spec.template.spec.containers[0].image = 'postgres:16.1'; }), errors: [] }],

  // ValidateServiceUpdate: validateUpgradeDowngradeClusterIPs / IPFamilies
  ['Service: clusterIP None -> an IP is refused', { ...edit(svc({ clusterIP: 'None' }), o => { o.spec.clusterIP = '10.96.0.20'; }), errors: ['spec.clusterIP'] }],
  ['Service: clusterIP an IP -> None is refused', { ...edit(svc({ clusterIP: '10.96.0.20' }), o => { o.spec.clusterIP = 'None'; }), errors: ['spec.clusterIP'] }],
  ['Service: clusterIP an IP -> another IP is refused', { ...edit(svc({ clusterIP: '10.96.0.20' }), o => { o.spec.clusterIP = '10.96.0.21'; }), errors: ['spec.clusterIP'] }],
  ['Service: no clusterIP (allocated) -> None is refused', { ...edit(svc(), o => { o.spec.clusterIP = 'None'; }), errors: ['spec.clusterIP'] }],
  ['Service: no clusterIP -> an IP is refused unless it is the allocated one (warning)', { ...edit(svc(), o => { o.spec.clusterIP = '10.96.0.20'; }), errors: [], warnings: ['spec.clusterIP'] }],
  ['Service: None -> no clusterIP keeps it headless (warning)', { ...edit(svc({ clusterIP: 'None' }), o => { delete o.spec.clusterIP; }), errors: [], warnings: ['spec.clusterIP'] }],
  ['Service: headless Service with new ports is allowed', { ...edit(svc({ clusterIP: 'None' }), o => { o.spec.ports.push({ name: 'metrics', port: 9187 }); }), errors: [] }],
  ['Service: headless ClusterIP -> ExternalName is allowed (cluster IPs are released)',
    { ...edit(svc({ clusterIP: 'None' }), o => { o.spec = { type: 'ExternalName', externalName: 'db.example.com' }; }), errors: [] }],
  ['Service: ExternalName -> headless ClusterIP is allowed (cluster IPs are allocated)',
    { ...edit(svc({ type: 'ExternalName', externalName: 'db.example.com' }), o => { o.spec = { clusterIP: 'None', selector: { app: 'db' }, ports: [{ port: 5432 }] }; }), errors: [] }],
  ['Service: ClusterIP -> NodePort is allowed', { ...edit(svc({ clusterIP: '10.96.0.20' }), o => { o.spec.type = 'NodePort'; }), errors: [] }],
  ['Service: clusterIPs secondary released without SingleStack is refused',
    { ...edit(svc({ clusterIPs: ['10.96.0.20', 'fd00::20'], ipFamilyPolicy: 'PreferDualStack' }), o => { o.spec.clusterIPs = ['10.96.0.20']; }), errors: ['spec.clusterIPs'] }],
  ['Service: clusterIPs secondary released with SingleStack is allowed',
    { ...edit(svc({ clusterIPs: ['10.96.0.20', 'fd00::20'], ipFamilyPolicy: 'PreferDualStack' }), o => { o.spec.clusterIPs = ['10.96.0.20']; o.spec.ipFamilyPolicy = 'SingleStack'; }), errors: [] }],
  ['Service: ipFamilies IPv4 -> IPv6 is refused', { ...edit(svc({ ipFamilies: ['IPv4'] }), o => { o.spec.ipFamilies = ['IPv6']; }), errors: ['spec.ipFamilies'] }],
  ['Service: a second IP family added is allowed', { ...edit(svc({ ipFamilies: ['IPv4'] }), o => { o.spec.ipFamilies = ['IPv4', 'IPv6']; o.spec.ipFamilyPolicy = 'PreferDualStack'; }), errors: [] }],
  ['Service: defaults written out are no change (SetDefaults_Service)',
    { ...edit(svc(), o => { Object.assign(o.spec, { type: 'ClusterIP', sessionAffinity: 'None', sessionAffinityConfig: { clientIP: { timeoutSeconds: 60 } }, internalTrafficPolicy: 'Cluster' }); Object.assign(o.spec.ports[0], { protocol: 'TCP', targetPort: 0 }); }), errors: [], changed: false }],
  ['Service: a targetPort other than the port is a change', { ...edit(svc(), o => { o.spec.ports[0].targetPort = 5433; }), errors: [], changed: true }],

  // ValidatePersistentVolumeClaimUpdate and the PersistentVolumeClaimResize admission plugin
  ['PVC: growing a static NFS claim (no class) is refused', { ...edit(pvc({ storageClassName: '' }), o => { o.spec.resources.requests.storage = '40Gi'; }), errors: ['spec.resources.requests.storage'] }],
  ['PVC: growing a claim of static PVs\' class (no StorageClass) is refused',
    { ...edit(pvc({ storageClassName: 'nfs-static' }), o => { o.spec.resources.requests.storage = '40Gi'; }, [pv()]), errors: ['spec.resources.requests.storage'] }],
  ['PVC: growing a claim whose StorageClass lacks allowVolumeExpansion is refused',
    { ...edit(pvc({ storageClassName: 'csi' }), o => { o.spec.resources.requests.storage = '40Gi'; }, [sc()]), errors: ['spec.resources.requests.storage'] }],
  ['PVC: growing a claim whose StorageClass allows expansion is allowed',
    { ...edit(pvc({ storageClassName: 'csi' }), o => { o.spec.resources.requests.storage = '40Gi'; }, [sc({ allowVolumeExpansion: true })]), errors: [] }],
  ['PVC: growing a claim of a class not in the set depends on the cluster (warning)',
    { ...edit(pvc({ storageClassName: 'gold' }), o => { o.spec.resources.requests.storage = '40Gi'; }), errors: [], warnings: ['spec.resources.requests.storage'] }],
  ['PVC: shrinking is refused', { ...edit(pvc({ storageClassName: 'csi' }), o => { o.spec.resources.requests.storage = '10Gi'; }, [sc({ allowVolumeExpansion: true })]), errors: ['spec.resources.requests.storage'] }],
  ['PVC: volumeName set for the first time is allowed', { ...edit(pvc(), o => { o.spec.volumeName = 'pv-1'; }), errors: [] }],
  ['PVC: volumeName changed is refused', { ...edit(pvc({ volumeName: 'pv-1' }), o => { o.spec.volumeName = 'pv-2'; }), errors: ['spec.volumeName'] }],
  ['PVC: storageClassName set on a claim without one is allowed if the stored claim has none (warning)',
    { ...edit(pvc(), o => { o.spec.storageClassName = 'csi'; }), errors: [], warnings: ['spec.storageClassName'] }],
  ['PVC: storageClassName changed is refused', { ...edit(pvc({ storageClassName: 'csi' }), o => { o.spec.storageClassName = 'gold'; }), errors: ['spec.storageClassName'] }],
  ['PVC: a storage limit changed is refused (only requests.storage may change)',
    { ...edit(pvc({ storageClassName: 'csi', resources: { requests: { storage: '20Gi' }, limits: { storage: '20Gi' } } }), o => { o.spec.resources.limits.storage = '40Gi'; }), errors: ['spec.resources.limits.storage'] }],
  ['PVC: the beta storage-class annotation changed is refused (ValidateImmutableAnnotation)',
    { ...edit({ ...pvc(), metadata: { name: 'backups', namespace: 'data', annotations: { 'volume.beta.kubernetes.io/storage-class': 'csi' } } }, o => { o.metadata.annotations['volume.beta.kubernetes.io/storage-class'] = 'gold'; }), errors: ['metadata.annotations.volume.beta.kubernetes.io/storage-class'] }],
  ['PVC: the beta annotation moved to storageClassName is allowed (validateStorageClassUpgradeFromAnnotation)',
    { ...edit({ ...pvc(), metadata: { name: 'backups', namespace: 'data', annotations: { 'volume.beta.kubernetes.io/storage-class': 'csi' } } }, o => { o.metadata.annotations = {}; o.spec.storageClassName = 'csi'; }), errors: [] }],
  ['PVC: volumeMode Filesystem written out is no change', { ...edit(pvc(), o => { o.spec.volumeMode = 'Filesystem'; }), errors: [], changed: false }],

  // ValidatePersistentVolumeUpdate
  ['PV: the NFS path is refused', { ...edit(pv(), o => { o.spec.nfs.path = '/exports/zero'; }), errors: ['spec.nfs.path'] }],
  ['PV: volumeMode Filesystem -> Block is refused', { ...edit(pv(), o => { o.spec.volumeMode = 'Block'; }), errors: ['spec.volumeMode'] }],
  ['PV: defaults written out are no change (SetDefaults_PersistentVolume)', { ...edit(pv(), o => { Object.assign(o.spec, { volumeMode: 'Filesystem', persistentVolumeReclaimPolicy: 'Retain' }); }), errors: [], changed: false }],
  ['PV: nodeAffinity set for the first time is allowed', { ...edit(pv(), o => { o.spec.nodeAffinity = { required: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'zone', operator: 'In', values: ['a'] }] }] } }; }), errors: [] }],
  ['PV: nodeAffinity changed is refused',
    { ...edit(pv({ nodeAffinity: { required: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'zone', operator: 'In', values: ['a'] }] }] } } }), o => { o.spec.nodeAffinity.required.nodeSelectorTerms[0].matchExpressions[0].values = ['b']; }), errors: ['spec.nodeAffinity'] }],
  ['PV: a CSI controllerExpandSecretRef added is allowed',
    { ...edit(pv({ nfs: undefined, csi: { driver: 'nfs.csi.k8s.io', volumeHandle: 'h' } }), o => { o.spec.csi.controllerExpandSecretRef = { name: 's', namespace: 'kube-system' }; }), errors: [] }],
  ['PV: capacity, class and access modes may change', { ...edit(pv(), o => { Object.assign(o.spec, { capacity: { storage: '10Gi' }, storageClassName: 'other', accessModes: ['ReadWriteMany'] }); }), errors: [] }],

  // ValidateStorageClassUpdate
  ['StorageClass: provisioner is refused', { ...edit(sc(), o => { o.provisioner = 'example.com/nfs'; }), errors: ['provisioner'] }],
  ['StorageClass: allowVolumeExpansion and mountOptions may change', { ...edit(sc(), o => { o.allowVolumeExpansion = true; o.mountOptions = ['nfsvers=4.1']; }), errors: [] }],
  ['StorageClass: defaults and empty parameters written out are no change (SetDefaults_StorageClass)',
    { ...edit(sc(), o => { Object.assign(o, { reclaimPolicy: 'Delete', volumeBindingMode: 'Immediate', parameters: {} }); }), errors: [], changed: false }],

  // PodDisruptionBudget: the strategy's ValidateUpdate only re-validates the object.
  ['PDB: selector and minAvailable may change (policy/v1)',
    { ...edit(pdb({ minAvailable: 1, selector: { matchLabels: { app: 'db' } } }), o => { o.spec.minAvailable = 2; o.spec.selector.matchLabels.tier = 'db'; }), errors: [] }],
];

describe('update pairs', () => {
  test.each(pairs)('%s', (_name, pair) => {
    const result = diffManifests(set(...pair.before), set(...pair.after));
    const fields = (severity: string) => result.findings.filter(f => f.severity === severity).map(f => f.field);
    expect({ errors: fields('error'), warnings: fields('warning') }).toEqual({ errors: pair.errors, warnings: pair.warnings ?? [] });
    if (pair.changed === false) expect(result.changes).toEqual([]);
    if (pair.changed === true) expect(result.changes).toHaveLength(1);
  });
});

describe('messages quote what the API server answers', () => {
  const findings = (p: { before: any[]; after: any[] }) => diffManifests(set(...p.before), set(...p.after)).findings;

  test('clusterIP None -> IP: spec.clusterIPs[0] may not change once set', () => {
    expect(findings(edit(svc({ clusterIP: 'None' }), o => { o.spec.clusterIP = '10.96.0.20'; }))[0].message)
      .toBe('changes from None to 10.96.0.20 (headless <-> a cluster IP), which the API server refuses: "The Service "db" is invalid: spec.clusterIPs[0]: Invalid value: []string{"10.96.0.20"}: may not change once set"');
  });

  test('growing a static claim: the resize admission plugin\'s answer', () => {
    expect(findings(edit(pvc({ storageClassName: '' }), o => { o.spec.resources.requests.storage = '40Gi'; }))[0].message)
      .toBe('grows from 20Gi to 40Gi, but the claim has no storage class, so the PersistentVolumeClaimResize admission plugin refuses it: "persistentvolumeclaims "backups" is forbidden: only dynamically provisioned pvc can be resized and the storageclass that provisions the pvc must support resize"');
  });

  test('template labels: selector does not match template labels', () => {
    expect(findings(edit(sts(), o => { o.spec.template.metadata.labels = { app: 'postgres' }; }))[0].message)
      .toMatch(/spec\.template\.metadata\.labels: Invalid value: map\[string\]string\{"app":"postgres"\}: `selector` does not match template `labels`"$/);
  });

  test('through the command: a claim template with creationTimestamp: null exits 0', async () => {
    const before = sts();
    const after = clone(before);
    after.spec.volumeClaimTemplates[0].metadata.creationTimestamp = null;
    const r = await run(['diff', writeSet([before]), writeSet([after])]);
    expect(r).toEqual({ code: 0, stdout: '0 changed, 0 added, 0 removed: 0 errors, 0 warnings\n', stderr: '' });
  });
});

describe('wrong shapes do not crash diff', () => {
  test.each<[string, (o: any) => void]>([
    ['spec a string', o => { o.spec = 'x'; }],
    ['spec null', o => { o.spec = null; }],
    ['template labels a list', o => { o.spec.template.metadata.labels = ['a']; }],
    ['selector a string', o => { o.spec.selector = 'app=db'; }],
    ['volumeClaimTemplates a map', o => { o.spec.volumeClaimTemplates = { data: 1 }; }],
  ])('StatefulSet %s', (_name, mutate) => {
    const p = edit(sts(), mutate);
    expect(() => diffManifests(set(...p.before), set(...p.after))).not.toThrow();
    expect(() => diffManifests(set(...p.after), set(...p.before))).not.toThrow();
  });

  test.each<[string, any, (o: any) => void]>([
    ['Service clusterIPs a string', svc(), o => { o.spec.clusterIPs = '10.0.0.1'; }],
    ['Service ports a map', svc(), o => { o.spec.ports = { a: 1 }; }],
    ['PVC resources a string', pvc(), o => { o.spec.resources = '20Gi'; }],
    ['PVC storage not a quantity', pvc(), o => { o.spec.resources.requests.storage = 'lots'; }],
    ['PV spec a list', pv(), o => { o.spec = [1]; }],
    ['StorageClass parameters a string', sc(), o => { o.parameters = 'x'; }],
  ])('%s', (_name, base, mutate) => {
    const p = edit(base, mutate);
    expect(() => diffManifests(set(...p.before), set(...p.after))).not.toThrow();
    expect(() => diffManifests(set(...p.after), set(...p.before))).not.toThrow();
  });
});
