/**
 * Reading PersistentVolumes and claims for the binding analysis: the fields
 * the PV controller looks at, with `null` read as unset (as the API server
 * does) and every wrong shape turned into a problem to report instead of a
 * crash. The matching itself is in `binding.ts`.
 */
import { quantityValue } from './schema';

/** `volume.beta.kubernetes.io/storage-class`: wins over `storageClassName` (`GetPersistentVolumeClass`, `GetPersistentVolumeClaimClass`). */
export const BETA_CLASS_ANNOTATION = 'volume.beta.kubernetes.io/storage-class';

/** The fields of a PV or claim spec that matching reads, or why they cannot be read. */
export interface StorageSpec {
  /** Class as the object states it: a name, `""`, or undefined when unset. */
  readonly className: string | undefined;
  /** Storage request (claims) or capacity (PVs), in bytes; undefined when unset. */
  readonly size: number | undefined;
  /** Access modes, deduplicated, in the order given. */
  readonly modes: string[];
  /** `volumeMode`, `Filesystem` when unset (`CheckVolumeModeMismatches` defaults nil to Filesystem). */
  readonly volumeMode: string;
  /** First wrong shape found, with its field under `spec`; undefined when the spec is usable. */
  readonly problem?: { field: string; message: string; fix: string };
}

const isObject = (x: unknown): x is { [k: string]: any } => typeof x === 'object' && x !== null && !Array.isArray(x);
const isUnset = (x: unknown) => x === undefined || x === null;

function problem(field: string, value: unknown, expected: string, fix: string): StorageSpec['problem'] {
  return { field, message: `is ${describe(value)}, not ${expected}`, fix };
}

/** A short description of a value of the wrong shape, for messages. */
export function describe(value: unknown): string {
  if (Array.isArray(value)) return 'a list';
  if (isObject(value)) return 'a map';
  const text = JSON.stringify(value) ?? String(value);
  return `${typeof value} ${text.length > 40 ? `${text.slice(0, 37)}...` : text}`;
}

/**
 * Reads the matching fields of a claim spec (`sizeField` `resources.requests`)
 * or a PV spec (`capacity`), and of its metadata annotations.
 */
export function readStorageSpec(spec: unknown, metadata: unknown, sizeField: 'resources.requests' | 'capacity'): StorageSpec {
  const empty: StorageSpec = { className: undefined, size: undefined, modes: [], volumeMode: 'Filesystem' };
  if (isUnset(spec)) return empty;
  if (!isObject(spec)) return { ...empty, problem: problem('', spec, 'a map', 'give spec as a map of fields') };
  const annotations = isObject(metadata) && isObject(metadata.annotations) ? metadata.annotations : {};
  const beta = annotations[BETA_CLASS_ANNOTATION];
  const stated = typeof beta === 'string' ? beta : spec.storageClassName;
  let className: string | undefined;
  if (typeof stated === 'string') className = stated;
  else if (!isUnset(stated)) return { ...empty, problem: problem('storageClassName', stated, 'a string', 'give storageClassName as a string, or leave it out') };

  const rawModes = spec.accessModes;
  const modes: string[] = [];
  if (Array.isArray(rawModes)) {
    for (const m of rawModes) {
      if (typeof m !== 'string') return { ...empty, className, problem: problem('accessModes', m, 'an access mode name', 'list access modes as strings, e.g. [ReadWriteOnce]') };
      if (!modes.includes(m)) modes.push(m);
    }
  } else if (!isUnset(rawModes)) {
    return { ...empty, className, problem: problem('accessModes', rawModes, 'a list', `write accessModes as a list, e.g. [${typeof rawModes === 'string' ? rawModes : 'ReadWriteOnce'}]`) };
  }

  const volumeMode = spec.volumeMode;
  if (!isUnset(volumeMode) && typeof volumeMode !== 'string') {
    return { ...empty, className, modes, problem: problem('volumeMode', volumeMode, 'a string', 'set volumeMode to Filesystem or Block') };
  }

  const fix = `give ${sizeField}.storage as a quantity such as 1Gi`;
  let holder: unknown = spec.capacity;
  if (sizeField === 'resources.requests') {
    if (!isUnset(spec.resources) && !isObject(spec.resources)) return { ...empty, className, modes, problem: problem('resources', spec.resources, 'a map', fix) };
    holder = isObject(spec.resources) ? spec.resources.requests : undefined;
  }
  if (!isUnset(holder) && !isObject(holder)) return { ...empty, className, modes, problem: problem(sizeField, holder, 'a map', fix) };
  const storage = isObject(holder) ? holder.storage : undefined;
  let size: number | undefined;
  if (!isUnset(storage)) {
    size = quantityValue(storage);
    if (size === undefined) return { ...empty, className, modes, problem: problem(`${sizeField}.storage`, storage, 'a quantity', fix) };
  }
  return { className, size, modes, volumeMode: typeof volumeMode === 'string' ? volumeMode : 'Filesystem' };
}

/** A PV's `claimRef`, or why it cannot be read. */
export interface ClaimRef {
  readonly name: string;
  /** Empty when unset: such a reference matches no claim (`IsVolumeBoundToClaim`). */
  readonly namespace: string;
  readonly uid: string;
}

/** Reads `spec.claimRef`: undefined when unset, a string when its shape is wrong. */
export function readClaimRef(ref: unknown): ClaimRef | string | undefined {
  if (isUnset(ref)) return undefined;
  if (!isObject(ref)) return `is ${describe(ref)}, not a map`;
  if (typeof ref.name !== 'string') return `name ${isUnset(ref.name) ? 'is missing' : `is ${describe(ref.name)}, not a string`}`;
  if (!isUnset(ref.namespace) && typeof ref.namespace !== 'string') return `namespace is ${describe(ref.namespace)}, not a string`;
  return { name: ref.name, namespace: typeof ref.namespace === 'string' ? ref.namespace : '', uid: typeof ref.uid === 'string' ? ref.uid : '' };
}

/** Labels as a map of strings; anything else reads as no labels (validate reports the shape). */
export function readLabels(metadata: unknown): { [k: string]: string } {
  return isObject(metadata) && isObject(metadata.labels) ? metadata.labels : {};
}

/** A claim's `selector`: undefined when unset, null when its shape is wrong. */
export function readSelector(selector: unknown): { [k: string]: any } | null | undefined {
  if (isUnset(selector)) return undefined;
  if (!isObject(selector)) return null;
  if (!isUnset(selector.matchLabels) && !isObject(selector.matchLabels)) return null;
  if (!isUnset(selector.matchExpressions) && !Array.isArray(selector.matchExpressions)) return null;
  for (const e of selector.matchExpressions ?? []) {
    if (!isObject(e) || typeof e.key !== 'string' || typeof e.operator !== 'string') return null;
    if (!isUnset(e.values) && (!Array.isArray(e.values) || e.values.some((v: unknown) => typeof v !== 'string'))) return null;
  }
  return selector;
}

/**
 * The key of an access-mode set in the PV controller's index: the modes,
 * deduplicated and sorted (`accessModesIndexFunc` indexes PVs by
 * `GetAccessModesAsString`, a canonical string of the set).
 */
export function modesKey(modes: readonly string[]): string {
  return [...new Set(modes)].sort().join(',');
}
