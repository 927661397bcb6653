/**
 * The PV controller's decisions for `binding.ts`: claimRef resolution,
 * `syncUnboundClaim` with and without `volumeName`, `findByClaim` over the
 * access-mode groups, provisioning, and the findings they give.
 */
import { closest, distance } from 'fastest-levenshtein';
import { ClaimRef } from './binding-input';
import { Finding, finder } from './findings';
import { selectorMatches } from './labels';
import { Manifest } from './load';

/** Status of one claim. */
export type ClaimStatus = 'pre-bound' | 'static' | 'dynamic' | 'pending';

/** `NotSupportedProvisioner` of component-helpers: a class that provisions nothing. */
export const NO_PROVISIONER = 'kubernetes.io/no-provisioner';

export interface Volume {
  readonly name: string;
  readonly manifest: Manifest;
  /** `GetPersistentVolumeClass`: "" when unset. */
  readonly className: string;
  readonly capacity: number;
  readonly modes: string[];
  readonly key: string;
  readonly volumeMode: string;
  readonly labels: { [k: string]: string };
  readonly claimRef?: ClaimRef;
  /** No claimRef, and no claim names it in volumeName. */
  free: boolean;
  /** Bound (or promised) to a claim of the set. */
  used: boolean;
  /** Its claimRef names a claim that no object of the set creates (set by `resolveClaimRefs`). */
  unknownClaim?: boolean;
}

export interface Claim {
  readonly name: string;
  readonly namespace: string;
  /** False when the object names no namespace: kubectl's -n or the context decides. */
  readonly namespaceSet: boolean;
  readonly manifest: Manifest;
  readonly field: string;
  readonly what: string;
  /** Class after defaulting: a name, "" or undefined (unset, and no default class in the set). */
  readonly className: string | undefined;
  readonly request: number;
  readonly requestText: string;
  readonly modes: string[];
  readonly key: string;
  readonly volumeMode: string;
  readonly selector: any;
  readonly volumeName: string | undefined;
  /** Class, request, volume mode and selector as one string: claims of one kind share their free PVs' list. */
  readonly kind: string;
  readonly row?: { statefulset: string; ordinal: number; service: string; template: string };
  /** Shared between the claims of one template until one of them gets its own reason (copy on write). */
  dependsOn: readonly string[];
  status?: ClaimStatus;
  volume?: Volume;
  candidates?: string[];
  note?: string;
}

const quote = (s: string) => JSON.stringify(s);
const classText = (c: Claim) => (c.className === undefined ? 'the cluster\'s default class' : quote(c.className));
const claimText = (c: Claim) => `access modes ${c.modes.join(', ') || 'none'}, ${c.requestText}`;
const sizeText = (pv: Volume) => String(pv.manifest.object.spec?.capacity?.storage ?? 'no capacity');

/** Why a PV pre-bound to `c` is skipped by `findByClaim`/`FindMatchingVolume`, or undefined when it fits. */
function preBoundMisfit(pv: Volume, c: Claim): string | undefined {
  const missing = c.modes.filter(m => !pv.modes.includes(m));
  if (missing.length) return `it does not offer access mode ${missing.join(', ')} (it offers ${pv.modes.join(', ') || 'none'})`;
  if (pv.capacity < c.request) return `its capacity ${sizeText(pv)} is less than the request ${c.requestText}`;
  if (pv.volumeMode !== c.volumeMode) return `its volumeMode is ${pv.volumeMode} but the claim asks for ${c.volumeMode}`;
  return undefined;
}

/** Why a free PV cannot serve `c` (`FindMatchingVolume` for unbound PVs), or undefined when it can. */
function freeMisfit(pv: Volume, c: Claim): string | undefined {
  if (pv.className !== (c.className ?? '')) return `its storage class is ${quote(pv.className)} but the claim asks for ${classText(c)}`;
  if (c.selector && !selectorMatches(c.selector, pv.labels)) return 'its labels do not match the claim\'s selector';
  return preBoundMisfit(pv, c);
}

/** PVs pre-bound to each claim (`IsVolumeBoundToClaim`: name and namespace equal, and no uid). */
export const preBoundTo = new WeakMap<Claim, Volume[]>();

