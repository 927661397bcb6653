/**
 * The pod spec of a workload: its containers (main, sidecars, init), the
 * volumes they mount and the pod-level settings. Private to the package:
 * `StatefulWorkload` owns one and forwards its `addXxx` methods to it.
 */
import { Lazy } from 'cdk8s';
import { ContainerSpec, VolumeMountSpec } from './container';
import { check } from './errors';
import { checkDnsSubdomain } from './names';
import { PodOptions } from './pod-options';
import { PodVolume } from './pod-volume';
import { ContainerRole, checkContainer, renderContainer, subjectOf } from './render-container';
import { EffectiveSecurity, renderContainerSecurity, resolveSecurity } from './render-security';
import { NodeAffinityPreference, NodeRequirement, Toleration } from './scheduling';
import { ContainerSecurityProps } from './security-context';
import { VolumeClaimTemplate } from './volume-claim-template';
import { CheckedMount, renderWriteCheck, WRITE_CHECK_CONTAINER } from './write-check';
import { checkCount, checkLabels, checkRelativePath } from './validate-props';
import { ImagePullPolicy, Protocol } from 'cdk8s-plus-27';

/** Name of the writable emptyDir volume mounted at /tmp. */
export const TMP_VOLUME = 'tmp';
const TMP_PATH = '/tmp';

interface ContainerEntry {
  readonly role: ContainerRole;
  readonly props: ContainerSpec;
  readonly security: ContainerSecurityProps;
  readonly mounts: VolumeMountSpec[];
}

/** Claim templates a mount may name, and the names they take in the pod. */
export interface TemplateNames {
  /** True when the workload declares a claim template of this name. */
  has(name: string): boolean;
}

/** The pod spec of one workload. */
export class PodSpecBuilder {
  private readonly containers: ContainerEntry[] = [];
  private readonly initContainers: ContainerEntry[] = [];
  private readonly byName = new Map<string, ContainerEntry>();
  /** Container port `number/protocol` to the container that declares it: containers share the pod's network namespace. */
  private readonly ports = new Map<string, string>();
  private readonly volumes = new Map<string, { volume: PodVolume; json: string }>();

  /**
   * @param what the workload, for messages: `statefulset NAME`
   * @param props the pod options of the workload
   * @param security the effective security of the main container and the pod
   * @param writableTmp whether every container gets the writable /tmp
   * @param templates the workload's claim templates, whose names pod volumes may not take
   * @param writeCheckImage image of the `check-writable` init container (see write-check.ts)
   */
  constructor(private readonly what: string, private readonly props: PodOptions,
    private readonly security: EffectiveSecurity, public readonly writableTmp: boolean,
    private readonly templates: TemplateNames, private readonly writeCheckImage: string) {
    checkLabels(what, 'nodeSelector', props.nodeSelector);
    if (props.priorityClassName !== undefined) checkDnsSubdomain(what, 'priorityClassName', props.priorityClassName);
    if (props.terminationGracePeriodSeconds !== undefined) checkCount(what, 'terminationGracePeriodSeconds', props.terminationGracePeriodSeconds, 0);
    for (const t of props.tolerations ?? []) {
      check(t instanceof Toleration, `${what}: tolerations entries must be Toleration objects, e.g. Toleration.exists('dedicated')`);
    }
    for (const s of props.imagePullSecrets ?? []) {
      check(typeof s?.name === 'string', `${what}: imagePullSecrets entries must be Secrets, e.g. Secret.fromSecretName(this, 'pull', 'regcred')`);
      checkDnsSubdomain(what, 'imagePullSecrets name', s.name);
    }
    if (props.serviceAccount !== undefined) {
      check(typeof props.serviceAccount?.name === 'string',
        `${what}: serviceAccount must be a ServiceAccount, e.g. ServiceAccount.fromServiceAccountName(this, 'sa', 'db')`);
      checkDnsSubdomain(what, 'serviceAccount name', props.serviceAccount.name);
    }
  }

  /**
   * Adds a container. Throws when its name or one of its ports is taken.
   *
   * @param role main, sidecar or init container; the main container's security is the one resolved by the workload
   * @param c the container; its `volumeMounts` are added with `addMount`
   */
  public addContainer(role: ContainerRole, c: ContainerSpec): void {
    checkContainer(this.what, role, c);
    check(!this.byName.has(c.name),
      `${this.what}: container name ${c.name} is used twice; give each container, sidecar and init container its own name`);
    check(!(c.name === WRITE_CHECK_CONTAINER && this.checksWrites()),
      `${this.what}: container name ${c.name} is taken by the init container of checkWritable mounts; give the container another name`);
    const security = role === ContainerRole.MAIN ? this.security.container
      : resolveSecurity(`${this.what} ${role} ${c.name}`, this.props.securityBaseline, this.props.podSecurity, c.securityContext).container;
    if (role !== ContainerRole.INIT) {
      // Init containers run before the others, so their ports never clash with them.
      for (const p of c.ports ?? []) {
        const key = `${p.containerPort}/${p.protocol ?? Protocol.TCP}`;
        const owner = this.ports.get(key);
        check(owner === undefined || owner === c.name,
          `${this.what}: ${role} ${c.name} declares port ${key}, which container ${owner} declares too; containers of a pod share one network, give each its own port`);
        this.ports.set(key, c.name);
      }
    }
    const entry: ContainerEntry = { role, props: { ...c, volumeMounts: undefined }, security, mounts: [] };
    this.byName.set(c.name, entry);
    (role === ContainerRole.INIT ? this.initContainers : this.containers).push(entry);
    for (const m of c.volumeMounts ?? []) {
      this.addMount(c.name, m);
    }
  }

