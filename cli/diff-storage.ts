/**
 * Update rules of `diff` for PersistentVolumes, PersistentVolumeClaims and
 * StorageClasses (Kubernetes 1.27). Both sides come through `asStored`, so
 * defaults and nulls are no change.
 */
import { BETA_CLASS_ANNOTATION } from './binding-input';
import { describeChanges, isMap, Report, same, short } from './diff-compare';
import { ObjectId } from './findings';
import { quantityValue } from './schema';

/** Fields of a PV spec outside `PersistentVolumeSource`. */
const PV_NON_SOURCE = new Set(['accessModes', 'capacity', 'claimRef', 'mountOptions', 'nodeAffinity', 'persistentVolumeReclaimPolicy', 'storageClassName', 'volumeMode', 'volumeAttributesClassName']);

/** StorageClasses of the new side (and the old, for classes it drops), and the classes PVs of the new side name. */
export interface StorageContext {
  readonly classes: Map<string, any>;
  readonly classesWithVolumes: Set<string>;
}

/** pkg/apis/storage/validation `ValidateStorageClassUpdate`: parameters, provisioner, reclaimPolicy and volumeBindingMode are immutable. */
export function diffStorageClass(a: any, b: any, report: Report): void {
  const name = b.metadata?.name;
  const refusals: { [field: string]: string } = {
    parameters: 'parameters: Forbidden: updates to parameters are forbidden.',
    provisioner: 'provisioner: Forbidden: updates to provisioner are forbidden.',
    reclaimPolicy: 'reclaimPolicy: Forbidden: updates to reclaimPolicy are forbidden.',
    volumeBindingMode: `volumeBindingMode: Invalid value: ${JSON.stringify(b.volumeBindingMode)}: field is immutable`,
  };
  for (const [field, refusal] of Object.entries(refusals)) {
    if (same(a[field], b[field])) continue;
    report('error', field, `changes from ${short(a[field])} to ${short(b[field])}, which the API server refuses: "The StorageClass "${name}" is invalid: ${refusal}"`,
      `create a StorageClass with a new name and point new claims at it, or kubectl delete storageclass ${name} and apply (existing volumes keep the old settings)`);
  }
}

/**
 * pkg/apis/core/validation `ValidatePersistentVolumeUpdate`: the volume source
 * is immutable (a CSI `controllerExpandSecretRef` may be added), so are
 * `volumeMode` and a `nodeAffinity` once set. Capacity, access modes, class,
 * mount options, reclaim policy and claimRef may change.
 */
export function diffVolume(id: ObjectId, a: any, b: any, report: Report): void {
  const sa = isMap(a.spec) ? a.spec : {};
  const sb = isMap(b.spec) ? b.spec : {};
  const source = (spec: any, other: any) => {
    const out: { [k: string]: any } = Object.fromEntries(Object.entries(spec).filter(([k]) => !PV_NON_SOURCE.has(k)));
    if (isMap(out.csi) && out.csi.controllerExpandSecretRef !== undefined && !(isMap(other.csi) && other.csi.controllerExpandSecretRef !== undefined)) {
      const { controllerExpandSecretRef, ...csi } = out.csi;
      void controllerExpandSecretRef;
      out.csi = csi;
    }
    return out;
  };
  const before = source(sa, sa);
  const after = source(sb, sa);
  if (!same(before, after)) {
    const change = describeChanges(before, after, 'spec');
    report('error', change.field,
      `changes the volume source ${change.text}, which the API server refuses: "The PersistentVolume "${id.name}" is invalid: spec.persistentvolumesource: Forbidden: spec.persistentvolumesource is immutable after creation"`,
      'create a PersistentVolume with a new name for the new export and move the data; or, with reclaim policy Retain, delete the PersistentVolume (the data stays on the server) and apply');
  }
  if (!same(sa.volumeMode, sb.volumeMode)) {
    report('error', 'spec.volumeMode', `changes from ${short(sa.volumeMode)} to ${short(sb.volumeMode)}, which the API server refuses: "The PersistentVolume "${id.name}" is invalid: volumeMode: Invalid value: ${JSON.stringify(sb.volumeMode)}: field is immutable"`,
      'create a PersistentVolume with a new name');
  }
  if (sa.nodeAffinity !== undefined && !same(sa.nodeAffinity, sb.nodeAffinity)) {
    report('error', 'spec.nodeAffinity', `changes, which the API server refuses: "The PersistentVolume "${id.name}" is invalid: nodeAffinity: Invalid value: ...: field is immutable"`,
      'create a PersistentVolume with a new name');
  }
  if (sa.persistentVolumeReclaimPolicy !== sb.persistentVolumeReclaimPolicy) {
    report('warning', 'spec.persistentVolumeReclaimPolicy', `changes from ${sa.persistentVolumeReclaimPolicy} to ${sb.persistentVolumeReclaimPolicy}${sb.persistentVolumeReclaimPolicy === 'Retain' ? '' : ', so the data goes when its claim is deleted'}`,
      sb.persistentVolumeReclaimPolicy === 'Retain' ? 'check that this is intended' : 'keep Retain unless the data is disposable');
  }
  if (isMap(sa.claimRef) && !same(sa.claimRef, sb.claimRef)) {
    report('warning', 'spec.claimRef', `changes the claim a bound volume belongs to (${sa.claimRef.namespace}/${sa.claimRef.name} to ${isMap(sb.claimRef) ? `${sb.claimRef.namespace}/${sb.claimRef.name}` : 'none'}), so another pod may get this data`,
      'keep claimRef of bound volumes; move data between volumes instead');
  }
}

