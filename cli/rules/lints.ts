/**
 * Warnings with the meaning of kube-linter's checks (stackrox/kube-linter,
 * docs/generated/checks.md; the check name is each finding's `check`). The
 * API server accepts all of these; they flag what will not work as meant.
 */
import { Finding, finder, idOf } from '../findings';
import { selectorMatches } from '../labels';
import { Manifest } from '../load';
import { isSet, list } from './shape';
import { map, show } from './syntax';
import { PodTemplate, PodTemplateIndex } from './templates';

/** Kinds whose `spec.replicas` (default 1) counts pods of one template. */
const REPLICATED = new Set(['StatefulSet', 'Deployment', 'ReplicaSet', 'ReplicationController']);

/** kube-linter's default anti-affinity topology key (`defaultTopologyKeyMatcher`). */
const HOSTNAME = 'kubernetes.io/hostname';

function replicasOf(t: PodTemplate): number | undefined {
  if (!REPLICATED.has(t.kind)) return undefined;
  const r = t.m.object?.spec?.replicas;
  return typeof r === 'number' ? r : isSet(r) ? undefined : 1;
}

/** Runs every lint; linear in the objects (selectors go through the index). */
export function lintObjects(manifests: readonly Manifest[], index: PodTemplateIndex, findings: Finding[]): void {
  const serviceAccounts = new Map<string, Set<string>>();
  for (const m of manifests) {
    if (m.object?.kind !== 'ServiceAccount') continue;
    const { namespace, name } = idOf(m.object);
    const names = serviceAccounts.get(namespace ?? '') ?? new Set<string>();
    names.add(name);
    serviceAccounts.set(namespace ?? '', names);
  }
  for (const t of index.templates) lintTemplate(t, serviceAccounts, findings);

  for (const m of manifests) {
    const o = m.object;
    if (o === null || typeof o !== 'object' || Array.isArray(o)) continue;
    const namespace = idOf(o).namespace ?? '';
    const spec = map(o.spec);
    if (o.kind === 'PodDisruptionBudget') lintPdb(findings, m, spec, namespace, index);
    if (o.kind === 'Service' && spec.type !== 'ExternalName') {
      // dangling-service (a Service without selector has its endpoints managed by hand: not flagged)
      const selector = map(spec.selector);
      if (Object.keys(selector).length > 0 && index.selectMap(namespace, selector).length === 0) {
        finder(findings, 'dangling-service', m)('warning', 'spec.selector', `${JSON.stringify(selector)} selects no pod template of namespace ${namespace} in the set, so the Service has no endpoints`,
          'make the selector a subset of the pod template labels of the workload it serves');
      }
    }
    if (o.kind === 'NetworkPolicy' && isSet(spec.podSelector) && index.select(namespace, spec.podSelector).length === 0) {
      finder(findings, 'dangling-networkpolicy', m)('warning', 'spec.podSelector', `selects no pod template of namespace ${namespace} in the set, so the policy applies to nothing`,
        'match the pod template labels of the workload it should isolate');
    }
  }
}

/** pdb-max-unavailable and pdb-min-available: a budget that never allows a voluntary disruption (node drains hang). */
function lintPdb(findings: Finding[], m: Manifest, spec: any, namespace: string, index: PodTemplateIndex): void {
  const max = spec.maxUnavailable;
  if (max === 0 || (typeof max === 'string' && /^0+%$/.test(max))) {
    finder(findings, 'pdb-max-unavailable', m)('warning', 'spec.maxUnavailable', `is ${JSON.stringify(max)}, so no pod may ever be evicted and node drains hang`,
      'allow at least 1, or use minAvailable below the replica count');
  }
  const min = spec.minAvailable;
  if (!isSet(min) || !isSet(spec.selector)) return;
  const percent = typeof min === 'string' && /^[0-9]+%$/.test(min) ? Number(min.slice(0, -1)) : undefined;
  if (percent === 100) {
    finder(findings, 'pdb-min-available', m)('warning', 'spec.minAvailable', 'is 100%, so no pod may ever be evicted and node drains hang', 'use a lower percentage, or maxUnavailable: 1');
    return;
  }
  if (typeof min !== 'number' && percent === undefined) return;
  for (const t of index.select(namespace, spec.selector)) {
    const replicas = replicasOf(t);
    if (replicas === undefined) continue;
    const needed = percent === undefined ? min : Math.ceil(replicas * percent / 100);
    if (replicas <= needed) {
      finder(findings, 'pdb-min-available', m)('warning', 'spec.minAvailable', `is ${JSON.stringify(min)} while ${t.kind} ${show(t.m.object?.metadata?.name)} has ${replicas} replica${replicas === 1 ? '' : 's'}, so none may ever be evicted and node drains hang`,
        `use minAvailable below ${replicas}, or maxUnavailable: 1`);
    }
  }
}