export function resolveClaimRefs(claims: Claim[], volumes: Volume[], findings: Finding[]): void {
  const byKey = new Map<string, Claim>();
  const unsetByName = new Map<string, Claim>();
  const byName = new Map<string, Claim>();
  for (const c of claims) {
    if (c.namespaceSet) byKey.set(`${c.namespace}/${c.name}`, c);
    else unsetByName.set(c.name, c);
    byName.set(c.name, c);
  }
  for (const v of volumes) {
    const ref = v.claimRef;
    if (!ref) continue;
    const report = finder(findings, 'binding', v.manifest);
    if (ref.uid) {
      report('warning', 'spec.claimRef.uid', `names the uid ${ref.uid} of one claim object; a claim created from the manifests gets a new uid, so no claim of the set binds this volume (IsVolumeBoundToClaim)`,
        'remove claimRef.uid (and resourceVersion) and keep namespace and name');
      continue;
    }
    let claim = byKey.get(`${ref.namespace}/${ref.name}`);
    if (!claim && ref.namespace) {
      claim = unsetByName.get(ref.name);
      if (claim) {
        claim.dependsOn = [...claim.dependsOn, `namespace: PersistentVolume ${v.name} is pre-bound to ${ref.namespace}/${ref.name}, so it binds only if the manifest is applied in namespace ${ref.namespace} (kubectl -n ${ref.namespace}, or the context's namespace)`];
      }
    }
    if (claim) {
      const list = preBoundTo.get(claim) ?? [];
      list.push(v);
      preBoundTo.set(claim, list);
      continue;
    }
    const sameName = byName.get(ref.name);
    if (sameName) {
      report('error', 'spec.claimRef.namespace',
        `names claim ${ref.name} ${ref.namespace ? `in namespace ${ref.namespace}` : 'without a namespace'}, but that claim lives in namespace ${sameName.namespace}, so it never binds this volume`,
        `set claimRef.namespace to ${sameName.namespace}`);
    } else {
      v.unknownClaim = true;
      const near = nearName(ref.name, [...byName.keys()]);
      report('warning', 'spec.claimRef',
        `is pre-bound to claim ${ref.namespace || '(no namespace)'}/${ref.name}, which no StatefulSet ordinal or PersistentVolumeClaim in the set creates, so no claim of the set can bind it`,
        `point claimRef at a claim the set creates (${near ? `did you mean ${near}?` : 'check the ordinals and the namespace'}), or remove claimRef`);
    }
  }
}

/** `syncUnboundClaim` for a claim that names its volume. */
export function bindVolumeName(c: Claim, volumesByName: Map<string, Volume>, findings: Finding[]): void {
  const report = finder(findings, 'binding', c.manifest);
  const field = `${c.field}${c.field === 'spec' ? '' : '.spec'}.volumeName`;
  const pv = volumesByName.get(c.volumeName!);
  c.status = 'pending';
  if (!pv) {
    c.note = `volumeName ${c.volumeName} is not in the set`;
    report('warning', field, `${c.what} names PersistentVolume ${c.volumeName}, which is not in the set`, `add PersistentVolume ${c.volumeName}, or make sure it exists in the cluster`);
    return;
  }
  if (pv.claimRef && !(preBoundTo.get(c) ?? []).includes(pv)) {
    c.note = `PV ${pv.name} is pre-bound to another claim`;
    report('error', field, `${c.what} names PersistentVolume ${pv.name}, which is pre-bound to claim ${pv.claimRef.namespace}/${pv.claimRef.name}`, 'point volumeName and claimRef at each other');
    return;
  }
  if (pv.used) {
    c.note = `PV ${pv.name} goes to another claim`;
    report('error', field, `${c.what} names PersistentVolume ${pv.name}, which another claim of the set also names`, 'give each claim its own volume');
    return;
  }
  // A PV pre-bound to this claim binds without checks; a free one must pass checkVolumeSatisfyClaim.
  const why = pv.claimRef ? undefined : freeMisfit(pv, Object.assign(Object.create(c), { selector: undefined }) as Claim);
  if (why) {
    c.note = `PV ${pv.name} does not fit`;
    report('error', c.field, `${c.what} names PersistentVolume ${pv.name}, but ${why}, so the claim stays Pending (checkVolumeSatisfyClaim)`,
      `make PersistentVolume ${pv.name} match the claim (${claimText(c)}, class ${classText(c)}), or name a volume that does`);
    return;
  }
  pv.free = false;
  pv.used = true;
  c.status = 'pre-bound';
  c.volume = pv;
}

