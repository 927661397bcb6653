import { ApiObject, Lazy } from 'cdk8s';
import { ContainerResources, EnvValue, ImagePullPolicy, PodManagementPolicy, Protocol } from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { check, InputError } from './errors';
import { HeadlessService } from './headless-service';
import { checkDnsLabel, checkDnsSubdomain, checkStatefulSetName, defaultCsiStorageClassName, defaultServiceName, expandPattern } from './names';
import { NfsPersistentVolume } from './nfs-persistent-volume';
import { NfsStorageMode } from './nfs-storage';
import { Probe } from './probe';
import { renderSize } from './quantity';
import { DisruptionBudget } from './disruption-budget';
import { PodSpread } from './pod-spread';
import { renderContainerSecurity, renderPodSecurity, resolveSecurity } from './render-security';
import { DEFAULT_SPREAD_TOPOLOGY_KEY, renderSpread } from './render-spread';
import { ContainerSecurityProps, PodSecurityProps, SecurityBaseline } from './security-context';
import { UpdateStrategy } from './update-strategy';
import { VolumeClaimTemplate } from './volume-claim-template';
import { NetworkPeer, WorkloadNetworkPolicy } from './workload-network-policy';
import { KubeStatefulSet, KubeStorageClass, Quantity } from '../imports/k8s';
import { checkCount, checkImage, checkLabels, checkPortEntry } from './validate-props';
import { checkHeadlessPort, withUnprivilegedPortSysctl } from './headless-ports';
import { checkUniqueObjectNames } from './unique-names';
import { CheckedMount, renderWriteCheck } from './write-check';

/** Name of the writable emptyDir volume mounted at /tmp. */
const TMP_VOLUME = 'tmp';
const TMP_PATH = '/tmp';

/** What happens to the claims of a StatefulSet when it is deleted or scaled down. */
export enum ClaimRetentionPolicy {
  /** Keep the claims, and with them the volumes and data. */
  RETAIN = 'Retain',
  /** Delete the claims; with a Delete reclaim policy the data goes too. */
  DELETE = 'Delete',
}

/** A port of the container, also exposed by the headless Service the workload creates. */
export interface WorkloadPort {
  /**
   * Port the container listens on; clients of the pod DNS names connect to it.
   * When it is below 1024 and the container runs as non-root, the workload
   * sets the pod sysctl `net.ipv4.ip_unprivileged_port_start` to the lowest
   * such port, so the app can bind it (see `headless-ports.ts`).
   */
  readonly containerPort: number;

  /**
   * Port number on the headless Service. It must equal containerPort: a
   * headless Service has no virtual IP, so nothing maps a different number to
   * the container port, and clients of `<pod>.<service>` connect to the
   * container port directly. A different value is refused.
   *
   * @default - the same as containerPort
   */
  readonly servicePort?: number;

  /**
   * Port name.
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

/** Mounts a claim template into the container. */
export interface ClaimTemplateMount {
  /** Absolute path in the container. */
  readonly path: string;

  /** The claim template to mount; the workload must declare it. */
  readonly template: VolumeClaimTemplate;

  /**
   * Mount read-only.
   *
   * @default false
   */
  readonly readOnly?: boolean;

  /**
   * Mount only this sub-path of the volume.
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
   * `writeCheckImage`.
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
export interface StatefulWorkloadProps {
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
   * When the kubelet pulls the image.
   *
   * @default ImagePullPolicy.IF_NOT_PRESENT
   */
  readonly imagePullPolicy?: ImagePullPolicy;

  /**
   * Name of the container.
   *
   * @default - the StatefulSet name
   */
  readonly containerName?: string;

  /**
   * Entrypoint of the container.
   *
   * @default - the image's ENTRYPOINT
   */
  readonly command?: string[];

  /**
   * Arguments of the entrypoint.
   *
   * @default - the image's CMD
   */
  readonly args?: string[];

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
   * Environment variables. Use `EnvValue.fromFieldRef(EnvFieldPaths.POD_NAME)`
   * for the pod's own name, which a StatefulSet pod keeps across restarts.
   *
   * @default - none
   */
  readonly env?: { [name: string]: EnvValue };

  /**
   * CPU and memory requests and limits.
   *
   * @default - none
   */
  readonly resources?: ContainerResources;

  /**
   * Liveness probe.
   *
   * @default - none
   */
  readonly livenessProbe?: Probe;

