import { ApiObject, Size } from 'cdk8s';
import { PersistentVolumeAccessMode, PersistentVolumeMode, PersistentVolumeReclaimPolicy } from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { check } from './errors';
import { checkDnsSubdomain } from './names';
import { renderSize } from './quantity';
import { KubePersistentVolume, Quantity } from '../imports/k8s';
import { checkAccessModes, checkLabels, checkMountOptions, checkNfsPath, checkNfsServer, checkReclaimPolicy, checkVolumeMode } from './validate-props';

/**
 * Properties of an NFS PersistentVolume.
 */
export interface NfsPersistentVolumeProps {
  /**
   * Name of the PersistentVolume (cluster-scoped).
   *
   * @default - the construct id, so that moving the construct never renames the volume
   */
  readonly name?: string;

  /** Host name or IP address of the NFS server. */
  readonly server: string;

  /** Absolute path of the export on the NFS server. */
  readonly path: string;

  /** Capacity of the volume, e.g. `Size.mebibytes(100)`. */
  readonly capacity: Size;

  /**
   * Access modes the volume offers. Kubernetes does not enforce them for NFS
   * mounts; they only decide which claims may bind.
   *
   * @default [PersistentVolumeAccessMode.READ_WRITE_ONCE]
   */
  readonly accessModes?: PersistentVolumeAccessMode[];

  /**
   * Storage class the volume belongs to. Only claims asking for this class bind
   * to it. `""` means "no class"; leaving it unset writes no field, which the API
   * server also stores as no class.
   *
   * @default - no storageClassName field
   */
  readonly storageClassName?: string;

  /**
   * What happens to the volume and its data when its claim is deleted.
   *
   * @default PersistentVolumeReclaimPolicy.RETAIN - the data is kept (the API
   * server's default for a volume created by hand; written only when set)
   */
  readonly reclaimPolicy?: PersistentVolumeReclaimPolicy;

  /**
   * NFS mount options, e.g. `['nfsvers=4.1', 'hard']`.
   *
   * @default - the kubelet's default mount options
   */
  readonly mountOptions?: string[];

  /**
   * Mount the export read-only in every pod.
   *
   * @default false
   */
  readonly readOnly?: boolean;

  /**
   * Volume mode.
   *
   * @default - Filesystem (no volumeMode field)
   */
  readonly volumeMode?: PersistentVolumeMode;

  /**
   * Pre-bind the volume to this claim through `claimRef`, so that no other
   * claim can take it. Requires `claimNamespace`.
   *
   * @default - not pre-bound: any fitting claim of the same class may bind
   */
  readonly claimName?: string;

  /**
   * Namespace of the claim named by `claimName`.
   *
   * @default - required when claimName is set
   */
  readonly claimNamespace?: string;

  /**
   * Labels of the PersistentVolume.
   *
   * @default - none
   */
  readonly labels?: { [key: string]: string };

  /**
   * Annotations of the PersistentVolume.
   *
   * @default - none
   */
  readonly annotations?: { [key: string]: string };
}

/**
 * A static PersistentVolume backed by an NFS export.
 *
 * cdk8s-plus-27 has no NFS PersistentVolume and its base constructor is
 * protected, so this renders the L1 object directly.
 */
export class NfsPersistentVolume extends Construct {
  /** The underlying API object. */
  public readonly apiObject: ApiObject;
  /** Name of the PersistentVolume. */
  public readonly name: string;
  /** NFS server. */
  public readonly server: string;
  /** Export path. */
  public readonly path: string;
  /** Capacity. */
  public readonly capacity: Size;
  /** Access modes offered. */
  public readonly accessModes: PersistentVolumeAccessMode[];
  /** Storage class, if any. */
  public readonly storageClassName?: string;
  /** Effective reclaim policy. */
  public readonly reclaimPolicy: PersistentVolumeReclaimPolicy;
  /** Claim this volume is pre-bound to, if any. */
  public readonly claimName?: string;
  /** Namespace of the pre-bound claim, if any. */
  public readonly claimNamespace?: string;

  /**
   * @param scope the chart or construct this volume belongs to
   * @param id construct id; also the volume name when `props.name` is not set
   * @param props the NFS export, capacity and binding of the volume
   */
  constructor(scope: Construct, id: string, props: NfsPersistentVolumeProps) {
    super(scope, id);
    this.name = props.name ?? id;
    const what = `persistentvolume ${this.name}`;
    checkDnsSubdomain(what, 'name', this.name);
    checkNfsServer(what, 'server', props.server);
    checkNfsPath(what, 'path', props.path);
    const capacity = renderSize(what, 'capacity', props.capacity);
    this.accessModes = [...(props.accessModes ?? [PersistentVolumeAccessMode.READ_WRITE_ONCE])];
    checkAccessModes(what, 'accessModes', this.accessModes);
    checkReclaimPolicy(what, 'reclaimPolicy', props.reclaimPolicy);
    checkVolumeMode(what, 'volumeMode', props.volumeMode);
    checkLabels(what, 'labels', props.labels);
    if (props.storageClassName !== undefined && props.storageClassName !== '') {
      checkDnsSubdomain(what, 'storageClassName', props.storageClassName);
    }
    checkMountOptions(what, 'mountOptions', props.mountOptions);
    if (props.claimName !== undefined || props.claimNamespace !== undefined) {
      check(props.claimName !== undefined, `${what}: claimNamespace is set without claimName; set claimName too, or neither`);
      checkDnsSubdomain(what, 'claimName', props.claimName);
      check(props.claimNamespace !== undefined,
        `${what}: claimName ${props.claimName} has no claimNamespace; a claimRef must name the claim's namespace, e.g. default`);
      checkDnsSubdomain(what, 'claimNamespace', props.claimNamespace);
    }

    this.server = props.server;
    this.path = props.path;
    this.capacity = props.capacity;
    this.storageClassName = props.storageClassName;
    this.reclaimPolicy = props.reclaimPolicy ?? PersistentVolumeReclaimPolicy.RETAIN;
    this.claimName = props.claimName;
    this.claimNamespace = props.claimNamespace;

    this.apiObject = new KubePersistentVolume(this, 'Resource', {
      metadata: {
        name: this.name,
        labels: props.labels,
        annotations: props.annotations,
      },
      spec: {
        nfs: { server: props.server, path: props.path, readOnly: props.readOnly },
        accessModes: this.accessModes,
        capacity: { storage: Quantity.fromString(capacity) },
        storageClassName: props.storageClassName,
        persistentVolumeReclaimPolicy: props.reclaimPolicy,
        mountOptions: props.mountOptions ? [...props.mountOptions] : undefined,
        volumeMode: props.volumeMode,
        claimRef: props.claimName !== undefined
          ? { kind: 'PersistentVolumeClaim', name: props.claimName, namespace: props.claimNamespace }
          : undefined,
      },
    });
  }
}
