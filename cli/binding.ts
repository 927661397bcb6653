/**
 * Will every claim get a volume? Predicts, for every claim a StatefulSet's
 * volumeClaimTemplates create (and every PersistentVolumeClaim in the set),
 * which PersistentVolume of the set it binds to, the way the PV controller
 * matches them: storage class, access modes, capacity, volume mode, label
 * selector and `claimRef`/`volumeName` (name and namespace).
 *
 * Semantics (documented in docs/cli.md):
 * - A storage class that has PersistentVolumes in the set is static: its
 *   claims bind only to those PVs, and a claim none can serve is an error.
 * - A claim with no `storageClassName` gets the StorageClass of the set
 *   marked `storageclass.kubernetes.io/is-default-class: "true"`, or else the
 *   cluster's default class: dynamic. `storageClassName: ""` asks for PVs
 *   without a class and is never provisioned.
 * - A class with no PVs in the set is dynamic (provisioned), except `""` and
 *   `kubernetes.io/no-provisioner` classes, whose claims stay pending.
 * - Objects without a namespace live in `default`.
 *
 * Cost is linear in the number of objects (plus a sort): PVs are indexed by
 * name, by the claim they name and by class, and free PVs are handed out by
 * a smallest-fit greedy per class, which is optimal when claims differ only
 * by size.
 */
import { Finding, finder, DEFAULT_NAMESPACE } from './findings';
import { Manifest } from './load';
import { quantityValue } from './schema';
import { selectorMatches } from './labels';
import { claimName, podDnsName, podName } from '../lib/names';

/** Status of one claim. */
export type ClaimStatus = 'pre-bound' | 'static' | 'dynamic' | 'pending';

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
  /** For `static`: the unbound PVs that fit, one of which the cluster picks. */
  readonly candidates: string[];
  readonly status: ClaimStatus;
  readonly nfs: { server: string; path: string } | null;
  /** Why a claim is pending or dynamic. */
  readonly note: string;
}

/** Result of the binding analysis. */
export interface Binding {
  readonly rows: PlanRow[];
  readonly findings: Finding[];
}

/** Longest StatefulSet expanded claim by claim; beyond it, binding is not predicted. */
export const MAX_EXPANDED_REPLICAS = 100000;
const DEFAULT_CLASS_ANNOTATION = 'storageclass.kubernetes.io/is-default-class';
const NO_PROVISIONER = 'kubernetes.io/no-provisioner';

interface Claim {
  readonly name: string;
  readonly namespace: string;
  readonly spec: any;
  readonly manifest: Manifest;
  readonly field: string;
  readonly what: string;
  /** Class as resolved: a name, "" or undefined (cluster default). */
  readonly className: string | undefined;
  readonly request: number;
  readonly modes: string[];
  readonly volumeMode: string;
  row?: { statefulset: string; ordinal: number; service: string; template: string };
  status?: ClaimStatus;
  volume?: string;
  candidates?: string[];
  note?: string;
}

interface Volume {
  readonly name: string;
  readonly manifest: Manifest;
  readonly className: string;
  readonly capacity: number;
  readonly modes: Set<string>;
  readonly volumeMode: string;
  readonly labels: { [k: string]: string };
  readonly claimRef: any;
  taken: boolean;
}

function volumeOf(m: Manifest): Volume {
  const spec = m.object.spec ?? {};
  return {
    name: m.object.metadata?.name,
    manifest: m,
    className: typeof spec.storageClassName === 'string' ? spec.storageClassName : '',
    capacity: quantityValue(spec.capacity?.storage) ?? 0,
    modes: new Set(Array.isArray(spec.accessModes) ? spec.accessModes : []),
    volumeMode: spec.volumeMode ?? 'Filesystem',
    labels: m.object.metadata?.labels ?? {},
    claimRef: spec.claimRef,
    taken: false,
  };
}

/** Why `pv` cannot serve `claim`, or undefined when it can. */
function mismatch(pv: Volume, claim: Claim): string | undefined {
  if (pv.className !== (claim.className ?? '')) {
    return `its storage class is ${JSON.stringify(pv.className)} but the claim asks for ${claim.className === undefined ? 'the default class' : JSON.stringify(claim.className)}`;
  }
  const missing = claim.modes.filter(mode => !pv.modes.has(mode));
  if (missing.length) return `it does not offer access mode ${missing.join(', ')} (it offers ${[...pv.modes].join(', ') || 'none'})`;
  if (pv.capacity < claim.request) {
    return `its capacity ${pv.manifest.object.spec?.capacity?.storage} is less than the request ${claim.spec?.resources?.requests?.storage}`;
  }
  if (pv.volumeMode !== claim.volumeMode) return `its volumeMode is ${pv.volumeMode} but the claim asks for ${claim.volumeMode}`;
  if (claim.spec?.selector && !selectorMatches(claim.spec.selector, pv.labels)) return 'its labels do not match the claim\'s selector';
  return undefined;
}

