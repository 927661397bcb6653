/**
 * Port rules of a headless Service and its pods, kept out of the constructs
 * so that `HeadlessService`, `StatefulWorkload` and `validate` share one
 * reading of Kubernetes. Private to the package.
 */
import { check } from './errors';
import { PodSecurityProps, ContainerSecurityProps } from './security-context';

/** The namespaced sysctl that lowers the first port a non-root process may bind. */
export const UNPRIVILEGED_PORT_SYSCTL = 'net.ipv4.ip_unprivileged_port_start';
/** Ports below this need root, CAP_NET_BIND_SERVICE, or the sysctl above (Linux default 1024). */
export const FIRST_UNPRIVILEGED_PORT = 1024;

/**
 * Refuses a headless port whose `port` and `targetPort` differ.
 *
 * A headless Service (`clusterIP: None`) has no virtual IP: kube-proxy skips
 * it (`ShouldSkipService` in pkg/proxy/util/utils.go), so nothing translates
 * `port` to `targetPort`. Cluster DNS answers `<pod>.<service>` with the pod IP
 * of the EndpointSlice endpoint (`podToEndpoint` in
 * staging/src/k8s.io/endpointslice/utils.go), and the client connects to that
 * IP on the port it asked for. SRV records carry the endpoint port, which is
 * the resolved targetPort (`getEndpointPorts`, same file). A different `port`
 * is therefore never used by anyone and only misleads.
 */
export function checkHeadlessPort(what: string, portField: string, port: number, targetField: string, targetPort: number | undefined): void {
  check(targetPort === undefined || targetPort === port,
    `${what}: ${portField} ${port} differs from ${targetField} ${targetPort}, but a headless service has no virtual ip (kube-proxy skips it), so clients of the pod dns names connect to ${targetPort}, never to ${port}; `
    + `make ${portField} equal to ${targetField} (${targetPort}), and have the container listen on the port clients use`);
}

/**
 * The pod sysctl that lets a non-root container bind the lowest of `ports`
 * when it is below 1024, or undefined when none is needed.
 *
 * `net.ipv4.ip_unprivileged_port_start` is a per-network-namespace sysctl
 * (Linux 4.11, commit 4548b683b781), shared by all containers of the pod.
 * - The kubelet allows it without `--allowed-unsafe-sysctls`: it is in
 *   `safeSysctls` (pkg/kubelet/sysctl/safe_sysctls.go, `SafeSysctlAllowlist`),
 *   with no kernel-version gate; it joined that list in Kubernetes 1.22
 *   (docs: tasks/administer-cluster/sysctl-cluster.md, "Safe sysctls").
 * - Pod Security "baseline", and so "restricted", allow it in every policy
 *   version: it is in `sysctlsAllowedV1Dot0` of `CheckSysctls`
 *   (k8s.io/pod-security-admission policy/check_sysctls.go); v1.27 only added
 *   `net.ipv4.ip_local_reserved_ports`. So a namespace pinned to an older
 *   version (`enforce-version: v1.23`) admits it too.
 * - The kubelet refuses to admit a pod that sets a `net.*` sysctl with
 *   `hostNetwork` (`patternAllowlist.validateSysctl` in
 *   pkg/kubelet/sysctl/allowlist.go, reason SysctlForbidden); the library never
 *   sets hostNetwork.
 * Adding the NET_BIND_SERVICE capability instead does not work for a non-root
 * user: Kubernetes sets no ambient capabilities, so the process's effective
 * set stays empty (kubernetes/kubernetes#56374).
 *
 * The value is the lowest declared port, the narrowest that works; it stays
 * below the default `ip_local_port_range` start (32768), which the kernel requires.
 */
export function unprivilegedPortSysctls(ports: readonly number[], pod: PodSecurityProps, container: ContainerSecurityProps): Array<{ name: string; value: string }> | undefined {
  const low = ports.filter(p => p < FIRST_UNPRIVILEGED_PORT);
  if (low.length === 0 || !runsAsNonRoot(pod, container)) {
    return undefined;
  }
  return [{ name: UNPRIVILEGED_PORT_SYSCTL, value: String(Math.min(...low)) }];
}

/** True when the container's user is known not to be root. */
export function runsAsNonRoot(pod: PodSecurityProps, container: ContainerSecurityProps): boolean {
  const user = container.runAsUser ?? pod.runAsUser;
  if (user !== undefined) {
    return user !== 0;
  }
  return (container.runAsNonRoot ?? pod.runAsNonRoot) === true;
}

/** The rendered pod `securityContext` with the sysctl of `unprivilegedPortSysctls` added, when one is needed. */
export function withUnprivilegedPortSysctl(podSecurityContext: any, ports: readonly number[], pod: PodSecurityProps, container: ContainerSecurityProps): any {
  const sysctls = unprivilegedPortSysctls(ports, pod, container);
  return sysctls === undefined ? podSecurityContext : { ...podSecurityContext, sysctls };
}
