/**
 * PersistentVolume, PersistentVolumeClaim and StorageClass rules the API
 * server enforces at create, ported from Kubernetes 1.27:
 * `pkg/apis/core/validation/validation.go` (`ValidatePersistentVolumeSpec`,
 * `ValidatePersistentVolumeClaimSpec`) and `pkg/apis/storage/validation/validation.go`
 * (`ValidateStorageClass`). Enum values (access modes, reclaim policies,
 * volume modes, binding modes) are checked by the schema (cli/schema.ts).
 */
import { quantityValue } from '../schema';
import { checkLabelSelector } from './metadata';
import { isSet, list, mapping, Report } from './shape';
import { filled, isQualifiedName, map, show, validateNodeSelector } from './syntax';
import { isDnsLabel, isDnsSubdomain } from '../../lib/names';

/** Every volume source a PersistentVolumeSpec can hold (1.27). */
const PV_SOURCES = [
  'hostPath', 'gcePersistentDisk', 'awsElasticBlockStore', 'glusterfs', 'flocker', 'nfs', 'rbd', 'quobyte', 'cephfs',
  'iscsi', 'cinder', 'fc', 'flexVolume', 'azureFile', 'vsphereVolume', 'photonPersistentDisk', 'portworxVolume',
  'azureDisk', 'scaleIO', 'local', 'storageos', 'csi',
];

const HOST_PATH_TYPES = new Set(['', 'DirectoryOrCreate', 'Directory', 'FileOrCreate', 'File', 'Socket', 'CharDevice', 'BlockDevice']);

/** `ValidatePersistentVolumeSpec`'s and `ValidatePersistentVolumeClaimSpec`'s access-mode rules. */
function validateAccessModes(report: Report, modes: unknown, field: string, kind: string): void {
  if (!isSet(modes) || (Array.isArray(modes) && modes.length === 0)) {
    report('error', field, 'is missing; at least one access mode is required',
      `add accessModes, e.g. [ReadWriteOnce]; the API server refuses a ${kind} without one`);
    return;
  }
  const all = list(modes);
  if (all.includes('ReadWriteOncePod') && all.some(m => m !== 'ReadWriteOncePod')) {
    report('error', field, 'combines ReadWriteOncePod with other access modes', 'use ReadWriteOncePod alone');
  }
}

/** `ValidateClassName` (a DNS-1123 subdomain) for `storageClassName`. */
function validateClassName(report: Report, name: unknown, field: string): void {
  if (filled(name) && !isDnsSubdomain(name)) {
    report('error', field, `${JSON.stringify(name)} is not a valid StorageClass name`,
      'use a DNS-1123 subdomain: lowercase letters, digits, \'-\' and \'.\', starting and ending with a letter or digit');
  }
}

/** `validatePathNoBacksteps`: no '..' element. */
function hasBacksteps(path: string): boolean {
  return path.split('/').includes('..');
}

