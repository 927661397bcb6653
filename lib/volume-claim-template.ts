import { Size } from 'cdk8s';
import { PersistentVolumeAccessMode, PersistentVolumeMode } from 'cdk8s-plus-27';
import { claimName, checkDnsLabel, checkDnsSubdomain } from './names';
import { NfsStorage } from './nfs-storage';
import { renderSize } from './quantity';
import { checkAccessModes, checkLabels, checkVolumeMode } from './validate-props';

/**
 * Properties of a claim template: the PersistentVolumeClaim the StatefulSet
 * controller creates for each pod.
 */
export interface VolumeClaimTemplateProps {
  /**
   * Name of the template. Each pod's claim is `<name>-<statefulset>-<ordinal>`,
   * and containers mount the template under this name.
   */
  readonly name: string;

  /** Storage each claim requests, e.g. `Size.mebibytes(100)`. */
  readonly storageSize: Size;

  /**
   * Access modes each claim asks for.
   *
   * @default [PersistentVolumeAccessMode.READ_WRITE_ONCE]
   */
  readonly accessModes?: PersistentVolumeAccessMode[];

  /**
   * Storage class each claim asks for. Leaving it unset (no field) lets the
   * cluster's default StorageClass serve the claim; `""` asks for a volume of
   * no class and turns dynamic provisioning off.
   *
   * @default - no storageClassName field: the cluster's default StorageClass; for
   * CSI storage, the StorageClass that storage creates
   */
  readonly storageClassName?: string;

  /**
   * Volume mode.
   *
   * @default - Filesystem (no volumeMode field)
   */
  readonly volumeMode?: PersistentVolumeMode;

  /**
   * Where the claims' volumes come from.
   *
   * @default - no volumes are generated: the claims are served by the storage
   * class, or by PersistentVolumes made elsewhere
   */
  readonly nfs?: NfsStorage;

  /**
   * Labels of each claim.
   *
   * @default - none
   */
  readonly labels?: { [key: string]: string };

  /**
   * Annotations of each claim.
   *
   * @default - none
   */
  readonly annotations?: { [key: string]: string };
}

/**
 * A `volumeClaimTemplates` entry of a StatefulSet. cdk8s-plus-27 has no claim
 * templates; this holds one, and a `StatefulWorkload` renders it.
 *
 * Add it to a workload (`volumeClaimTemplates` or `addVolumeClaimTemplate`),
 * then mount it in the container by reference (`volumeMounts`).
 */
export class VolumeClaimTemplate {
  /** Template name. */
  public readonly name: string;
  /** Storage each claim requests. */
  public readonly storageSize: Size;
  /** Access modes each claim asks for. */
  public readonly accessModes: PersistentVolumeAccessMode[];
  /** Storage class asked for; undefined means no field, distinct from "". */
  public readonly storageClassName?: string;
  /** Volume mode, if set. */
  public readonly volumeMode?: PersistentVolumeMode;
  /** NFS storage backing the claims, if any. */
  public readonly nfs?: NfsStorage;
  /** Claim labels. */
  public readonly labels: { [key: string]: string };
  /** Claim annotations. */
  public readonly annotations: { [key: string]: string };

  /**
   * @param props name, size, access modes and storage of the claims
   */
  constructor(props: VolumeClaimTemplateProps) {
    const what = `volume claim template ${JSON.stringify(props.name)}`;
    checkDnsLabel(what, 'name', props.name);
    renderSize(what, 'storageSize', props.storageSize);
    this.accessModes = [...(props.accessModes ?? [PersistentVolumeAccessMode.READ_WRITE_ONCE])];
    checkAccessModes(what, 'accessModes', this.accessModes);
    checkVolumeMode(what, 'volumeMode', props.volumeMode);
    if (props.storageClassName !== undefined && props.storageClassName !== '') {
      checkDnsSubdomain(what, 'storageClassName', props.storageClassName);
    }
    checkLabels(what, 'labels', props.labels);
    this.name = props.name;
    this.storageSize = props.storageSize;
    this.storageClassName = props.storageClassName;
    this.volumeMode = props.volumeMode;
    this.nfs = props.nfs;
    this.labels = { ...props.labels };
    this.annotations = { ...props.annotations };
  }

  /**
   * Name of the claim the controller creates for pod `ordinal` of `statefulSetName`.
   *
   * @param statefulSetName name of the StatefulSet
   * @param ordinal pod ordinal, counting from 0
   */
  public claimName(statefulSetName: string, ordinal: number): string {
    return claimName(this.name, statefulSetName, ordinal);
  }
}
