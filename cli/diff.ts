/**
 * `diff OLD NEW`: what applying NEW over OLD would do, with the changes the
 * Kubernetes 1.27 API server refuses (errors) and the ones that risk data
 * (warnings). Objects are matched by kind, namespace and name, and compared
 * as the server stores them (`asStored`: nulls dropped, defaults filled in).
 * Update rules: `ValidateStatefulSetUpdate` here, `ValidateServiceUpdate`
 * here, the storage kinds in diff-storage.ts; PodDisruptionBudgets have no
 * update rules (their strategy's ValidateUpdate only re-validates the object:
 * policy/v1 selector and minAvailable/maxUnavailable are mutable), nor
 * NetworkPolicies (`ValidateNetworkPolicyUpdate` re-validates the spec).
 */
import { execFileSync } from 'child_process';
import { readSelector } from './binding-input';
import { describeChanges, goStrings, isMap, Report, same, short } from './diff-compare';
import { asStored } from './diff-defaults';
import { diffClaim, diffStorageClass, diffVolume, StorageContext } from './diff-storage';
import { describeId, Finding, finder, idOf, keyOf, ObjectId } from './findings';
import { selectorMatches } from './labels';
import { LoadError, Manifest, parseManifests } from './load';

export { same, differences } from './diff-compare';

/** Fields of a StatefulSet spec the API server lets `kubectl apply` change (1.27, `ValidateStatefulSetUpdate`). */
export const STATEFULSET_MUTABLE = ['replicas', 'ordinals', 'template', 'updateStrategy', 'persistentVolumeClaimRetentionPolicy', 'minReadySeconds'];

/** What kubectl prints when a StatefulSet update touches any other field. */
export function statefulSetRefusal(name: string): string {
  return `The StatefulSet "${name}" is invalid: spec: Forbidden: updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden`;
}

/** One changed object, for the summary. */
export interface Change {
  readonly change: 'added' | 'removed' | 'changed';
  readonly id: ObjectId;
  /** Changed top-level fields (`spec.replicas`, `metadata.labels`, ...). */
  readonly fields: string[];
}

export interface DiffResult {
  readonly findings: Finding[];
  readonly changes: Change[];
}

/** Top-level fields of `spec` (and metadata labels/annotations, data) that differ. */
function changedFields(a: any, b: any): string[] {
  const out: string[] = [];
  for (const section of new Set([...Object.keys(isMap(a) ? a : {}), ...Object.keys(isMap(b) ? b : {})])) {
    if (section === 'status') continue;
    const x = a?.[section];
    const y = b?.[section];
    if (same(x, y)) continue;
    if (isMap(x) && isMap(y)) {
      for (const k of new Set([...Object.keys(x), ...Object.keys(y)])) {
        if (!same(x[k], y[k])) out.push(`${section}.${k}`);
      }
    } else {
      out.push(section);
    }
  }
  return out;
}

const ORPHAN_HINT = (id: ObjectId) =>
  `if the change is intended: kubectl delete statefulset ${id.name} --namespace ${id.namespace} --cascade=orphan, then apply (pods and claims are kept and adopted by the new StatefulSet); or give the StatefulSet a new name`;

/** StorageClasses by name (new side first) and the classes the new side's PVs name. */
function storageContext(oldSet: readonly Manifest[], newSet: readonly Manifest[]): StorageContext {
  const classes = new Map<string, any>();
  const classesWithVolumes = new Set<string>();
  for (const m of [...newSet, ...oldSet]) {
    const o = m.object;
    if (!isMap(o) || typeof o.metadata?.name !== 'string') continue;
    if (o.kind === 'StorageClass' && !classes.has(o.metadata.name)) classes.set(o.metadata.name, o);
    if (o.kind === 'PersistentVolume' && newSet.includes(m) && typeof o.spec?.storageClassName === 'string') classesWithVolumes.add(o.spec.storageClassName);
  }
  return { classes, classesWithVolumes };
}