/** Rules of `ValidatePersistentVolume` / `ValidatePersistentVolumeSpec` (not inline). */
export function validatePersistentVolume(report: Report, pv: any): void {
  const spec = map(pv?.spec);
  validateAccessModes(report, spec.accessModes, 'spec.accessModes', 'PersistentVolume');

  // Capacity: required, only `storage`, positive (ValidatePositiveQuantityValue).
  const capacity = spec.capacity;
  if (!isSet(capacity) || Object.keys(map(capacity)).length === 0) {
    report('error', 'spec.capacity', 'is missing', 'set spec.capacity.storage, e.g. 10Gi');
  } else {
    const keys = Object.keys(map(capacity));
    if (!keys.includes('storage') || keys.length > 1) {
      report('error', 'spec.capacity', `holds ${keys.join(', ')}; only storage is supported`, 'give spec.capacity.storage alone');
    }
    for (const [resource, quantity] of Object.entries(map(capacity))) {
      const value = quantityValue(quantity);
      if (value !== undefined && value <= 0) {
        report('error', `spec.capacity.${resource}`, `${JSON.stringify(quantity)} is not greater than zero`, 'give a positive size, e.g. 10Gi');
      }
    }
  }

  // Exactly one volume source: "may not specify more than 1 volume type" / "must specify a volume type".
  const sources = PV_SOURCES.filter(s => isSet(spec[s]));
  if (sources.length === 0) {
    report('error', 'spec', 'names no volume source', 'give exactly one volume source, e.g. nfs: {server, path} or csi: {driver, volumeHandle}');
  } else if (sources.length > 1) {
    report('error', `spec.${sources[1]}`, `is a second volume source next to ${sources[0]}`, `keep exactly one of ${sources.join(', ')}`);
  }

  const nfs = spec.nfs;
  if (isSet(nfs)) {
    // validateNFSVolumeSource
    const server = map(nfs).server;
    const path = map(nfs).path;
    if (!filled(server)) report('error', 'spec.nfs.server', 'is empty', 'give the NFS server\'s host name or IP address');
    if (!filled(path)) {
      report('error', 'spec.nfs.path', 'is empty', 'give the absolute exported path, e.g. /exports/data');
    } else if (!path.startsWith('/')) {
      report('error', 'spec.nfs.path', `${JSON.stringify(path)} is not an absolute path`, `start it with '/', e.g. /${path}`);
    }
  }
  const hostPath = spec.hostPath;
  if (isSet(hostPath)) {
    // validateHostPathVolumeSource, validateHostPathType, and the Recycle rule of ValidatePersistentVolumeSpec
    const path = map(hostPath).path;
    const type = map(hostPath).type;
    if (!filled(path)) {
      report('error', 'spec.hostPath.path', 'is empty', 'give the path on the node');
    } else {
      if (hasBacksteps(path)) report('error', 'spec.hostPath.path', `${JSON.stringify(path)} contains '..'`, 'give a path without \'..\' elements');
      const clean = path.replace(/\/+/g, '/').replace(/\/$/, '');
      if ((clean === '' || clean === '/') && spec.persistentVolumeReclaimPolicy === 'Recycle') {
        report('error', 'spec.persistentVolumeReclaimPolicy', 'is Recycle for a hostPath of \'/\'', 'use Retain: recycling would scrub the node\'s root');
      }
    }
    if (typeof type === 'string' && !HOST_PATH_TYPES.has(type)) {
      report('error', 'spec.hostPath.type', `${JSON.stringify(type)} is not a hostPath type`, `use one of ${[...HOST_PATH_TYPES].filter(Boolean).join(', ')}`);
    }
  }
  const local = spec.local;
  if (isSet(local)) {
    // validateLocalVolumeSource; "Local volume requires node affinity"
    const path = map(local).path;
    if (!filled(path)) report('error', 'spec.local.path', 'is empty', 'give the path of the disk or directory on the node');
    else if (hasBacksteps(path)) report('error', 'spec.local.path', `${JSON.stringify(path)} contains '..'`, 'give a path without \'..\' elements');
    if (!isSet(spec.nodeAffinity)) {
      report('error', 'spec.nodeAffinity', 'is missing; a local volume requires node affinity', 'add nodeAffinity.required naming the node that holds the disk');
    }
  }
  const csi = spec.csi;
  if (isSet(csi)) {
    // validateCSIPersistentVolumeSource, ValidateCSIDriverName
    const c = map(csi);
    if (!filled(c.driver)) {
      report('error', 'spec.csi.driver', 'is empty', 'name the CSI driver, e.g. nfs.csi.k8s.io');
    } else if (c.driver.length > 63 || !isDnsSubdomain(c.driver.toLowerCase())) {
      report('error', 'spec.csi.driver', `${JSON.stringify(c.driver)} is not a valid CSI driver name`, 'use at most 63 characters of a DNS-1123 subdomain, e.g. nfs.csi.k8s.io');
    }
    if (!filled(c.volumeHandle)) report('error', 'spec.csi.volumeHandle', 'is empty', 'give the volume\'s ID in the driver');
    // validatePVSecretReference (nodeStageSecretRef is not checked by 1.27)
    for (const ref of ['controllerPublishSecretRef', 'controllerExpandSecretRef', 'nodePublishSecretRef', 'nodeExpandSecretRef']) {
      if (!isSet(c[ref])) continue;
      const { name, namespace } = map(c[ref]);
      if (!filled(name)) report('error', `spec.csi.${ref}.name`, 'is empty', 'name the Secret');
      else if (!isDnsLabel(name)) report('error', `spec.csi.${ref}.name`, `${JSON.stringify(name)} is not a DNS-1123 label`, 'use at most 63 lowercase letters, digits and \'-\' (no \'.\')');
      if (!filled(namespace)) report('error', `spec.csi.${ref}.namespace`, 'is empty', 'give the Secret\'s namespace');
      else if (!isDnsLabel(namespace)) report('error', `spec.csi.${ref}.namespace`, `${JSON.stringify(namespace)} is not a valid namespace`, 'use a DNS-1123 label');
    }
  }

  validateOtherSources(report, spec, sources);

  if (isSet(spec.nodeAffinity)) {
    // validateVolumeNodeAffinity
    const required = map(spec.nodeAffinity).required;
    if (!isSet(required)) report('error', 'spec.nodeAffinity.required', 'is missing', 'give required node constraints (nodeSelectorTerms)');
    else validateNodeSelector(report, required, 'spec.nodeAffinity.required');
  }
  validateClassName(report, spec.storageClassName, 'spec.storageClassName');
}