/** NFS server and path of a PV, for the plan. */
export function nfsOf(pv: any): { server: string; path: string } | null {
  const spec = pv?.spec ?? {};
  if (spec.nfs) return { server: spec.nfs.server, path: spec.nfs.path };
  if (spec.csi?.driver === 'nfs.csi.k8s.io') {
    const a = spec.csi.volumeAttributes ?? {};
    return { server: a.server, path: a.subDir ? `${a.share}/${a.subDir}` : a.share };
  }
  return null;
}

function modesText(claim: Claim): string {
  return `access modes ${claim.modes.join(', ') || 'none'}, ${claim.spec?.resources?.requests?.storage ?? 'no request'}`;
}

/** Predicts the binding of every claim in the set. */
export function analyzeBinding(manifests: readonly Manifest[]): Binding {
  const findings: Finding[] = [];
  const volumes: Volume[] = [];
  const volumesByName = new Map<string, Volume>();
  const classes = new Map<string, any>();
  let defaultClass: string | undefined;
  const claims: Claim[] = [];

  for (const m of manifests) {
    const o = m.object;
    if (o?.kind === 'PersistentVolume' && typeof o.metadata?.name === 'string') {
      const v = volumeOf(m);
      volumes.push(v);
      volumesByName.set(v.name, v);
    } else if (o?.kind === 'StorageClass' && typeof o.metadata?.name === 'string') {
      classes.set(o.metadata.name, o);
      if (o.metadata.annotations?.[DEFAULT_CLASS_ANNOTATION] === 'true') defaultClass = o.metadata.name;
    }
  }
  const staticClasses = new Set(volumes.map(v => v.className));
  const firstOfClass = new Map<string, Volume>();
  for (const v of volumes) if (!firstOfClass.has(v.className)) firstOfClass.set(v.className, v);

  const newClaim = (m: Manifest, spec: any, name: string, namespace: string, field: string, what: string): Claim => ({
    name, namespace, spec, manifest: m, field, what,
    className: typeof spec?.storageClassName === 'string' ? spec.storageClassName : defaultClass,
    request: quantityValue(spec?.resources?.requests?.storage) ?? 0,
    modes: Array.isArray(spec?.accessModes) ? spec.accessModes : [],
    volumeMode: spec?.volumeMode ?? 'Filesystem',
  });

  for (const m of manifests) {
    const o = m.object;
    const namespace = (typeof o?.metadata?.namespace === 'string' && o.metadata.namespace) || DEFAULT_NAMESPACE;
    if (o?.kind === 'StatefulSet' && typeof o.metadata?.name === 'string') {
      const sts = o.metadata.name;
      const replicas = typeof o.spec?.replicas === 'number' ? o.spec.replicas : 1;
      const start = typeof o.spec?.ordinals?.start === 'number' ? o.spec.ordinals.start : 0;
      const templates: any[] = Array.isArray(o.spec?.volumeClaimTemplates) ? o.spec.volumeClaimTemplates : [];
      if (replicas > MAX_EXPANDED_REPLICAS) {
        finder(findings, 'binding', m)('warning', 'spec.replicas', `${replicas} replicas are more than the ${MAX_EXPANDED_REPLICAS} whose claims are predicted`, 'binding of its claims is not checked');
        continue;
      }
      templates.forEach((t, i) => {
        const template = t?.metadata?.name;
        if (typeof template !== 'string') return;
        for (let ordinal = start; ordinal < start + replicas; ordinal++) {
          const name = claimName(template, sts, ordinal);
          const c = newClaim(m, t.spec, name, namespace, `spec.volumeClaimTemplates[${i}]`, `claim ${name}`);
          c.row = { statefulset: sts, ordinal, service: o.spec?.serviceName ?? '', template };
          claims.push(c);
        }
      });
    } else if (o?.kind === 'PersistentVolumeClaim' && typeof o.metadata?.name === 'string') {
      claims.push(newClaim(m, o.spec, o.metadata.name, namespace, 'spec', 'this claim'));
    }
  }

  // Claims by namespace/name, and PVs by the claim they are pre-bound to.
  const claimKey = (namespace: string, name: string) => `${namespace}/${name}`;
  const claimsByKey = new Map<string, Claim>();
  const claimsByName = new Map<string, Claim>();
  for (const c of claims) {
    claimsByKey.set(claimKey(c.namespace, c.name), c);
    claimsByName.set(c.name, c);
  }
  const preBound = new Map<string, Volume[]>();
  const namedByClaims = new Set<string>();
  for (const c of claims) if (typeof c.spec?.volumeName === 'string') namedByClaims.add(c.spec.volumeName);
  for (const v of volumes) {
    const ref = v.claimRef;
    if (!ref || typeof ref.name !== 'string') continue;
    const key = claimKey(typeof ref.namespace === 'string' ? ref.namespace : '', ref.name);
    if (claimsByKey.has(key)) {
      const list = preBound.get(key) ?? [];
      list.push(v);
      preBound.set(key, list);
      continue;
    }
    // Pre-bound to a claim the set does not create: no claim of the set can ever bind it.
    v.taken = true;
    const report = finder(findings, 'binding', v.manifest);
    const sameName = claimsByName.get(ref.name);
    if (sameName) {
      report('error', 'spec.claimRef.namespace',
        `names claim ${ref.name} ${ref.namespace ? `in namespace ${ref.namespace}` : 'without a namespace'}, but that claim lives in namespace ${sameName.namespace}, so it never binds this volume`,
        `set claimRef.namespace to ${sameName.namespace}`);
    } else {
      report('warning', 'spec.claimRef',
        `is pre-bound to claim ${ref.namespace ?? '(no namespace)'}/${ref.name}, which no StatefulSet ordinal or PersistentVolumeClaim in the set creates, so no claim of the set can bind it`,
        'point claimRef at a claim the set creates (check the ordinals and the namespace), or remove claimRef');
    }
  }

  // Pre-bound claims first: their PV is reserved whatever the order.
  const pool: Claim[] = [];
  for (const c of claims) {
    const report = finder(findings, 'binding', c.manifest);
    const byVolumeName = typeof c.spec?.volumeName === 'string' ? c.spec.volumeName : undefined;
    const refs = preBound.get(claimKey(c.namespace, c.name)) ?? [];
    for (const extra of refs.slice(1)) {
      finder(findings, 'binding', extra.manifest)('error', 'spec.claimRef',
        `is pre-bound to claim ${c.namespace}/${c.name}, like PersistentVolume ${refs[0].name}; a claim binds one volume, so this one stays Available forever`,
        'pre-bind each PersistentVolume to a different claim');
      extra.taken = true;
    }
    let pv: Volume | undefined;
    if (byVolumeName !== undefined) {
      pv = volumesByName.get(byVolumeName);
      if (!pv) {
        c.status = 'pending';
        c.note = `volumeName ${byVolumeName} is not in the set`;
        report(staticClasses.has(c.className ?? '') ? 'error' : 'warning', `${c.field}.spec.volumeName`,
          `${c.what} names PersistentVolume ${byVolumeName}, which is not in the set`, `add PersistentVolume ${byVolumeName}, or make sure it exists in the cluster`);
        continue;
      }
      if (pv.claimRef && (pv.claimRef.name !== c.name || pv.claimRef.namespace !== c.namespace)) {
        c.status = 'pending';
        c.note = `PV ${pv.name} is pre-bound to another claim`;
        report('error', `${c.field}.spec.volumeName`, `${c.what} names PersistentVolume ${pv.name}, which is pre-bound to claim ${pv.claimRef.namespace}/${pv.claimRef.name}`,
          'point volumeName and claimRef at each other');
        continue;
      }
    } else if (refs.length) {
      pv = refs[0];
    }
    if (!pv) {
      pool.push(c);
      continue;
    }
    const why = mismatch(pv, c);
    if (pv.taken && byVolumeName !== undefined && !refs.includes(pv)) {
      c.status = 'pending';
      c.note = `PV ${pv.name} goes to another claim`;
      report('error', `${c.field}.spec.volumeName`, `${c.what} names PersistentVolume ${pv.name}, which another claim of the set also names`, 'give each claim its own volume');
      continue;
    }
    pv.taken = true;
    if (why) {
      c.status = 'pending';
      c.note = `pre-bound PV ${pv.name} does not fit`;
      report('error', c.field, `${c.what} is pre-bound to PersistentVolume ${pv.name}, but ${why}, so the claim stays Pending`,
        `make PersistentVolume ${pv.name} match the claim (${modesText(c)}, class ${JSON.stringify(c.className ?? '')}), or pre-bind a volume that does`);
    } else {
      c.status = 'pre-bound';
      c.volume = pv.name;
    }
  }

  // The rest share the free PVs of their class, smallest fit first.
  const freeByClass = new Map<string, Volume[]>();
  for (const v of volumes) {
    if (v.taken || v.claimRef || namedByClaims.has(v.name)) continue;
    const list = freeByClass.get(v.className) ?? [];
    list.push(v);
    freeByClass.set(v.className, list);
  }
  for (const list of freeByClass.values()) list.sort((a, b) => a.capacity - b.capacity);
  const candidateCache = new Map<string, { volumes: Volume[]; names: string[]; next: number; claims: number }>();
  const poolByClass = new Map<string, Claim[]>();
  for (const c of pool) {
    const cls = c.className;
    if (cls !== undefined && staticClasses.has(cls)) {
      const list = poolByClass.get(cls) ?? [];
      list.push(c);
      poolByClass.set(cls, list);
      continue;
    }
    const report = finder(findings, 'binding', c.manifest);
    const sc = cls === undefined ? undefined : classes.get(cls);
    if (cls === '') {
      c.status = 'pending';
      c.note = 'asks for no class, and the set has no PV without a class';
      report('warning', `${c.field}.spec.storageClassName`, `${c.what} asks for storageClassName "" (no class, never provisioned), and the set has no PersistentVolume without a class`,
        'add PersistentVolumes without storageClassName, or name a StorageClass that provisions volumes');
    } else if (sc && (sc.provisioner === NO_PROVISIONER || typeof sc.provisioner !== 'string')) {
      c.status = 'pending';
      c.note = `class ${cls} has no provisioner and no PV in the set`;
      report('warning', `${c.field}.spec.storageClassName`, `${c.what} asks for StorageClass ${cls}, which provisions nothing (${NO_PROVISIONER}), and the set has no PersistentVolume of that class`,
        `add PersistentVolumes of class ${cls}, or use a class with a provisioner`);
    } else {
      c.status = 'dynamic';
      c.note = cls === undefined ? 'the cluster\'s default StorageClass provisions it' : sc ? `provisioned by ${sc.provisioner}` : `class ${cls} is not in the set`;
      if (cls !== undefined && !sc) {
        report('warning', `${c.field}.spec.storageClassName`, `${c.what} asks for StorageClass ${cls}, which is not in the set and has no PersistentVolume in it`,
          `make sure the cluster has StorageClass ${cls}, or the claim stays Pending`);
      }
    }
  }
  for (const [cls, list] of poolByClass) {
    const free = freeByClass.get(cls) ?? [];
    const used = new Set<Volume>();
    // Smallest fit, claims by ascending request: optimal when claims differ only by size.
    list.sort((a, b) => a.request - b.request);
    for (const c of list) {
      const key = `${cls}\u0000${JSON.stringify([c.modes, c.volumeMode, c.request, c.spec?.selector ?? null])}`;
      let group = candidateCache.get(key);
      if (!group) {
        // The PVs that fit, smallest first; computed once per kind of claim, not per claim.
        const fit = free.filter(v => mismatch(v, c) === undefined);
        group = { volumes: fit, names: fit.map(v => v.name), next: 0, claims: 0 };
        candidateCache.set(key, group);
      }
      group.claims++;
      while (group.next < group.volumes.length && used.has(group.volumes[group.next])) group.next++;
      if (group.next < group.volumes.length) {
        used.add(group.volumes[group.next]);
        c.status = 'static';
        // Which of the free PVs that fit binds is up to the cluster: all of them are candidates.
        c.candidates = group.names;
        continue;
      }
      c.status = 'pending';
      c.candidates = [];
      const report = finder(findings, 'binding', c.manifest);
      if (group.volumes.length === 0) {
        const first = firstOfClass.get(cls)!;
        const reason = `PersistentVolume ${first.name}: ${mismatch(first, c) ?? 'it is pre-bound to another claim'}`;
        c.note = `no PV of class ${cls} fits`;
        report('error', c.field, `${c.what} finds no PersistentVolume of class ${cls} that fits (${modesText(c)}); ${reason}, so the claim stays Pending`,
          `add a PersistentVolume of class ${cls} that fits, or change the claim to match the volumes`);
      } else {
        c.note = 'every PV that fits goes to another claim';
        report('error', c.field, `${c.what} gets no PersistentVolume: at least ${group.claims} claims of class ${cls} compete for the ${group.volumes.length} free volumes that fit (${group.volumes.slice(0, 5).map(v => v.name).join(', ')}${group.volumes.length > 5 ? ', ...' : ''}), so this one stays Pending`,
          `add a PersistentVolume of class ${cls} (${modesText(c)}) for each pending claim, or lower the replicas`);
      }
    }
  }

  const rows: PlanRow[] = [];
  for (const c of claims) {
    if (!c.row) continue;
    const pv = c.volume ? volumesByName.get(c.volume) : undefined;
    rows.push({
      statefulset: c.row.statefulset,
      namespace: c.namespace,
      ordinal: c.row.ordinal,
      pod: podName(c.row.statefulset, c.row.ordinal),
      dns: podDnsName(c.row.statefulset, c.row.ordinal, c.row.service, c.namespace),
      template: c.row.template,
      claim: c.name,
      storageClass: c.className ?? null,
      volume: c.volume ?? null,
      candidates: c.candidates ?? [],
      status: c.status ?? 'pending',
      nfs: pv ? nfsOf(pv.manifest.object) : null,
      note: c.note ?? '',
    });
  }
  return { rows, findings };
}