/** Compares two sets of manifests. */
export function diffManifests(oldSet: readonly Manifest[], newSet: readonly Manifest[]): DiffResult {
  const findings: Finding[] = [];
  const changes: Change[] = [];
  const oldByKey = new Map<string, Manifest>();
  for (const m of oldSet) oldByKey.set(keyOf(idOf(m.object)), m);
  const newKeys = new Set<string>();
  const storage = storageContext(oldSet, newSet);

  for (const m of newSet) {
    const id = idOf(m.object);
    const key = keyOf(id);
    newKeys.add(key);
    const before = oldByKey.get(key);
    if (!before) {
      changes.push({ change: 'added', id, fields: [] });
      continue;
    }
    const a = asStored(before.object);
    const b = asStored(m.object);
    const fields = changedFields(a, b);
    if (fields.length === 0) continue;
    changes.push({ change: 'changed', id, fields });
    const report = finder(findings, 'diff', m);
    switch (id.kind) {
      case 'StatefulSet': diffStatefulSet(id, a, b, report); break;
      case 'Service': diffService(id, a, b, report); break;
      case 'StorageClass': diffStorageClass(a, b, report); break;
      case 'PersistentVolume': diffVolume(id, a, b, report); break;
      case 'PersistentVolumeClaim': diffClaim(id, a, b, storage, report); break;
      // PodDisruptionBudget: no update rules (see the file comment).
    }
  }

  for (const m of oldSet) {
    const id = idOf(m.object);
    if (newKeys.has(keyOf(id))) continue;
    changes.push({ change: 'removed', id, fields: [] });
    const report = finder(findings, 'diff', m);
    if (id.kind === 'PersistentVolume' || id.kind === 'PersistentVolumeClaim') {
      report('warning', '', `is removed (or renamed): kubectl apply --prune or kubectl delete would delete it, ${id.kind === 'PersistentVolume' ? removedVolume(m.object) : 'and release its volume'}`,
        `keep the object under its old name; if it was renamed on purpose, move the data first`);
    } else if (id.kind === 'StatefulSet') {
      const templates = Array.isArray(m.object?.spec?.volumeClaimTemplates) ? m.object.spec.volumeClaimTemplates : [];
      report('warning', '', 'is removed (or renamed): a renamed StatefulSet starts new pods with new, empty claims, and the old claims keep the data',
        `keep the name; to rename, copy the data into the new claims (${templates.map((t: any) => `${t?.metadata?.name}-<new name>-<ordinal>`).join(', ') || 'none'})`);
    }
  }
  return { findings, changes };
}

/**
 * What deleting a PersistentVolume does to its data and its claim. A bound
 * volume stays Terminating until its claim is deleted (the pv-protection
 * controller keeps its finalizer while `isBeingUsed`: phase Bound); then its
 * reclaim policy applies (Retain by default for a static volume:
 * `SetDefaults_PersistentVolume`). A volume under a new name, pre-bound to the
 * same claim, is never used while the claim stays bound to the old one
 * (`syncVolume` leaves a claimRef without uid to the claim's sync, and
 * `syncClaim` of a bound claim looks only at `spec.volumeName`).
 */
function removedVolume(pv: any): string {
  const policy = pv?.spec?.persistentVolumeReclaimPolicy ?? 'Retain';
  const data = policy === 'Delete' ? 'its data is deleted (reclaim policy Delete)'
    : policy === 'Recycle' ? 'its data is scrubbed (reclaim policy Recycle)'
      : `its data stays on the storage (reclaim policy ${policy}) but no claim uses it`;
  return `which waits while its claim is bound and goes when the claim is deleted: then ${data}; a volume under a new name does not take over a claim bound to the old one`;
}

/**
 * pkg/apis/apps/validation `ValidateStatefulSetUpdate`: only replicas,
 * ordinals, template, updateStrategy, persistentVolumeClaimRetentionPolicy and
 * minReadySeconds may change; and the new spec must pass
 * `ValidateStatefulSetSpec`, whose `ValidatePodTemplateSpecForStatefulSet`
 * refuses template labels the (immutable) selector does not match.
 */
