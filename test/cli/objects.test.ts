/**
 * Per-kind API server rules of `validate` (cli/rules/storage.ts, service.ts,
 * policy.ts): for every rule, a manifest that breaks it and one that passes.
 * Cases follow Kubernetes 1.27's validation_test.go (`TestValidatePersistentVolumes`,
 * `TestValidatePersistentVolumeClaim`, `TestValidateService`, `TestValidateStorageClass`,
 * `TestValidatePodDisruptionBudgetSpec`, `TestValidateNetworkPolicy`).
 */
import { Finding } from '../../cli/findings';
import { isStrictSubnet, parseCidr } from '../../cli/rules/syntax';
import { validateManifests } from '../../cli/validate';

const pv = () => ({
  apiVersion: 'v1', kind: 'PersistentVolume', metadata: { name: 'pv-1' },
  spec: {
    capacity: { storage: '1Gi' }, accessModes: ['ReadWriteMany'], persistentVolumeReclaimPolicy: 'Retain',
    storageClassName: 'nfs', nfs: { server: '10.0.0.2', path: '/exports/a' },
  },
} as any);
const pvc = () => ({
  apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name: 'data' },
  spec: { accessModes: ['ReadWriteOnce'], storageClassName: 'nfs', resources: { requests: { storage: '1Gi' } } },
} as any);
const sc = () => ({
  apiVersion: 'storage.k8s.io/v1', kind: 'StorageClass', metadata: { name: 'nfs' },
  provisioner: 'nfs.csi.k8s.io', parameters: { server: '10.0.0.2', share: '/exports' }, reclaimPolicy: 'Retain',
} as any);
const svc = () => ({
  apiVersion: 'v1', kind: 'Service', metadata: { name: 'web' },
  spec: { selector: { app: 'web' }, ports: [{ name: 'http', port: 80, targetPort: 8080 }] },
} as any);
const pdb = () => ({
  apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: { name: 'web' },
  spec: { maxUnavailable: 1, selector: { matchLabels: { app: 'web' } } },
} as any);
const np = () => ({
  apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name: 'web' },
  spec: {
    podSelector: { matchLabels: { app: 'web' } }, policyTypes: ['Ingress', 'Egress'],
    ingress: [{ from: [{ podSelector: { matchLabels: { role: 'client' } } }], ports: [{ port: 8080, endPort: 8090 }] }],
    egress: [{ to: [{ ipBlock: { cidr: '10.0.0.0/16', except: ['10.0.1.0/24'] } }] }],
  },
} as any);

const BASES: { [kind: string]: () => any } = {
  PersistentVolume: pv, PersistentVolumeClaim: pvc, StorageClass: sc, Service: svc, PodDisruptionBudget: pdb, NetworkPolicy: np,
};

function findingsOf(...objects: any[]): Finding[] {
  return validateManifests(objects.map((object, i) => ({ file: 'set.yaml', line: i + 1, object }))).findings;
}

function errorsOf(object: any): Finding[] {
  return findingsOf(object).filter(f => f.severity === 'error');
}

test.each(Object.keys(BASES))('the valid %s has no error', kind => {
  expect(errorsOf(BASES[kind]()).map(f => `${f.field}: ${f.message}`)).toEqual([]);
});

/** [rule, kind, break it, field of the error, message pattern, a valid variant of the same field]. */
type Case = [string, string, (o: any) => void, string, RegExp, (o: any) => void];

