/**
 * No shape of input crashes the per-kind rules or the lints (cli/rules/):
 * any YAML value at any field of a valid object is a finding or nothing.
 */
import * as fc from 'fast-check';
import { Finding } from '../../cli/findings';
import { checkObjects } from '../../cli/rules/objects';
import { PodTemplate, PodTemplateIndex } from '../../cli/rules/templates';

const VALID: any[] = [
  { apiVersion: 'v1', kind: 'PersistentVolume', metadata: { name: 'pv' }, spec: {
    capacity: { storage: '1Gi' }, accessModes: ['ReadWriteOnce'], storageClassName: 'nfs', nfs: { server: 's', path: '/p' },
    nodeAffinity: { required: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'k', operator: 'In', values: ['v'] }], matchFields: [{ key: 'metadata.name', operator: 'In', values: ['n'] }] }] } },
    csi: { driver: 'd', volumeHandle: 'h', nodePublishSecretRef: { name: 's', namespace: 'n' } }, hostPath: { path: '/h', type: 'Directory' }, local: { path: '/l' } } },
  { apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name: 'c' }, spec: {
    accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } }, selector: { matchLabels: { a: 'b' }, matchExpressions: [{ key: 'k', operator: 'In', values: ['v'] }] },
    dataSource: { kind: 'PersistentVolumeClaim', name: 'x' }, dataSourceRef: { kind: 'PersistentVolumeClaim', name: 'x' } } },
  { apiVersion: 'storage.k8s.io/v1', kind: 'StorageClass', metadata: { name: 'sc' }, provisioner: 'p', parameters: { a: 'b' },
    allowedTopologies: [{ matchLabelExpressions: [{ key: 'zone', values: ['a'] }] }] },
  { apiVersion: 'v1', kind: 'Service', metadata: { name: 's' }, spec: {
    type: 'LoadBalancer', selector: { app: 'a' }, clusterIP: '10.0.0.1', clusterIPs: ['10.0.0.1'], ipFamilies: ['IPv4'], ipFamilyPolicy: 'SingleStack',
    ports: [{ name: 'p', port: 80, targetPort: 'http', nodePort: 30000, appProtocol: 'http' }], sessionAffinity: 'ClientIP',
    sessionAffinityConfig: { clientIP: { timeoutSeconds: 10 } }, externalIPs: ['192.0.2.1'], externalTrafficPolicy: 'Local', healthCheckNodePort: 30001,
    loadBalancerSourceRanges: ['10.0.0.0/8'], loadBalancerClass: 'a/b', externalName: 'x' } },
  { apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: { name: 'p' }, spec: { minAvailable: '50%', selector: { matchLabels: { app: 'a' } }, unhealthyPodEvictionPolicy: 'AlwaysAllow' } },
  { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name: 'n' }, spec: {
    podSelector: { matchLabels: { app: 'a' } }, policyTypes: ['Ingress'],
    ingress: [{ ports: [{ port: 80, endPort: 90, protocol: 'TCP' }], from: [{ ipBlock: { cidr: '10.0.0.0/8', except: ['10.1.0.0/16'] } }, { podSelector: {} }] }],
    egress: [{ to: [{ namespaceSelector: { matchLabels: { a: 'b' } } }] }] } },
  { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'sa' } },
  { apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: { name: 'a' }, spec: {
    replicas: 3, podManagementPolicy: 'OrderedReady', selector: { matchLabels: { app: 'a' } },
    template: { metadata: { labels: { app: 'a' } }, spec: {
      serviceAccountName: 'other', topologySpreadConstraints: [{ topologyKey: 'kubernetes.io/hostname', labelSelector: { matchLabels: { app: 'a' } } }],
      affinity: { podAntiAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 1, podAffinityTerm: { topologyKey: 'kubernetes.io/hostname', labelSelector: { matchLabels: { app: 'a' } }, namespaces: ['default'] } }] } },
      containers: [{ name: 'c', ports: [{ name: 'http', containerPort: 80, protocol: 'TCP' }], env: [{ name: 'A' }, { name: 'A' }],
        readinessProbe: { httpGet: { port: 'http' } }, livenessProbe: { tcpSocket: { port: 81 } }, startupProbe: { grpc: { port: 80 } } }],
    } } } },
];

/** Every path of an object, containers and leaves. */
function paths(value: any, prefix: (string | number)[] = []): (string | number)[][] {
  if (value === null || typeof value !== 'object') return [prefix];
  const keys: (string | number)[] = Array.isArray(value) ? value.map((_, i) => i) : Object.keys(value);
  return [prefix, ...keys.flatMap(k => paths(value[k], [...prefix, k]))];
}

function setAt(object: any, path: (string | number)[], value: unknown): any {
  if (path.length === 0) return value;
  const copy = structuredClone(object);
  let node = copy;
  for (const k of path.slice(0, -1)) node = node[k];
  node[path[path.length - 1]] = value;
  return copy;
}

function run(objects: any[]): Finding[] {
  const manifests = objects.map((object, i) => ({ file: 'set.yaml', line: i + 1, object }));
  const templates: PodTemplate[] = manifests.filter(m => m.object?.kind === 'StatefulSet').map(m => ({
    m, kind: 'StatefulSet', namespace: 'default', labels: m.object?.spec?.template?.metadata?.labels ?? {},
    podSpec: m.object?.spec?.template?.spec, path: 'spec.template.spec',
  }));
  const findings: Finding[] = [];
  checkObjects(manifests, new PodTemplateIndex(templates), findings);
  return findings;
}

const yamlValue = fc.oneof(
  fc.constant(null), fc.boolean(), fc.integer(), fc.double(), fc.string(), fc.constant(''), fc.constant('None'), fc.constant('%'),
  fc.array(fc.oneof(fc.string(), fc.integer(), fc.constant(null), fc.dictionary(fc.string(), fc.string()))),
  fc.dictionary(fc.string(), fc.oneof(fc.string(), fc.integer(), fc.constant(null), fc.array(fc.string()))),
);

test.each(VALID.map(o => [o.kind, o]))('any value at any field of a %s is a finding or nothing, never a crash', (_kind, valid) => {
  const all = paths(valid);
  fc.assert(fc.property(fc.integer({ min: 0, max: all.length - 1 }), yamlValue, (i, value) => {
    const objects = VALID.map(o => (o === valid ? setAt(o, all[i], value) : o));
    for (const f of run(objects)) {
      expect(typeof f.message).toBe('string');
      expect(f.message).not.toMatch(/\n/);
    }
  }), { numRuns: 300 });
});