export interface FreeList { volumes: Volume[]; names: string[]; next: number }

/** `findByClaim` over the PVs of the set, with the free PVs that fit cached per kind of claim. */
export class Matcher {
  private readonly byKey = new Map<string, Volume[]>();
  /** The first PV of each class, to explain why none fits. */
  readonly firstOfClass = new Map<string, Volume>();
  private readonly keys: string[];
  private readonly bucketCache = new Map<string, string[][]>();
  private readonly freeCache = new Map<string, FreeList>();

  constructor(volumes: Volume[], private readonly classes: Map<string, any>) {
    for (const v of volumes) {
      // A volume pre-bound to a claim the set does not create is the likeliest reason (a typo in claimRef).
      const first = this.firstOfClass.get(v.className);
      if (!first || (v.unknownClaim && !first.unknownClaim)) this.firstOfClass.set(v.className, v);
      const list = this.byKey.get(v.key) ?? [];
      list.push(v);
      this.byKey.set(v.key, list);
    }
    this.keys = [...this.byKey.keys()];
  }

  /**
   * The access-mode sets to try, in order: every indexed set that contains the
   * claim's modes, fewest modes first (`allPossibleMatchingAccessModes`).
   * For a WaitForFirstConsumer class the scheduler matches instead, over all
   * PVs of the class with `CheckAccessModes` (binder.go `findMatchingVolumes`):
   * one group.
   */
  buckets(c: Claim): string[][] {
    const delay = c.className !== undefined && this.classes.get(c.className)?.volumeBindingMode === 'WaitForFirstConsumer';
    const cacheKey = `${delay}\u0000${c.key}`;
    let out = this.bucketCache.get(cacheKey);
    if (!out) {
      const fit = this.keys.filter(k => { const have = k.split(','); return c.modes.every(m => have.includes(m)); });
      const count = (k: string) => (k === '' ? 0 : k.split(',').length);
      fit.sort((a, b) => count(a) - count(b) || (a < b ? -1 : 1));
      out = delay ? [fit] : fit.map(k => [k]);
      this.bucketCache.set(cacheKey, out);
    }
    return out;
  }

  /** Free PVs of the bucket that fit the claim, smallest first (`FindMatchingVolume`). */
  free(c: Claim, bucket: string[]): FreeList {
    const key = `${bucket.join('|')}\u0000${c.kind}`;
    let list = this.freeCache.get(key);
    if (!list) {
      const vols = bucket.flatMap(k => this.byKey.get(k) ?? []).filter(v => v.free && freeMisfit(v, c) === undefined);
      vols.sort((a, b) => a.capacity - b.capacity);
      list = { volumes: vols, names: vols.map(v => v.name), next: 0 };
      this.freeCache.set(key, list);
    }
    while (list.next < list.volumes.length && list.volumes[list.next].used) list.next++;
    return list;
  }
}