  /** True when a pod volume of this name is mounted. */
  public hasVolume(name: string): boolean {
    return this.volumes.has(name) || (this.writableTmp && name === TMP_VOLUME);
  }

  /**
   * Mounts a claim template or pod volume into container `containerName`.
   * Throws when the path is mounted already, or another volume has the name.
   */
  public addMount(containerName: string, mount: VolumeMountSpec): void {
    const entry = this.byName.get(containerName);
    check(entry !== undefined, `${this.what}: no container ${containerName} to mount into; add the container first`);
    const where = subjectOf(this.what, entry.role, containerName);
    check(mount !== null && typeof mount === 'object' && typeof mount.path === 'string' && mount.path.startsWith('/'),
      `${where}: mount path ${JSON.stringify(mount?.path)} is not absolute; give a path such as /app/Data`);
    check((mount.template === undefined) !== (mount.volume === undefined),
      `${where}: mount at ${mount.path} needs exactly one of template (a VolumeClaimTemplate) and volume (a PodVolume)`);
    const path = mount.path.replace(/(.)\/+$/, '$1');
    check(!(this.writableTmp && path === TMP_PATH),
      `${where}: mount path ${mount.path} is where the writable tmp volume goes; mount elsewhere, or set writableTmp to false`);
    // validateVolumeMounts: each mountPath once per container.
    check(!entry.mounts.some(m => m.path.replace(/(.)\/+$/, '$1') === path),
      `${where}: mount path ${mount.path} is used twice; mount each path once`);
    if (mount.subPath !== undefined) checkRelativePath(where, `mount at ${mount.path} subPath`, mount.subPath);
    check(mount.checkWritable === undefined || typeof mount.checkWritable === 'boolean',
      `${where}: mount at ${mount.path} checkWritable ${JSON.stringify(mount.checkWritable)} is not a boolean; give true or false`);
    if (mount.checkWritable === true) {
      check(mount.readOnly !== true, `${where}: mount at ${mount.path} is readOnly but asks for checkWritable; drop one of them`);
      check(entry.role === ContainerRole.MAIN && mount.template !== undefined,
        `${where}: mount at ${mount.path} asks for checkWritable, which only checks claim templates mounted into the main container; drop checkWritable`);
      check(!this.byName.has(WRITE_CHECK_CONTAINER),
        `${where}: mount at ${mount.path} asks for checkWritable, whose init container is named ${WRITE_CHECK_CONTAINER} like an existing container; rename that container`);
    }
    if (mount.template !== undefined) {
      check(mount.template instanceof VolumeClaimTemplate, `${where}: mount at ${mount.path} needs a VolumeClaimTemplate as template`);
    } else {
      const volume = mount.volume;
      check(volume instanceof PodVolume, `${where}: mount at ${mount.path} needs a PodVolume as volume, e.g. PodVolume.fromEmptyDir('run')`);
      check(!(this.writableTmp && volume.name === TMP_VOLUME),
        `${where}: volume ${TMP_VOLUME} has the name of the writable /tmp volume; rename it, or set writableTmp to false`);
      check(!this.templates.has(volume.name),
        `${where}: volume ${volume.name} has the name of a claim template; give the volume its own name`);
      const json = JSON.stringify(volume.toKube());
      const known = this.volumes.get(volume.name);
      check(known === undefined || known.json === json,
        `${where}: volume ${volume.name} is defined twice with different sources; mount the same PodVolume object, or give each its own name`);
      if (known === undefined) this.volumes.set(volume.name, { volume, json });
    }
    entry.mounts.push({ ...mount });
  }

  /** Names of the containers, in pod order: init containers, main, sidecars. */
  public get containerNames(): string[] {
    return [...this.initContainers, ...this.containers].map(e => e.props.name);
  }

  /** Mounts of claim templates the workload does not declare, as messages. */
  public validateTemplates(): string[] {
    return [...this.initContainers, ...this.containers].flatMap(e => e.mounts
      .filter(m => m.template !== undefined && !this.templates.has(m.template.name))
      .map(m => `${this.what}: ${e.role} ${e.props.name} mounts claim template ${m.template!.name} at ${m.path}, but the statefulset does not declare it; add it with volumeClaimTemplates or addVolumeClaimTemplate`));
  }

