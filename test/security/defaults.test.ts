import { Size } from 'cdk8s';
import { Protocol } from 'cdk8s-plus-27';
import {
  DisruptionBudget, NetworkPeer, NfsStorage, PodSpread, SeccompProfile, SecurityBaseline, StatefulWorkload,
  StatefulWorkloadProps, VolumeClaimTemplate, WorkloadNetworkPolicy,
} from '../../lib';
import { expectStrictlyValid, find, newChart, ofKind, synth } from '../util';

function build(props: Partial<StatefulWorkloadProps> = {}, withData = false): any[] {
  const chart = newChart();
  const data = new VolumeClaimTemplate({ name: 'data', storageSize: Size.mebibytes(100), storageClassName: 'sc', nfs: NfsStorage.staticVolumes({ server: 'nfs', preBind: false }) });
  new StatefulWorkload(chart, 'app', {
    image: 'nginx:1.25',
    ports: [{ containerPort: 8080, name: 'http' }],
    ...(withData ? { volumeClaimTemplates: [data], volumeMounts: [{ path: '/data', template: data }] } : {}),
    ...props,
  });
  return synth(chart);
}
const podSpec = (out: any[]) => find(out, 'StatefulSet', 'app').spec.template.spec;
const containerOf = (out: any[]) => podSpec(out).containers[0];

describe('restricted by default', () => {
  const out = build({}, true);

  test('pod: runAsNonRoot and seccomp RuntimeDefault; no service account token', () => {
    expect(podSpec(out).securityContext).toStrictEqual({ runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } });
    expect(podSpec(out).automountServiceAccountToken).toBe(false);
  });

  test('container: no privilege escalation, all capabilities dropped, read-only root filesystem', () => {
    expect(containerOf(out).securityContext).toStrictEqual({
      allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] }, readOnlyRootFilesystem: true,
    });
  });

  test('a writable emptyDir at /tmp, after the claim mounts', () => {
    expect(podSpec(out).volumes).toStrictEqual([{ name: 'tmp', emptyDir: {} }]);
    expect(containerOf(out).volumeMounts).toStrictEqual([{ name: 'data', mountPath: '/data' }, { name: 'tmp', mountPath: '/tmp' }]);
  });

  test('the output validates strictly', () => {
    expectStrictlyValid(out);
  });
});