const CASES: Case[] = [
  // ValidatePersistentVolumeSpec
  ['PV with no volume source', 'PersistentVolume', o => { delete o.spec.nfs; }, 'spec', /names no volume source/,
    o => { delete o.spec.nfs; o.spec.hostPath = { path: '/data' }; }],
  ['PV with two volume sources', 'PersistentVolume', o => { o.spec.hostPath = { path: '/data' }; }, 'spec.nfs', /second volume source next to hostPath/,
    o => { delete o.spec.nfs; o.spec.csi = { driver: 'nfs.csi.k8s.io', volumeHandle: 'h' }; }],
  ['PV without capacity', 'PersistentVolume', o => { delete o.spec.capacity; }, 'spec.capacity', /is missing/, o => { o.spec.capacity = { storage: '100Mi' }; }],
  ['PV capacity other than storage', 'PersistentVolume', o => { o.spec.capacity.cpu = '1'; }, 'spec.capacity', /only storage is supported/, o => { o.spec.capacity = { storage: 5 }; }],
  ['PV capacity of 0', 'PersistentVolume', o => { o.spec.capacity.storage = '0'; }, 'spec.capacity.storage', /not greater than zero/, o => { o.spec.capacity.storage = '1'; }],
  ['PV without access modes', 'PersistentVolume', o => { delete o.spec.accessModes; }, 'spec.accessModes', /at least one access mode/, o => { o.spec.accessModes = ['ReadOnlyMany']; }],
  ['PV with empty access modes', 'PersistentVolume', o => { o.spec.accessModes = []; }, 'spec.accessModes', /at least one access mode/, o => { o.spec.accessModes = ['ReadWriteOncePod']; }],
  ['PV mixing ReadWriteOncePod', 'PersistentVolume', o => { o.spec.accessModes = ['ReadWriteOncePod', 'ReadWriteOnce']; }, 'spec.accessModes', /ReadWriteOncePod with other/,
    o => { o.spec.accessModes = ['ReadWriteOnce', 'ReadOnlyMany']; }],
  // validateNFSVolumeSource
  ['NFS path not absolute', 'PersistentVolume', o => { o.spec.nfs.path = 'exports/a'; }, 'spec.nfs.path', /not an absolute path/, o => { o.spec.nfs.path = '/'; }],
  ['NFS path empty', 'PersistentVolume', o => { o.spec.nfs.path = ''; }, 'spec.nfs.path', /is empty/, o => { o.spec.nfs.path = '/x'; }],
  ['NFS server empty', 'PersistentVolume', o => { o.spec.nfs.server = ''; }, 'spec.nfs.server', /is empty/, o => { o.spec.nfs.server = 'nfs.example.com'; }],
  // validateHostPathVolumeSource and the Recycle rule
  ['hostPath with ..', 'PersistentVolume', o => { delete o.spec.nfs; o.spec.hostPath = { path: '/data/../etc' }; }, 'spec.hostPath.path', /contains '\.\.'/,
    o => { delete o.spec.nfs; o.spec.hostPath = { path: '/data/..x' }; }],
  ['hostPath type', 'PersistentVolume', o => { delete o.spec.nfs; o.spec.hostPath = { path: '/d', type: 'Dir' }; }, 'spec.hostPath.type', /not a hostPath type/,
    o => { delete o.spec.nfs; o.spec.hostPath = { path: '/d', type: 'DirectoryOrCreate' }; }],
  ['Recycle of hostPath /', 'PersistentVolume', o => { delete o.spec.nfs; o.spec.hostPath = { path: '/' }; o.spec.persistentVolumeReclaimPolicy = 'Recycle'; },
    'spec.persistentVolumeReclaimPolicy', /Recycle for a hostPath of '\/'/, o => { delete o.spec.nfs; o.spec.hostPath = { path: '/tmp' }; o.spec.persistentVolumeReclaimPolicy = 'Recycle'; }],
  // validateLocalVolumeSource
  ['local volume without node affinity', 'PersistentVolume', o => { delete o.spec.nfs; o.spec.local = { path: '/mnt/disk' }; }, 'spec.nodeAffinity', /requires node affinity/,
    o => {
      delete o.spec.nfs; o.spec.local = { path: '/mnt/disk' };
      o.spec.nodeAffinity = { required: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'kubernetes.io/hostname', operator: 'In', values: ['node-1'] }] }] } };
    }],
  // validateCSIPersistentVolumeSource, ValidateCSIDriverName
  ['CSI driver name', 'PersistentVolume', o => { delete o.spec.nfs; o.spec.csi = { driver: 'NFS_driver', volumeHandle: 'h' }; }, 'spec.csi.driver', /not a valid CSI driver name/,
    o => { delete o.spec.nfs; o.spec.csi = { driver: 'NFS.CSI.k8s.io', volumeHandle: 'h' }; }],
  ['CSI empty volumeHandle', 'PersistentVolume', o => { delete o.spec.nfs; o.spec.csi = { driver: 'd.example.com', volumeHandle: '' }; }, 'spec.csi.volumeHandle', /is empty/,
    o => { delete o.spec.nfs; o.spec.csi = { driver: 'd.example.com', volumeHandle: 'vol-1' }; }],
  ['CSI secret ref without namespace', 'PersistentVolume',
    o => { delete o.spec.nfs; o.spec.csi = { driver: 'd.example.com', volumeHandle: 'h', nodePublishSecretRef: { name: 's' } }; }, 'spec.csi.nodePublishSecretRef.namespace', /is empty/,
    o => { delete o.spec.nfs; o.spec.csi = { driver: 'd.example.com', volumeHandle: 'h', nodePublishSecretRef: { name: 's', namespace: 'kube-system' } }; }],
  ['CSI secret ref name not a DNS label', 'PersistentVolume',
    o => { delete o.spec.nfs; o.spec.csi = { driver: 'd.example.com', volumeHandle: 'h', controllerExpandSecretRef: { name: 'nfs.creds', namespace: 'kube-system' } }; },
    'spec.csi.controllerExpandSecretRef.name', /not a DNS-1123 label/,
    o => { delete o.spec.nfs; o.spec.csi = { driver: 'd.example.com', volumeHandle: 'h', nodeExpandSecretRef: { name: 'nfs-creds', namespace: 'kube-system' } }; }],
  // validateISCSIPersistentVolumeSource, validateRBDPersistentVolumeSource, validateFCVolumeSource, validateGCEPersistentDiskVolumeSource, validateFlockerVolumeSource
  ['iSCSI empty iqn', 'PersistentVolume', o => { delete o.spec.nfs; o.spec.iscsi = { targetPortal: '10.0.0.3:3260', iqn: '', lun: 0 }; }, 'spec.iscsi.iqn', /is empty/,
    o => { delete o.spec.nfs; o.spec.iscsi = { targetPortal: '10.0.0.3:3260', iqn: 'iqn.2001-04.com.example:storage', lun: 255 }; }],
  ['iSCSI lun out of range', 'PersistentVolume', o => { delete o.spec.nfs; o.spec.iscsi = { targetPortal: 'p', iqn: 'iqn.2001-04.com.example:s', lun: 256 }; }, 'spec.iscsi.lun', /out of range/,
    o => { delete o.spec.nfs; o.spec.iscsi = { targetPortal: 'p', iqn: 'iqn.2001-04.com.example:s', lun: 0 }; }],
  ['RBD without monitors', 'PersistentVolume', o => { delete o.spec.nfs; o.spec.rbd = { monitors: [], image: 'img' }; }, 'spec.rbd.monitors', /is empty/,
    o => { delete o.spec.nfs; o.spec.rbd = { monitors: ['10.0.0.4:6789'], image: 'img' }; }],
  ['FC without targets', 'PersistentVolume', o => { delete o.spec.nfs; o.spec.fc = {}; }, 'spec.fc.targetWWNs', /is empty, and so is wwids/,
    o => { delete o.spec.nfs; o.spec.fc = { wwids: ['3600508b400105e210000900000490000'] }; }],
  ['FC targetWWNs without lun', 'PersistentVolume', o => { delete o.spec.nfs; o.spec.fc = { targetWWNs: ['500a0982991b8dc5'] }; }, 'spec.fc.lun', /required with targetWWNs/,
    o => { delete o.spec.nfs; o.spec.fc = { targetWWNs: ['500a0982991b8dc5'], lun: 2 }; }],
  ['GCE PD partition', 'PersistentVolume', o => { delete o.spec.nfs; o.spec.gcePersistentDisk = { pdName: 'd', partition: -1 }; }, 'spec.gcePersistentDisk.partition', /out of range/,
    o => { delete o.spec.nfs; o.spec.gcePersistentDisk = { pdName: 'd', partition: 1 }; }],
  ['Flocker with both dataset fields', 'PersistentVolume', o => { delete o.spec.nfs; o.spec.flocker = { datasetName: 'a', datasetUUID: 'b' }; }, 'spec.flocker', /exactly one/,
    o => { delete o.spec.nfs; o.spec.flocker = { datasetUUID: 'b' }; }],
  // validateVolumeNodeAffinity, ValidateNodeSelector*
  ['node affinity without required', 'PersistentVolume', o => { o.spec.nodeAffinity = {}; }, 'spec.nodeAffinity.required', /is missing/,
    o => { o.spec.nodeAffinity = { required: { nodeSelectorTerms: [{ matchFields: [{ key: 'metadata.name', operator: 'In', values: ['node-1'] }] }] } }; }],
  ['node affinity without terms', 'PersistentVolume', o => { o.spec.nodeAffinity = { required: { nodeSelectorTerms: [] } }; }, 'spec.nodeAffinity.required.nodeSelectorTerms', /is empty/,
    o => { o.spec.nodeAffinity = { required: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'zone', operator: 'Exists' }] }] } }; }],
  ['node selector Gt with two values', 'PersistentVolume',
    o => { o.spec.nodeAffinity = { required: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'disks', operator: 'Gt', values: ['1', '2'] }] }] } }; },
    'spec.nodeAffinity.required.nodeSelectorTerms[0].matchExpressions[0].values', /needs exactly one/,
    o => { o.spec.nodeAffinity = { required: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'disks', operator: 'Lt', values: ['3'] }] }] } }; }],
  ['node field selector key', 'PersistentVolume',
    o => { o.spec.nodeAffinity = { required: { nodeSelectorTerms: [{ matchFields: [{ key: 'metadata.labels', operator: 'In', values: ['x'] }] }] } }; },
    'spec.nodeAffinity.required.nodeSelectorTerms[0].matchFields[0].key', /not a valid field selector key/,
    o => { o.spec.nodeAffinity = { required: { nodeSelectorTerms: [{ matchFields: [{ key: 'metadata.name', operator: 'NotIn', values: ['x'] }] }] } }; }],
  // ValidateClassName
  ['PV storageClassName syntax', 'PersistentVolume', o => { o.spec.storageClassName = 'Fast_SSD'; }, 'spec.storageClassName', /not a valid StorageClass name/, o => { o.spec.storageClassName = ''; }],

  // ValidatePersistentVolumeClaimSpec
  ['PVC without access modes', 'PersistentVolumeClaim', o => { delete o.spec.accessModes; }, 'spec.accessModes', /at least one access mode/, o => { o.spec.accessModes = ['ReadWriteMany']; }],
  ['PVC without storage request', 'PersistentVolumeClaim', o => { delete o.spec.resources; }, 'spec.resources.requests.storage', /is missing/, o => { o.spec.resources = { requests: { storage: 1 } }; }],
  ['PVC storage request of 0', 'PersistentVolumeClaim', o => { o.spec.resources.requests.storage = '0Gi'; }, 'spec.resources.requests.storage', /not greater than zero/,
    o => { o.spec.resources.requests.storage = '1Ki'; }],
  ['PVC selector operator', 'PersistentVolumeClaim', o => { o.spec.selector = { matchExpressions: [{ key: 'tier', operator: 'Equals', values: ['a'] }] }; },
    'spec.selector.matchExpressions[0].operator', /"Equals" is not a selector operator/, o => { o.spec.selector = { matchExpressions: [{ key: 'tier', operator: 'In', values: ['a'] }] }; }],
  ['PVC selector label value', 'PersistentVolumeClaim', o => { o.spec.selector = { matchLabels: { tier: '-a' } }; }, 'spec.selector.matchLabels.tier', /label value "-a" is not empty or alphanumeric/,
    o => { o.spec.selector = { matchLabels: { 'example.com/tier': 'a_1' } }; }],
  ['PVC selector Exists with values', 'PersistentVolumeClaim', o => { o.spec.selector = { matchExpressions: [{ key: 'tier', operator: 'Exists', values: ['a'] }] }; },
    'spec.selector.matchExpressions[0].values', /must be empty/, o => { o.spec.selector = { matchExpressions: [{ key: 'tier', operator: 'DoesNotExist' }] }; }],
  ['PVC storageClassName syntax', 'PersistentVolumeClaim', o => { o.spec.storageClassName = 'nfs/fast'; }, 'spec.storageClassName', /not a valid StorageClass name/, o => { o.spec.storageClassName = 'nfs.fast'; }],
  ['PVC dataSource without apiGroup', 'PersistentVolumeClaim', o => { o.spec.dataSource = { kind: 'VolumeSnapshot', name: 'snap' }; }, 'spec.dataSource', /needs an apiGroup/,
    o => { o.spec.dataSource = { apiGroup: 'snapshot.storage.k8s.io', kind: 'VolumeSnapshot', name: 'snap' }; }],
  ['PVC dataSource and dataSourceRef differ', 'PersistentVolumeClaim',
    o => { o.spec.dataSource = { kind: 'PersistentVolumeClaim', name: 'a' }; o.spec.dataSourceRef = { kind: 'PersistentVolumeClaim', name: 'b' }; }, 'spec.dataSource', /differs from dataSourceRef/,
    o => { o.spec.dataSource = { kind: 'PersistentVolumeClaim', name: 'a' }; o.spec.dataSourceRef = { kind: 'PersistentVolumeClaim', name: 'a' }; }],

  // ValidateStorageClass
  ['StorageClass provisioner syntax', 'StorageClass', o => { o.provisioner = 'nfs csi'; }, 'provisioner', /not a qualified name/, o => { o.provisioner = 'kubernetes.io/no-provisioner'; }],
  ['StorageClass empty provisioner', 'StorageClass', o => { o.provisioner = ''; }, 'provisioner', /is empty/, o => { o.provisioner = 'Example.com/NFS'; }],
  ['StorageClass parameter key empty', 'StorageClass', o => { o.parameters = { '': 'x' }; }, 'parameters', /empty key/, o => { o.parameters = { a: '' }; }],
  ['StorageClass parameters too large', 'StorageClass', o => { o.parameters = { big: 'x'.repeat(256 * 1024) }; }, 'parameters', /hold 262147 bytes/, o => { o.parameters = { big: 'x'.repeat(1024) }; }],
  ['StorageClass allowed topology without values', 'StorageClass', o => { o.allowedTopologies = [{ matchLabelExpressions: [{ key: 'topology.kubernetes.io/zone', values: [] }] }]; },
    'allowedTopologies[0].matchLabelExpressions[0].values', /is empty/, o => { o.allowedTopologies = [{ matchLabelExpressions: [{ key: 'topology.kubernetes.io/zone', values: ['a'] }] }]; }],
  ['StorageClass duplicate topology term', 'StorageClass',
    o => { const t = { matchLabelExpressions: [{ key: 'zone', values: ['a', 'b'] }] }; o.allowedTopologies = [t, { matchLabelExpressions: [{ key: 'zone', values: ['b', 'a'] }] }]; },
    'allowedTopologies[1].matchLabelExpressions', /duplicates an earlier term/,
    o => { o.allowedTopologies = [{ matchLabelExpressions: [{ key: 'zone', values: ['a'] }] }, { matchLabelExpressions: [{ key: 'zone', values: ['b'] }] }]; }],

  // ValidateService, validateServicePort, ValidatePortNumOrName
  ['Service without ports', 'Service', o => { o.spec.ports = []; }, 'spec.ports', /is empty/, o => { o.spec.ports = []; o.spec.clusterIP = 'None'; }],
  ['multi-port Service without names', 'Service', o => { o.spec.ports = [{ port: 80 }, { port: 443 }]; }, 'spec.ports[0].name', /needs a name/,
    o => { o.spec.ports = [{ port: 80, name: 'http' }, { port: 443, name: 'https' }]; }],
  ['Service port name uppercase', 'Service', o => { o.spec.ports[0].name = 'HTTP'; }, 'spec.ports[0].name', /not a DNS-1123 label/, o => { o.spec.ports[0].name = '8080'; }],
  ['Service duplicate port names', 'Service', o => { o.spec.ports = [{ port: 80, name: 'web' }, { port: 81, name: 'web' }]; }, 'spec.ports[1].name', /used by two ports/,
    o => { o.spec.ports = [{ port: 80, name: 'web' }, { port: 81, name: 'web-alt' }]; }],
  ['Service duplicate port and protocol', 'Service', o => { o.spec.ports = [{ port: 53, name: 'a' }, { port: 53, name: 'b', protocol: 'TCP' }]; }, 'spec.ports[1]', /port 53\/TCP appears twice/,
    o => { o.spec.ports = [{ port: 53, name: 'a' }, { port: 53, name: 'b', protocol: 'UDP' }]; }],
  ['targetPort "8080" as a string', 'Service', o => { o.spec.ports[0].targetPort = '8080'; }, 'spec.ports[0].targetPort', /"8080" is not a valid port name/,
    o => { o.spec.ports[0].targetPort = 'http-alt'; }],
  ['targetPort name too long', 'Service', o => { o.spec.ports[0].targetPort = 'a-very-long-port-name'; }, 'spec.ports[0].targetPort', /not a valid port name/, o => { o.spec.ports[0].targetPort = 0; }],
  ['targetPort out of range', 'Service', o => { o.spec.ports[0].targetPort = 65536; }, 'spec.ports[0].targetPort', /not a port number/, o => { o.spec.ports[0].targetPort = 65535; }],
  ['appProtocol syntax', 'Service', o => { o.spec.ports[0].appProtocol = 'h2c!'; }, 'spec.ports[0].appProtocol', /not a qualified name/, o => { o.spec.ports[0].appProtocol = 'kubernetes.io/h2c'; }],
  ['nodePort on a ClusterIP Service', 'Service', o => { o.spec.ports[0].nodePort = 30080; }, 'spec.ports[0].nodePort', /may not be used when type is ClusterIP/,
    o => { o.spec.type = 'NodePort'; o.spec.ports[0].nodePort = 30080; }],
  ['duplicate nodePort', 'Service', o => { o.spec.type = 'NodePort'; o.spec.ports = [{ name: 'a', port: 80, nodePort: 30080 }, { name: 'b', port: 81, nodePort: 30080 }]; },
    'spec.ports[1].nodePort', /used by two ports/, o => { o.spec.type = 'LoadBalancer'; o.spec.ports = [{ name: 'a', port: 80, nodePort: 30080 }, { name: 'b', port: 81, nodePort: 30081 }]; }],
  ['headless NodePort Service', 'Service', o => { o.spec.type = 'NodePort'; o.spec.clusterIP = 'None'; }, 'spec.clusterIP', /may not be None for NodePort/, o => { o.spec.clusterIP = 'None'; }],
  ['LoadBalancer exposing the kubelet port', 'Service', o => { o.spec.type = 'LoadBalancer'; o.spec.ports[0].port = 10250; }, 'spec.ports[0].port', /kubelet's port/,
    o => { o.spec.ports[0].port = 10250; }],
  ['clusterIP not an IP', 'Service', o => { o.spec.clusterIP = '10.0.0.300'; }, 'spec.clusterIP', /not a valid IP address or None/, o => { o.spec.clusterIP = '10.96.0.10'; }],
  ['clusterIPs[0] differs from clusterIP', 'Service', o => { o.spec.clusterIP = '10.96.0.10'; o.spec.clusterIPs = ['10.96.0.11']; }, 'spec.clusterIPs', /does not match clusterIP/,
    o => { o.spec.clusterIP = '10.96.0.10'; o.spec.clusterIPs = ['10.96.0.10', 'fd00::10']; o.spec.ipFamilyPolicy = 'PreferDualStack'; }],
  ['None not alone in clusterIPs', 'Service', o => { o.spec.clusterIPs = ['None', '10.96.0.1']; }, 'spec.clusterIPs', /first and only value/, o => { o.spec.clusterIPs = ['None']; }],
  ['two IPv4 clusterIPs', 'Service', o => { o.spec.clusterIPs = ['10.96.0.1', '10.96.0.2']; }, 'spec.clusterIPs', /two addresses of one IP family/, o => { o.spec.clusterIPs = ['fd00::1', '10.96.0.2']; }],
  ['clusterIP of the wrong family', 'Service', o => { o.spec.clusterIP = 'fd00::1'; o.spec.ipFamilies = ['IPv4']; }, 'spec.clusterIPs[0]', /not an IPv4 address/,
    o => { o.spec.clusterIP = 'fd00::1'; o.spec.ipFamilies = ['IPv6']; }],
  ['duplicate ipFamilies', 'Service', o => { o.spec.ipFamilies = ['IPv4', 'IPv4']; }, 'spec.ipFamilies[1]', /appears twice/, o => { o.spec.ipFamilies = ['IPv4', 'IPv6']; o.spec.ipFamilyPolicy = 'RequireDualStack'; }],
  ['ipFamilyPolicy value', 'Service', o => { o.spec.ipFamilyPolicy = 'DualStack'; }, 'spec.ipFamilyPolicy', /not supported/, o => { o.spec.ipFamilyPolicy = 'SingleStack'; }],
  ['SingleStack with two families', 'Service', o => { o.spec.ipFamilyPolicy = 'SingleStack'; o.spec.ipFamilies = ['IPv4', 'IPv6']; }, 'spec.ipFamilyPolicy', /SingleStack, but two/,
    o => { o.spec.ipFamilyPolicy = 'SingleStack'; o.spec.ipFamilies = ['IPv6']; }],
  ['ExternalName without externalName', 'Service', o => { o.spec = { type: 'ExternalName' }; }, 'spec.externalName', /is missing/,
    o => { o.spec = { type: 'ExternalName', externalName: 'db.example.com.' }; }],
  ['ExternalName not a DNS name', 'Service', o => { o.spec = { type: 'ExternalName', externalName: 'DB_host' }; }, 'spec.externalName', /not a DNS-1123 subdomain/,
    o => { o.spec = { type: 'ExternalName', externalName: '10.0.0.1' }; }],
  ['ExternalName with clusterIP', 'Service', o => { o.spec = { type: 'ExternalName', externalName: 'db.example.com', clusterIP: 'None' }; }, 'spec.clusterIP', /may not be set for ExternalName/,
    o => { o.spec = { type: 'ExternalName', externalName: 'db.example.com', ports: [{ port: 5432 }] }; }],
  ['Service selector key', 'Service', o => { o.spec.selector = { 'app/name/x': 'web' }; }, 'spec.selector.app/name/x', /label key "app\/name\/x" has more than one '\/'/, o => { o.spec.selector = { 'app.kubernetes.io/name': 'web' }; }],
  ['Service selector value', 'Service', o => { o.spec.selector = { app: 'web server' }; }, 'spec.selector.app', /label value "web server" is not empty or alphanumeric/, o => { o.spec.selector = { app: '' }; }],
  ['sessionAffinityConfig without ClientIP', 'Service', o => { o.spec.sessionAffinityConfig = { clientIP: { timeoutSeconds: 60 } }; }, 'spec.sessionAffinityConfig', /may not be set when sessionAffinity is None/,
    o => { o.spec.sessionAffinity = 'ClientIP'; o.spec.sessionAffinityConfig = { clientIP: { timeoutSeconds: 60 } }; }],
  ['sessionAffinity timeout out of range', 'Service', o => { o.spec.sessionAffinity = 'ClientIP'; o.spec.sessionAffinityConfig = { clientIP: { timeoutSeconds: 86401 } }; },
    'spec.sessionAffinityConfig.clientIP.timeoutSeconds', /out of range/, o => { o.spec.sessionAffinity = 'ClientIP'; o.spec.sessionAffinityConfig = { clientIP: { timeoutSeconds: 86400 } }; }],
  ['sessionAffinity value', 'Service', o => { o.spec.sessionAffinity = 'Cookie'; }, 'spec.sessionAffinity', /not supported/, o => { o.spec.sessionAffinity = 'ClientIP'; }],
  ['externalIPs loopback', 'Service', o => { o.spec.externalIPs = ['127.0.0.1']; }, 'spec.externalIPs[0]', /loopback/, o => { o.spec.externalIPs = ['192.0.2.10', '2001:db8::1']; }],
  ['externalIPs not an IP', 'Service', o => { o.spec.externalIPs = ['example.com']; }, 'spec.externalIPs[0]', /not an IP address/, o => { o.spec.externalIPs = ['010.001.002.003']; }],
  ['externalTrafficPolicy on ClusterIP', 'Service', o => { o.spec.externalTrafficPolicy = 'Local'; }, 'spec.externalTrafficPolicy', /only be set when type is NodePort or LoadBalancer/,
    o => { o.spec.type = 'NodePort'; o.spec.externalTrafficPolicy = 'Local'; }],
  ['healthCheckNodePort without Local', 'Service', o => { o.spec.type = 'LoadBalancer'; o.spec.healthCheckNodePort = 30000; }, 'spec.healthCheckNodePort', /externalTrafficPolicy is Local/,
    o => { o.spec.type = 'LoadBalancer'; o.spec.externalTrafficPolicy = 'Local'; o.spec.healthCheckNodePort = 30000; }],
  ['internalTrafficPolicy value', 'Service', o => { o.spec.internalTrafficPolicy = 'Node'; }, 'spec.internalTrafficPolicy', /not supported/, o => { o.spec.internalTrafficPolicy = 'Local'; }],
  ['loadBalancerSourceRanges on ClusterIP', 'Service', o => { o.spec.loadBalancerSourceRanges = ['10.0.0.0/8']; }, 'spec.loadBalancerSourceRanges', /only be used when type is LoadBalancer/,
    o => { o.spec.type = 'LoadBalancer'; o.spec.loadBalancerSourceRanges = ['10.0.0.0/8', ' 192.168.0.0/16']; }],
  ['loadBalancerSourceRanges not a CIDR', 'Service', o => { o.spec.type = 'LoadBalancer'; o.spec.loadBalancerSourceRanges = ['10.0.0.0']; }, 'spec.loadBalancerSourceRanges[0]', /not a CIDR/,
    o => { o.spec.type = 'LoadBalancer'; o.spec.loadBalancerSourceRanges = ['10.0.0.0/32']; }],
  ['loadBalancerClass on ClusterIP', 'Service', o => { o.spec.loadBalancerClass = 'example.com/lb'; }, 'spec.loadBalancerClass', /only be used when type is LoadBalancer/,
    o => { o.spec.type = 'LoadBalancer'; o.spec.loadBalancerClass = 'example.com/lb'; }],

  // ValidatePodDisruptionBudgetSpec
  ['PDB with minAvailable and maxUnavailable', 'PodDisruptionBudget', o => { o.spec.minAvailable = 1; }, 'spec', /both minAvailable and maxUnavailable/,
    o => { delete o.spec.maxUnavailable; o.spec.minAvailable = 1; }],
  ['PDB negative maxUnavailable', 'PodDisruptionBudget', o => { o.spec.maxUnavailable = -1; }, 'spec.maxUnavailable', /is negative/, o => { o.spec.maxUnavailable = 0; }],
  ['PDB minAvailable "2" as a string', 'PodDisruptionBudget', o => { delete o.spec.maxUnavailable; o.spec.minAvailable = '2'; }, 'spec.minAvailable', /neither a number nor a percentage/,
    o => { delete o.spec.maxUnavailable; o.spec.minAvailable = '20%'; }],
  ['PDB over 100%', 'PodDisruptionBudget', o => { o.spec.maxUnavailable = '101%'; }, 'spec.maxUnavailable', /more than 100%/, o => { o.spec.maxUnavailable = '100%'; }],
  ['PDB selector', 'PodDisruptionBudget', o => { o.spec.selector = { matchExpressions: [{ key: 'app', operator: 'In', values: [] }] }; }, 'spec.selector.matchExpressions[0].values', /needs at least one value/,
    o => { o.spec.selector = { matchExpressions: [{ key: 'app', operator: 'NotIn', values: ['db'] }] }; }],
  ['PDB unhealthyPodEvictionPolicy', 'PodDisruptionBudget', o => { o.spec.unhealthyPodEvictionPolicy = 'Always'; }, 'spec.unhealthyPodEvictionPolicy', /not supported/,
    o => { o.spec.unhealthyPodEvictionPolicy = 'AlwaysAllow'; }],

  // ValidateNetworkPolicySpec, ValidateNetworkPolicyPort, ValidateNetworkPolicyPeer, ValidateIPBlock
  ['NetworkPolicy podSelector', 'NetworkPolicy', o => { o.spec.podSelector = { matchLabels: { 'a b': 'c' } }; }, 'spec.podSelector.matchLabels.a b', /label key "a b" has a name part/, o => { o.spec.podSelector = {}; }],
  ['NetworkPolicy policyTypes value', 'NetworkPolicy', o => { o.spec.policyTypes = ['Inbound']; }, 'spec.policyTypes[0]', /not supported/, o => { o.spec.policyTypes = ['Egress']; }],
  ['NetworkPolicy three policyTypes', 'NetworkPolicy', o => { o.spec.policyTypes = ['Ingress', 'Egress', 'Ingress']; }, 'spec.policyTypes', /holds 3 values/, o => { o.spec.policyTypes = ['Ingress']; }],
  ['NetworkPolicy endPort below port', 'NetworkPolicy', o => { o.spec.ingress[0].ports = [{ port: 8080, endPort: 80 }]; }, 'spec.ingress[0].ports[0].endPort', /less than port/,
    o => { o.spec.ingress[0].ports = [{ port: 80, endPort: 80 }]; }],
  ['NetworkPolicy endPort with a named port', 'NetworkPolicy', o => { o.spec.ingress[0].ports = [{ port: 'http', endPort: 90 }]; }, 'spec.ingress[0].ports[0].endPort', /port is a name/,
    o => { o.spec.ingress[0].ports = [{ port: 'http' }]; }],
  ['NetworkPolicy endPort without port', 'NetworkPolicy', o => { o.spec.ingress[0].ports = [{ endPort: 90 }]; }, 'spec.ingress[0].ports[0].endPort', /when port is not/,
    o => { o.spec.ingress[0].ports = [{ protocol: 'UDP' }]; }],
  ['NetworkPolicy port 0', 'NetworkPolicy', o => { o.spec.ingress[0].ports = [{ port: 0 }]; }, 'spec.ingress[0].ports[0].port', /not a port number/, o => { o.spec.ingress[0].ports = [{ port: 1 }]; }],
  ['NetworkPolicy port "80" as a string', 'NetworkPolicy', o => { o.spec.ingress[0].ports = [{ port: '80' }]; }, 'spec.ingress[0].ports[0].port', /not a valid port name/,
    o => { o.spec.ingress[0].ports = [{ port: 'metrics' }]; }],
  ['NetworkPolicy empty peer', 'NetworkPolicy', o => { o.spec.ingress[0].from = [{}]; }, 'spec.ingress[0].from[0]', /names no peer/,
    o => { o.spec.ingress[0].from = [{ namespaceSelector: {}, podSelector: {} }]; }],
  ['NetworkPolicy ipBlock with a selector', 'NetworkPolicy', o => { o.spec.egress[0].to[0].podSelector = {}; }, 'spec.egress[0].to[0]', /combines ipBlock with a selector/,
    o => { o.spec.egress[0].to.push({ podSelector: {} }); }],
  ['NetworkPolicy ipBlock cidr', 'NetworkPolicy', o => { o.spec.egress[0].to[0].ipBlock = { cidr: '10.0.0.0/33' }; }, 'spec.egress[0].to[0].ipBlock.cidr', /not a valid CIDR/,
    o => { o.spec.egress[0].to[0].ipBlock = { cidr: '10.0.0.1/24' }; }],
  ['NetworkPolicy except outside cidr', 'NetworkPolicy', o => { o.spec.egress[0].to[0].ipBlock.except = ['10.1.0.0/24']; }, 'spec.egress[0].to[0].ipBlock.except[0]', /not a strict subset/,
    o => { o.spec.egress[0].to[0].ipBlock = { cidr: 'fd00::/48', except: ['fd00:0:0:1::/64'] }; }],
  ['NetworkPolicy except equal to cidr', 'NetworkPolicy', o => { o.spec.egress[0].to[0].ipBlock.except = ['10.0.0.0/16']; }, 'spec.egress[0].to[0].ipBlock.except[0]', /not a strict subset/,
    o => { o.spec.egress[0].to[0].ipBlock.except = ['10.0.0.0/17']; }],
];