  /**
   * Readiness probe.
   *
   * @default - none
   */
  readonly readinessProbe?: Probe;

  /**
   * Startup probe.
   *
   * @default - none
   */
  readonly startupProbe?: Probe;

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
   * What the security settings start from. RESTRICTED meets the Pod Security
   * Standard "restricted"; each field of `podSecurity` and `containerSecurity`
   * overrides it, so every relaxation is explicit. NONE writes only what is set.
   *
   * @default SecurityBaseline.RESTRICTED
   */
  readonly securityBaseline?: SecurityBaseline;

  /**
   * Pod security settings; each field set overrides the baseline.
   *
   * @default - the baseline's: runAsNonRoot true and seccomp RuntimeDefault for RESTRICTED
   */
  readonly podSecurity?: PodSecurityProps;

  /**
   * Container security settings; each field set overrides the baseline.
   *
   * @default - the baseline's: for RESTRICTED, allowPrivilegeEscalation false,
   * capabilities drop ALL, read-only root filesystem
   */
  readonly containerSecurity?: ContainerSecurityProps;

  /**
   * Mount the service account token into the pods. Only apps that call the
   * Kubernetes API need it.
   *
   * @default - false with SecurityBaseline.RESTRICTED; the cluster's default (no field) with NONE
   */
  readonly automountServiceAccountToken?: boolean;

  /**
   * Mount a writable `emptyDir` volume named `tmp` at /tmp, where most runtimes
   * write temporary files. Its content is lost when the pod goes away.
   *
   * @default - true when the root filesystem is read-only (the RESTRICTED default), otherwise false
   */
  readonly writableTmp?: boolean;

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

  /**
   * The headless Service that governs the pods. `serviceName` is set to its name
   * and its selector to `selectorLabels`.
   *
   * @default - a HeadlessService named `serviceName` is created with the workload's ports
   */
  readonly service?: HeadlessService;

  /**
   * Name of the headless Service the workload creates. Not allowed with `service`.
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
   * Claim templates mounted into the container. Add more with `addVolumeMount`.
   *
   * @default - none
   */
  readonly volumeMounts?: ClaimTemplateMount[];

  /**
   * Image of the `check-writable` init container of mounts with
   * `checkWritable`; it needs `/bin/sh`, `id` and `rm`. Set it (e.g. to a
   * busybox image your cluster can pull) when the workload's image has no shell.
   *
   * @default - the workload's image, the one image the nodes are sure to pull
   */
  readonly writeCheckImage?: string;
}

/**
 * A StatefulSet with its headless Service, its claim templates and their NFS
 * storage: static PersistentVolumes, one per replica, or a CSI StorageClass.
 *
 * Rendered from the generated L1 classes, because cdk8s-plus-27's StatefulSet
 * has no volumeClaimTemplates and derives its selector from the construct path.
 * Every object name comes from props, never from the construct path.
 */
export class StatefulWorkload extends Construct {
  /** The StatefulSet API object. */
  public readonly apiObject: ApiObject;
  /** Name of the StatefulSet. */
  public readonly name: string;
  /** Namespace, if set. */
  public readonly namespace?: string;
  /** Number of pods. */
  public readonly replicas: number;
  /** Name of the container. */
  public readonly containerName: string;
  /** Labels selecting the pods. */
  public readonly selectorLabels: { [key: string]: string };
  /** The governing headless Service. */
  public readonly service: HeadlessService;
  /** The PodDisruptionBudget, if the workload created one. */
  public readonly disruptionBudget?: DisruptionBudget;
  /** The NetworkPolicy, if the workload created one. */
  public readonly networkPolicy?: WorkloadNetworkPolicy;
  private readonly templates: VolumeClaimTemplate[] = [];
  private readonly mounts: ClaimTemplateMount[] = [];
  private readonly volumes: NfsPersistentVolume[] = [];
  /** Names of `volumes`, so that the duplicate check per replica is O(1), not a scan of all volumes. */
  private readonly volumeNames = new Set<string>();
  private readonly labels: { [key: string]: string } | undefined;
  private readonly writableTmp: boolean;
  private readonly writeCheckImage: string;

