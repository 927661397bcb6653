import { ContainerResources, EnvValue, ImagePullPolicy, Protocol } from 'cdk8s-plus-27';
import { EnvSource } from './env-source';
import { LifecycleHook } from './lifecycle-hook';
import { PodVolume } from './pod-volume';
import { Probe } from './probe';
import { ContainerSecurityProps } from './security-context';
import { VolumeClaimTemplate } from './volume-claim-template';

/**
 * Mounts a volume into a container: either a claim template of the workload
 * (`template`) or a pod volume (`volume`), exactly one of them.
 */
export interface VolumeMountSpec {
  /** Absolute path in the container. */
  readonly path: string;

  /**
   * The claim template to mount; the workload must declare it.
   *
   * @default - none; then `volume` is required
   */
  readonly template?: VolumeClaimTemplate;

  /**
   * The pod volume to mount (ConfigMap, Secret, emptyDir, projected); the
   * workload adds it to the pod the first time it is mounted.
   *
   * @default - none; then `template` is required
   */
  readonly volume?: PodVolume;

  /**
   * Mount read-only.
   *
   * @default false
   */
  readonly readOnly?: boolean;

  /**
   * Mount only this relative sub-path of the volume, e.g. `pgdata`; the kubelet
   * creates it when missing. A ConfigMap or Secret mounted with a sub-path is
   * not updated when the object changes.
   *
   * @default - the whole volume
   */
  readonly subPath?: string;

  /**
   * Check at startup that the pod's user can write here: an init container
   * named `check-writable` creates and removes a file in the mount, and tests
   * the files already at its top level. When one is not writable, it prints
   * the reason and the fix (chown on the NFS export, or all_squash with
   * anonuid/anongid) and exits 1, so the pod stays in
   * `Init:Error`/`Init:CrashLoopBackOff` and the rollout stops instead of the
   * app losing its writes. Needs `/bin/sh`, `id` and `rm` in
   * `writeCheckImage`. Only for claim templates mounted into the main
   * container; the check runs first, with the main container's security settings.
   *
   * Off by default: an image without a shell (distroless, scratch) would then
   * never start, even on a correctly owned volume, and the only image sure to
   * be pullable is the workload's own. Turn it on for non-root workloads on
   * NFS, whose exports ignore fsGroup.
   *
   * @default false
   */
  readonly checkWritable?: boolean;
}

/** A port a container listens on. */
export interface ContainerPortSpec {
  /** Port number. */
  readonly containerPort: number;

  /**
   * Port name, at most 15 characters; probes and Services can refer to it.
   *
   * @default - no name
   */
  readonly name?: string;

  /**
   * Protocol.
   *
   * @default - TCP (no protocol field)
   */
  readonly protocol?: Protocol;
}

/**
 * What every container of a workload can have: the main container (through
 * `StatefulWorkloadProps`), its sidecars and its init containers.
 */
export interface ContainerOptions {
  /**
   * When the kubelet pulls the image.
   *
   * @default ImagePullPolicy.IF_NOT_PRESENT
   */
  readonly imagePullPolicy?: ImagePullPolicy;

  /**
   * Entrypoint of the container. `$(VAR)` refers to an env variable of the container.
   *
   * @default - the image's ENTRYPOINT
   */
  readonly command?: string[];

  /**
   * Arguments of the entrypoint. `$(VAR)` refers to an env variable of the container.
   *
   * @default - the image's CMD
   */
  readonly args?: string[];

  /**
   * Environment variables. `EnvValue.fromFieldRef(EnvFieldPaths.POD_NAME)` gives
   * the pod's name, which a StatefulSet pod keeps across restarts;
   * `EnvValue.fromSecretValue({ secret, key })` one key of a Secret.
   *
   * @default - none
   */
  readonly env?: { [name: string]: EnvValue };

  /**
   * Every key of ConfigMaps or Secrets as environment variables; `env` wins on a clash.
   *
   * @default - none
   */
  readonly envFrom?: EnvSource[];

  /**
   * CPU, memory and ephemeral-storage requests and limits.
   *
   * @default - none
   */
  readonly resources?: ContainerResources;

  /**
   * Liveness probe. Not allowed on init containers.
   *
   * @default - none
   */
  readonly livenessProbe?: Probe;

  /**
   * Readiness probe. Not allowed on init containers.
   *
   * @default - none
   */
  readonly readinessProbe?: Probe;

  /**
   * Startup probe. Not allowed on init containers.
   *
   * @default - none
   */
  readonly startupProbe?: Probe;

  /**
   * Hook run right after the container starts. Not allowed on init containers.
   *
   * @default - none
   */
  readonly postStart?: LifecycleHook;

  /**
   * Hook run before the container is stopped; it counts against
   * `terminationGracePeriodSeconds`. Not allowed on init containers.
   *
   * @default - none
   */
  readonly preStop?: LifecycleHook;

  /**
   * Claim templates and pod volumes mounted into the container.
   *
   * @default - none (besides the writable /tmp, see `writableTmp`)
   */
  readonly volumeMounts?: VolumeMountSpec[];
}

/** An init container or sidecar container of a workload. */
export interface ContainerSpec extends ContainerOptions {
  /** Container name, unique in the pod. */
  readonly name: string;

  /** Container image, e.g. `oliver006/redis_exporter:v1.62.0`. */
  readonly image: string;

  /**
   * Ports the container listens on. They are not added to the workload's
   * Service or NetworkPolicy: only the main container's `ports` are.
   *
   * @default - none
   */
  readonly ports?: ContainerPortSpec[];

  /**
   * Security settings; each field set overrides the workload's baseline, as
   * `StatefulWorkloadProps.containerSecurity` does for the main container.
   *
   * @default - the workload's baseline (for RESTRICTED: no privilege escalation,
   * capabilities drop ALL, read-only root filesystem)
   */
  readonly securityContext?: ContainerSecurityProps;
}
