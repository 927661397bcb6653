import { ApiObject, Lazy } from 'cdk8s';
import { Protocol } from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { addClaimStorage, renderClaimTemplate } from './claim-storage';
import { ContainerSpec, VolumeMountSpec } from './container';
import { DisruptionBudget } from './disruption-budget';
import { check } from './errors';
import { checkHeadlessPort, withUnprivilegedPortSysctl } from './headless-ports';
import { HeadlessService } from './headless-service';
import { checkDnsLabel, checkServiceName, checkStatefulSetName, defaultServiceName, serviceNameExample } from './names';
import { NfsPersistentVolume } from './nfs-persistent-volume';
import { PodSpread } from './pod-spread';
import { ContainerRole } from './render-container';
import { PodSpecBuilder, TMP_VOLUME } from './render-pod-spec';
import { renderPodSecurity, resolveSecurity } from './render-security';
import { DEFAULT_SPREAD_TOPOLOGY_KEY, renderSpread } from './render-spread';
import { StatefulWorkloadProps } from './stateful-workload-props';
import { checkCount, checkImage, checkLabels, checkPortEntry } from './validate-props';
import { VolumeClaimTemplate } from './volume-claim-template';
import { WorkloadNetworkPolicy } from './workload-network-policy';
import { checkUniqueObjectNames } from './unique-names';
import { KubeStatefulSet } from '../imports/k8s';

/**
 * A StatefulSet with its headless Service, its claim templates and their NFS
 * storage: static PersistentVolumes, one per replica, or a CSI StorageClass.
 * The pod has a main container, and optionally sidecars, init containers and
 * pod volumes (ConfigMap, Secret, emptyDir, projected).
 *
 * Rendered from the generated L1 classes, because cdk8s-plus-27's StatefulSet
 * has no volumeClaimTemplates and derives its selector from the construct path.
 * Every object name comes from props, never from the construct path.
 */
export class StatefulWorkload extends Construct {
  /**
   * The StatefulSet API object: the escape hatch for fields the props do not
   * cover, e.g. `apiObject.addJsonPatch(JsonPatch.add('/spec/template/spec/hostAliases', [...]))`.
   * Patches are applied after the library's checks, so the library does not
   * check them; run `cdk8s-stateful validate` on the output.
   */
  public readonly apiObject: ApiObject;
  /** Name of the StatefulSet. */
  public readonly name: string;
  /** Namespace, if set. */
  public readonly namespace?: string;
  /** Number of pods. */
  public readonly replicas: number;
  /** Name of the main container. */
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
  private readonly templateNames = new Set<string>();
  private readonly volumes: NfsPersistentVolume[] = [];
  /** Names of `volumes`, so that the duplicate check per replica is O(1), not a scan of all volumes. */
  private readonly volumeNames = new Set<string>();
  private readonly labels: { [key: string]: string } | undefined;
  private readonly pod: PodSpecBuilder;

