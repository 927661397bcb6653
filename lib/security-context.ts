/** Seccomp profile of a pod or container. */
export enum SeccompProfile {
  /** The container runtime's default profile; required by Pod Security "restricted". */
  RUNTIME_DEFAULT = 'RuntimeDefault',
  /** No seccomp filtering. */
  UNCONFINED = 'Unconfined',
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
   * Group that owns mounted volumes, so a non-root user can write to them.
   *
   * @default - volumes keep their ownership
   */
  readonly fsGroup?: number;

  /**
   * Refuse to start containers whose user is root.
   *
   * @default - not checked
   */
  readonly runAsNonRoot?: boolean;

  /**
   * Seccomp profile.
   *
   * @default - the runtime's choice (no field)
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
   * Mount the root filesystem read-only.
   *
   * @default - writable (no field)
   */
  readonly readOnlyRootFilesystem?: boolean;

  /**
   * Allow a process to gain more privileges than its parent.
   *
   * @default - the runtime's default (no field)
   */
  readonly allowPrivilegeEscalation?: boolean;

  /**
   * Run the container privileged.
   *
   * @default - not privileged (no field)
   */
  readonly privileged?: boolean;

  /**
   * Linux capabilities to add, e.g. `['NET_BIND_SERVICE']`.
   *
   * @default - none added
   */
  readonly capabilitiesAdd?: string[];

  /**
   * Linux capabilities to drop, e.g. `['ALL']`.
   *
   * @default - none dropped
   */
  readonly capabilitiesDrop?: string[];

  /**
   * Seccomp profile.
   *
   * @default - the pod's setting
   */
  readonly seccompProfile?: SeccompProfile;
}
