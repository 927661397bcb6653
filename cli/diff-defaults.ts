/**
 * The two sides of `diff` as the API server stores them, so that values it
 * defaults or drops are no change: `null` is unset (dropped), and the fields
 * the defaulting functions of Kubernetes 1.27 fill in are filled in the same
 * way. Only fields that `diff` compares are defaulted.
 *
 * Nulls are dropped by normalize.ts `dropNulls` (as for every command), here
 * on a copy, so that `diffManifests` compares stored forms whatever its caller.
 *
 * Sources: pkg/apis/apps/v1/defaults.go `SetDefaults_StatefulSet`;
 * pkg/apis/core/v1/defaults.go `SetDefaults_Service`,
 * `SetDefaults_PersistentVolume`, `SetDefaults_PersistentVolumeClaimSpec`;
 * pkg/apis/storage/v1/defaults.go `SetDefaults_StorageClass`.
 */
import { dropNulls } from './normalize';

const isMap = (x: unknown): x is { [k: string]: any } => typeof x === 'object' && x !== null && !Array.isArray(x);

/** Sets `object[key]` to `value` when it is unset. */
function fill(object: { [k: string]: any }, key: string, value: unknown): void {
  if (object[key] === undefined) object[key] = value;
}

/** The map at `object[key]`, created when unset; undefined when something else is there. */
function mapAt(object: { [k: string]: any }, key: string): { [k: string]: any } | undefined {
  if (object[key] === undefined) object[key] = {};
  return isMap(object[key]) ? object[key] : undefined;
}

/** `SetDefaults_PersistentVolumeClaimSpec`: volumeMode Filesystem. */
function defaultClaimSpec(spec: unknown): void {
  if (isMap(spec)) fill(spec, 'volumeMode', 'Filesystem');
}

/** `SetDefaults_StatefulSet`, and the claim templates as stored (no apiVersion, kind or status). */
function defaultStatefulSet(o: { [k: string]: any }): void {
  const spec = mapAt(o, 'spec');
  if (!spec) return;
  fill(spec, 'replicas', 1);
  fill(spec, 'podManagementPolicy', 'OrderedReady');
  fill(spec, 'revisionHistoryLimit', 10);
  const strategy = mapAt(spec, 'updateStrategy');
  if (strategy) {
    if (strategy.type === undefined) {
      strategy.type = 'RollingUpdate';
      fill(strategy, 'rollingUpdate', {});
    }
    if (strategy.type === 'RollingUpdate' && isMap(strategy.rollingUpdate)) fill(strategy.rollingUpdate, 'partition', 0);
  }
  // StatefulSetAutoDeletePVC (beta in 1.27, on): both policies default to Retain.
  const retention = mapAt(spec, 'persistentVolumeClaimRetentionPolicy');
  if (retention) {
    fill(retention, 'whenDeleted', 'Retain');
    fill(retention, 'whenScaled', 'Retain');
  }
  if (Array.isArray(spec.volumeClaimTemplates)) {
    spec.volumeClaimTemplates = spec.volumeClaimTemplates.map((t: any) => {
      if (!isMap(t)) return t;
      const { apiVersion, kind, status, ...rest } = t;
      void apiVersion; void kind; void status;
      defaultClaimSpec(rest.spec);
      return rest;
    });
  }
}

/** `SetDefaults_Service` (type, sessionAffinity, traffic policies, port protocol and targetPort). */
function defaultService(o: { [k: string]: any }): void {
  const spec = mapAt(o, 'spec');
  if (!spec) return;
  fill(spec, 'type', 'ClusterIP');
  fill(spec, 'sessionAffinity', 'None');
  if (spec.sessionAffinity === 'None') delete spec.sessionAffinityConfig;
  if (spec.sessionAffinity === 'ClientIP') {
    const config = mapAt(spec, 'sessionAffinityConfig');
    const clientIP = config && mapAt(config, 'clientIP');
    if (clientIP) fill(clientIP, 'timeoutSeconds', 10800);
  }
  if (spec.type !== 'ExternalName') fill(spec, 'internalTrafficPolicy', 'Cluster');
  if (spec.type === 'NodePort' || spec.type === 'LoadBalancer') fill(spec, 'externalTrafficPolicy', 'Cluster');
  if (spec.type === 'LoadBalancer') fill(spec, 'allocateLoadBalancerNodePorts', true);
  if (Array.isArray(spec.ports)) {
    for (const p of spec.ports) {
      if (!isMap(p)) continue;
      fill(p, 'protocol', 'TCP');
      if (p.targetPort === undefined || p.targetPort === 0 || p.targetPort === '') p.targetPort = p.port;
    }
  }
}

/** The object as the API server stores it, for comparison; the input is not changed. */
export function asStored(object: unknown): any {
  const o = dropNulls(structuredClone(object));
  if (!isMap(o)) return o;
  delete o.status;
  if (isMap(o.metadata)) delete o.metadata.creationTimestamp;
  switch (o.kind) {
    case 'StatefulSet': defaultStatefulSet(o); break;
    case 'Service': defaultService(o); break;
    case 'PersistentVolume': {
      const spec = mapAt(o, 'spec');
      if (spec) {
        fill(spec, 'persistentVolumeReclaimPolicy', 'Retain');
        fill(spec, 'volumeMode', 'Filesystem');
      }
      break;
    }
    case 'PersistentVolumeClaim': defaultClaimSpec(mapAt(o, 'spec')); break;
    case 'StorageClass':
      // An empty parameters map is stored as none.
      if (isMap(o.parameters) && Object.keys(o.parameters).length === 0) delete o.parameters;
      fill(o, 'reclaimPolicy', 'Delete');
      fill(o, 'volumeBindingMode', 'Immediate');
      break;
  }
  return o;
}