  /**
   * @param scope the chart or construct this workload belongs to
   * @param id construct id; also the StatefulSet name when `props.name` is not set
   * @param props the containers, replicas, storage and Service of the workload
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
    this.containerName = props.containerName ?? this.name;
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

    if (props.service !== undefined) {
      check(props.serviceName === undefined,
        `${what}: serviceName ${props.serviceName} is set together with service; name the Service through its own props and drop serviceName`);
      check(props.service.namespace === props.namespace,
        `${what}: service ${props.service.name} is in namespace ${props.service.namespace ?? '(none)'} but the statefulset is in ${props.namespace ?? '(none)'}; put both in the same namespace`);
      this.service = props.service;
    } else {
      // Checked here, before the Service exists, so that the message names this prop.
      if (props.serviceName !== undefined) {
        checkServiceName(what, 'serviceName', props.serviceName, `use e.g. ${serviceNameExample(`${this.name}-service`)}`);
      } else {
        checkServiceName(what, 'default serviceName', defaultServiceName(this.name), `set serviceName, e.g. ${serviceNameExample(`${this.name}-service`)}`);
      }
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
    const writableTmp = props.writableTmp ?? security.container.readOnlyRootFilesystem === true;
    const spread = renderSpread(what, props.podSpread ?? PodSpread.NONE, this.selectorLabels,
      props.podSpreadTopologyKey ?? DEFAULT_SPREAD_TOPOLOGY_KEY);
    if (props.podSpreadTopologyKey !== undefined) {
      checkLabels(what, 'podSpreadTopologyKey', { [props.podSpreadTopologyKey]: '' });
    }

    // The main image first, so that a bad one is reported under its own name, not as writeCheckImage (its default).
    checkImage(what, 'image', props.image);
    if (props.writeCheckImage !== undefined) {
      checkImage(what, 'writeCheckImage', props.writeCheckImage);
    }
    const writeCheckImage = props.writeCheckImage ?? props.image;
    this.pod = new PodSpecBuilder(what, props, security, writableTmp, this.templateNames, writeCheckImage);
    const podSpec = this.pod.render(spread, withUnprivilegedPortSysctl(renderPodSecurity(security.pod),
      ports.map(p => p.containerPort), security.pod, security.container));
    // The main container first: its name and ports win over a sidecar's that repeats them.
    this.pod.addContainer(ContainerRole.MAIN, {
      ...props,
      name: this.containerName,
      ports: ports.map(p => ({ containerPort: p.containerPort, name: p.name, protocol: p.protocol })),
      securityContext: props.containerSecurity,
      volumeMounts: undefined,
    });

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
          spec: podSpec,
        },
        volumeClaimTemplates: Lazy.any({ produce: () => this.templates.length === 0 ? undefined : this.templates.map(t => renderClaimTemplate(t)) }),
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
    for (const c of props.initContainers ?? []) {
      this.addInitContainer(c);
    }
    for (const c of props.sidecars ?? []) {
      this.addSidecar(c);
    }
    this.node.addValidation({ validate: () => this.pod.validateTemplates() });
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

  /** Names of the pod's containers, in pod order: init containers, the main container, sidecars. */
  public get containerNames(): string[] {
    return this.pod.containerNames;
  }

  /**
   * Adds a claim template and, for static NFS storage, one PersistentVolume per
   * replica. Throws when a template or pod volume of the same name exists.
   *
   * @param template the claim template to add
   */
  public addVolumeClaimTemplate(template: VolumeClaimTemplate): void {
    const what = `statefulset ${this.name}`;
    check(template instanceof VolumeClaimTemplate, `${what}: volumeClaimTemplates entries must be VolumeClaimTemplate objects`);
    check(!(this.pod.writableTmp && template.name === TMP_VOLUME),
      `${what}: volume claim template ${TMP_VOLUME} has the name of the writable /tmp volume; rename the template, or set writableTmp to false`);
    check(!this.templateNames.has(template.name),
      `${what}: volume claim template ${template.name} is declared twice; give each template its own name`);
    check(!this.pod.hasVolume(template.name),
      `${what}: volume claim template ${template.name} has the name of a pod volume; give the template its own name`);
    const added = addClaimStorage(this, what, template, this.templates, this.labels);
    for (const pv of added.persistentVolumes) {
      check(!this.volumeNames.has(pv.name),
        `${what}: claim template ${template.name} generates persistentvolume ${pv.name} twice; make volumeNamePattern include {template}`);
      this.volumeNames.add(pv.name);
      this.volumes.push(pv);
      this.apiObject.addDependency(pv.apiObject);
    }
    if (added.storageClass) this.apiObject.addDependency(added.storageClass);
    this.templates.push(added.template);
    this.templateNames.add(added.template.name);
  }

  /**
   * Mounts a claim template or pod volume into the main container. Throws when
   * the path is already mounted.
   *
   * @param mount the claim template or volume, and the path to mount it at
   */
  public addVolumeMount(mount: VolumeMountSpec): void {
    this.pod.addMount(this.containerName, mount);
  }

  /**
   * Adds an init container; init containers run in the order added. Throws
   * when a container of the same name exists.
   *
   * @param container the init container
   */
  public addInitContainer(container: ContainerSpec): void {
    this.pod.addContainer(ContainerRole.INIT, container);
  }

  /**
   * Adds a sidecar container, which runs next to the main container. Throws
   * when a container of the same name exists, or another container declares one of its ports.
   *
   * @param container the sidecar container
   */
  public addSidecar(container: ContainerSpec): void {
    this.pod.addContainer(ContainerRole.SIDECAR, container);
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
}
