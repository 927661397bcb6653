/** Seccomp profile of a pod or container. */
export enum SeccompProfile {
  /** The container runtime's default profile; required by Pod Security "restricted". */
  RUNTIME_DEFAULT = 'RuntimeDefault',
  /** No seccomp filtering. */
  UNCONFINED = 'Unconfined',
}

/**
 * What a workload's security settings start from. Each field of
 * `podSecurity` and `containerSecurity` that is set overrides the baseline,
 * so every relaxation is an explicit prop.
 */
export enum SecurityBaseline {
  /**
   * Pod Security Standard "restricted": pod `runAsNonRoot: true` and seccomp
   * `RuntimeDefault`; container `allowPrivilegeEscalation: false`, all
   * capabilities dropped, read-only root filesystem (with a writable `emptyDir`
   * at /tmp); no service account token mounted.
   */
  RESTRICTED = 'restricted',
  /**
   * No defaults: only the fields set explicitly are written, and the cluster's
   * own defaults apply. An image that runs as root then needs the Pod Security
   * "privileged" level unless the settings given are enough for another one.
   */
  NONE = 'none',
}

/** Security settings of the pod. */
export interface PodSecurityProps {
  /**
   * User id all containers run as.
   *
   * @default - the image's user
   */
  readonly runAsUser?: number;

  /**
   * Group id all containers run as.
   *
   * @default - the image's group
   */
  readonly runAsGroup?: number;

  /**
   * Supplementary group of every container, which the kubelet also gives to
   * the files of volumes whose plugin manages ownership (emptyDir, block
   * volumes, CSI drivers whose fsGroupPolicy allows it). It does not make an
   * NFS claim writable: the in-tree nfs plugin reports `Managed: false` in
   * `GetAttributes` and its `SetUpAt` never calls `SetVolumeOwnership`
   * (pkg/volume/nfs/nfs.go), so the export itself must be writable by the
   * pod's uid (`chown` it, or export it with `all_squash,anonuid=<uid>`).
   *
   * @default - volumes keep their ownership
   */
  readonly fsGroup?: number;

  /**
   * Refuse to start containers whose user is root. Set false to run an image as root.
   *
   * @default - true with SecurityBaseline.RESTRICTED; not checked with NONE
   */
  readonly runAsNonRoot?: boolean;

  /**
   * Seccomp profile.
   *
   * @default - SeccompProfile.RUNTIME_DEFAULT with SecurityBaseline.RESTRICTED; the runtime's choice (no field) with NONE
   */
  readonly seccompProfile?: SeccompProfile;
}

/** Security settings of the container. */
export interface ContainerSecurityProps {
  /**
   * User id the container runs as.
   *
   * @default - the pod's or image's user
   */
  readonly runAsUser?: number;

  /**
   * Group id the container runs as.
   *
   * @default - the pod's or image's group
   */
  readonly runAsGroup?: number;

  /**
   * Refuse to start the container as root.
   *
   * @default - the pod's setting
   */
  readonly runAsNonRoot?: boolean;

  /**
   * Mount the root filesystem read-only. When it is, the workload mounts a
   * writable `emptyDir` at /tmp (see `StatefulWorkloadProps.writableTmp`).
   * Set false for an image that writes outside /tmp and its volumes.
   *
   * @default - true with SecurityBaseline.RESTRICTED; writable (no field) with NONE
   */
  readonly readOnlyRootFilesystem?: boolean;

  /**
   * Allow a process to gain more privileges than its parent (setuid binaries).
   * true lowers the Pod Security level to "baseline".
   *
   * @default - false with SecurityBaseline.RESTRICTED; the runtime's default (no field) with NONE
   */
  readonly allowPrivilegeEscalation?: boolean;

  /**
   * Run the container privileged. true lowers the Pod Security level to
   * "privileged" and requires allowPrivilegeEscalation not to be false.
   *
   * @default - not privileged (no field)
   */
  readonly privileged?: boolean;

  /**
   * Linux capabilities to add, e.g. `['NET_BIND_SERVICE']` to listen on a port
   * below 1024 as non-root. "restricted" allows only NET_BIND_SERVICE; others
   * lower the level to "baseline" or "privileged".
   *
   * @default - none added
   */
  readonly capabilitiesAdd?: string[];

  /**
   * Linux capabilities to drop. "restricted" requires `ALL`.
   *
   * @default - ['ALL'] with SecurityBaseline.RESTRICTED; none dropped (no field) with NONE
   */
  readonly capabilitiesDrop?: string[];

  /**
   * Seccomp profile.
   *
   * @default - the pod's setting
   */
  readonly seccompProfile?: SeccompProfile;
}
