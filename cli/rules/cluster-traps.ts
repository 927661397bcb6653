/**
 * `validate` warnings for manifests that are valid but fail on a real
 * cluster in ways nothing reports (issue 9). Each rule is argued from the
 * Kubernetes source, cited where it applies:
 *
 * - a headless Service whose port differs from its targetPort;
 * - a non-root container declaring a port below 1024 without the pod sysctl
 *   `net.ipv4.ip_unprivileged_port_start` to let it bind it;
 * - a non-root container writing to an NFS claim, whose export must be owned
 *   by that user because the kubelet does not apply fsGroup to NFS.
 */
import { finder, Finding, idOf } from '../findings';
import { Manifest } from '../load';
import { list, mapping } from './shape';
import { PodTemplate, PodTemplateIndex } from './templates';
import { FIRST_UNPRIVILEGED_PORT, UNPRIVILEGED_PORT_SYSCTL } from '../../lib/headless-ports';

const CHECK = 'cluster';
const NFS_CSI_DRIVER = 'nfs.csi.k8s.io';

/** Adds the warnings of the three rules for `manifests`, whose pod templates `index` holds, to `findings`. */
export function checkClusterTraps(manifests: readonly Manifest[], index: PodTemplateIndex, findings: Finding[]): void {
  const nfsClasses = new Map<string, string>();
  const nfsVolumes = new Map<string, string>();
  const claims = new Map<string, any>();
  for (const m of manifests) {
    const o = m.object;
    if (o === null || typeof o !== 'object' || Array.isArray(o)) continue;
    const id = idOf(o);
    if (id.kind === 'StorageClass' && o.provisioner === NFS_CSI_DRIVER) {
      nfsClasses.set(id.name, `storage class ${id.name} of ${NFS_CSI_DRIVER}`);
    }
    if (id.kind === 'PersistentVolume' && (o.spec?.nfs || o.spec?.csi?.driver === NFS_CSI_DRIVER)) {
      const what = o.spec.nfs ? `nfs persistentvolume ${id.name} (${o.spec.nfs.server}:${o.spec.nfs.path})` : `persistentvolume ${id.name} of ${NFS_CSI_DRIVER}`;
      nfsVolumes.set(id.name, what);
      const cls = o.spec.storageClassName;
      if (typeof cls === 'string' && cls !== '' && !nfsClasses.has(cls)) nfsClasses.set(cls, `storage class ${cls}, which holds ${what}`);
    }
    if (id.kind === 'PersistentVolumeClaim') claims.set(`${id.namespace}/${id.name}`, o);
  }
  for (const m of manifests) {
    const o = m.object;
    if (o?.kind === 'Service' && o.spec?.clusterIP === 'None') checkHeadlessPorts(m, index, findings);
  }
  for (const t of index.templates) {
    if (!mapping(t.podSpec)) continue;
    checkLowPorts(t, findings);
    checkNfsWrites(t, nfsClasses, nfsVolumes, claims, findings);
  }
}

/**
 * A headless Service has no virtual IP: kube-proxy skips it (`ShouldSkipService`,
 * pkg/proxy/util/utils.go), so nothing maps `port` to `targetPort`. DNS gives
 * clients the pod IP, and they connect to the port they ask for, which reaches
 * the pod only when it is the targetPort (the endpoint port, `getEndpointPorts`
 * in staging/src/k8s.io/endpointslice/utils.go).
 */
function checkHeadlessPorts(m: Manifest, index: PodTemplateIndex, findings: Finding[]): void {
  const o = m.object;
  const ns = idOf(o).namespace ?? '';
  const selector = mapping(o.spec.selector);
  const report = finder(findings, CHECK, m);
  list(o.spec.ports).forEach((p: any, i: number) => {
    if (typeof p?.port !== 'number' || p.targetPort === undefined) return;
    let target: number | undefined = typeof p.targetPort === 'number' ? p.targetPort : undefined;
    let via = '';
    if (typeof p.targetPort === 'string' && selector) {
      // A named targetPort resolves to the selected containers' port of that name (the index finds them without a scan).
      for (const t of index.selectMap(ns, selector)) {
        const named = list(mapping(t.podSpec)?.containers).flatMap((c: any) => list(c?.ports)).find((cp: any) => cp?.name === p.targetPort);
        if (typeof named?.containerPort === 'number') {
          target = named.containerPort;
          via = ` (named port ${p.targetPort} of the selected pods)`;
          break;
        }
      }
    }
    if (target === undefined || target === p.port) return;
    report('warning', `spec.ports[${i}].targetPort`, `is ${target}${via} but port is ${p.port}; the service is headless (clusterIP: None), so kube-proxy skips it and clients of the pod dns names connect to port ${p.port} of the pod, where nothing listens`,
      `make port and targetPort the same number: set port to ${target}, or have the container listen on ${p.port} and set targetPort: ${p.port}`);
  });
}

/** The uid a container runs as: a number, 'non-root' when only runAsNonRoot says so, or undefined (may be root). */
function nonRootUser(pod: any, c: any): string | undefined {
  const user = c?.securityContext?.runAsUser ?? pod?.securityContext?.runAsUser;
  if (typeof user === 'number') return user === 0 ? undefined : String(user);
  return (c?.securityContext?.runAsNonRoot ?? pod?.securityContext?.runAsNonRoot) === true ? 'non-root' : undefined;
}

function containersOf(spec: any): Array<{ group: string; i: number; c: any }> {
  return ['initContainers', 'containers'].flatMap(group => (Array.isArray(spec[group]) ? spec[group] : []).map((c: any, i: number) => ({ group, i, c })));
}