describe.each(CASES)('%s', (_name, kind, breakIt, field, pattern, fixIt) => {
  test('breaks: an error at the field', () => {
    const o = BASES[kind]();
    breakIt(o);
    expect(errorsOf(o)).toContainEqual(expect.objectContaining({ kind, field, message: expect.stringMatching(pattern) }));
  });
  test('passes: a valid variant has no error at the field', () => {
    const o = BASES[kind]();
    fixIt(o);
    expect(errorsOf(o).map(f => `${f.field}: ${f.message}`)).toEqual([]);
  });
});

test('a nodePort outside the default range is a warning (the allocator checks the cluster\'s range)', () => {
  const o = svc();
  o.spec.type = 'NodePort';
  o.spec.ports[0].nodePort = 8080;
  const found = findingsOf(o);
  expect(found).toContainEqual(expect.objectContaining({ severity: 'warning', check: 'service', field: 'spec.ports[0].nodePort', message: expect.stringMatching(/outside the default node port range/) }));
  o.spec.ports[0].nodePort = 32767;
  expect(findingsOf(o).filter(f => f.field === 'spec.ports[0].nodePort')).toEqual([]);
});

test('every rule finding names its rule set in check', () => {
  const o = svc();
  o.spec.ports[0].targetPort = '8080';
  expect(errorsOf(o)).toEqual([expect.objectContaining({ check: 'service', field: 'spec.ports[0].targetPort', fix: expect.stringMatching(/without quotes \(targetPort: 8080\)/) })]);
});

