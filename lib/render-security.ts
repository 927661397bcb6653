/**
 * Turns the security props of a workload into the pod and container
 * `securityContext` it renders, applying the baseline. Private to the package.
 */
import { check } from './errors';
import { ContainerSecurityProps, PodSecurityProps, SeccompProfile, SecurityBaseline } from './security-context';

/** Largest uid or gid the library accepts (Linux ids are 32-bit; Kubernetes rejects negative ones). */
const MAX_ID = 2147483647;
const CAPABILITY = /^[A-Z][A-Z0-9_]*$/;

/** Effective settings after applying the baseline. */
export interface EffectiveSecurity {
  readonly pod: PodSecurityProps;
  readonly container: ContainerSecurityProps;
  readonly automountServiceAccountToken?: boolean;
}

function checkId(what: string, field: string, value: number | undefined): void {
  if (value !== undefined) {
    check(typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= MAX_ID,
      `${what}: ${field} ${JSON.stringify(value)} is not a user or group id; use a whole number from 0 to ${MAX_ID}, e.g. 1000`);
  }
}

function checkCapabilities(what: string, field: string, caps: readonly string[] | undefined): void {
  if (caps === undefined) {
    return;
  }
  check(Array.isArray(caps), `${what}: ${field} must be a list of capability names, e.g. ['NET_BIND_SERVICE']`);
  for (const cap of caps) {
    check(typeof cap === 'string' && CAPABILITY.test(cap) && !cap.startsWith('CAP_'),
      `${what}: ${field} entry ${JSON.stringify(cap)} is not a capability name; use upper-case names without the CAP_ prefix, e.g. NET_BIND_SERVICE or ALL`);
  }
}

function checkBoolean(what: string, field: string, value: unknown): void {
  check(value === undefined || typeof value === 'boolean', `${what}: ${field} ${JSON.stringify(value)} is not a boolean; give true or false`);
}

function checkSeccomp(what: string, field: string, value: unknown): void {
  check(value === undefined || Object.values(SeccompProfile).includes(value as SeccompProfile),
    `${what}: ${field} ${JSON.stringify(value)} is not one of ${Object.values(SeccompProfile).join(', ')}; use SeccompProfile`);
}

/** Applies `baseline` to the given props and checks that the result is consistent. */
export function resolveSecurity(what: string, baseline: SecurityBaseline | undefined, pod: PodSecurityProps = {},
  container: ContainerSecurityProps = {}, automountServiceAccountToken?: boolean): EffectiveSecurity {
  const b = baseline ?? SecurityBaseline.RESTRICTED;
  check(Object.values(SecurityBaseline).includes(b),
    `${what}: securityBaseline ${JSON.stringify(b)} is not one of ${Object.values(SecurityBaseline).join(', ')}; use SecurityBaseline`);
  checkId(what, 'podSecurity.runAsUser', pod.runAsUser);
  checkId(what, 'podSecurity.runAsGroup', pod.runAsGroup);
  checkId(what, 'podSecurity.fsGroup', pod.fsGroup);
  checkBoolean(what, 'podSecurity.runAsNonRoot', pod.runAsNonRoot);
  checkSeccomp(what, 'podSecurity.seccompProfile', pod.seccompProfile);
  checkId(what, 'containerSecurity.runAsUser', container.runAsUser);
  checkId(what, 'containerSecurity.runAsGroup', container.runAsGroup);
  for (const field of ['runAsNonRoot', 'readOnlyRootFilesystem', 'allowPrivilegeEscalation', 'privileged'] as const) {
    checkBoolean(what, `containerSecurity.${field}`, container[field]);
  }
  checkSeccomp(what, 'containerSecurity.seccompProfile', container.seccompProfile);
  checkCapabilities(what, 'containerSecurity.capabilitiesAdd', container.capabilitiesAdd);
  checkCapabilities(what, 'containerSecurity.capabilitiesDrop', container.capabilitiesDrop);
  checkBoolean(what, 'automountServiceAccountToken', automountServiceAccountToken);

  const restricted = b === SecurityBaseline.RESTRICTED;
  const effectivePod: PodSecurityProps = {
    ...pod,
    runAsNonRoot: pod.runAsNonRoot ?? (restricted ? true : undefined),
    seccompProfile: pod.seccompProfile ?? (restricted ? SeccompProfile.RUNTIME_DEFAULT : undefined),
  };
  const effectiveContainer: ContainerSecurityProps = {
    ...container,
    readOnlyRootFilesystem: container.readOnlyRootFilesystem ?? (restricted ? true : undefined),
    allowPrivilegeEscalation: container.allowPrivilegeEscalation ?? (restricted && !container.privileged ? false : undefined),
    capabilitiesDrop: container.capabilitiesDrop ?? (restricted ? ['ALL'] : undefined),
  };

  const nonRoot = effectiveContainer.runAsNonRoot ?? effectivePod.runAsNonRoot;
  const user = effectiveContainer.runAsUser ?? effectivePod.runAsUser;
  check(!(nonRoot === true && user === 0),
    `${what}: runAsUser 0 is root, but runAsNonRoot is true${pod.runAsNonRoot === undefined && container.runAsNonRoot === undefined ? ' (the restricted default)' : ''}; run as a non-root user id such as 1000, or set podSecurity.runAsNonRoot to false`);
  check(!(effectiveContainer.privileged === true && effectiveContainer.allowPrivilegeEscalation === false),
    `${what}: containerSecurity.privileged is true but allowPrivilegeEscalation is false, which Kubernetes rejects; drop privileged, or set allowPrivilegeEscalation to true`);
  return {
    pod: effectivePod,
    container: effectiveContainer,
    automountServiceAccountToken: automountServiceAccountToken ?? (restricted ? false : undefined),
  };
}

function orUndefined(o: { [key: string]: unknown }): any {
  return Object.values(o).some(v => v !== undefined) ? o : undefined;
}

/** The pod `securityContext`, or undefined when nothing is set. */
export function renderPodSecurity(p: PodSecurityProps): any {
  return orUndefined({
    runAsUser: p.runAsUser,
    runAsGroup: p.runAsGroup,
    fsGroup: p.fsGroup,
    runAsNonRoot: p.runAsNonRoot,
    seccompProfile: p.seccompProfile ? { type: p.seccompProfile } : undefined,
  });
}

/** The container `securityContext`, or undefined when nothing is set. */
export function renderContainerSecurity(c: ContainerSecurityProps): any {
  const capabilities = c.capabilitiesAdd || c.capabilitiesDrop
    ? { add: c.capabilitiesAdd ? [...c.capabilitiesAdd] : undefined, drop: c.capabilitiesDrop ? [...c.capabilitiesDrop] : undefined }
    : undefined;
  return orUndefined({
    runAsUser: c.runAsUser,
    runAsGroup: c.runAsGroup,
    runAsNonRoot: c.runAsNonRoot,
    readOnlyRootFilesystem: c.readOnlyRootFilesystem,
    allowPrivilegeEscalation: c.allowPrivilegeEscalation,
    privileged: c.privileged,
    capabilities,
    seccompProfile: c.seccompProfile ? { type: c.seccompProfile } : undefined,
  });
}
