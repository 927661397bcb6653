import { PodManagementPolicy } from 'cdk8s-plus-27';
import { ContainerOptions, ContainerPortSpec } from './container';
import { HeadlessService } from './headless-service';
import { PodOptions } from './pod-options';
import { ContainerSecurityProps } from './security-context';
import { UpdateStrategy } from './update-strategy';
import { VolumeClaimTemplate } from './volume-claim-template';
import { NetworkPeer } from './workload-network-policy';

/** What happens to the claims of a StatefulSet when it is deleted or scaled down. */
export enum ClaimRetentionPolicy {
  /** Keep the claims, and with them the volumes and data. */
  RETAIN = 'Retain',
  /** Delete the claims; with a Delete reclaim policy the data goes too. */
  DELETE = 'Delete',
}

/**
 * A port of the main container, also exposed by the headless Service the
 * workload creates; clients of the pod DNS names connect to `containerPort`.
 * When it is below 1024 and the container runs as non-root, the workload sets
 * the pod sysctl `net.ipv4.ip_unprivileged_port_start` to the lowest such
 * port, so the app can bind it (see `headless-ports.ts`).
 */
export interface WorkloadPort extends ContainerPortSpec {
  /**
   * Port number on the headless Service. It must equal containerPort: a
   * headless Service has no virtual IP, so nothing maps a different number to
   * the container port, and clients of `<pod>.<service>` connect to the
   * container port directly. A different value is refused.
   *
   * @default - the same as containerPort
   */
  readonly servicePort?: number;
}

/** Options of the NetworkPolicy a workload creates. */
export interface WorkloadNetworkPolicyOptions {
  /**
   * Who may reach the container ports, besides the workload's own pods.
   *
   * @default - nobody: only the workload's own pods reach it
   */
  readonly allowFrom?: NetworkPeer[];
}

/**
 * Properties of a stateful workload.
 */
export interface StatefulWorkloadProps extends ContainerOptions, PodOptions {
  /**
   * Name of the StatefulSet; its pods are `<name>-0`, `<name>-1`, ... At most 52 characters.
   *
   * @default - the construct id, so that moving the construct never renames the StatefulSet
   */
  readonly name?: string;

  /**
   * Namespace of the StatefulSet, its Service and its claims.
   *
   * @default - no namespace field: the namespace kubectl applies to
   */
  readonly namespace?: string;

  /**
   * Number of pods. With static NFS storage, one PersistentVolume is generated per pod.
   *
   * @default 1
   */
  readonly replicas?: number;

  /** Container image, e.g. `beckjin/k8sdemo:1.2.0`. */
  readonly image: string;

  /**
   * Name of the container.
   *
   * @default - the StatefulSet name
   */
  readonly containerName?: string;

  /**
   * Container ports; each is also a port of the headless Service the workload
   * creates, with the same number. When the container runs as non-root (the
   * restricted baseline, or a non-zero runAsUser) and a port is below 1024, the
   * pod gets the sysctl `net.ipv4.ip_unprivileged_port_start` set to the
   * lowest such port, which keeps Pod Security "restricted"; there is no
   * opt-out, since a non-root process cannot bind the port otherwise.
   *
   * @default - none
   */
  readonly ports?: WorkloadPort[];

  /**
   * Whether pods start one by one or all at once. Immutable after creation.
   *
   * @default - OrderedReady (no field)
   */
  readonly podManagementPolicy?: PodManagementPolicy;

  /**
   * How pods are replaced when the template changes.
   *
   * @default - RollingUpdate without partition (no field)
   */
  readonly updateStrategy?: UpdateStrategy;

  /**
   * Seconds a new pod must be ready before it counts as available.
   *
   * @default - 0 (no field)
   */
  readonly minReadySeconds?: number;

  /**
   * What happens to the claims when the StatefulSet is deleted.
   *
   * @default - Retain (no field, the API server's default): claims and data are kept
   */
  readonly whenDeleted?: ClaimRetentionPolicy;

  /**
   * What happens to the claims of removed pods when the StatefulSet scales down.
   *
   * @default - Retain (no field, the API server's default): claims and data are kept
   */
  readonly whenScaled?: ClaimRetentionPolicy;

  /**
   * Labels of every object the workload creates.
   *
   * @default - none
   */
  readonly labels?: { [key: string]: string };

  /**
   * Annotations of the StatefulSet.
   *
   * @default - none
   */
  readonly annotations?: { [key: string]: string };

  /**
   * Labels that select the pods: the StatefulSet selector, the pod labels and
   * the Service selector are all this one map. Immutable after creation.
   *
   * @default - { 'app.kubernetes.io/name': <name> }
   */
  readonly selectorLabels?: { [key: string]: string };

  /**
   * Container security settings; each field set overrides the baseline.
   *
   * @default - the baseline's: for RESTRICTED, allowPrivilegeEscalation false,
   * capabilities drop ALL, read-only root filesystem
   */
  readonly containerSecurity?: ContainerSecurityProps;

  /**
   * Create a PodDisruptionBudget (`maxUnavailable: 1`, named like the
   * StatefulSet, selecting `selectorLabels`), so that node drains take down
   * one pod at a time. For another budget, set false and add a `DisruptionBudget`.
   *
   * @default - true when replicas > 1
   */
  readonly podDisruptionBudget?: boolean;

  /**
   * Create an ingress NetworkPolicy (named like the StatefulSet): the pods
   * accept any traffic from each other, and the container ports from
   * `networkPolicy.allowFrom`; nothing else.
   *
   * @default - no NetworkPolicy
   */
  readonly networkPolicy?: WorkloadNetworkPolicyOptions;

  /**
   * The headless Service that governs the pods. `serviceName` is set to its name
   * and its selector to `selectorLabels`.
   *
   * @default - a HeadlessService named `serviceName` is created with the workload's ports
   */
  readonly service?: HeadlessService;

  /**
   * Name of the headless Service the workload creates. Not allowed with `service`.
   * A DNS-1035 label, as every Service name (`ValidateServiceName`): it starts
   * with a letter, so a StatefulSet whose name starts with a digit must set it.
   *
   * @default - `<name>-headless`
   */
  readonly serviceName?: string;

  /**
   * Claim templates. Add more with `addVolumeClaimTemplate`.
   *
   * @default - none
   */
  readonly volumeClaimTemplates?: VolumeClaimTemplate[];

  /**
   * Image of the `check-writable` init container of mounts with
   * `checkWritable`; it needs `/bin/sh`, `id` and `rm`. Set it (e.g. to a
   * busybox image your cluster can pull) when the workload's image has no shell.
   *
   * @default - the workload's image, the one image the nodes are sure to pull
   */
  readonly writeCheckImage?: string;

}