/**
 * Fields the other volume sources require non-empty: `validateGCEPersistentDiskVolumeSource`,
 * `validateAWSElasticBlockStoreVolumeSource`, `validateGlusterfsPersistentVolumeSource`,
 * `validateRBDPersistentVolumeSource`, `validateCephFSPersistentVolumeSource`,
 * `validateCinderPersistentVolumeSource`, `validateFlexPersistentVolumeSource`, `validateAzureFilePV`,
 * `validateAzureDisk`, `validateVsphereVolumeSource`, `validatePhotonPersistentDiskVolumeSource`,
 * `validatePortworxVolumeSource`, `validateScaleIOPersistentVolumeSource`, `validateQuobyteVolumeSource`,
 * `validateISCSIPersistentVolumeSource`, `validateStorageOSPersistentVolumeSource`.
 */
const REQUIRED_FIELDS: { [source: string]: string[] | undefined } = {
  gcePersistentDisk: ['pdName'], awsElasticBlockStore: ['volumeID'], glusterfs: ['endpoints', 'path'], rbd: ['monitors', 'image'],
  cephfs: ['monitors'], cinder: ['volumeID'], flexVolume: ['driver'], azureFile: ['secretName', 'shareName'], azureDisk: ['diskName', 'diskURI'],
  vsphereVolume: ['volumePath'], photonPersistentDisk: ['pdID'], portworxVolume: ['volumeID'], scaleIO: ['gateway', 'system', 'volumeName'],
  quobyte: ['registry', 'volume'], iscsi: ['targetPortal', 'iqn'], storageos: ['volumeName'],
};

/** Partition and LUN numbers 0-255 (`pdPartitionErrorMsg`, `validateISCSIPersistentVolumeSource`, `validateFCVolumeSource`). */
const RANGE_0_255: Array<[string, string]> = [['gcePersistentDisk', 'partition'], ['awsElasticBlockStore', 'partition'], ['iscsi', 'lun'], ['fc', 'lun']];