function diffStatefulSet(id: ObjectId, a: any, b: any, report: Report): void {
  const before = isMap(a.spec) ? a.spec : {};
  const after = isMap(b.spec) ? b.spec : {};
  for (const field of new Set([...Object.keys(before), ...Object.keys(after)])) {
    if (STATEFULSET_MUTABLE.includes(field) || same(before[field], after[field])) continue;
    const hint = field === 'volumeClaimTemplates'
      ? ' (to grow existing volumes, edit each claim\'s resources.requests.storage instead; claim templates only shape new claims)'
      : '';
    const change = describeChanges(before[field], after[field], `spec.${field}`);
    report('error', change.field, `changes ${change.text}, which the API server refuses: "${statefulSetRefusal(id.name)}"`,
      `${ORPHAN_HINT(id)}${hint}`);
  }
  const labelsBefore = before.template?.metadata?.labels;
  const labelsAfter = isMap(after.template?.metadata?.labels) ? after.template.metadata.labels : {};
  const selector = readSelector(after.selector);
  if (!same(labelsBefore, labelsAfter) && selector && !selectorMatches(selector, labelsAfter)) {
    const goMap = `map[string]string{${Object.entries(labelsAfter).map(([k, v]) => `${JSON.stringify(k)}:${JSON.stringify(v)}`).join(', ')}}`;
    report('error', 'spec.template.metadata.labels', `changes the pod template's labels to ${short(labelsAfter)}, which the selector ${short(after.selector)} no longer matches, and the selector cannot change; the API server refuses: "The StatefulSet "${id.name}" is invalid: spec.template.metadata.labels: Invalid value: ${goMap}: \`selector\` does not match template \`labels\`"`,
      'keep every label the selector matches on the pod template (add new labels beside them)');
  }
  const policy = isMap(after.persistentVolumeClaimRetentionPolicy) ? after.persistentVolumeClaimRetentionPolicy : {};
  const from = typeof before.replicas === 'number' ? before.replicas : 1;
  const to = typeof after.replicas === 'number' ? after.replicas : 1;
  if (to < from && policy.whenScaled === 'Delete') {
    report('warning', 'spec.replicas', `scales down from ${from} to ${to} with persistentVolumeClaimRetentionPolicy.whenScaled: Delete, so the claims of ordinals ${to}..${from - 1} are deleted`,
      'set whenScaled: Retain before scaling down, or back up those volumes');
  }
}

/** The cluster IPs a Service spec states: `clusterIPs`, else `[clusterIP]`; undefined when it states none. */
function clusterIPs(spec: any): string[] | undefined {
  if (Array.isArray(spec.clusterIPs) && spec.clusterIPs.length) return spec.clusterIPs.map(String);
  if (typeof spec.clusterIP === 'string' && spec.clusterIP !== '') return [spec.clusterIP];
  return undefined;
}

/**
 * pkg/apis/core/validation `ValidateServiceUpdate`: with neither side of type
 * ExternalName, `validateUpgradeDowngradeClusterIPs` refuses a changed
 * primary cluster IP (also None <-> an IP), and a released secondary one
 * without ipFamilyPolicy SingleStack; `validateUpgradeDowngradeIPFamilies`
 * the same for ipFamilies (not for headless Services). Any change of type is
 * allowed by itself; to or from ExternalName the cluster IPs are released or
 * allocated, so they may change. A manifest without clusterIP keeps the
 * allocated one (the registry's `patchAllocatedValues`).
 */
