/**
 * Pod Security Standards (Kubernetes 1.27, https://kubernetes.io/docs/concepts/security/pod-security-standards/):
 * which level a pod spec meets, and what keeps it from `restricted`.
 *
 * A pod meets `restricted` when it passes every baseline and restricted
 * check, `baseline` when it passes every baseline check, and is
 * `privileged` otherwise. Pod metadata (AppArmor annotations) is not part
 * of a pod spec and is not checked.
 */
import { list } from './rules/shape';

/** Capabilities a baseline pod may add (the container runtime default set). */
const BASELINE_CAPABILITIES = new Set([
  'AUDIT_WRITE', 'CHOWN', 'DAC_OVERRIDE', 'FOWNER', 'FSETID', 'KILL', 'MKNOD', 'NET_BIND_SERVICE',
  'SETFCAP', 'SETGID', 'SETPCAP', 'SETUID', 'SYS_CHROOT',
]);
/**
 * Sysctls a baseline pod may set (1.27): `CheckSysctls` in k8s.io/pod-security-admission
 * policy/check_sysctls.go, `sysctlsAllowedV1Dot27`. `net.ipv4.ip_unprivileged_port_start`,
 * which StatefulWorkload sets for low ports, is already in `sysctlsAllowedV1Dot0`.
 */
const SAFE_SYSCTLS = new Set([
  'kernel.shm_rmid_forced', 'net.ipv4.ip_local_port_range', 'net.ipv4.ip_unprivileged_port_start',
  'net.ipv4.tcp_syncookies', 'net.ipv4.ping_group_range', 'net.ipv4.ip_local_reserved_ports',
]);
/** Volume types a restricted pod may use. */
const RESTRICTED_VOLUMES = new Set(['configMap', 'csi', 'downwardAPI', 'emptyDir', 'ephemeral', 'persistentVolumeClaim', 'projected', 'secret']);
const SELINUX_TYPES = new Set(['', 'container_t', 'container_init_t', 'container_kvm_t']);

/**
 * The Pod Security Standards level `podSpec` meets, and one short actionable
 * sentence per check that keeps it from `restricted`.
 */