describe('CIDR containment of ValidateIPBlock (syntax.ts)', () => {
  test.each([
    ['10.0.0.0/8', '10.255.0.0/16', true],
    ['10.0.0.0/8', '11.0.0.0/16', false],
    ['10.0.0.0/8', '10.0.0.0/8', false],
    ['010.0.0.0/8', '10.1.2.3/32', true],
    ['0.0.0.0/0', '192.168.1.0/24', true],
    ['fd00::/48', 'fd00:0:0:ffff::/64', true],
    ['fd00::/48', 'fd00:0:1::/64', false],
    ['::ffff:0:0/96', '::ffff:10.0.0.0/104', true],
    ['2001:db8::/32', '2001:db8:0:0:0:0:0:1/128', true],
    ['10.0.0.0/8', 'fd00::/64', false],
  ])('%s contains %s strictly: %s', (outer, inner, expected) => {
    expect(isStrictSubnet(parseCidr(outer)!, parseCidr(inner)!)).toBe(expected);
  });
  test.each(['10.0.0.0', '10.0.0.0/33', '10.0.0.256/8', 'fd00::/129', 'x/8', '10.0.0.0/-1'])('%s is not a CIDR', value => {
    expect(parseCidr(value)).toBeUndefined();
  });
});

test('a claim\'s dataSourceRef.namespace is a warning: the server drops it while the alpha gate is off', () => {
  const o = pvc();
  o.spec.dataSourceRef = { apiGroup: 'snapshot.storage.k8s.io', kind: 'VolumeSnapshot', name: 's', namespace: 'other' };
  expect(findingsOf(o)).toContainEqual(expect.objectContaining({ severity: 'warning', field: 'spec.dataSourceRef.namespace' }));
  expect(errorsOf(o)).toEqual([]);
  delete o.spec.dataSourceRef.namespace;
  expect(findingsOf(o).filter(f => f.field.startsWith('spec.dataSourceRef'))).toEqual([]);
});
