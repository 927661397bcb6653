/**
 * `diff OLD NEW`: what applying NEW over OLD would do, with the changes the
 * Kubernetes 1.27 API server refuses (errors) and the ones that risk data
 * (warnings). Objects are matched by kind, namespace and name.
 */
import { execFileSync } from 'child_process';
import { describeId, Finding, finder, idOf, keyOf, ObjectId } from './findings';
import { LoadError, Manifest, parseManifests } from './load';
import { quantityValue } from './schema';

/** Fields of a StatefulSet spec the API server lets `kubectl apply` change (1.27). */
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

/** Fields the API server defaults, so that leaving them out is no change. */
const STATEFULSET_DEFAULTS: { [field: string]: unknown } = { podManagementPolicy: 'OrderedReady', revisionHistoryLimit: 10 };
const STORAGECLASS_DEFAULTS: { [field: string]: unknown } = { reclaimPolicy: 'Delete', volumeBindingMode: 'Immediate' };
const PV_NON_SOURCE = new Set(['accessModes', 'capacity', 'claimRef', 'mountOptions', 'nodeAffinity', 'persistentVolumeReclaimPolicy', 'storageClassName', 'volumeMode', 'volumeAttributesClassName']);

/** Deep equality of JSON values, key order ignored. */
export function same(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const bb = b as unknown[];
    return a.length === bb.length && a.every((x, i) => same(x, bb[i]));
  }
  const ka = Object.keys(a as object).filter(k => (a as any)[k] !== undefined);
  const kb = Object.keys(b as object).filter(k => (b as any)[k] !== undefined);
  return ka.length === kb.length && ka.every(k => same((a as any)[k], (b as any)[k]));
}

/** The leaf fields that differ between `a` and `b`, with both values. */
export function differences(a: unknown, b: unknown, at: string, out: Array<{ path: string; before: unknown; after: unknown }> = []): Array<{ path: string; before: unknown; after: unknown }> {
  if (same(a, b)) return out;
  const isObject = (x: unknown) => typeof x === 'object' && x !== null;
  if (isObject(a) && isObject(b) && Array.isArray(a) === Array.isArray(b)) {
    if (Array.isArray(a)) {
      const bb = b as unknown[];
      for (let i = 0; i < Math.max(a.length, bb.length); i++) differences(a[i], bb[i], `${at}[${i}]`, out);
    } else {
      for (const k of new Set([...Object.keys(a as object), ...Object.keys(b as object)])) differences((a as any)[k], (b as any)[k], `${at}.${k}`, out);
    }
    return out;
  }
  out.push({ path: at, before: a, after: b });
  return out;
}

function describeChanges(a: unknown, b: unknown, at: string): { field: string; text: string } {
  const list = differences(a, b, at);
  if (list.length === 1) return { field: list[0].path, text: `from ${short(list[0].before)} to ${short(list[0].after)}` };
  const text = list.slice(0, 3).map(d => `${d.path} from ${short(d.before)} to ${short(d.after)}`).join(', ') + (list.length > 3 ? `, and ${list.length - 3} more` : '');
  return { field: at, text };
}

/** Top-level fields of `spec` (and metadata labels/annotations, data) that differ. */
function changedFields(a: any, b: any): string[] {
  const out: string[] = [];
  for (const section of new Set([...Object.keys(a ?? {}), ...Object.keys(b ?? {})])) {
    if (section === 'status') continue;
    const x = a?.[section];
    const y = b?.[section];
    if (same(x, y)) continue;
    if (x && y && typeof x === 'object' && typeof y === 'object' && !Array.isArray(x) && !Array.isArray(y)) {
      for (const k of new Set([...Object.keys(x), ...Object.keys(y)])) {
        if (!same(x[k], y[k])) out.push(`${section}.${k}`);
      }
    } else {
      out.push(section);
    }
  }
  return out;
}

function withDefaults(spec: any, defaults: { [field: string]: unknown }): any {
  const out = { ...(spec ?? {}) };
  for (const [k, v] of Object.entries(defaults)) if (out[k] === undefined) out[k] = v;
  return out;
}

/** Claim templates as the API server stores them: volumeMode defaulted, apiVersion/kind/status dropped. */
function normalizeTemplates(templates: any): any {
  if (!Array.isArray(templates)) return templates;
  return templates.map(t => ({
    metadata: t?.metadata,
    spec: { ...(t?.spec ?? {}), volumeMode: t?.spec?.volumeMode ?? 'Filesystem' },
  }));
}

const ORPHAN_HINT = (id: ObjectId) =>
  `if the change is intended: kubectl delete statefulset ${id.name} --namespace ${id.namespace} --cascade=orphan, then apply (pods and claims are kept and adopted by the new StatefulSet); or give the StatefulSet a new name`;

