/**
 * Warns about containers that must run as non-root but name no user id.
 *
 * The kubelet checks `runAsNonRoot` against the user it will run, just
 * before it creates the container (`verifyRunAsNonRoot`, in
 * pkg/kubelet/kuberuntime/security_context_others.go, called from
 * `generateContainerConfig` in kuberuntime_container.go). When the effective security context has
 * `runAsNonRoot: true` and no `runAsUser`, the image's user decides: uid 0
 * ("image will run as root") or a user name ("image has non-numeric user ...
 * cannot verify user is non-root") fails, so the pod stays in
 * CreateContainerConfigError and never starts. Most official images (postgres,
 * redis, etcd, ...) start as root or as a named user, so an explicit numeric
 * `runAsUser` is what makes `runAsNonRoot` safe. Only the Linux check works
 * this way; Windows pods (`spec.os.name: windows`) are skipped.
 */
import { Finding, finder } from '../findings';
import { Manifest } from '../load';

/** Adds a warning per container of `podSpec` (found at `path` in `m`) with runAsNonRoot but no runAsUser. */
export function checkRunAsUser(m: Manifest, podSpec: any, path: string, findings: Finding[]): void {
  if (podSpec === null || typeof podSpec !== 'object' || podSpec.os?.name === 'windows') return;
  const pod = podSpec.securityContext ?? {};
  const report = finder(findings, 'pod-security', m);
  for (const group of ['initContainers', 'containers']) {
    const containers = podSpec[group];
    if (!Array.isArray(containers)) continue;
    containers.forEach((c: any, i: number) => {
      const sc = c?.securityContext ?? {};
      // DetermineEffectiveSecurityContext: the container's field wins over the pod's.
      const nonRoot = sc.runAsNonRoot ?? pod.runAsNonRoot;
      const user = sc.runAsUser ?? pod.runAsUser;
      if (nonRoot === true && (user === undefined || user === null)) {
        report('warning', `${path}.${group}[${i}].securityContext.runAsUser`,
          `container ${c?.name} has runAsNonRoot but no runAsUser, so it never starts (CreateContainerConfigError) if its image runs as root or as a user name`,
          'set runAsUser (on the pod or the container) to the numeric uid the image expects, e.g. 999 for postgres and redis');
      }
    });
  }
}