describe('every relaxation is an explicit prop', () => {
  test('a writable root filesystem drops the /tmp volume', () => {
    const out = build({ containerSecurity: { readOnlyRootFilesystem: false } });
    expect(containerOf(out).securityContext.readOnlyRootFilesystem).toBe(false);
    expect(podSpec(out).volumes).toBeUndefined();
    expect(containerOf(out).volumeMounts).toBeUndefined();
  });

  test('writableTmp false keeps the root read-only without /tmp', () => {
    const out = build({ writableTmp: false });
    expect(containerOf(out).securityContext.readOnlyRootFilesystem).toBe(true);
    expect(podSpec(out).volumes).toBeUndefined();
  });

  test('running as root needs runAsNonRoot false, and says so otherwise', () => {
    expect(() => build({ podSecurity: { runAsUser: 0 } })).toThrow(/statefulset app: runAsUser 0 is root, but runAsNonRoot is true \(the restricted default\); run as a non-root user id such as 1000, or set podSecurity.runAsNonRoot to false/);
    const out = build({ podSecurity: { runAsUser: 0, runAsNonRoot: false } });
    expect(podSpec(out).securityContext).toStrictEqual({ runAsUser: 0, runAsNonRoot: false, seccompProfile: { type: 'RuntimeDefault' } });
  });

  test('capabilities can be added; the ALL drop stays unless overridden', () => {
    const out = build({ containerSecurity: { capabilitiesAdd: ['NET_BIND_SERVICE'] } });
    expect(containerOf(out).securityContext.capabilities).toStrictEqual({ add: ['NET_BIND_SERVICE'], drop: ['ALL'] });
    const none = build({ containerSecurity: { capabilitiesDrop: [] } });
    expect(containerOf(none).securityContext.capabilities).toStrictEqual({ drop: [] });
  });

  test('privileged drops the allowPrivilegeEscalation default, and a contradiction is refused', () => {
    const out = build({ containerSecurity: { privileged: true } });
    expect(containerOf(out).securityContext.privileged).toBe(true);
    expect(containerOf(out).securityContext.allowPrivilegeEscalation).toBeUndefined();
    expect(() => build({ containerSecurity: { privileged: true, allowPrivilegeEscalation: false } }))
      .toThrow(/statefulset app: containerSecurity.privileged is true but allowPrivilegeEscalation is false, which Kubernetes rejects/);
  });

  test('seccomp Unconfined and the service account token are explicit', () => {
    const out = build({ podSecurity: { seccompProfile: SeccompProfile.UNCONFINED }, automountServiceAccountToken: true });
    expect(podSpec(out).securityContext.seccompProfile).toStrictEqual({ type: 'Unconfined' });
    expect(podSpec(out).automountServiceAccountToken).toBe(true);
  });

  test('SecurityBaseline.NONE writes only what is set', () => {
    const out = build({ securityBaseline: SecurityBaseline.NONE });
    expect(podSpec(out).securityContext).toBeUndefined();
    expect(podSpec(out).automountServiceAccountToken).toBeUndefined();
    expect(podSpec(out).volumes).toBeUndefined();
    expect(containerOf(out).securityContext).toBeUndefined();
    const some = build({ securityBaseline: SecurityBaseline.NONE, containerSecurity: { readOnlyRootFilesystem: true } });
    expect(containerOf(some).securityContext).toStrictEqual({ readOnlyRootFilesystem: true });
    expect(containerOf(some).volumeMounts).toStrictEqual([{ name: 'tmp', mountPath: '/tmp' }]);
  });

  test('bad security values are refused with the field and the fix', () => {
    expect(() => build({ podSecurity: { runAsUser: -1 } })).toThrow(/statefulset app: podSecurity.runAsUser -1 is not a user or group id; use a whole number from 0 to 2147483647/);
    expect(() => build({ podSecurity: { fsGroup: 1.5 } })).toThrow(/podSecurity.fsGroup 1.5 is not a user or group id/);
    expect(() => build({ containerSecurity: { capabilitiesAdd: ['CAP_NET_ADMIN'] } })).toThrow(/capabilitiesAdd entry "CAP_NET_ADMIN" is not a capability name; use upper-case names without the CAP_ prefix/);
    expect(() => build({ containerSecurity: { capabilitiesDrop: ['all'] } })).toThrow(/capabilitiesDrop entry "all" is not a capability name/);
    expect(() => build({ securityBaseline: 'strict' as any })).toThrow(/securityBaseline "strict" is not one of restricted, none; use SecurityBaseline/);
    expect(() => build({ podSecurity: { seccompProfile: 'Localhost' as any } })).toThrow(/podSecurity.seccompProfile "Localhost" is not one of RuntimeDefault, Unconfined/);
  });

  test('a static template\'s storage class is its own: sharing it would let other claims take its volumes', () => {
    const chart = newChart();
    const logs = new VolumeClaimTemplate({ name: 'logs', storageSize: Size.mebibytes(1), storageClassName: 'sc', nfs: NfsStorage.staticVolumes({ server: 'nfs', exportPathPattern: '/logs{number}' }) });
    const data = new VolumeClaimTemplate({ name: 'data', storageSize: Size.mebibytes(1), storageClassName: 'sc' });
    expect(() => new StatefulWorkload(chart, 'a', { image: 'x', namespace: 'ns', volumeClaimTemplates: [logs, data] }))
      .toThrow(/^statefulset a: claim templates logs and data both ask for storage class "sc", which holds the static nfs volumes of logs, so claims of data could bind them or stay pending; give each template its own storageClassName$/);
    expect(() => new StatefulWorkload(chart, 'b', { image: 'x', namespace: 'ns', volumeClaimTemplates: [data, logs] }))
      .toThrow(/^statefulset b: claim templates data and logs both ask for storage class "sc", which holds the static nfs volumes of logs, so claims of data could bind them/);
    const other = new VolumeClaimTemplate({ name: 'data', storageSize: Size.mebibytes(1), storageClassName: 'other' });
    expect(() => new StatefulWorkload(chart, 'c', { image: 'x', namespace: 'ns', volumeClaimTemplates: [logs, other] })).not.toThrow();
  });

  test('the tmp volume name and path are reserved while it exists', () => {
    const chart = newChart();
    const tmp = new VolumeClaimTemplate({ name: 'tmp', storageSize: Size.mebibytes(1) });
    expect(() => new StatefulWorkload(chart, 'a', { image: 'x', volumeClaimTemplates: [tmp] }))
      .toThrow(/statefulset a: volume claim template tmp has the name of the writable \/tmp volume; rename the template, or set writableTmp to false/);
    const data = new VolumeClaimTemplate({ name: 'data', storageSize: Size.mebibytes(1) });
    expect(() => new StatefulWorkload(chart, 'b', { image: 'x', volumeClaimTemplates: [data], volumeMounts: [{ path: '/tmp/', template: data }] }))
      .toThrow(/statefulset b: mount path \/tmp\/ is where the writable tmp volume goes; mount elsewhere, or set writableTmp to false/);
    expect(() => new StatefulWorkload(chart, 'c', { image: 'x', writableTmp: false, volumeClaimTemplates: [data], volumeMounts: [{ path: '/tmp', template: data }] })).not.toThrow();
  });
});