/** `sources`: the volume sources the spec sets. */
function validateOtherSources(report: Report, spec: any, sources: readonly string[]): void {
  for (const source of sources) {
    const fields = REQUIRED_FIELDS[source];
    if (!fields) continue;
    const s = map(spec[source]);
    for (const f of fields) {
      const v = s[f];
      if (!isSet(v) || v === '' || (Array.isArray(v) && v.length === 0)) report('error', `spec.${source}.${f}`, 'is empty', `give ${source}.${f}`);
    }
  }
  for (const [source, f] of RANGE_0_255) {
    if (!sources.includes(source)) continue;
    const v = map(spec[source])[f];
    if (typeof v === 'number' && (v < 0 || v > 255)) report('error', `spec.${source}.${f}`, `${v} is out of range`, 'use 0-255');
  }
  if (isSet(spec.fc)) {
    // validateFCVolumeSource
    const fc = map(spec.fc);
    const wwns = list(fc.targetWWNs).length;
    const wwids = list(fc.wwids).length;
    if (wwns === 0 && wwids === 0) report('error', 'spec.fc.targetWWNs', 'is empty, and so is wwids', 'give either targetWWNs (with lun) or wwids');
    if (wwns > 0 && wwids > 0) report('error', 'spec.fc.targetWWNs', 'is given together with wwids', 'give only one of them');
    if (wwns > 0 && !isSet(fc.lun)) report('error', 'spec.fc.lun', 'is missing; it is required with targetWWNs', 'give the LUN number, 0-255');
  }
  if (isSet(spec.flocker)) {
    // validateFlockerVolumeSource
    const f = map(spec.flocker);
    if (filled(f.datasetName) === filled(f.datasetUUID)) report('error', 'spec.flocker', 'needs exactly one of datasetName and datasetUUID', 'give one of them');
  }
}

const CLAIM_ACCESS_MODES = new Set(['ReadWriteOnce', 'ReadOnlyMany', 'ReadWriteMany', 'ReadWriteOncePod']);

/**
 * `ValidatePersistentVolumeClaimSpec` (1.27), for a claim (`field` = `spec`)
 * and for a StatefulSet's claim templates (statefulset.ts): access modes
 * present (ReadWriteOncePod alone), a storage request greater than zero, a
 * valid class name and selector, and `validateDataSource` for dataSource and
 * dataSourceRef. Access-mode values are the schema's.
 */
export function checkClaimSpec(claimSpec: unknown, field: string, report: Report): void {
  const spec = mapping(claimSpec);
  if (!spec) {
    if (claimSpec === undefined) report('error', field, 'is missing', 'give accessModes and resources.requests.storage');
    return;
  }
  const modes = spec.accessModes;
  if (modes === undefined || (Array.isArray(modes) && modes.length === 0)) {
    report('error', `${field}.accessModes`, 'is missing, but at least one access mode is required', 'set accessModes, e.g. [ReadWriteOnce]');
  } else if (Array.isArray(modes)) {
    const known = modes.filter(m => CLAIM_ACCESS_MODES.has(m));
    if (known.includes('ReadWriteOncePod') && known.length > 1) {
      report('error', `${field}.accessModes`, 'combines ReadWriteOncePod with other modes', 'use ReadWriteOncePod alone');
    }
  }
  const storage = mapping(mapping(spec.resources)?.requests)?.storage;
  if (storage === undefined) {
    report('error', `${field}.resources.requests.storage`, 'is missing', 'request the size of the volume, e.g. storage: 1Gi');
  } else {
    const value = quantityValue(storage);
    if (value !== undefined && value <= 0) {
      report('error', `${field}.resources.requests.storage`, `${JSON.stringify(storage)} is not greater than zero`, 'request a positive size, e.g. 1Gi');
    }
  }
  validateClassName(report, spec.storageClassName, `${field}.storageClassName`);
  checkLabelSelector(spec.selector, `${field}.selector`, report);
  // validateDataSource for dataSource and dataSourceRef
  for (const key of ['dataSource', 'dataSourceRef']) {
    if (!isSet(spec[key])) continue;
    const ref = map(spec[key]);
    if (!filled(ref.name)) report('error', `${field}.${key}.name`, 'is empty', 'name the source object');
    if (!filled(ref.kind)) {
      report('error', `${field}.${key}.kind`, 'is empty', 'give the source kind, e.g. PersistentVolumeClaim or VolumeSnapshot');
    } else if (!filled(ref.apiGroup) && ref.kind !== 'PersistentVolumeClaim') {
      report('error', `${field}.${key}`, `kind ${ref.kind} needs an apiGroup`, 'set apiGroup, e.g. snapshot.storage.k8s.io for VolumeSnapshot');
    }
    if (key === 'dataSourceRef' && filled(ref.namespace)) {
      // Not refused: the claim strategy drops the field while the alpha gate CrossNamespaceVolumeDataSource is off (the 1.27 default).
      report('warning', `${field}.dataSourceRef.namespace`, 'is dropped by the API server: cross-namespace data sources are an alpha feature, off by default in 1.27',
        'remove namespace and use a source in the claim\'s namespace, or enable the CrossNamespaceVolumeDataSource feature gate');
    }
  }
  if (isSet(spec.dataSource) && isSet(spec.dataSourceRef)) {
    const a = map(spec.dataSource);
    const b = map(spec.dataSourceRef);
    if ((a.apiGroup ?? '') !== (b.apiGroup ?? '') || a.kind !== b.kind || a.name !== b.name) {
      report('error', `${field}.dataSource`, 'differs from dataSourceRef', 'set only one of them, or make them name the same object');
    }
  }
}