/** Compares two sets of manifests. */
export function diffManifests(oldSet: readonly Manifest[], newSet: readonly Manifest[]): DiffResult {
  const findings: Finding[] = [];
  const changes: Change[] = [];
  const oldByKey = new Map<string, Manifest>();
  for (const m of oldSet) oldByKey.set(keyOf(idOf(m.object)), m);
  const newKeys = new Set<string>();

  for (const m of newSet) {
    const id = idOf(m.object);
    const key = keyOf(id);
    newKeys.add(key);
    const before = oldByKey.get(key);
    if (!before) {
      changes.push({ change: 'added', id, fields: [] });
      continue;
    }
    const fields = changedFields(before.object, m.object);
    if (fields.length === 0) continue;
    changes.push({ change: 'changed', id, fields });
    const a = before.object;
    const b = m.object;
    const report = finder(findings, 'diff', m);
    switch (id.kind) {
      case 'StatefulSet': diffStatefulSet(id, a, b, report); break;
      case 'StorageClass': diffStorageClass(a, b, report); break;
      case 'PersistentVolume': diffVolume(id, a, b, report); break;
      case 'PersistentVolumeClaim': diffClaim(id, a, b, report); break;
    }
  }

  for (const m of oldSet) {
    const id = idOf(m.object);
    if (newKeys.has(keyOf(id))) continue;
    changes.push({ change: 'removed', id, fields: [] });
    const report = finder(findings, 'diff', m);
    if (id.kind === 'PersistentVolume' || id.kind === 'PersistentVolumeClaim') {
      report('warning', '', `is removed (or renamed): kubectl apply --prune or kubectl delete would delete it${id.kind === 'PersistentVolume' ? ', and with reclaim policy Delete its data' : ' and release its volume'}`,
        `keep the object under its old name; if it was renamed on purpose, move the data first`);
    } else if (id.kind === 'StatefulSet') {
      report('warning', '', 'is removed (or renamed): a renamed StatefulSet starts new pods with new, empty claims, and the old claims keep the data',
        `keep the name; to rename, copy the data into the new claims (${(m.object.spec?.volumeClaimTemplates ?? []).map((t: any) => `${t?.metadata?.name}-<new name>-<ordinal>`).join(', ') || 'none'})`);
    }
  }
  return { findings, changes };
}

type Report = (severity: 'error' | 'warning', field: string, message: string, fix: string) => void;

function diffStatefulSet(id: ObjectId, a: any, b: any, report: Report): void {
  const before = withDefaults(a.spec, STATEFULSET_DEFAULTS);
  const after = withDefaults(b.spec, STATEFULSET_DEFAULTS);
  before.volumeClaimTemplates = normalizeTemplates(before.volumeClaimTemplates);
  after.volumeClaimTemplates = normalizeTemplates(after.volumeClaimTemplates);
  for (const field of new Set([...Object.keys(before), ...Object.keys(after)])) {
    if (STATEFULSET_MUTABLE.includes(field) || same(before[field], after[field])) continue;
    const hint = field === 'volumeClaimTemplates'
      ? ' (to grow existing volumes, edit each claim\'s resources.requests.storage instead; claim templates only shape new claims)'
      : '';
    const change = describeChanges(before[field], after[field], `spec.${field}`);
    report('error', change.field, `changes ${change.text}, which the API server refuses: "${statefulSetRefusal(id.name)}"`,
      `${ORPHAN_HINT(id)}${hint}`);
  }
  const policy = b.spec?.persistentVolumeClaimRetentionPolicy ?? {};
  const from = typeof a.spec?.replicas === 'number' ? a.spec.replicas : 1;
  const to = typeof b.spec?.replicas === 'number' ? b.spec.replicas : 1;
  if (to < from && policy.whenScaled === 'Delete') {
    report('warning', 'spec.replicas', `scales down from ${from} to ${to} with persistentVolumeClaimRetentionPolicy.whenScaled: Delete, so the claims of ordinals ${to}..${from - 1} are deleted`,
      'set whenScaled: Retain before scaling down, or back up those volumes');
  }
}

function diffStorageClass(a: any, b: any, report: Report): void {
  const before = withDefaults(a, STORAGECLASS_DEFAULTS);
  const after = withDefaults(b, STORAGECLASS_DEFAULTS);
  const name = b.metadata?.name;
  const refusals: { [field: string]: string } = {
    parameters: 'parameters: Forbidden: updates to parameters are forbidden.',
    provisioner: 'provisioner: Forbidden: updates to provisioner are forbidden.',
    reclaimPolicy: 'reclaimPolicy: Forbidden: updates to reclaimPolicy are forbidden.',
    volumeBindingMode: `volumeBindingMode: Invalid value: ${JSON.stringify(after.volumeBindingMode)}: field is immutable`,
  };
  for (const [field, refusal] of Object.entries(refusals)) {
    if (same(before[field], after[field])) continue;
    report('error', field, `changes from ${short(before[field])} to ${short(after[field])}, which the API server refuses: "The StorageClass "${name}" is invalid: ${refusal}"`,
      `create a StorageClass with a new name and point new claims at it, or kubectl delete storageclass ${name} and apply (existing volumes keep the old settings)`);
  }
}