function diffService(id: ObjectId, a: any, b: any, report: Report): void {
  const sa = isMap(a.spec) ? a.spec : {};
  const sb = isMap(b.spec) ? b.spec : {};
  if (sa.type === 'ExternalName' || sb.type === 'ExternalName') return;
  const refused = (field: string, value: unknown, why: string) =>
    `the API server refuses: "The Service "${id.name}" is invalid: ${field}: Invalid value: ${Array.isArray(value) ? goStrings(value) : JSON.stringify(value)}: ${why}"`;
  const fix = `a Service's cluster IP cannot change: kubectl delete service ${id.name} --namespace ${id.namespace} and apply (a new IP is allocated; the DNS name stays), or keep the old value`;
  const ipsA = clusterIPs(sa);
  const ipsB = clusterIPs(sb);
  const headless = (ips?: string[]) => ips?.[0] === 'None';
  if (ipsA && ipsB && !(headless(ipsA) && headless(ipsB))) {
    if (ipsA[0] !== ipsB[0]) {
      report('error', 'spec.clusterIP', `changes from ${ipsA[0]} to ${ipsB[0]}${headless(ipsA) || headless(ipsB) ? ' (headless <-> a cluster IP)' : ''}, which ${refused('spec.clusterIPs[0]', ipsB, 'may not change once set')}`, fix);
    } else if (ipsB.length < ipsA.length && sb.ipFamilyPolicy !== 'SingleStack') {
      report('error', 'spec.clusterIPs', `releases the secondary cluster IP ${ipsA[1]} without ipFamilyPolicy: SingleStack, which ${refused('spec.clusterIPs[0]', ipsB, '`ipFamilyPolicy` must be set to \'SingleStack\' when releasing the secondary clusterIP')}`,
        'set ipFamilyPolicy: SingleStack when going back to one IP family');
    } else if (ipsB.length === ipsA.length && ipsA[1] !== ipsB[1]) {
      report('error', 'spec.clusterIPs', `changes the secondary cluster IP from ${ipsA[1]} to ${ipsB[1]}, which ${refused('spec.clusterIPs[0]', ipsB, 'may not change once set')}`, fix);
    }
  } else if (!ipsA && headless(ipsB)) {
    report('error', 'spec.clusterIP', `changes to None (headless), but the Service was created without clusterIP, so it has an allocated cluster IP, and ${refused('spec.clusterIPs[0]', ipsB, 'may not change once set')}`, fix);
  } else if (!ipsA && ipsB) {
    report('warning', 'spec.clusterIP', `is set to ${ipsB[0]}; the API server refuses it ("may not change once set") unless it is the IP it allocated when the Service was created without one`,
      `check with kubectl get service ${id.name} --namespace ${id.namespace} -o jsonpath='{.spec.clusterIP}', or leave clusterIP out`);
  } else if (headless(ipsA) && !ipsB) {
    report('warning', 'spec.clusterIP', 'drops clusterIP: None, but the Service stays headless: the API server keeps the cluster IP it has when the manifest names none',
      `to give it a cluster IP, kubectl delete service ${id.name} --namespace ${id.namespace} and apply`);
  }
  if (headless(ipsA) || headless(ipsB)) return;
  const famA = Array.isArray(sa.ipFamilies) && sa.ipFamilies.length ? sa.ipFamilies : undefined;
  const famB = Array.isArray(sb.ipFamilies) && sb.ipFamilies.length ? sb.ipFamilies : undefined;
  if (!famA || !famB) return;
  if (famA[0] !== famB[0] || (famA.length === famB.length && famA[1] !== famB[1])) {
    report('error', 'spec.ipFamilies', `changes from ${famA.join(', ')} to ${famB.join(', ')}, which ${refused('spec.ipFamilies[0]', famB, 'may not change once set')}`, fix);
  } else if (famB.length < famA.length && sb.ipFamilyPolicy !== 'SingleStack') {
    report('error', 'spec.ipFamilies', `releases the secondary IP family ${famA[1]} without ipFamilyPolicy: SingleStack, which ${refused('spec.clusterIPs[0]', ipsB ?? [], '`ipFamilyPolicy` must be set to \'SingleStack\' when releasing the secondary ipFamily')}`,
      'set ipFamilyPolicy: SingleStack when going back to one IP family');
  }
}

/** Summary lines of the changes: `+ added`, `- removed`, `~ changed: fields`. */
export function formatChanges(changes: readonly Change[]): string[] {
  return changes.map(c => c.change === 'changed'
    ? `~ ${describeId(c.id)}: ${c.fields.join(', ')}`
    : `${c.change === 'added' ? '+' : '-'} ${describeId(c.id)}`);
}

/** The manifests under `path` (a file or a folder) at git `ref`, labelled `ref:file`. */
export function loadFromGit(ref: string, path: string, cwd = process.cwd()): Manifest[] {
  const git = (args: string[]) => execFileSync('git', args, { cwd, encoding: 'utf-8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 1 << 30 });
  try {
    git(['rev-parse', '--verify', '--quiet', `${ref}^{commit}`]);
  } catch {
    throw new LoadError(`${ref}:${path}`, undefined, `git ref ${ref} does not exist here (a first commit, or a shallow clone without history?); fetch more history (git fetch --deepen=1) or give another ref`);
  }
  const prefix = git(['rev-parse', '--show-prefix']).trim();
  const listed = git(['ls-tree', '-r', '--name-only', '--full-tree', ref, '--', `${prefix}${path}`.replace(/\/+$/, '')]).split('\n').filter(Boolean);
  const files = listed.filter(f => /\.ya?ml$/i.test(f)).sort();
  if (files.length === 0) {
    throw new LoadError(`${ref}:${path}`, undefined, `no .yaml or .yml files at ${path} in ${ref}; check the path, or give a ref that has it`);
  }
  const out: Manifest[] = [];
  for (const f of files) {
    const text = git(['show', `${ref}:${f}`]);
    for (const m of parseManifests(`${ref}:${f}`, text)) out.push(m);
  }
  return out;
}
