import { PersistentVolumeReclaimPolicy } from 'cdk8s-plus-27';
import { checkDnsSubdomain, checkPattern } from './names';
import { checkMountOptions, checkNfsPath, checkNfsServer, checkReclaimPolicy } from './validate-props';

/** Default PV name pattern: reproduces the seed's `data-k8sdemo-pv-1..N`. */
const DEFAULT_VOLUME_NAME_PATTERN = '{template}-{statefulset}-pv-{number}';
/** Default export path pattern: reproduces the seed's `/statefulset/data1..N`. */
const DEFAULT_EXPORT_PATH_PATTERN = '/statefulset/{template}{number}';

/**
 * Options of static NFS storage: one hand-made PersistentVolume per replica.
 */
export interface StaticNfsStorageOptions {
  /** Host name or IP address of the NFS server. */
  readonly server: string;

  /**
   * Export path of each replica's volume. Placeholders: `{template}`,
   * `{statefulset}`, `{ordinal}` (0-based, like pod names) and `{number}`
   * (1-based, like the seed's PVs).
   *
   * @default '/statefulset/{template}{number}'
   */
  readonly exportPathPattern?: string;

  /**
   * Name of each replica's PersistentVolume, with the same placeholders.
   *
   * @default '{template}-{statefulset}-pv-{number}'
   */
  readonly volumeNamePattern?: string;

  /**
   * Pre-bind each PersistentVolume to its ordinal's claim
   * (`<template>-<statefulset>-<ordinal>`) through `claimRef`, so that pod
   * `x-1` always gets export number 2. When false, the cluster binds claims to
   * fitting volumes in no particular order, as in the seed.
   *
   * @default true
   */
  readonly preBind?: boolean;

  /**
   * Reclaim policy of the generated volumes.
   *
   * @default - Retain: the field is left out and the API server stores Retain,
   * its default for volumes created by hand, so the data outlives its claim
   */
  readonly reclaimPolicy?: PersistentVolumeReclaimPolicy;

  /**
   * NFS mount options.
   *
   * @default - the kubelet's default mount options
   */
  readonly mountOptions?: string[];
}

/**
 * Options of CSI NFS storage: volumes provisioned on demand by the
 * csi-driver-nfs driver (`nfs.csi.k8s.io`), which must be installed.
 */
export interface CsiNfsStorageOptions {
  /** Host name or IP address of the NFS server. */
  readonly server: string;

  /** Absolute path of the export under which the driver creates one folder per claim. */
  readonly share: string;

  /**
   * Name of the StorageClass to create.
   *
   * @default - the claim template's storageClassName, or `<template>-<statefulset>-nfs-csi`
   */
  readonly storageClassName?: string;

  /**
   * Reclaim policy of provisioned volumes.
   *
   * @default PersistentVolumeReclaimPolicy.RETAIN - the data outlives its claim
   */
  readonly reclaimPolicy?: PersistentVolumeReclaimPolicy;

  /**
   * NFS mount options.
   *
   * @default - the driver's default mount options
   */
  readonly mountOptions?: string[];
}

/** How NFS storage is provided to a claim template. */
export enum NfsStorageMode {
  /** One hand-made PersistentVolume per replica. */
  STATIC = 'static',
  /** A StorageClass of the CSI NFS driver provisions volumes. */
  CSI = 'csi',
}

/**
 * Where a claim template's volumes come from: static NFS PersistentVolumes
 * (the seed's way) or the CSI NFS driver.
 */
export class NfsStorage {
  /**
   * One PersistentVolume per replica on `server`, named and placed by patterns.
   *
   * @param options the NFS server, export path pattern and volume options
   */
  public static staticVolumes(options: StaticNfsStorageOptions): NfsStorage {
    const what = 'static nfs storage';
    checkNfsServer(what, 'server', options.server);
    const exportPathPattern = options.exportPathPattern ?? DEFAULT_EXPORT_PATH_PATTERN;
    checkPattern(what, 'exportPathPattern', exportPathPattern);
    checkNfsPath(what, 'exportPathPattern', exportPathPattern);
    const volumeNamePattern = options.volumeNamePattern ?? DEFAULT_VOLUME_NAME_PATTERN;
    checkPattern(what, 'volumeNamePattern', volumeNamePattern);
    checkReclaimPolicy(what, 'reclaimPolicy', options.reclaimPolicy);
    return new NfsStorage(NfsStorageMode.STATIC, options.server, exportPathPattern, volumeNamePattern,
      options.preBind ?? true, options.reclaimPolicy, options.mountOptions, undefined);
  }

  /**
   * A StorageClass for the CSI NFS driver (`nfs.csi.k8s.io`), reclaim policy Retain by default.
   *
   * @param options the NFS server, share and StorageClass options
   */
  public static csiDriver(options: CsiNfsStorageOptions): NfsStorage {
    const what = 'csi nfs storage';
    checkNfsServer(what, 'server', options.server);
    checkNfsPath(what, 'share', options.share);
    if (options.storageClassName !== undefined) {
      checkDnsSubdomain(what, 'storageClassName', options.storageClassName);
    }
    checkReclaimPolicy(what, 'reclaimPolicy', options.reclaimPolicy);
    return new NfsStorage(NfsStorageMode.CSI, options.server, options.share, undefined,
      false, options.reclaimPolicy ?? PersistentVolumeReclaimPolicy.RETAIN, options.mountOptions, options.storageClassName);
  }

  /**
   * @param mode static or CSI
   * @param server NFS server
   * @param path export path pattern (static) or share (CSI)
   * @param volumeNamePattern PV name pattern (static only)
   * @param preBind whether static PVs are pre-bound
   * @param reclaimPolicy reclaim policy of the volumes
   * @param mountOptions NFS mount options
   * @param storageClassName StorageClass name (CSI only)
   */
  private constructor(
    /** Static or CSI. */
    public readonly mode: NfsStorageMode,
    /** NFS server. */
    public readonly server: string,
    /** Export path pattern (static) or share (CSI). */
    public readonly path: string,
    /** PV name pattern, for static storage. */
    public readonly volumeNamePattern: string | undefined,
    /** Whether static PVs are pre-bound to their ordinal's claim. */
    public readonly preBind: boolean,
    /** Reclaim policy of the volumes as given; unset means Retain (see the options). */
    public readonly reclaimPolicy: PersistentVolumeReclaimPolicy | undefined,
    /** NFS mount options. */
    public readonly mountOptions: string[] | undefined,
    /** StorageClass name, for CSI storage. */
    public readonly storageClassName: string | undefined) {
    checkMountOptions(`${mode} nfs storage`, 'mountOptions', mountOptions);
  }
}