  /**
   * @param scope the chart or construct this workload belongs to
   * @param id construct id; also the StatefulSet name when `props.name` is not set
   * @param props the container, replicas, storage and Service of the workload
   */
  constructor(scope: Construct, id: string, props: StatefulWorkloadProps) {
    super(scope, id);
    this.name = props.name ?? id;
    checkStatefulSetName(this.name);
    const what = `statefulset ${this.name}`;
    if (props.namespace !== undefined) {
      checkDnsLabel(what, 'namespace', props.namespace);
    }
    this.namespace = props.namespace;
    this.replicas = props.replicas ?? 1;
    checkCount(what, 'replicas', this.replicas, 0);
    checkImage(what, 'image', props.image);
    this.containerName = props.containerName ?? this.name;
    checkDnsLabel(what, 'containerName', this.containerName);
    if (props.minReadySeconds !== undefined) {
      checkCount(what, 'minReadySeconds', props.minReadySeconds, 0);
    }
    checkLabels(what, 'labels', props.labels);
    checkLabels(what, 'podLabels', props.podLabels);
    this.labels = props.labels;
    this.selectorLabels = { ...(props.selectorLabels ?? { 'app.kubernetes.io/name': this.name }) };
    check(Object.keys(this.selectorLabels).length > 0, `${what}: selectorLabels is empty; give at least one label, e.g. { name: '${this.name}' }`);
    checkLabels(what, 'selectorLabels', this.selectorLabels);
    for (const [key, value] of Object.entries(props.podLabels ?? {})) {
      check(!(key in this.selectorLabels) || this.selectorLabels[key] === value,
        `${what}: podLabels sets ${key}=${value} but selectorLabels sets ${key}=${this.selectorLabels[key]}; drop it from podLabels`);
    }
    const ports = props.ports ?? [];
    const seenPorts = new Set<string>();
    for (const port of ports) {
      checkPortEntry(what, 'ports containerPort', port.containerPort, 'servicePort', port.servicePort, port.protocol, port.name);
      checkHeadlessPort(what, 'servicePort', port.servicePort ?? port.containerPort, 'containerPort', port.containerPort);
      const key = `${port.containerPort}/${port.protocol ?? Protocol.TCP}`;
      check(!seenPorts.has(key), `${what}: container port ${key} is declared twice; declare each port once`);
      seenPorts.add(key);
    }
    for (const name of Object.keys(props.env ?? {})) {
      check(/^[-._a-zA-Z][-._a-zA-Z0-9]*$/.test(name), `${what}: env name ${JSON.stringify(name)} is not a valid variable name; use letters, digits, '_', '-' and '.', not starting with a digit`);
    }

    if (props.service !== undefined) {
      check(props.serviceName === undefined,
        `${what}: serviceName ${props.serviceName} is set together with service; name the Service through its own props and drop serviceName`);
      check(props.service.namespace === props.namespace,
        `${what}: service ${props.service.name} is in namespace ${props.service.namespace ?? '(none)'} but the statefulset is in ${props.namespace ?? '(none)'}; put both in the same namespace`);
      this.service = props.service;
    } else {
      this.service = new HeadlessService(this, 'Service', {
        name: props.serviceName ?? defaultServiceName(this.name),
        namespace: props.namespace,
        labels: props.labels,
        ports: ports.map(p => ({ port: p.containerPort, targetPort: p.containerPort, name: p.name, protocol: p.protocol })),
      });
    }
    this.service.governWorkload(this.name, this.selectorLabels);

    const security = resolveSecurity(what, props.securityBaseline, props.podSecurity, props.containerSecurity, props.automountServiceAccountToken);
    check(props.writableTmp === undefined || typeof props.writableTmp === 'boolean',
      `${what}: writableTmp ${JSON.stringify(props.writableTmp)} is not a boolean; give true or false`);
    this.writableTmp = props.writableTmp ?? security.container.readOnlyRootFilesystem === true;
    this.writeCheckImage = props.writeCheckImage ?? props.image;
    checkImage(what, 'writeCheckImage', this.writeCheckImage);
    const spread = renderSpread(what, props.podSpread ?? PodSpread.NONE, this.selectorLabels,
      props.podSpreadTopologyKey ?? DEFAULT_SPREAD_TOPOLOGY_KEY);
    if (props.podSpreadTopologyKey !== undefined) {
      checkLabels(what, 'podSpreadTopologyKey', { [props.podSpreadTopologyKey]: '' });
    }

    const container = {
      name: this.containerName,
      image: props.image,
      imagePullPolicy: props.imagePullPolicy ?? ImagePullPolicy.IF_NOT_PRESENT,
      command: props.command ? [...props.command] : undefined,
      args: props.args ? [...props.args] : undefined,
      ports: ports.length === 0 ? undefined : ports.map(p => ({ containerPort: p.containerPort, name: p.name, protocol: p.protocol })),
      env: props.env === undefined ? undefined : Object.entries(props.env).map(([name, value]) => ({ name, value: value.value, valueFrom: value.valueFrom })),
      resources: renderResources(what, props.resources),
      livenessProbe: props.livenessProbe?.toKube(),
      readinessProbe: props.readinessProbe?.toKube(),
      startupProbe: props.startupProbe?.toKube(),
      securityContext: renderContainerSecurity(security.container),
      volumeMounts: Lazy.any({ produce: () => {
        const mounts: any[] = this.mounts.map(m => ({ name: m.template.name, mountPath: m.path, readOnly: m.readOnly, subPath: m.subPath }));
        if (this.writableTmp) {
          mounts.push({ name: TMP_VOLUME, mountPath: TMP_PATH });
        }
        return mounts.length === 0 ? undefined : mounts;
      } }),
    };

    const retention = props.whenDeleted === undefined && props.whenScaled === undefined
      ? undefined
      : { whenDeleted: props.whenDeleted, whenScaled: props.whenScaled };

    this.apiObject = new KubeStatefulSet(this, 'Resource', {
      metadata: { name: this.name, namespace: props.namespace, labels: props.labels, annotations: props.annotations },
      spec: {
        serviceName: this.service.name,
        replicas: this.replicas,
        selector: { matchLabels: { ...this.selectorLabels } },
        template: {
          metadata: {
            labels: { ...props.podLabels, ...this.selectorLabels },
            annotations: props.podAnnotations,
          },
          spec: {
            automountServiceAccountToken: security.automountServiceAccountToken,
            securityContext: withUnprivilegedPortSysctl(renderPodSecurity(security.pod),
              ports.map(p => p.containerPort), security.pod, security.container),
            initContainers: Lazy.any({ produce: () => {
              const checked: CheckedMount[] = this.mounts.filter(m => m.checkWritable === true)
                .map(m => ({ name: m.template.name, mountPath: m.path, subPath: m.subPath }));
              const init = renderWriteCheck(this.writeCheckImage, container.imagePullPolicy, checked, container.securityContext);
              return init === undefined ? undefined : [init];
            } }),
            containers: [container as any],
            volumes: this.writableTmp ? [{ name: TMP_VOLUME, emptyDir: {} }] : undefined,
            affinity: spread.affinity,
            topologySpreadConstraints: spread.topologySpreadConstraints,
          },
        },
        volumeClaimTemplates: Lazy.any({ produce: () => this.templates.length === 0 ? undefined : this.templates.map(t => this.renderTemplate(t)) }),
        podManagementPolicy: props.podManagementPolicy,
        updateStrategy: props.updateStrategy?.toKube() as any,
        minReadySeconds: props.minReadySeconds,
        persistentVolumeClaimRetentionPolicy: retention,
      },
    });
    this.apiObject.addDependency(this.service.apiObject);

    for (const template of props.volumeClaimTemplates ?? []) {
      this.addVolumeClaimTemplate(template);
    }
    for (const mount of props.volumeMounts ?? []) {
      this.addVolumeMount(mount);
    }
    this.node.addValidation({ validate: () => this.validateMounts() });
    checkUniqueObjectNames(this);

    check(props.podDisruptionBudget === undefined || typeof props.podDisruptionBudget === 'boolean',
      `${what}: podDisruptionBudget ${JSON.stringify(props.podDisruptionBudget)} is not a boolean; give true or false`);
    if (props.podDisruptionBudget ?? this.replicas > 1) {
      this.disruptionBudget = new DisruptionBudget(this, 'DisruptionBudget', {
        name: this.name,
        namespace: this.namespace,
        selectorLabels: this.selectorLabels,
        labels: this.labels,
      });
    }
    if (props.networkPolicy !== undefined) {
      this.networkPolicy = new WorkloadNetworkPolicy(this, 'NetworkPolicy', {
        name: this.name,
        namespace: this.namespace,
        selectorLabels: this.selectorLabels,
        ports: ports.map(p => ({ port: p.containerPort, protocol: p.protocol })),
        allowFrom: props.networkPolicy.allowFrom,
        labels: this.labels,
      });
    }
  }

