import { ISecret, IServiceAccount } from 'cdk8s-plus-27';
import { ContainerSpec } from './container';
import { PodSpread } from './pod-spread';
import { NodeAffinityPreference, NodeRequirement, Toleration } from './scheduling';
import { PodSecurityProps, SecurityBaseline } from './security-context';

/** Settings of a workload's pods, besides their main container. */
export interface PodOptions {
  /**
   * Extra pod labels, not used for selection.
   *
   * @default - none
   */
  readonly podLabels?: { [key: string]: string };

  /**
   * Pod annotations.
   *
   * @default - none
   */
  readonly podAnnotations?: { [key: string]: string };

  /**
   * Containers that run to completion, one after the other, before the main
   * container and the sidecars start, e.g. to prepare files on a claim.
   * Add more with `addInitContainer`.
   *
   * @default - none
   */
  readonly initContainers?: ContainerSpec[];

  /**
   * Containers that run next to the main container for the pod's whole life,
   * e.g. a metrics exporter. They come after the main container in the pod's
   * `containers`. Add more with `addSidecar`.
   *
   * @default - none
   */
  readonly sidecars?: ContainerSpec[];

  /**
   * What the security settings of every container start from. RESTRICTED meets
   * the Pod Security Standard "restricted"; each field of `podSecurity`,
   * `containerSecurity` and a container's `securityContext` overrides it, so
   * every relaxation is explicit. NONE writes only what is set.
   *
   * @default SecurityBaseline.RESTRICTED
   */
  readonly securityBaseline?: SecurityBaseline;

  /**
   * Pod security settings; each field set overrides the baseline. With
   * `runAsNonRoot` (the restricted default) and an image whose user is root or
   * a name, also set `runAsUser`, or the kubelet refuses to start the container.
   *
   * @default - the baseline's: runAsNonRoot true and seccomp RuntimeDefault for RESTRICTED
   */
  readonly podSecurity?: PodSecurityProps;

  /**
   * Service account the pods run as, e.g. a cdk8s-plus `ServiceAccount` or
   * `ServiceAccount.fromServiceAccountName(...)`. Its token is mounted only
   * when `automountServiceAccountToken` allows it.
   *
   * @default - the namespace's `default` service account (no field)
   */
  readonly serviceAccount?: IServiceAccount;

  /**
   * Mount the service account token into the pods. Only apps that call the
   * Kubernetes API need it.
   *
   * @default - false with SecurityBaseline.RESTRICTED; the cluster's default (no field) with NONE
   */
  readonly automountServiceAccountToken?: boolean;

  /**
   * Mount a writable `emptyDir` volume named `tmp` at /tmp of every container,
   * where most runtimes write temporary files. Its content is lost when the pod goes away.
   *
   * @default - true when the main container's root filesystem is read-only (the RESTRICTED default), otherwise false
   */
  readonly writableTmp?: boolean;

  /**
   * Secrets of type `kubernetes.io/dockerconfigjson` the kubelet uses to pull private images.
   *
   * @default - none: the node's and the service account's credentials
   */
  readonly imagePullSecrets?: ISecret[];

  /**
   * Seconds the kubelet waits after SIGTERM (and after a preStop hook starts)
   * before it kills the containers. Databases that flush on shutdown need more.
   *
   * @default - 30, the API server's default (no field)
   */
  readonly terminationGracePeriodSeconds?: number;

  /**
   * Name of a PriorityClass; higher priority pods are scheduled first and may preempt others.
   *
   * @default - the cluster's default priority (no field)
   */
  readonly priorityClassName?: string;

  /**
   * Labels a node must have for the pods to run on it.
   *
   * @default - any node
   */
  readonly nodeSelector?: { [key: string]: string };

  /**
   * Node label requirements the pods need, all of them (node affinity required during scheduling).
   *
   * @default - none
   */
  readonly requiredNodeAffinity?: NodeRequirement[];

  /**
   * Node label requirements the scheduler favours (node affinity preferred during scheduling).
   *
   * @default - none
   */
  readonly preferredNodeAffinity?: NodeAffinityPreference[];

  /**
   * Node taints the pods tolerate.
   *
   * @default - none: the pods avoid tainted nodes, except the taints Kubernetes tolerates by default
   */
  readonly tolerations?: Toleration[];

  /**
   * Spread the pods over nodes with pod anti-affinity or a topology spread
   * constraint selecting `selectorLabels`.
   *
   * @default PodSpread.NONE
   */
  readonly podSpread?: PodSpread;

  /**
   * Node label that defines the domains of `podSpread`, e.g. `topology.kubernetes.io/zone`.
   *
   * @default 'kubernetes.io/hostname' - one domain per node
   */
  readonly podSpreadTopologyKey?: string;
}
