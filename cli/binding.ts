/**
 * Will every claim get a volume? Predicts, for every claim a StatefulSet's
 * volumeClaimTemplates create (and every PersistentVolumeClaim in the set),
 * which PersistentVolume of the set it binds to, the way the PV controller
 * of Kubernetes 1.27 does (pkg/controller/volume/persistentvolume):
 *
 * - `syncUnboundClaim` with `volumeName`: the named PV binds when it is
 *   pre-bound to the claim, or free and `checkVolumeSatisfyClaim` passes
 *   (capacity, class, volume mode, access modes).
 * - Otherwise `findBestMatchForClaim` -> index.go `findByClaim`: the PVs are
 *   indexed by their set of access modes; the sets that contain every mode
 *   the claim asks for are tried fewest modes first
 *   (`allPossibleMatchingAccessModes`), and in each, `FindMatchingVolume`
 *   (k8s.io/component-helpers/storage/volume) returns a PV pre-bound to the
 *   claim by `claimRef` if its capacity and volume mode fit (class, selector
 *   and access modes are not checked for it), else the smallest free PV of
 *   the claim's class (`GetPersistentVolumeClaimClass`,
 *   `GetPersistentVolumeClass`) whose labels match the selector, capacity
 *   and volume mode fit (`CheckVolumeModeMismatches`).
 * - No PV: a claim with a class is provisioned (`provisionClaim`), except
 *   with a selector (provisioners refuse it: "claim Selector is not
 *   supported", external-provisioner `Provision`) or a class without a
 *   provisioner (`kubernetes.io/no-provisioner`); a claim without a class
 *   stays Pending.
 *
 * What depends on the cluster is said per row (`dependsOn`): a claim without
 * `storageClassName` gets the cluster's default StorageClass from the
 * DefaultStorageClass admission plugin, if there is one; an object without a
 * namespace lives in kubectl's `-n` or the context's namespace.
 *
 * Claims are matched in the order the StatefulSet controller creates them
 * (ordinal by ordinal), standalone claims in input order. Cost is linear in
 * the objects (plus sorts): the free PVs that fit are listed once per kind of
 * claim and access-mode set, not per claim.
 */
import { describe, modesKey, readClaimRef, readLabels, readSelector, readStorageSpec } from './binding-input';
import { bindClaim, bindVolumeName, Claim, ClaimStatus, Matcher, reportUnusedPreBound, resolveClaimRefs, Volume } from './binding-match';
import { DEFAULT_NAMESPACE, Finding, finder } from './findings';
import { Manifest } from './load';
import { claimName, podDnsName, podName } from '../lib/names';

export type { ClaimStatus } from './binding-match';

/** One row of `plan`: one ordinal of one claim template of one StatefulSet. */
export interface PlanRow {
  readonly statefulset: string;
  readonly namespace: string;
  readonly ordinal: number;
  readonly pod: string;
  readonly dns: string;
  readonly template: string;
  readonly claim: string;
  /** Storage class the claim asks for: a name, `""`, or null when it takes the cluster default. */
  readonly storageClass: string | null;
  /** The PV the claim binds to, when that is known before apply. */
  readonly volume: string | null;
  /** For `static`: the free PVs that fit, one of which the cluster picks. */
  readonly candidates: string[];
  readonly status: ClaimStatus;
  readonly nfs: { server: string; path: string } | null;
  /** Why a claim is pending or dynamic. */
  readonly note: string;
  /** What of the cluster the outcome depends on, and how; empty when it does not. */
  readonly dependsOn: readonly string[];
}

/** Result of the binding analysis. */
export interface Binding {
  readonly rows: PlanRow[];
  readonly findings: Finding[];
}