function lintTemplate(t: PodTemplate, serviceAccounts: Map<string, Set<string>>, findings: Finding[]): void {
  const spec = map(t.podSpec);
  const containers = list(spec.containers);

  // non-existent-service-account: only when the set declares ServiceAccounts of the namespace (else they live in the cluster).
  const account = spec.serviceAccountName ?? spec.serviceAccount;
  const known = serviceAccounts.get(t.namespace);
  if (typeof account === 'string' && account !== '' && account !== 'default' && known && !known.has(account)) {
    finder(findings, 'non-existent-service-account', t.m)('warning', `${t.path}.serviceAccountName`,
      `names ServiceAccount ${account}, which the set does not declare in namespace ${t.namespace} (it declares ${[...known].sort().join(', ')})`,
      `add ServiceAccount ${account}, or name one of those`);
  }

  for (const group of ['initContainers', 'containers']) {
    list(spec[group]).forEach((c: any, i: number) => {
      const at = `${t.path}.${group}[${i}]`;
      const seen = new Set<string>();
      list(c?.env).forEach((e: any, j: number) => {
        const name = e?.name;
        if (typeof name !== 'string') return;
        if (seen.has(name)) {
          finder(findings, 'duplicate-env-var', t.m)('warning', `${at}.env[${j}].name`, `${name} is set twice in container ${show(c?.name)}; the later entry wins`, 'keep one entry per variable');
        }
        seen.add(name);
      });
      if (group === 'containers') lintProbePorts(t, c, at, findings);
    });
  }

  const replicas = replicasOf(t);
  if (replicas !== undefined && replicas >= 2 && !spreadsOverNodes(spec, t)) {
    finder(findings, 'no-anti-affinity', t.m)('warning', `${t.path}.affinity`,
      `${replicas} replicas with no pod anti-affinity or topology spread over ${HOSTNAME}, so they may all land on one node`,
      `add podAntiAffinity (preferred or required) with topologyKey ${HOSTNAME} and a labelSelector matching the pod labels`);
  }

  // no-readiness-probe, where it matters most: OrderedReady waits for each pod to be Ready before the next.
  if (t.kind === 'StatefulSet' && (t.m.object?.spec?.podManagementPolicy ?? 'OrderedReady') === 'OrderedReady' && (replicas ?? 0) > 1) {
    containers.forEach((c: any, i: number) => {
      if (!isSet(c?.readinessProbe)) {
        finder(findings, 'no-readiness-probe', t.m)('warning', `${t.path}.containers[${i}].readinessProbe`,
          `is missing in container ${show(c?.name)}, so under podManagementPolicy OrderedReady the next pod starts as soon as this one runs, ready or not`,
          'add a readinessProbe that passes only when the member can serve (e.g. has joined its peers)');
      }
    });
  }
}

/** liveness-port, readiness-port, startup-port (kube-linter `CheckProbePort`): the probe's port must be a TCP port the container declares. */
function lintProbePorts(t: PodTemplate, c: any, at: string, findings: Finding[]): void {
  const exposed = new Set<string>();
  for (const p of list(c?.ports)) {
    if (isSet(p?.protocol) && p.protocol !== 'TCP') continue;
    if (typeof p?.containerPort === 'number') exposed.add(`n:${p.containerPort}`);
    if (typeof p?.name === 'string') exposed.add(`s:${p.name}`);
  }
  for (const [key, check] of [['livenessProbe', 'liveness-port'], ['readinessProbe', 'readiness-port'], ['startupProbe', 'startup-port']]) {
    const probe = map(c?.[key]);
    for (const handler of ['httpGet', 'tcpSocket', 'grpc']) {
      const port = map(probe[handler]).port;
      if (!isSet(port) || (typeof port !== 'number' && typeof port !== 'string')) continue;
      if (!exposed.has(`${typeof port === 'number' ? 'n' : 's'}:${port}`)) {
        finder(findings, check, t.m)('warning', `${at}.${key}.${handler}.port`,
          `${JSON.stringify(port)} is not a TCP port that container ${show(c?.name)} declares${typeof port === 'string' && /^[0-9]+$/.test(port) ? ' (a quoted number is a port name)' : ''}`,
          'add it to the container\'s ports, or probe a declared port (by number or name)');
      }
    }
  }
}

/** True when a podAntiAffinity term or a topology spread constraint keeps the template's pods on distinct nodes (kube-linter `no-anti-affinity`, plus spread constraints). */
function spreadsOverNodes(spec: any, t: PodTemplate): boolean {
  const anti = map(map(spec.affinity).podAntiAffinity);
  const terms = [
    ...list(anti.requiredDuringSchedulingIgnoredDuringExecution),
    ...list(anti.preferredDuringSchedulingIgnoredDuringExecution).map((p: any) => p?.podAffinityTerm),
  ];
  const selects = (selector: any) => isSet(selector) && selectorMatches(selector, t.labels);
  if (terms.some((term: any) => term?.topologyKey === HOSTNAME && selects(term?.labelSelector)
    && (list(term?.namespaces).length === 0 || list(term.namespaces).includes(t.namespace)))) {
    return true;
  }
  return list(spec.topologySpreadConstraints).some((c: any) => c?.topologyKey === HOSTNAME && selects(c?.labelSelector));
}