export function bindClaim(c: Claim, match: Matcher, classes: Map<string, any>, classesWithVolumes: Set<string>, findings: Finding[]): void {
  const report = finder(findings, 'binding', c.manifest);
  const preBound = preBoundTo.get(c) ?? [];
  const matchFree = c.className !== undefined; // unset class: the cluster's default decides, not the PVs of the set
  let competing = 0;
  for (const bucket of match.buckets(c)) {
    const own = preBound.find(v => !v.used && bucket.includes(v.key) && preBoundMisfit(v, c) === undefined);
    if (own) {
      own.used = true;
      c.status = 'pre-bound';
      c.volume = own;
      return;
    }
    if (!matchFree) continue;
    const list = match.free(c, bucket);
    if (list.next < list.volumes.length) {
      const pv = list.volumes[list.next];
      pv.used = true;
      c.status = 'static';
      c.volume = pv;
      // Claims are served in an order the cluster decides: every free PV that fits is a candidate.
      c.candidates = list.names;
      return;
    }
    competing += list.volumes.length;
  }

  // No PV: syncUnboundClaim provisions when the claim has a class (provisionClaim).
  c.status = 'pending';
  const cls = c.className;
  const field = `${c.field}${c.field === 'spec' ? '' : '.spec'}.storageClassName`;
  const severity = cls !== undefined && classesWithVolumes.has(cls) ? 'error' : 'warning';
  const misfit = preBound.length ? `; pre-bound PersistentVolume ${preBound[0].name} does not fit: ${preBoundMisfit(preBound[0], c) ?? 'another claim binds it'}` : '';
  if (c.selector) {
    c.note = 'a claim with a selector is never provisioned, and no PV of the set fits';
    if (cls === undefined) c.dependsOn = [...c.dependsOn, 'default StorageClass: with one, the claim gets it and provisioning refuses the selector; without one, it binds only an existing PV without a class whose labels match'];
    else if (severity === 'warning') c.dependsOn = [...c.dependsOn, `PersistentVolumes in the cluster: the claim binds only an existing free PV of class ${quote(cls)} whose labels match its selector`];
    report(severity, `${c.field}${c.field === 'spec' ? '' : '.spec'}.selector`,
      `${c.what} has a selector and no PersistentVolume of the set fits it (${claimText(c)}, class ${classText(c)})${misfit}; provisioners refuse claims with a selector ("claim Selector is not supported"), so the claim stays Pending`,
      'add a PersistentVolume whose labels match the selector, or remove the selector to let the class provision the volume');
    return;
  }
  if (cls === undefined) {
    c.status = 'dynamic';
    c.note = 'the cluster\'s default StorageClass provisions it';
    c.dependsOn = [...c.dependsOn, 'default StorageClass: no storageClassName, so the DefaultStorageClass admission plugin sets the cluster\'s default class, which provisions the volume; without a default class the claim binds only a PV without a class, or stays Pending until a default class appears'];
    return;
  }
  const sc = classes.get(cls);
  const provisioner = typeof sc?.provisioner === 'string' && sc.provisioner !== NO_PROVISIONER ? sc.provisioner : undefined;
  if (cls !== '' && provisioner) {
    c.status = 'dynamic';
    c.note = `provisioned by ${provisioner}`;
    return;
  }
  if (cls !== '' && !sc && !classesWithVolumes.has(cls)) {
    c.status = 'dynamic';
    c.note = `class ${cls} is not in the set`;
    c.dependsOn = [...c.dependsOn, `StorageClass ${cls}: not in the set; the claim is provisioned if the cluster has it with a provisioner, binds an existing PV of that class, or stays Pending`];
    report('warning', field, `${c.what} asks for StorageClass ${cls}, which is not in the set and has no PersistentVolume in it`, `make sure the cluster has StorageClass ${cls}, or the claim stays Pending`);
    return;
  }
  if (!classesWithVolumes.has(cls)) {
    c.note = cls === '' ? 'asks for no class, and the set has no PV without a class' : `class ${cls} has no provisioner and no PV in the set`;
    c.dependsOn = [...c.dependsOn, `PersistentVolumes in the cluster: the claim binds only an existing free PV of class ${quote(cls)} that fits (${claimText(c)})`];
    report('warning', field, cls === ''
      ? `${c.what} asks for storageClassName "" (no class, never provisioned), and the set has no PersistentVolume without a class`
      : `${c.what} asks for StorageClass ${cls}, which provisions nothing (${NO_PROVISIONER}), and the set has no PersistentVolume of that class`,
    cls === '' ? 'add PersistentVolumes without storageClassName, or name a StorageClass that provisions volumes' : `add PersistentVolumes of class ${cls}, or use a class with a provisioner`);
    return;
  }
  if (preBound.length && !competing) {
    const pv = preBound[0];
    c.note = `pre-bound PV ${pv.name} does not fit`;
    report('error', c.field, `${c.what} is pre-bound to PersistentVolume ${pv.name}, but ${preBoundMisfit(pv, c) ?? 'another claim binds it'}, so the claim stays Pending`,
      `make PersistentVolume ${pv.name} match the claim (${claimText(c)}), or pre-bind a volume that does`);
  } else if (!competing) {
    c.note = `no PV of class ${cls} fits`;
    report('error', c.field, `${c.what} finds no PersistentVolume of class ${cls} that fits (${claimText(c)}); ${closestMisfit(c, match)}, so the claim stays Pending`,
      `add a PersistentVolume of class ${cls} that fits, or change the claim to match the volumes`);
  } else {
    c.note = 'every PV that fits goes to another claim';
    report('error', c.field, `${c.what} gets no PersistentVolume: the ${competing} free volumes of class ${cls} that fit go to other claims of the set, so this one stays Pending`,
      `add a PersistentVolume of class ${cls} (${claimText(c)}) for each pending claim, or lower the replicas`);
  }
  c.candidates = [];
}