describe('availability', () => {
  test('a PodDisruptionBudget with maxUnavailable 1 when replicas > 1, none for one replica', () => {
    const out = build({ replicas: 2, namespace: 'prod', labels: { team: 'a' } });
    expect(find(out, 'PodDisruptionBudget', 'app')).toStrictEqual({
      apiVersion: 'policy/v1', kind: 'PodDisruptionBudget',
      metadata: { name: 'app', namespace: 'prod', labels: { team: 'a' } },
      spec: { maxUnavailable: 1, selector: { matchLabels: { 'app.kubernetes.io/name': 'app' } } },
    });
    expect(ofKind(build({ replicas: 1 }), 'PodDisruptionBudget')).toEqual([]);
    expect(ofKind(build({ replicas: 3, podDisruptionBudget: false }), 'PodDisruptionBudget')).toEqual([]);
    expect(ofKind(build({ replicas: 1, podDisruptionBudget: true }), 'PodDisruptionBudget')).toHaveLength(1);
  });

  test('a NetworkPolicy keeps pod-to-pod traffic in the set and admits the container ports from the chosen peers', () => {
    const out = build({
      ports: [{ containerPort: 8080, name: 'http' }, { containerPort: 9000, protocol: Protocol.UDP }],
      networkPolicy: { allowFrom: [NetworkPeer.namespacesWithLabels({ 'kubernetes.io/metadata.name': 'ingress' }), NetworkPeer.ipBlock('10.0.0.0/8', ['10.1.0.0/16'])] },
    });
    const own = { matchLabels: { 'app.kubernetes.io/name': 'app' } };
    expect(find(out, 'NetworkPolicy', 'app').spec).toStrictEqual({
      podSelector: own,
      policyTypes: ['Ingress'],
      ingress: [
        { from: [{ podSelector: own }] },
        {
          from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'ingress' } } }, { ipBlock: { cidr: '10.0.0.0/8', except: ['10.1.0.0/16'] } }],
          ports: [{ port: 8080 }, { port: 9000, protocol: 'UDP' }],
        },
      ],
    });
    expectStrictlyValid(out);
    const closed = build({ networkPolicy: {} });
    expect(find(closed, 'NetworkPolicy', 'app').spec.ingress).toStrictEqual([{ from: [{ podSelector: own }] }]);
    expect(ofKind(build(), 'NetworkPolicy')).toEqual([]);
  });

  test('pod spread: anti-affinity or topology spread', () => {
    const own = { matchLabels: { 'app.kubernetes.io/name': 'app' } };
    expect(podSpec(build({ podSpread: PodSpread.PREFERRED_ANTI_AFFINITY })).affinity).toStrictEqual({
      podAntiAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 100, podAffinityTerm: { labelSelector: own, topologyKey: 'kubernetes.io/hostname' } }] },
    });
    expect(podSpec(build({ podSpread: PodSpread.REQUIRED_ANTI_AFFINITY, podSpreadTopologyKey: 'topology.kubernetes.io/zone' })).affinity).toStrictEqual({
      podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ labelSelector: own, topologyKey: 'topology.kubernetes.io/zone' }] },
    });
    const spread = podSpec(build({ podSpread: PodSpread.TOPOLOGY_SPREAD }));
    expect(spread.topologySpreadConstraints).toStrictEqual([{ maxSkew: 1, topologyKey: 'kubernetes.io/hostname', whenUnsatisfiable: 'ScheduleAnyway', labelSelector: own }]);
    expect(spread.affinity).toBeUndefined();
    expect(podSpec(build()).affinity).toBeUndefined();
    expectStrictlyValid(build({ podSpread: PodSpread.TOPOLOGY_SPREAD }));
  });

  test('PDB, NetworkPolicy and spread select exactly what the StatefulSet selects', () => {
    const selectorLabels = { name: 'db', tier: 'storage' };
    const out = build({ replicas: 3, selectorLabels, podLabels: { extra: 'x' }, networkPolicy: { allowFrom: [NetworkPeer.allPodsInNamespace()] }, podSpread: PodSpread.REQUIRED_ANTI_AFFINITY });
    const sts = find(out, 'StatefulSet', 'app');
    const selector = sts.spec.selector.matchLabels;
    expect(selector).toStrictEqual(selectorLabels);
    expect(find(out, 'PodDisruptionBudget', 'app').spec.selector.matchLabels).toStrictEqual(selector);
    const np = find(out, 'NetworkPolicy', 'app').spec;
    expect(np.podSelector.matchLabels).toStrictEqual(selector);
    expect(np.ingress[0].from[0].podSelector.matchLabels).toStrictEqual(selector);
    expect(np.ingress[1].from).toStrictEqual([{ podSelector: {} }]);
    expect(sts.spec.template.spec.affinity.podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution[0].labelSelector.matchLabels).toStrictEqual(selector);
    expect(find(out, 'Service', 'app-headless').spec.selector).toStrictEqual(selector);
  });

  test('bad availability props are refused with the field and the fix', () => {
    expect(() => build({ podSpread: 'spread' as any })).toThrow(/statefulset app: podSpread "spread" is not one of none, preferred-anti-affinity, required-anti-affinity, topology-spread; use PodSpread/);
    expect(() => build({ podSpreadTopologyKey: 'bad key' })).toThrow(/podSpreadTopologyKey key "bad key" is not a valid label key/);
    expect(() => build({ ports: [], networkPolicy: { allowFrom: [NetworkPeer.allPodsInNamespace()] } })).toThrow(/networkpolicy "app": allowFrom names 1 peer\(s\) but there are no ports to admit them to/);
    expect(() => NetworkPeer.ipBlock('10.0.0.0')).toThrow(/network peer: ipBlock "10.0.0.0" is not a CIDR block; give e.g. 10.0.0.0\/8/);
    expect(() => NetworkPeer.podsWithLabels({})).toThrow(/network peer: podsWithLabels is empty, which would admit every pod; give at least one label, or use NetworkPeer.allPodsInNamespace\(\)/);
    expect(() => build({ podDisruptionBudget: 'yes' as any })).toThrow(/podDisruptionBudget "yes" is not a boolean; give true or false/);
    const chart = newChart();
    expect(() => new DisruptionBudget(chart, 'pdb', { selectorLabels: { a: 'b' }, maxUnavailable: 0 })).toThrow(/poddisruptionbudget "pdb": maxUnavailable 0 is not a whole number >= 1; give e.g. 1 \(0 would block node drains forever\)/);
    expect(() => new DisruptionBudget(chart, 'pdb2', { selectorLabels: {} })).toThrow(/poddisruptionbudget "pdb2": selectorLabels is empty, which would select every pod in the namespace/);
    expect(() => new WorkloadNetworkPolicy(chart, 'np', { selectorLabels: {} })).toThrow(/networkpolicy "np": selectorLabels is empty, which would isolate every pod in the namespace/);
  });
});