  /** Claim templates of the StatefulSet. */
  public get volumeClaimTemplates(): VolumeClaimTemplate[] {
    return [...this.templates];
  }

  /** PersistentVolumes generated for static NFS storage. */
  public get persistentVolumes(): NfsPersistentVolume[] {
    return [...this.volumes];
  }

  /**
   * Adds a claim template and, for static NFS storage, one PersistentVolume per
   * replica. Throws when a template of the same name exists.
   *
   * @param template the claim template to add
   */
  public addVolumeClaimTemplate(template: VolumeClaimTemplate): void {
    const what = `statefulset ${this.name}`;
    check(template instanceof VolumeClaimTemplate, `${what}: volumeClaimTemplates entries must be VolumeClaimTemplate objects`);
    check(!(this.writableTmp && template.name === TMP_VOLUME),
      `${what}: volume claim template ${TMP_VOLUME} has the name of the writable /tmp volume; rename the template, or set writableTmp to false`);
    check(!this.templates.some(t => t.name === template.name),
      `${what}: volume claim template ${template.name} is declared twice; give each template its own name`);
    const nfs = template.nfs;
    if (nfs?.mode === NfsStorageMode.STATIC) {
      check(template.storageClassName !== undefined,
        `${what}: claim template ${template.name} uses static nfs storage but sets no storageClassName, so the cluster's default class would provision it instead; set storageClassName (e.g. ${template.name}-${this.name}-sc), or "" for no class`);
      check(!nfs.preBind || this.namespace !== undefined,
        `${what}: pre-bound nfs volumes name their claim's namespace in claimRef, but the statefulset has no namespace; set namespace (e.g. default) or turn preBind off`);
      for (let ordinal = 0; ordinal < this.replicas; ordinal++) {
        const values = { template: template.name, statefulSet: this.name, ordinal };
        const pv = new NfsPersistentVolume(this, `${template.name}-pv-${ordinal}`, {
          name: expandPattern(nfs.volumeNamePattern!, values),
          server: nfs.server,
          path: expandPattern(nfs.path, values),
          capacity: template.storageSize,
          accessModes: template.accessModes,
          storageClassName: template.storageClassName,
          volumeMode: template.volumeMode,
          reclaimPolicy: nfs.reclaimPolicy,
          mountOptions: nfs.mountOptions,
          claimName: nfs.preBind ? template.claimName(this.name, ordinal) : undefined,
          claimNamespace: nfs.preBind ? this.namespace : undefined,
          labels: this.labels,
        });
        check(!this.volumeNames.has(pv.name),
          `${what}: claim template ${template.name} generates persistentvolume ${pv.name} twice; make volumeNamePattern include {template}`);
        this.volumeNames.add(pv.name);
        this.volumes.push(pv);
        this.apiObject.addDependency(pv.apiObject);
      }
    } else if (nfs?.mode === NfsStorageMode.CSI) {
      check(nfs.storageClassName === undefined || template.storageClassName === undefined || nfs.storageClassName === template.storageClassName,
        `${what}: claim template ${template.name} asks for storageClassName ${template.storageClassName} but its csi nfs storage creates ${nfs.storageClassName}; set only one of them`);
      const className = nfs.storageClassName ?? template.storageClassName ?? defaultCsiStorageClassName(template.name, this.name);
      checkDnsSubdomain(what, `claim template ${template.name} storage class`, className);
      const storageClass = new KubeStorageClass(this, `${template.name}-storage-class`, {
        metadata: { name: className, labels: this.labels },
        provisioner: 'nfs.csi.k8s.io',
        parameters: { server: nfs.server, share: nfs.path },
        reclaimPolicy: nfs.reclaimPolicy,
        volumeBindingMode: 'Immediate',
        mountOptions: nfs.mountOptions ? [...nfs.mountOptions] : undefined,
      });
      this.apiObject.addDependency(storageClass);
      template = new VolumeClaimTemplate({ ...template, storageClassName: className, labels: template.labels, annotations: template.annotations });
    }
    const isStatic = (t: VolumeClaimTemplate) => t.nfs?.mode === NfsStorageMode.STATIC;
    const sharing = this.templates.find(t => t.storageClassName !== undefined && t.storageClassName === template.storageClassName
      && (isStatic(t) || isStatic(template)));
    if (sharing !== undefined) {
      const [owner, other] = isStatic(sharing) ? [sharing, template] : [template, sharing];
      throw new InputError(`${what}: claim templates ${sharing.name} and ${template.name} both ask for storage class ${JSON.stringify(template.storageClassName)}, which holds the static nfs volumes of ${owner.name}, so claims of ${other.name} could bind them or stay pending; give each template its own storageClassName`);
    }
    this.templates.push(template);
  }