/** `GetPersistentVolumeClaimClass`: the beta annotation, else storageClassName, else "". */
function claimClass(o: any): string {
  const beta = o.metadata?.annotations?.[BETA_CLASS_ANNOTATION];
  if (typeof beta === 'string') return beta;
  return typeof o.spec?.storageClassName === 'string' ? o.spec.storageClassName : '';
}

/** The spec without `resources.requests.storage`, which a bound claim may change. */
function withoutStorageRequest(spec: any): any {
  if (!isMap(spec.resources) || !isMap(spec.resources.requests)) return spec;
  const { storage, ...requests } = spec.resources.requests;
  void storage;
  const resources = { ...spec.resources, requests };
  if (Object.keys(requests).length === 0) delete resources.requests;
  const out = { ...spec, resources };
  if (Object.keys(resources).length === 0) delete out.resources;
  return out;
}

/**
 * pkg/apis/core/validation `ValidatePersistentVolumeClaimUpdate`: the spec is
 * immutable except `resources.requests.storage` of a bound claim, a
 * `volumeName` set for the first time, and a `storageClassName` set on a claim
 * that had none (`validateStorageClassUpgradeFromNil`); the request may not
 * shrink. Growing it passes the PersistentVolumeClaimResize admission plugin
 * (plugin/pkg/admission/storage/persistentvolume/resize `Validate`,
 * `allowResize`) only when the claim's StorageClass has `allowVolumeExpansion: true`.
 */