/** Longest StatefulSet expanded claim by claim; beyond it, binding is not predicted. */
export const MAX_EXPANDED_REPLICAS = 100000;
const DEFAULT_CLASS_ANNOTATION = 'storageclass.kubernetes.io/is-default-class';
/** NFS server and path of a PV, for the plan. */
export function nfsOf(pv: any): { server: string; path: string } | null {
  const spec = pv?.spec ?? {};
  if (spec.nfs && typeof spec.nfs === 'object') return { server: spec.nfs.server, path: spec.nfs.path };
  if (spec.csi?.driver === 'nfs.csi.k8s.io') {
    const a = spec.csi.volumeAttributes ?? {};
    return { server: a.server, path: a.subDir ? `${a.share}/${a.subDir}` : a.share };
  }
  return null;
}
/** Predicts the binding of every claim in the set. */
export function analyzeBinding(manifests: readonly Manifest[]): Binding {
  const findings: Finding[] = [];
  const volumes: Volume[] = [];
  const volumesByName = new Map<string, Volume>();
  const classes = new Map<string, any>();
  const defaultClasses: string[] = [];

  for (const m of manifests) {
    const o = m.object;
    if (o === null || typeof o !== 'object' || typeof o.metadata?.name !== 'string') continue;
    if (o.kind === 'PersistentVolume') {
      const spec = readStorageSpec(o.spec, o.metadata, 'capacity');
      const ref = readClaimRef(o.spec?.claimRef);
      // A wrong shape: the API server refuses the PV (validate's schema check reports it), so no claim binds it.
      if (spec.problem || typeof ref === 'string') continue;
      const v: Volume = {
        name: o.metadata.name, manifest: m, className: spec.className ?? '', capacity: spec.size ?? 0, modes: spec.modes,
        key: modesKey(spec.modes), volumeMode: spec.volumeMode, labels: readLabels(o.metadata), claimRef: ref, free: ref === undefined, used: false,
      };
      volumes.push(v);
      volumesByName.set(v.name, v);
    } else if (o.kind === 'StorageClass') {
      classes.set(o.metadata.name, o);
      if (o.metadata.annotations?.[DEFAULT_CLASS_ANNOTATION] === 'true') defaultClasses.push(o.metadata.name);
    }
  }
  const classesWithVolumes = new Set(volumes.map(v => v.className));
  const defaultClass = defaultClasses.length ? defaultClasses[defaultClasses.length - 1] : undefined;

  const claims: Claim[] = [];
  /** The fields of a claim spec, read once per template or claim (not per ordinal). */
  const readClaim = (spec: any, metadata: any, namespace: string | undefined, ofTemplate: boolean) => {
    const read = readStorageSpec(spec, metadata, 'resources.requests');
    const selector = readSelector(spec?.selector);
    const volumeName = spec?.volumeName;
    const bad = read.problem
      ?? (selector === null ? { field: 'selector', message: 'is not a label selector (matchLabels map, matchExpressions list of {key, operator, values})', fix: 'write the selector as matchLabels and/or matchExpressions' } : undefined)
      ?? (volumeName !== undefined && volumeName !== null && typeof volumeName !== 'string' ? { field: 'volumeName', message: `is ${describe(volumeName)}, not a string`, fix: 'give volumeName as the name of a PersistentVolume' } : undefined)
      // ValidatePersistentVolumeClaimSpec: at least one access mode, and a storage request above zero.
      ?? (read.modes.length === 0 ? { field: 'accessModes', message: 'is empty (at least 1 access mode is required)', fix: 'list the access modes, e.g. [ReadWriteOnce]' } : undefined)
      ?? (read.size === undefined ? { field: 'resources.requests.storage', message: 'is missing (required)', fix: 'request storage, e.g. resources.requests.storage: 1Gi' } : undefined)
      ?? ((read.size ?? 0) <= 0 ? { field: 'resources.requests.storage', message: `is ${String(spec.resources.requests.storage)} (must be greater than zero)`, fix: 'request more than 0 bytes, e.g. 1Gi' } : undefined);
    const dependsOn: string[] = [];
    if (namespace === undefined) dependsOn.push(`namespace: the manifest names none, so ${ofTemplate ? 'its claims live' : 'the claim lives'} in kubectl's -n or the context's namespace (${DEFAULT_NAMESPACE} assumed)`);
    let className = read.className;
    if (className === undefined && defaultClass !== undefined) {
      className = defaultClass;
      dependsOn.push(`default StorageClass: no storageClassName, so the DefaultStorageClass admission plugin sets the cluster's default class when the claim is created; StorageClass ${defaultClass} of the set is marked default and assumed to be it`);
    }
    const request = read.size ?? 0;
    const volumeMode = read.volumeMode;
    return {
      className, request, requestText: String(spec?.resources?.requests?.storage ?? 'no request'), modes: read.modes, key: modesKey(read.modes),
      volumeMode, selector: selector ?? undefined, volumeName: typeof volumeName === 'string' ? volumeName : undefined, dependsOn,
      kind: JSON.stringify([className ?? null, request, volumeMode, selector ?? null]),
      note: bad ? `the API server refuses the claim: spec${bad.field ? `.${bad.field}` : ''} ${bad.message}; ${bad.fix}` : undefined,
    };
  };
  const newClaim = (read: ReturnType<typeof readClaim>, m: Manifest, name: string, namespace: string | undefined, field: string, what: string, row?: Claim['row']) => {
    // The fields read once per template are copied (dependsOn stays shared until a claim gets its own
    // reason); every claim has the same own fields, in the same order, so V8 gives them all one shape.
    // (Claims made with Object.create(read) turned every `read` into a prototype and made the
    // accesses to claims polymorphic: about 0.15 s of 50,004 objects.)
    const c: Claim = {
      name, namespace: namespace ?? DEFAULT_NAMESPACE, namespaceSet: namespace !== undefined, manifest: m, field, what,
      className: read.className, request: read.request, requestText: read.requestText, modes: read.modes, key: read.key,
      volumeMode: read.volumeMode, selector: read.selector, volumeName: read.volumeName, kind: read.kind, row,
      dependsOn: read.dependsOn, status: undefined, volume: undefined, candidates: undefined, note: read.note,
    };
    if (read.note) {
      // The API server refuses the object, so the claim is never created; validate reports the rule,
      // the row says why the claim is pending, with the fix.
      c.status = 'pending';
    }
    claims.push(c);
  };

  for (const m of manifests) {
    const o = m.object;
    if (o === null || typeof o !== 'object' || typeof o.metadata?.name !== 'string') continue;
    const namespace = typeof o.metadata.namespace === 'string' && o.metadata.namespace !== '' ? o.metadata.namespace as string : undefined;
    if (o.kind === 'StatefulSet') {
      const sts = o.metadata.name;
      const report = finder(findings, 'binding', m);
      const spec = o.spec !== null && typeof o.spec === 'object' ? o.spec : {};
      const replicas = spec.replicas ?? 1;
      const start = spec.ordinals?.start ?? 0;
      const templates = spec.volumeClaimTemplates ?? [];
      if (!Number.isInteger(replicas) || replicas < 0 || !Number.isInteger(start) || start < 0 || !Array.isArray(templates)) {
        const field = !Number.isInteger(replicas) || replicas < 0 ? 'spec.replicas' : !Array.isArray(templates) ? 'spec.volumeClaimTemplates' : 'spec.ordinals.start';
        report('warning', field, `is not ${field === 'spec.volumeClaimTemplates' ? 'a list' : 'a whole number >= 0'}, so the binding of its claims is not predicted`, 'fix the field (validate names the rule)');
        continue;
      }
      if (replicas > MAX_EXPANDED_REPLICAS) {
        report('warning', 'spec.replicas', `${replicas} replicas are more than the ${MAX_EXPANDED_REPLICAS} whose claims are predicted`, 'binding of its claims is not checked');
        continue;
      }
      const named = templates.map((t: any, i: number) => ({ t, i, name: t?.metadata?.name })).filter(({ t, i, name }: any) => {
        if (typeof name === 'string') return true;
        report('warning', `spec.volumeClaimTemplates[${i}]`, `${t === null || typeof t !== 'object' ? `is ${describe(t)}, not a claim template` : 'has no metadata.name'}, so its claims are not predicted`, 'give every claim template a name');
        return false;
      });
      const service = typeof spec.serviceName === 'string' ? spec.serviceName : '';
      const reads = named.map(({ t }: any) => readClaim(t.spec, t.metadata, namespace, true));
      // The StatefulSet controller creates ordinal by ordinal, each with all its claims.
      for (let ordinal = start; ordinal < start + replicas; ordinal++) {
        named.forEach(({ i, name: template }: any, k: number) => {
          const name = claimName(template, sts, ordinal);
          newClaim(reads[k], m, name, namespace, `spec.volumeClaimTemplates[${i}]`, `claim ${name}`, { statefulset: sts, ordinal, service, template });
        });
      }
    } else if (o.kind === 'PersistentVolumeClaim') {
      newClaim(readClaim(o.spec, o.metadata, namespace, false), m, o.metadata.name, namespace, 'spec', 'this claim');
    }
  }

  resolveClaimRefs(claims, volumes, findings);
  for (const c of claims) if (c.volumeName !== undefined && c.status === undefined) bindVolumeName(c, volumesByName, findings);
  const match = new Matcher(volumes, classes);
  for (const c of claims) if (c.status === undefined) bindClaim(c, match, classes, classesWithVolumes, findings);
  reportUnusedPreBound(claims, findings);

  const rows: PlanRow[] = [];
  for (const c of claims) {
    if (!c.row) continue;
    rows.push({
      statefulset: c.row.statefulset,
      namespace: c.namespace,
      ordinal: c.row.ordinal,
      pod: podName(c.row.statefulset, c.row.ordinal),
      dns: podDnsName(c.row.statefulset, c.row.ordinal, c.row.service, c.namespace),
      template: c.row.template,
      claim: c.name,
      storageClass: c.className ?? null,
      volume: c.status === 'pre-bound' && c.volume ? c.volume.name : null,
      candidates: c.candidates ?? [],
      status: c.status ?? 'pending',
      nfs: c.status === 'pre-bound' && c.volume ? nfsOf(c.volume.manifest.object) : null,
      note: c.note ?? '',
      dependsOn: c.dependsOn,
    });
  }
  return { rows, findings };
}