  /**
   * Mounts a claim template into the container. Throws when the path is already mounted.
   *
   * @param mount the claim template and the path to mount it at
   */
  public addVolumeMount(mount: ClaimTemplateMount): void {
    const what = `statefulset ${this.name}`;
    check(typeof mount.path === 'string' && mount.path.startsWith('/'),
      `${what}: mount path ${JSON.stringify(mount.path)} is not absolute; give a path such as /app/Data`);
    check(mount.template instanceof VolumeClaimTemplate, `${what}: mount at ${mount.path} needs a VolumeClaimTemplate as template`);
    check(!(this.writableTmp && mount.path.replace(/\/+$/, '') === TMP_PATH),
      `${what}: mount path ${mount.path} is where the writable tmp volume goes; mount elsewhere, or set writableTmp to false`);
    check(!this.mounts.some(m => m.path === mount.path),
      `${what}: mount path ${mount.path} is used twice; mount each path once`);
    check(mount.checkWritable === undefined || typeof mount.checkWritable === 'boolean',
      `${what}: mount at ${mount.path} checkWritable ${JSON.stringify(mount.checkWritable)} is not a boolean; give true or false`);
    check(!(mount.checkWritable === true && mount.readOnly === true),
      `${what}: mount at ${mount.path} is readOnly but asks for checkWritable; drop one of them`);
    this.mounts.push({ ...mount });
  }