export function diffClaim(id: ObjectId, a: any, b: any, context: StorageContext, report: Report): void {
  const sa = isMap(a.spec) ? a.spec : {};
  const sb = isMap(b.spec) ? b.spec : {};
  const before = withoutStorageRequest(sa);
  const after = { ...withoutStorageRequest(sb) };
  if (before.volumeName === undefined) delete after.volumeName;
  const hadBeta = typeof a.metadata?.annotations?.[BETA_CLASS_ANNOTATION] === 'string';
  const classFromNil = before.storageClassName === undefined && !hadBeta && typeof after.storageClassName === 'string' && after.storageClassName !== '';
  if (classFromNil) delete after.storageClassName;
  // validateStorageClassUpgradeFromAnnotation: storageClassName set to the value of the beta annotation is no change.
  if (hadBeta && before.storageClassName === undefined && after.storageClassName === a.metadata.annotations[BETA_CLASS_ANNOTATION]) delete after.storageClassName;
  if (!same(before, after)) {
    const change = describeChanges(before, after, 'spec');
    report('error', change.field, `changes ${change.text}, which the API server refuses: "The PersistentVolumeClaim "${id.name}" is invalid: spec: Forbidden: spec is immutable after creation except resources.requests for bound claims"`,
      'create a claim with a new name and copy the data, or delete and re-create the claim (its volume is released; with reclaim policy Retain the data stays)');
  }
  const betaBefore = a.metadata?.annotations?.[BETA_CLASS_ANNOTATION];
  const betaAfter = b.metadata?.annotations?.[BETA_CLASS_ANNOTATION];
  if (betaBefore !== betaAfter && !(typeof betaBefore === 'string' && betaAfter === undefined && sb.storageClassName === betaBefore)) {
    // ValidateImmutableAnnotation; moving the annotation's value to storageClassName is allowed (validateStorageClassUpgradeFromAnnotation).
    report('error', `metadata.annotations.${BETA_CLASS_ANNOTATION}`, `changes from ${short(betaBefore)} to ${short(betaAfter)}, which the API server refuses: "The PersistentVolumeClaim "${id.name}" is invalid: metadata.annotations[${BETA_CLASS_ANNOTATION}]: Invalid value: ${JSON.stringify(betaAfter ?? '')}: field is immutable"`,
      'keep the annotation, or move its value to spec.storageClassName');
  }
  if (classFromNil) {
    report('warning', 'spec.storageClassName', `is set to ${JSON.stringify(sb.storageClassName)} on a claim that had none: allowed only while the stored claim has no class, but the DefaultStorageClass admission plugin gave it the cluster's default class at creation if there was one, and then the change is refused`,
      'check the stored class with kubectl get pvc; to move to another class, create a new claim and copy the data');
  }
  const sizeBefore = quantityValue(sa.resources?.requests?.storage);
  const sizeAfter = quantityValue(sb.resources?.requests?.storage);
  if (sizeBefore === undefined || sizeAfter === undefined || sizeAfter === sizeBefore) return;
  const field = 'spec.resources.requests.storage';
  const change = `from ${sa.resources.requests.storage} to ${sb.resources.requests.storage}`;
  if (sizeAfter < sizeBefore) {
    report('error', field, `shrinks ${change}, which the API server refuses: "The PersistentVolumeClaim "${id.name}" is invalid: spec.resources.requests.storage: Forbidden: field can not be less than previous value"`,
      'keep the size, or create a smaller claim and copy the data');
    return;
  }
  const refusal = `"persistentvolumeclaims "${id.name}" is forbidden: only dynamically provisioned pvc can be resized and the storageclass that provisions the pvc must support resize"`;
  const cls = claimClass(b);
  const fix = 'keep the size, or move the data to a new, larger claim (for NFS: grow the export on the server; the PV\'s capacity is only a label)';
  if (cls === '' || cls !== claimClass(a)) {
    report('error', field, `grows ${change}, but the claim has ${cls === '' ? 'no storage class' : 'a changed storage class'}, so the PersistentVolumeClaimResize admission plugin refuses it: ${refusal}`, fix);
    return;
  }
  const sc = context.classes.get(cls);
  if (sc) {
    if (sc.allowVolumeExpansion === true) return;
    report('error', field, `grows ${change}, but StorageClass ${cls} does not set allowVolumeExpansion: true, so the PersistentVolumeClaimResize admission plugin refuses it: ${refusal}`,
      `set allowVolumeExpansion: true on StorageClass ${cls} if its provisioner can expand volumes (that field may change), or ${fix}`);
  } else if (context.classesWithVolumes.has(cls)) {
    report('error', field, `grows ${change}, but class ${cls} is one of static PersistentVolumes with no StorageClass in the set that allows expansion, so the PersistentVolumeClaimResize admission plugin refuses it: ${refusal}`, fix);
  } else {
    report('warning', field, `grows ${change}: the API server allows it only if StorageClass ${cls}, which is not in the set, has allowVolumeExpansion: true (PersistentVolumeClaimResize admission); otherwise it answers ${refusal}`,
      `check with kubectl get storageclass ${cls} -o jsonpath='{.allowVolumeExpansion}'`);
  }
}