/** `ValidatePersistentVolumeClaim`. */
export function validatePersistentVolumeClaim(report: Report, pvc: any): void {
  checkClaimSpec(pvc?.spec, 'spec', report);
}

/** `ValidateStorageClass`: `validateProvisioner`, `validateParameters`, `validateAllowedTopologies`. */
export function validateStorageClass(report: Report, sc: any): void {
  const provisioner = sc?.provisioner;
  if (provisioner === '') {
    report('error', 'provisioner', 'is empty', 'name the provisioner, e.g. nfs.csi.k8s.io, or kubernetes.io/no-provisioner for static volumes');
  } else if (typeof provisioner === 'string' && !isQualifiedName(provisioner.toLowerCase())) {
    report('error', 'provisioner', `${JSON.stringify(provisioner)} is not a qualified name`, 'use e.g. nfs.csi.k8s.io or kubernetes.io/no-provisioner');
  }
  const parameters = map(sc?.parameters);
  const keys = Object.keys(parameters);
  if (keys.length > 512) {
    report('error', 'parameters', `has ${keys.length} entries`, 'use at most 512');
  } else {
    let size = 0;
    for (const k of keys) {
      if (k === '') report('error', 'parameters', 'has an empty key', 'remove it or name it');
      size += Buffer.byteLength(k) + Buffer.byteLength(show(parameters[k] ?? ''));
    }
    if (size > 256 * 1024) report('error', 'parameters', `hold ${size} bytes`, 'keep keys and values under 256 KiB in total');
  }
  // validateAllowedTopologies / ValidateTopologySelectorTerm
  const seen = new Set<string>();
  list(sc?.allowedTopologies).forEach((term: any, i: number) => {
    const at = `allowedTopologies[${i}]`;
    const exprs = list(term?.matchLabelExpressions);
    const keyed = new Map<string, string>();
    exprs.forEach((e: any, j: number) => {
      const key = e?.key;
      if (typeof key === 'string' && !isQualifiedName(key)) {
        report('error', `${at}.matchLabelExpressions[${j}].key`, `${JSON.stringify(key)} is not a qualified name`, 'use a node label key such as topology.kubernetes.io/zone');
      }
      const values = list(e?.values);
      if (values.length === 0) report('error', `${at}.matchLabelExpressions[${j}].values`, 'is empty', 'list at least one value');
      if (new Set(values).size !== values.length) report('error', `${at}.matchLabelExpressions[${j}].values`, 'holds a duplicate value', 'list each value once');
      if (keyed.has(key)) report('error', `${at}.matchLabelExpressions[${j}].key`, `${JSON.stringify(key)} appears twice in the term`, 'merge the values into one expression');
      keyed.set(key, JSON.stringify(values.map(show).sort()));
    });
    const canonical = JSON.stringify([...keyed.entries()].map(([k, v]) => `${show(k)}=${v}`).sort());
    if (exprs.length > 0 && seen.has(canonical)) report('error', `${at}.matchLabelExpressions`, 'duplicates an earlier term', 'remove the duplicate term');
    seen.add(canonical);
  });
}