export function evaluatePodSecurity(podSpec: any): { level: 'privileged' | 'baseline' | 'restricted'; violations: string[] } {
  const spec = podSpec ?? {};
  const baseline: string[] = [];
  const restricted: string[] = [];
  const pod = spec.securityContext ?? {};
  const containers: Array<{ where: string; c: any }> = [
    ...list(spec.initContainers).map((c: any) => ({ where: `init container ${c?.name}`, c })),
    ...list(spec.containers).map((c: any) => ({ where: `container ${c?.name}`, c })),
    ...list(spec.ephemeralContainers).map((c: any) => ({ where: `ephemeral container ${c?.name}`, c })),
  ];

  // ---- baseline
  for (const field of ['hostNetwork', 'hostPID', 'hostIPC']) {
    if (spec[field] === true) baseline.push(`pod: remove ${field}: true; it shares the node's namespaces with the pod`);
  }
  if (pod.windowsOptions?.hostProcess === true) baseline.push('pod: remove securityContext.windowsOptions.hostProcess: true');
  for (const v of list(spec.volumes)) {
    if (v?.hostPath) baseline.push(`volume ${v.name}: replace the hostPath volume with a persistentVolumeClaim, emptyDir or configMap`);
  }
  checkSeLinux('pod', pod.seLinuxOptions, baseline);
  if (pod.seccompProfile?.type === 'Unconfined') baseline.push('pod: set securityContext.seccompProfile.type to RuntimeDefault instead of Unconfined');
  for (const s of list(pod.sysctls)) {
    if (!SAFE_SYSCTLS.has(s?.name)) baseline.push(`pod: remove sysctl ${s?.name}; only ${[...SAFE_SYSCTLS].join(', ')} are allowed`);
  }
  for (const { where, c } of containers) {
    const sc = c?.securityContext ?? {};
    if (sc.privileged === true) baseline.push(`${where}: remove securityContext.privileged: true`);
    if (sc.windowsOptions?.hostProcess === true) baseline.push(`${where}: remove securityContext.windowsOptions.hostProcess: true`);
    const extra = list(sc.capabilities?.add).filter((cap: string) => !BASELINE_CAPABILITIES.has(cap));
    if (extra.length) baseline.push(`${where}: do not add capabilities ${extra.join(', ')}; baseline allows only the runtime defaults`);
    for (const p of list(c?.ports)) {
      if (p?.hostPort) baseline.push(`${where}: remove hostPort ${p.hostPort}; expose the port through a Service`);
    }
    checkSeLinux(where, sc.seLinuxOptions, baseline);
    if (sc.procMount !== undefined && sc.procMount !== 'Default') baseline.push(`${where}: remove securityContext.procMount ${sc.procMount}`);
    if (sc.seccompProfile?.type === 'Unconfined') baseline.push(`${where}: set securityContext.seccompProfile.type to RuntimeDefault instead of Unconfined`);
  }

  // ---- restricted
  for (const v of list(spec.volumes)) {
    const type = Object.keys(v ?? {}).find(k => k !== 'name');
    if (type && type !== 'hostPath' && !RESTRICTED_VOLUMES.has(type)) {
      restricted.push(`volume ${v.name}: ${type} volumes are not allowed; mount it through a persistentVolumeClaim (or csi, configMap, secret, emptyDir, projected)`);
    }
  }
  const podNonRoot = pod.runAsNonRoot === true;
  if (pod.runAsUser === 0) restricted.push('pod: set securityContext.runAsUser to a non-zero uid');
  const podSeccomp = ['RuntimeDefault', 'Localhost'].includes(pod.seccompProfile?.type);
  // Seccomp and Linux capabilities do not apply to Windows pods (spec.os.name: windows).
  const linux = spec.os?.name !== 'windows';
  for (const { where, c } of containers) {
    const sc = c?.securityContext ?? {};
    if (sc.allowPrivilegeEscalation !== false) restricted.push(`${where}: set securityContext.allowPrivilegeEscalation: false`);
    if (sc.runAsNonRoot === false || (!podNonRoot && sc.runAsNonRoot !== true)) {
      restricted.push(`${where}: set securityContext.runAsNonRoot: true (on the pod or the container) and run as a non-root uid`);
    }
    if (sc.runAsUser === 0) restricted.push(`${where}: set securityContext.runAsUser to a non-zero uid`);
    const type = sc.seccompProfile?.type;
    if (!linux) continue;
    if (type === undefined ? !podSeccomp : !['RuntimeDefault', 'Localhost'].includes(type) && type !== 'Unconfined') {
      restricted.push(`${where}: set securityContext.seccompProfile.type: RuntimeDefault (on the pod or the container)`);
    }
    if (!list(sc.capabilities?.drop).includes('ALL')) restricted.push(`${where}: set securityContext.capabilities.drop: [ALL]`);
    const added = list(sc.capabilities?.add).filter((cap: string) => cap !== 'NET_BIND_SERVICE');
    if (added.length) restricted.push(`${where}: do not add capabilities ${added.join(', ')}; restricted allows only NET_BIND_SERVICE`);
  }

  const level = baseline.length ? 'privileged' : restricted.length ? 'baseline' : 'restricted';
  return { level, violations: [...baseline, ...restricted] };
}

function checkSeLinux(where: string, options: any, out: string[]): void {
  if (!options) return;
  if (!SELINUX_TYPES.has(options.type ?? '')) out.push(`${where}: use seLinuxOptions.type container_t, container_init_t or container_kvm_t, not ${options.type}`);
  if (options.user) out.push(`${where}: remove seLinuxOptions.user`);
  if (options.role) out.push(`${where}: remove seLinuxOptions.role`);
}