/** The reason the first PV of the claim's class does not fit it, for messages. */
export function closestMisfit(c: Claim, match: Matcher): string {
  const v = match.firstOfClass.get(c.className ?? '');
  if (!v) return 'the set has no PersistentVolume of that class';
  if (v.claimRef && v.unknownClaim) {
    const near = nearName(v.claimRef.name, [c.name]);
    return `PersistentVolume ${v.name}: it is pre-bound to claim ${v.claimRef.namespace}/${v.claimRef.name}, which the set does not create${near ? ` (did you mean ${near}?)` : ''}`;
  }
  return `PersistentVolume ${v.name}: ${v.claimRef ? `it is pre-bound to claim ${v.claimRef.namespace}/${v.claimRef.name}` : freeMisfit(v, c) ?? 'another claim binds it'}`;
}

/**
 * The name of `names` closest to `name` when it is a likely typo of it (a few
 * edits away), else undefined. Names that differ only in their ordinal
 * (data-web-3 and data-web-0) are not typos but an ordinal out of range: no
 * suggestion.
 */
function nearName(name: string, names: readonly string[]): string | undefined {
  if (names.length === 0) return undefined;
  const best = closest(name, names as string[]);
  const stem = (n: string) => n.replace(/-\d+$/, '');
  if (stem(best) === stem(name)) return undefined;
  return distance(name, best) <= Math.max(2, Math.floor(name.length / 8)) ? best : undefined;
}

/** PVs pre-bound to a claim that binds another volume: `syncVolume` leaves them Available, pre-bound, unused. */
export function reportUnusedPreBound(claims: Claim[], findings: Finding[]): void {
  for (const c of claims) {
    for (const v of preBoundTo.get(c) ?? []) {
      if (v.used || c.status === 'pending') continue;
      const report = finder(findings, 'binding', v.manifest);
      const why = preBoundMisfit(v, c);
      if (c.volume === undefined) {
        report('warning', 'spec.claimRef', `is pre-bound to claim ${c.namespace}/${c.name}, but ${why ?? 'the claim is provisioned first'}, so findByClaim skips it and the claim is provisioned instead; this volume stays unused`,
          `make this PersistentVolume fit the claim (${claimText(c)})`);
      } else if (c.status === 'pre-bound') {
        report('error', 'spec.claimRef', `is pre-bound to claim ${c.namespace}/${c.name}, like PersistentVolume ${c.volume.name}; a claim binds one volume, so this one stays Available forever`,
          'pre-bind each PersistentVolume to a different claim');
      } else {
        report('warning', 'spec.claimRef', `is pre-bound to claim ${c.namespace}/${c.name}, but ${why ?? `free PersistentVolume ${c.volume.name} has fewer access modes (${c.volume.modes.join(', ')}), and findByClaim tries those first`}, so the claim binds ${c.volume.name} instead and this volume stays unused`,
          why ? `make this PersistentVolume fit the claim (${claimText(c)})` : `give PersistentVolume ${c.volume.name} a claimRef to another claim, or this one the same access modes`);
      }
    }
  }
}