  /**
   * Name of the claim of `template` for pod `ordinal`.
   *
   * @param template a claim template of this workload
   * @param ordinal pod ordinal, counting from 0
   */
  public claimName(template: VolumeClaimTemplate, ordinal: number): string {
    return template.claimName(this.name, ordinal);
  }

  private validateMounts(): string[] {
    const declared = new Set(this.templates.map(t => t.name));
    return this.mounts
      .filter(m => !declared.has(m.template.name))
      .map(m => `statefulset ${this.name}: container ${this.containerName} mounts claim template ${m.template.name} at ${m.path}, but the statefulset does not declare it; add it with volumeClaimTemplates or addVolumeClaimTemplate`);
  }

  private renderTemplate(t: VolumeClaimTemplate): any {
    const hasLabels = Object.keys(t.labels).length > 0;
    const hasAnnotations = Object.keys(t.annotations).length > 0;
    return {
      metadata: {
        name: t.name,
        labels: hasLabels ? t.labels : undefined,
        annotations: hasAnnotations ? t.annotations : undefined,
      },
      spec: {
        accessModes: t.accessModes,
        resources: { requests: { storage: Quantity.fromString(renderSize(`claim template ${t.name}`, 'storageSize', t.storageSize)) } },
        storageClassName: t.storageClassName,
        volumeMode: t.volumeMode,
      },
    };
  }
}

function renderResources(what: string, resources: ContainerResources | undefined): any {
  if (resources === undefined) {
    return undefined;
  }
  const requests: { [key: string]: Quantity } = {};
  const limits: { [key: string]: Quantity } = {};
  if (resources.cpu?.request) requests.cpu = Quantity.fromString(resources.cpu.request.amount);
  if (resources.cpu?.limit) limits.cpu = Quantity.fromString(resources.cpu.limit.amount);
  if (resources.memory?.request) requests.memory = Quantity.fromString(renderSize(what, 'memory request', resources.memory.request));
  if (resources.memory?.limit) limits.memory = Quantity.fromString(renderSize(what, 'memory limit', resources.memory.limit));
  if (resources.ephemeralStorage?.request) requests['ephemeral-storage'] = Quantity.fromString(renderSize(what, 'ephemeral storage request', resources.ephemeralStorage.request));
  if (resources.ephemeralStorage?.limit) limits['ephemeral-storage'] = Quantity.fromString(renderSize(what, 'ephemeral storage limit', resources.ephemeralStorage.limit));
  return {
    requests: Object.keys(requests).length ? requests : undefined,
    limits: Object.keys(limits).length ? limits : undefined,
  };
}