/**
 * Linux lets only root or CAP_NET_BIND_SERVICE bind ports below
 * `net.ipv4.ip_unprivileged_port_start` (1024); an added NET_BIND_SERVICE does
 * not reach a non-root process, which Kubernetes gives no ambient capabilities
 * (kubernetes/kubernetes#56374). The sysctl is kubelet-safe since 1.22
 * (`SafeSysctlAllowlist`) and allowed by every Pod Security version
 * (`CheckSysctls`, `sysctlsAllowedV1Dot0`). The kubelet refuses `net.*`
 * sysctls with hostNetwork (`patternAllowlist.validateSysctl`,
 * pkg/kubelet/sysctl/allowlist.go), so such pods are not flagged.
 */
function checkLowPorts(t: PodTemplate, findings: Finding[]): void {
  if (t.podSpec.hostNetwork === true) return;
  const sysctl = list(t.podSpec.securityContext?.sysctls).find((s: any) => s?.name === UNPRIVILEGED_PORT_SYSCTL);
  const start = sysctl === undefined ? FIRST_UNPRIVILEGED_PORT : Number(sysctl.value);
  const report = finder(findings, CHECK, t.m);
  for (const { group, i, c } of containersOf(t.podSpec)) {
    const user = nonRootUser(t.podSpec, c);
    if (user === undefined) continue;
    list(c?.ports).forEach((p: any, j: number) => {
      const port = p?.containerPort;
      if (typeof port !== 'number' || port >= FIRST_UNPRIVILEGED_PORT || port >= start) return;
      report('warning', `${t.path}.${group}[${i}].ports[${j}].containerPort`,
        `container ${c.name} runs as ${user === 'non-root' ? 'a non-root user' : `uid ${user}`} but declares port ${port}, which only root may bind below ${Number.isFinite(start) ? start : FIRST_UNPRIVILEGED_PORT}, so the app cannot listen on it`,
        `add the pod sysctl ${UNPRIVILEGED_PORT_SYSCTL}: "${port}" to spec.securityContext.sysctls (kubelet-safe since kubernetes 1.22, allowed by pod security restricted), or listen on a port from 1024 up`);
    });
  }
}

/**
 * The kubelet does not apply fsGroup to NFS: the in-tree plugin's
 * `nfsMounter.SetUpAt` (pkg/volume/nfs/nfs.go) never calls
 * `SetVolumeOwnership`; csi-driver-nfs declares `fsGroupPolicy: File`, but the
 * kubelet's chown runs as root, which a root_squash export refuses. A non-root
 * container writing there fails unless the export is owned by its user.
 * A container is not flagged when an init container mounts the same volume:
 * that init container is taken to check or prepare it (StatefulWorkload's
 * `checkWritable` renders one).
 */
function checkNfsWrites(t: PodTemplate, nfsClasses: Map<string, string>, nfsVolumes: Map<string, string>, claims: Map<string, any>, findings: Finding[]): void {
  const o = t.m.object;
  const ns = idOf(o).namespace;
  const nfsOf = new Map<string, string>();
  const classOrVolume = (cls: unknown, volumeName: unknown) => (typeof volumeName === 'string' && nfsVolumes.get(volumeName))
    || (typeof cls === 'string' && nfsClasses.get(cls)) || undefined;
  if (o.kind === 'StatefulSet') {
    for (const vct of Array.isArray(o.spec?.volumeClaimTemplates) ? o.spec.volumeClaimTemplates : []) {
      const nfs = classOrVolume(vct?.spec?.storageClassName, vct?.spec?.volumeName);
      if (nfs && typeof vct.metadata?.name === 'string') nfsOf.set(vct.metadata.name, `claim template ${vct.metadata.name}, bound to ${nfs}`);
    }
  }
  for (const v of Array.isArray(t.podSpec.volumes) ? t.podSpec.volumes : []) {
    const claim = claims.get(`${ns}/${v?.persistentVolumeClaim?.claimName}`);
    const nfs = claim && classOrVolume(claim.spec?.storageClassName, claim.spec?.volumeName);
    if (nfs) nfsOf.set(v.name, `claim ${claim.metadata.name}, bound to ${nfs}`);
    else if (v?.nfs) nfsOf.set(v.name, `nfs volume ${v.nfs.server}:${v.nfs.path}`);
  }
  if (nfsOf.size === 0) return;
  const checkedByInit = new Set<string>(list(t.podSpec.initContainers).flatMap((c: any) => list(c?.volumeMounts).map((vm: any) => vm?.name)));
  const report = finder(findings, CHECK, t.m);
  for (const { group, i, c } of containersOf(t.podSpec)) {
    if (group !== 'containers') continue;
    const user = nonRootUser(t.podSpec, c);
    if (user === undefined) continue;
    list(c?.volumeMounts).forEach((vm: any, j: number) => {
      const nfs = nfsOf.get(vm?.name);
      if (!nfs || vm.readOnly === true || checkedByInit.has(vm.name)) return;
      const uid = user === 'non-root' ? '<uid>' : user;
      const gid = String(c.securityContext?.runAsGroup ?? t.podSpec.securityContext?.runAsGroup ?? (user === 'non-root' ? '<gid>' : uid));
      report('warning', `${t.path}.${group}[${i}].volumeMounts[${j}]`,
        `container ${c.name} runs as ${user === 'non-root' ? 'a non-root user' : `uid ${user}`} and writes to ${vm.mountPath} on ${nfs}; the kubelet does not apply fsGroup to nfs, so on an export owned by root its writes fail, silently if the app ignores the error`,
        `on the nfs server run chown -R ${uid}:${gid} on each export (or export it with all_squash,anonuid=${uid},anongid=${gid}), and check it at startup with an init container (StatefulWorkload checkWritable); see README "Try it on a cluster"`);
    });
  }
}