function diffVolume(id: ObjectId, a: any, b: any, report: Report): void {
  const source = (spec: any) => Object.fromEntries(Object.entries(spec ?? {}).filter(([k]) => !PV_NON_SOURCE.has(k)));
  if (!same(source(a.spec), source(b.spec))) {
    const change = describeChanges(source(a.spec), source(b.spec), 'spec');
    report('error', change.field,
      `changes the volume source ${change.text}, which the API server refuses: "The PersistentVolume "${id.name}" is invalid: spec.persistentvolumesource: Forbidden: spec.persistentvolumesource is immutable after creation"`,
      'create a PersistentVolume with a new name for the new export and move the data; or, with reclaim policy Retain, delete the PersistentVolume (the data stays on the server) and apply');
  }
  if (!same(a.spec?.volumeMode ?? 'Filesystem', b.spec?.volumeMode ?? 'Filesystem')) {
    report('error', 'spec.volumeMode', `changes, which the API server refuses: "The PersistentVolume "${id.name}" is invalid: volumeMode: Invalid value: ${JSON.stringify(b.spec?.volumeMode ?? 'Filesystem')}: field is immutable"`,
      'create a PersistentVolume with a new name');
  }
  if (a.spec?.nodeAffinity && !same(a.spec.nodeAffinity, b.spec?.nodeAffinity)) {
    report('error', 'spec.nodeAffinity', `changes, which the API server refuses: "The PersistentVolume "${id.name}" is invalid: nodeAffinity: Invalid value: ...: field is immutable"`,
      'create a PersistentVolume with a new name');
  }
  const policyBefore = a.spec?.persistentVolumeReclaimPolicy ?? 'Retain';
  const policyAfter = b.spec?.persistentVolumeReclaimPolicy ?? 'Retain';
  if (policyBefore !== policyAfter) {
    report('warning', 'spec.persistentVolumeReclaimPolicy', `changes from ${policyBefore} to ${policyAfter}${policyAfter === 'Retain' ? '' : ', so the data goes when its claim is deleted'}`,
      policyAfter === 'Retain' ? 'check that this is intended' : 'keep Retain unless the data is disposable');
  }
  if (a.spec?.claimRef && !same(a.spec.claimRef, b.spec?.claimRef)) {
    report('warning', 'spec.claimRef', `changes the claim a bound volume belongs to (${a.spec.claimRef.namespace}/${a.spec.claimRef.name} to ${b.spec?.claimRef ? `${b.spec.claimRef.namespace}/${b.spec.claimRef.name}` : 'none'}), so another pod may get this data`,
      'keep claimRef of bound volumes; move data between volumes instead');
  }
}

function diffClaim(id: ObjectId, a: any, b: any, report: Report): void {
  const strip = (spec: any) => {
    const { resources, volumeAttributesClassName, ...rest } = spec ?? {};
    void resources; void volumeAttributesClassName;
    return { ...rest, volumeMode: rest.volumeMode ?? 'Filesystem' };
  };
  if (!same(strip(a.spec), strip(b.spec))) {
    const change = describeChanges(strip(a.spec), strip(b.spec), 'spec');
    report('error', change.field, `changes ${change.text}, which the API server refuses: "The PersistentVolumeClaim "${id.name}" is invalid: spec: Forbidden: spec is immutable after creation except resources.requests for bound claims"`,
      'create a claim with a new name and copy the data, or delete and re-create the claim (its volume is released; with reclaim policy Retain the data stays)');
  }
  const before = quantityValue(a.spec?.resources?.requests?.storage);
  const after = quantityValue(b.spec?.resources?.requests?.storage);
  if (before !== undefined && after !== undefined && after < before) {
    report('error', 'spec.resources.requests.storage', `shrinks from ${a.spec.resources.requests.storage} to ${b.spec.resources.requests.storage}, which the API server refuses: "The PersistentVolumeClaim "${id.name}" is invalid: spec.resources.requests.storage: Forbidden: field can not be less than previous value"`,
      'keep the size, or create a smaller claim and copy the data');
  }
}

function short(value: unknown): string {
  const text = value === undefined ? 'unset' : JSON.stringify(value);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
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