  /**
   * The pod spec, with the lists resolved at synthesis so that later `addXxx`
   * calls count. `spread` is the affinity and spread of `podSpread`;
   * `podSecurityContext` the rendered pod `securityContext`.
   */
  public render(spread: { affinity?: any; topologySpreadConstraints?: any[] }, podSecurityContext: any): any {
    const p = this.props;
    const nodeAffinity = renderNodeAffinity(this.what, p.requiredNodeAffinity, p.preferredNodeAffinity);
    const affinity = nodeAffinity === undefined && spread.affinity === undefined ? undefined : { ...spread.affinity, nodeAffinity };
    const render = (entries: ContainerEntry[]) => Lazy.any({
      produce: () => entries.length === 0 ? undefined : entries.map(e => this.renderEntry(e)),
    });
    return {
      automountServiceAccountToken: this.security.automountServiceAccountToken,
      serviceAccountName: p.serviceAccount?.name,
      securityContext: podSecurityContext,
      initContainers: Lazy.any({ produce: () => {
        const list = [this.renderWriteCheck(), ...this.initContainers.map(e => this.renderEntry(e))].filter(c => c !== undefined);
        return list.length === 0 ? undefined : list;
      } }),
      containers: render(this.containers),
      volumes: Lazy.any({ produce: () => this.renderVolumes() }),
      imagePullSecrets: p.imagePullSecrets === undefined || p.imagePullSecrets.length === 0 ? undefined
        : p.imagePullSecrets.map(s => ({ name: s.name })),
      terminationGracePeriodSeconds: p.terminationGracePeriodSeconds,
      priorityClassName: p.priorityClassName,
      nodeSelector: p.nodeSelector === undefined || Object.keys(p.nodeSelector).length === 0 ? undefined : { ...p.nodeSelector },
      tolerations: p.tolerations === undefined || p.tolerations.length === 0 ? undefined : p.tolerations.map(t => t.toKube()),
      affinity,
      topologySpreadConstraints: spread.topologySpreadConstraints,
    };
  }

  private renderEntry(e: ContainerEntry): any {
    return renderContainer(this.what, e.props, e.security, () => this.renderMounts(e));
  }

  private checksWrites(): boolean {
    return this.containers.some(e => e.mounts.some(m => m.checkWritable === true));
  }

  /** The `check-writable` init container of the main container's checkWritable mounts, run first. */
  private renderWriteCheck(): any | undefined {
    const main = this.containers.find(e => e.role === ContainerRole.MAIN);
    if (main === undefined) return undefined;
    const checked: CheckedMount[] = main.mounts.filter(m => m.checkWritable === true)
      .map(m => ({ name: m.template!.name, mountPath: m.path, subPath: m.subPath }));
    return renderWriteCheck(this.writeCheckImage, main.props.imagePullPolicy ?? ImagePullPolicy.IF_NOT_PRESENT, checked,
      renderContainerSecurity(main.security));
  }

  private renderMounts(e: ContainerEntry): any[] | undefined {
    const mounts: any[] = e.mounts.map(m => ({
      name: m.template?.name ?? m.volume!.name, mountPath: m.path, readOnly: m.readOnly, subPath: m.subPath,
    }));
    if (this.writableTmp) {
      mounts.push({ name: TMP_VOLUME, mountPath: TMP_PATH });
    }
    return mounts.length === 0 ? undefined : mounts;
  }

  private renderVolumes(): any[] | undefined {
    const volumes: any[] = [...this.volumes.values()].map(v => v.volume.toKube());
    if (this.writableTmp) {
      volumes.push({ name: TMP_VOLUME, emptyDir: {} });
    }
    return volumes.length === 0 ? undefined : volumes;
  }
}

function checkRequirements(what: string, field: string, list: readonly NodeRequirement[]): void {
  check(Array.isArray(list) && list.length > 0, `${what}: ${field} is empty; give at least one NodeRequirement or leave it out`);
  for (const r of list) {
    check(r instanceof NodeRequirement, `${what}: ${field} entries must be NodeRequirement objects, e.g. NodeRequirement.oneOf('disktype', ['ssd'])`);
  }
}

/** The pod `affinity.nodeAffinity`, or undefined. */
function renderNodeAffinity(what: string, required: readonly NodeRequirement[] | undefined,
  preferred: readonly NodeAffinityPreference[] | undefined): any {
  if (required !== undefined) checkRequirements(what, 'requiredNodeAffinity', required);
  for (const p of preferred ?? []) {
    // ValidatePreferredSchedulingTerms (pkg/apis/core/validation): weight in 1..100.
    check(Number.isInteger(p.weight) && p.weight >= 1 && p.weight <= 100,
      `${what}: preferredNodeAffinity weight ${JSON.stringify(p.weight)} is out of range; give a whole number from 1 to 100`);
    checkRequirements(what, 'preferredNodeAffinity requirements', p.requirements);
  }
  if (required === undefined && (preferred === undefined || preferred.length === 0)) return undefined;
  return {
    requiredDuringSchedulingIgnoredDuringExecution: required === undefined ? undefined
      : { nodeSelectorTerms: [{ matchExpressions: required.map(r => r.toKube()) }] },
    preferredDuringSchedulingIgnoredDuringExecution: preferred === undefined || preferred.length === 0 ? undefined
      : preferred.map(p => ({ weight: p.weight, preference: { matchExpressions: p.requirements.map(r => r.toKube()) } })),
  };
}
