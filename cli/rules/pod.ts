/**
 * Pod spec rules, ported from Kubernetes 1.27
 * pkg/apis/core/validation/validation.go: `ValidatePodSpec`,
 * `validateContainers`, `validateInitContainers`, `validateContainerCommon`,
 * `validateContainerPorts`, `ValidateEnv`, `validateEnvVarValueFrom`,
 * `validateProbe`, `validateHandler`, `validateLifecycle`,
 * `ValidateResourceRequirements`, `ValidateSecurityContext`,
 * `ValidatePodSecurityContext`, `validatePodDNSConfig` (the rest of
 * `ValidatePodSpec` is in pod-extras.ts and pod-scheduling.ts).
 */
import { checkLabels } from './metadata';
import { checkDnsConfig, checkHostAliases, checkPodSecurityContextExtras, checkReadinessGates, checkSeccompProfile, checkWindowsOptions } from './pod-extras';
import { checkAffinity, checkTolerations, checkTopologySpreadConstraints } from './pod-scheduling';
import { checkMounts, checkVolumes } from './pod-volumes';
import { entries, list, mapping, Report, text } from './shape';
import { isDnsLabel, isDnsSubdomain } from '../../lib/names';
import { quantityValue } from '../schema';

/** `IsValidPortName` (IANA_SVC_NAME): the problem with a port name, or undefined. */
export function portNameProblem(name: string): string | undefined {
  if (name.length === 0 || name.length > 15) return `is ${name.length} characters long (1 to 15)`;
  if (!/^[-a-z0-9]+$/.test(name)) return 'has characters other than lowercase letters, digits and \'-\'';
  if (!/[a-z]/.test(name)) return 'has no letter';
  if (name.includes('--')) return 'contains \'--\'';
  if (name.startsWith('-') || name.endsWith('-')) return 'starts or ends with \'-\'';
  return undefined;
}

const PORT_NAME_FIX = 'use at most 15 lowercase letters, digits and \'-\' with at least one letter, no \'--\', e.g. http or peer-2888';

/** `IsEnvVarName` of 1.27 (the relaxed rule came in 1.30 behind RelaxedEnvironmentVariableValidation). */
const ENV_VAR_NAME = /^[-._a-zA-Z][-._a-zA-Z0-9]*$/;

/** Fields `validateObjectFieldSelector` accepts in env (validEnvDownwardAPIFieldPathExpressions). */
const ENV_FIELD_PATHS = new Set(['metadata.name', 'metadata.namespace', 'metadata.uid', 'spec.nodeName', 'spec.serviceAccountName',
  'status.hostIP', 'status.podIP', 'status.podIPs']);
const ENV_FIELD_SUBSCRIPTED = /^metadata\.(labels|annotations)\['[^']+'\]$/;
const VALUE_FROM = ['fieldRef', 'resourceFieldRef', 'configMapKeyRef', 'secretKeyRef'];

function checkPorts(container: { [key: string]: any }, at: string, report: Report): void {
  const names = new Set<string>();
  list(container.ports).forEach((p, i) => {
    const name = text(mapping(p)?.name);
    if (name === undefined || name === '') return;
    const problem = portNameProblem(name);
    if (problem) {
      report('error', `${at}.ports[${i}].name`, `port name ${JSON.stringify(name)} ${problem}`, PORT_NAME_FIX);
    } else if (names.has(name)) {
      report('error', `${at}.ports[${i}].name`, `port name ${JSON.stringify(name)} is used twice in container ${container.name}`, 'give each port of a container its own name');
    }
    names.add(name);
  });
}

function checkEnv(container: { [key: string]: any }, at: string, report: Report): void {
  list(container.env).forEach((e, i) => {
    const env = mapping(e);
    if (!env) return;
    const f = `${at}.env[${i}]`;
    const name = text(env.name);
    if (name === '') {
      report('error', `${f}.name`, 'is empty', 'name the variable');
    } else if (name !== undefined && !ENV_VAR_NAME.test(name)) {
      report('error', `${f}.name`, `${JSON.stringify(name)} is not a valid environment variable name in Kubernetes 1.27`, 'use letters, digits, \'_\', \'-\' and \'.\', not starting with a digit, e.g. MY_VAR');
    }
    const valueFrom = mapping(env.valueFrom);
    if (!valueFrom) return;
    if (typeof env.value === 'string' && env.value !== '') {
      report('error', `${f}.valueFrom`, `variable ${name} has both value and valueFrom`, 'keep one of value and valueFrom');
    }
    const sources = VALUE_FROM.filter(s => valueFrom[s] !== undefined);
    if (sources.length === 0) {
      report('error', `${f}.valueFrom`, `variable ${name} names no source`, `set one of ${VALUE_FROM.join(', ')}`);
    } else if (sources.length > 1) {
      report('error', `${f}.valueFrom`, `variable ${name} has ${sources.length} sources (${sources.join(', ')})`, 'keep exactly one source');
    }
    const fieldPath = text(mapping(valueFrom.fieldRef)?.fieldPath);
    if (fieldPath !== undefined && !ENV_FIELD_PATHS.has(fieldPath) && !ENV_FIELD_SUBSCRIPTED.test(fieldPath)) {
      report('error', `${f}.valueFrom.fieldRef.fieldPath`, `${JSON.stringify(fieldPath)} is not a field the downward API gives to env`,
        `use one of ${[...ENV_FIELD_PATHS].join(', ')}, or metadata.labels['key']`);
    }
    for (const ref of ['configMapKeyRef', 'secretKeyRef']) {
      // validateConfigMapKeySelector / validateSecretKeySelector: a subdomain name, a key of IsConfigMapKey.
      const selector = mapping(valueFrom[ref]);
      if (!selector) continue;
      checkRefName(selector.name, `${f}.valueFrom.${ref}.name`, report);
      const key = text(selector.key);
      if (key === '') report('error', `${f}.valueFrom.${ref}.key`, 'is empty', 'name the key to read');
      else if (key !== undefined && !isConfigMapKey(key)) report('error', `${f}.valueFrom.${ref}.key`, `${JSON.stringify(key)} is not a valid key`, 'use letters, digits, \'-\', \'_\' and \'.\' (at most 253)');
    }
  });
  // ValidateEnvFrom: exactly one of configMapRef and secretRef, a valid prefix and name.
  list(container.envFrom).forEach((e, i) => {
    const env = mapping(e);
    if (!env) return;
    const f = `${at}.envFrom[${i}]`;
    const sources = ['configMapRef', 'secretRef'].filter(k => env[k] !== undefined);
    if (sources.length !== 1) report('error', f, sources.length ? 'has both configMapRef and secretRef' : 'names no source', 'set exactly one of configMapRef and secretRef');
    const prefix = text(env.prefix);
    if (prefix && !ENV_VAR_NAME.test(prefix)) report('error', `${f}.prefix`, `${JSON.stringify(prefix)} is not a valid environment variable name`, 'use letters, digits, \'_\', \'-\' and \'.\', not starting with a digit');
    for (const k of sources) checkRefName(mapping(env[k])?.name, `${f}.${k}.name`, report);
  });
}

/** `IsConfigMapKey`: at most 253 of [-._a-zA-Z0-9], not "." or "..". */
function isConfigMapKey(key: string): boolean {
  return key.length <= 253 && /^[-._a-zA-Z0-9]+$/.test(key) && key !== '.' && key !== '..';
}

/** The name of a referenced ConfigMap or Secret: a DNS-1123 subdomain (an empty or missing name fails too). */
function checkRefName(name: unknown, f: string, report: Report): void {
  if (name === undefined || name === '') report('error', f, 'is missing', 'name the ConfigMap or Secret to read');
  else if (typeof name === 'string' && !isDnsSubdomain(name)) report('error', f, `${JSON.stringify(name)} is not a valid ConfigMap or Secret name`, 'use a DNS-1123 subdomain');
}

const HANDLERS = ['exec', 'httpGet', 'tcpSocket', 'grpc'];

/** `validateHandler` (probes and lifecycle hooks): exactly one handler, valid ports and commands. */
function checkHandler(handler: { [key: string]: any }, f: string, kinds: string[], report: Report): void {
  const set = kinds.filter(k => handler[k] !== undefined);
  if (set.length === 0) {
    report('error', f, 'has no handler', `set exactly one of ${kinds.join(', ')}`);
  } else if (set.length > 1) {
    report('error', f, `has ${set.length} handlers (${set.join(', ')})`, 'keep exactly one handler');
  }
  const exec = mapping(handler.exec);
  if (exec && list(exec.command).length === 0) report('error', `${f}.exec.command`, 'is empty', 'give the command to run, e.g. [cat, /tmp/healthy]');
  for (const k of ['httpGet', 'tcpSocket']) {
    const port = mapping(handler[k])?.port;
    if (typeof port === 'number' && Number.isInteger(port) && (port < 1 || port > 65535)) {
      report('error', `${f}.${k}.port`, `${port} is not a port number`, 'use 1 to 65535 or the name of a container port');
    } else if (typeof port === 'string') {
      const problem = portNameProblem(port);
      if (problem) report('error', `${f}.${k}.port`, `port name ${JSON.stringify(port)} ${problem}`, 'use a number or the name of a container port');
    }
  }
  const grpcPort = mapping(handler.grpc)?.port;
  if (typeof grpcPort === 'number' && (grpcPort < 1 || grpcPort > 65535)) report('error', `${f}.grpc.port`, `${grpcPort} is not a port number`, 'use 1 to 65535');
}

/** `validateProbe`, plus the liveness/startup successThreshold and readiness terminationGracePeriodSeconds rules of `validateContainers`. */
function checkProbe(probe: unknown, f: string, kind: string, report: Report): void {
  const p = mapping(probe);
  if (!p) return;
  checkHandler(p, f, HANDLERS, report);
  for (const k of ['initialDelaySeconds', 'timeoutSeconds', 'periodSeconds', 'successThreshold', 'failureThreshold']) {
    if (typeof p[k] === 'number' && p[k] < 0) report('error', `${f}.${k}`, `${p[k]} is negative`, 'use 0 or more (0 takes the default)');
  }
  // 0 is defaulted to 1 (SetDefaults_Probe), so only other values break the rule.
  if (kind !== 'readinessProbe' && typeof p.successThreshold === 'number' && p.successThreshold > 1) {
    report('error', `${f}.successThreshold`, `is ${p.successThreshold}, but must be 1 for a ${kind}`, 'set successThreshold: 1 or remove it');
  }
  if (typeof p.terminationGracePeriodSeconds === 'number') {
    if (kind === 'readinessProbe') report('error', `${f}.terminationGracePeriodSeconds`, 'must not be set on a readinessProbe', 'remove it');
    else if (p.terminationGracePeriodSeconds <= 0) report('error', `${f}.terminationGracePeriodSeconds`, `${p.terminationGracePeriodSeconds} is not positive`, 'use 1 or more, or remove it');
  }
}

const CONTAINER_RESOURCES = new Set(['cpu', 'memory', 'ephemeral-storage']);

/** Native resources (no domain, or kubernetes.io) other than hugepages may be overcommitted (helper.IsOvercommitAllowed). */
function overcommitAllowed(name: string): boolean {
  const native = !name.includes('/') || name.includes('kubernetes.io/');
  return native && !name.startsWith('hugepages-');
}

/** `ValidateResourceRequirements`: names, non-negative quantities, request <= limit (= limit for extended resources). */
function checkResources(resources: unknown, f: string, report: Report): void {
  const r = mapping(resources);
  if (!r) return;
  const limits = mapping(r.limits) ?? {};
  for (const group of ['limits', 'requests']) {
    for (const [name, quantity] of entries(r[group])) {
      const at = `${f}.${group}.${name}`;
      if (!name.includes('/') && !CONTAINER_RESOURCES.has(name) && !name.startsWith('hugepages-')) {
        report('error', at, `${JSON.stringify(name)} is not a container resource`, 'use cpu, memory, ephemeral-storage, hugepages-<size> or a domain-qualified extended resource such as nvidia.com/gpu');
        continue;
      }
      const value = quantityValue(quantity);
      if (value === undefined) continue;
      if (value < 0) {
        report('error', at, `${JSON.stringify(quantity)} is negative`, 'use 0 or more');
        continue;
      }
      if (!overcommitAllowed(name) && !name.startsWith('hugepages-') && !Number.isInteger(value)) {
        report('error', at, `${JSON.stringify(quantity)} is not a whole number`, 'request extended resources in whole units');
      }
      if (group !== 'requests') continue;
      const limit = quantityValue(limits[name]);
      if (limit === undefined) {
        if (!overcommitAllowed(name)) report('error', `${f}.limits`, `has no limit for ${name}, which cannot be overcommitted`, `set limits.${name} equal to the request`);
      } else if (!overcommitAllowed(name) && value !== limit) {
        report('error', at, `${JSON.stringify(quantity)} differs from the limit ${JSON.stringify(limits[name])}`, `set the request of ${name} equal to its limit`);
      } else if (value > limit) {
        report('error', at, `${JSON.stringify(quantity)} is more than the limit ${JSON.stringify(limits[name])}`, `lower the request or raise the limit of ${name}`);
      }
    }
  }
}

/** `IsValidUserID` / `IsValidGroupID`: 0 to 2147483647. */
function checkId(value: unknown, f: string, report: Report): void {
  if (typeof value === 'number' && (value < 0 || value > 2147483647)) report('error', f, `${value} is not a valid user or group ID`, 'use 0 to 2147483647');
}

/** `ValidateSecurityContext` (container) basics. */
function checkSecurityContext(securityContext: unknown, f: string, report: Report): void {
  const sc = mapping(securityContext);
  if (!sc) return;
  checkId(sc.runAsUser, `${f}.runAsUser`, report);
  checkId(sc.runAsGroup, `${f}.runAsGroup`, report);
  checkSeccompProfile(sc.seccompProfile, `${f}.seccompProfile`, report);
  checkWindowsOptions(sc.windowsOptions, `${f}.windowsOptions`, report);
  if (sc.allowPrivilegeEscalation === false) {
    if (sc.privileged === true) report('error', `${f}.allowPrivilegeEscalation`, 'is false while privileged is true', 'drop privileged, or allow privilege escalation');
    // The server compares the literal "CAP_SYS_ADMIN" only; "SYS_ADMIN" passes validation.
    if (list(mapping(sc.capabilities)?.add).includes('CAP_SYS_ADMIN')) {
      report('error', `${f}.allowPrivilegeEscalation`, 'is false while capabilities.add has CAP_SYS_ADMIN', 'drop CAP_SYS_ADMIN, or allow privilege escalation');
    }
  }
}

/** `checkHostPortConflicts`: a protocol/hostIP/hostPort is used once across the pod's containers. */
function checkHostPorts(podSpec: { [key: string]: any }, path: string, report: Report): void {
  const seen = new Set<string>();
  list(podSpec.containers).forEach((c, i) => {
    list(mapping(c)?.ports).forEach((p, j) => {
      const port = mapping(p);
      if (!port || typeof port.hostPort !== 'number' || port.hostPort === 0) return;
      const key = `${port.protocol ?? 'TCP'}/${port.hostIP ?? ''}/${port.hostPort}`;
      if (seen.has(key)) report('error', `${path}.containers[${i}].ports[${j}].hostPort`, `${key} is used twice in the pod`, 'give each host port to one container');
      seen.add(key);
    });
  });
}

const DNS_POLICIES = new Set(['ClusterFirstWithHostNet', 'ClusterFirst', 'Default', 'None']);

/** A container list with its path segment, for the rules that cross containers and init containers. */
function containerGroups(podSpec: { [key: string]: any }): Array<[string, any[]]> {
  return [['initContainers', list(podSpec.initContainers)], ['containers', list(podSpec.containers)]];
}

/** `ValidatePodSpec` for the fields above, on the pod spec at `path` (e.g. spec.template.spec). */
export function checkPodSpec(spec: unknown, path: string, report: Report): void {
  const podSpec = mapping(spec);
  if (!podSpec) return;
  checkVolumes(podSpec.volumes, path, report);
  if (Array.isArray(podSpec.containers) && podSpec.containers.length === 0) {
    report('error', `${path}.containers`, 'is empty', 'give the pod at least one container');
  }
  const names = new Map<string, string>();
  for (const [group, containers] of containerGroups(podSpec)) {
    containers.forEach((c, i) => {
      const container = mapping(c);
      if (!container) return;
      const at = `${path}.${group}[${i}]`;
      const name = text(container.name);
      if (name === '') {
        report('error', `${at}.name`, 'is empty', 'name the container with a DNS-1123 label');
      } else if (name !== undefined) {
        if (!isDnsLabel(name)) report('error', `${at}.name`, `${JSON.stringify(name)} is not a valid DNS-1123 label`, 'use at most 63 lowercase letters, digits and \'-\', starting and ending with a letter or digit');
        const first = names.get(name);
        // validateContainers (duplicates among containers), validateInitContainers (init names against all others).
        if (first) report('error', `${at}.name`, `container name ${JSON.stringify(name)} is already used by ${first}`, 'give every container and init container a unique name');
        else names.set(name, `${path}.${group}[${i}]`);
      }
      if (container.image === undefined || container.image === '') {
        report('error', `${at}.image`, `container ${name} has no image`, 'set the image, e.g. registry.example.com/app:1.2.3');
      } else if (typeof container.image === 'string' && container.image.trim() !== container.image) {
        // validateContainersOnlyForPod: checked on pods, not on templates.
        report('error', `${at}.image`, `${JSON.stringify(container.image)} has leading or trailing whitespace`, 'remove the spaces around the image name');
      }
      const policy = container.terminationMessagePolicy;
      if (typeof policy === 'string' && policy !== 'File' && policy !== 'FallbackToLogsOnError') {
        // validateContainerCommon: TerminationMessageReadFile or TerminationMessageFallbackToLogsOnError (defaulted to File).
        report('error', `${at}.terminationMessagePolicy`, `${JSON.stringify(policy)} is not a termination message policy`, 'use File or FallbackToLogsOnError');
      }
      checkPorts(container, at, report);
      checkEnv(container, at, report);
      checkMounts(container, at, report);
      checkResources(container.resources, `${at}.resources`, report);
      checkSecurityContext(container.securityContext, `${at}.securityContext`, report);
      for (const kind of ['livenessProbe', 'readinessProbe', 'startupProbe']) {
        if (group === 'initContainers' && container[kind] !== undefined) {
          // validateInitContainers (1.27): probes and lifecycle are forbidden on init containers.
          report('error', `${at}.${kind}`, 'is set on an init container', 'remove it: init containers run to completion and are not probed');
        } else {
          checkProbe(container[kind], `${at}.${kind}`, kind, report);
        }
      }
      const lifecycle = mapping(container.lifecycle);
      if (lifecycle && group === 'initContainers') {
        report('error', `${at}.lifecycle`, 'is set on an init container', 'remove it');
      } else if (lifecycle) {
        for (const hook of ['postStart', 'preStop']) {
          const h = mapping(lifecycle[hook]);
          if (h) checkHandler(h, `${at}.lifecycle.${hook}`, ['exec', 'httpGet', 'tcpSocket'], report);
        }
      }
    });
  }
  checkHostPorts(podSpec, path, report);
  const podSc = mapping(podSpec.securityContext);
  if (podSc) {
    for (const k of ['runAsUser', 'runAsGroup', 'fsGroup']) checkId(podSc[k], `${path}.securityContext.${k}`, report);
    list(podSc.supplementalGroups).forEach((g, i) => checkId(g, `${path}.securityContext.supplementalGroups[${i}]`, report));
  }
  const serviceAccount = text(podSpec.serviceAccountName);
  if (serviceAccount && !isDnsSubdomain(serviceAccount)) {
    report('error', `${path}.serviceAccountName`, `${JSON.stringify(serviceAccount)} is not a valid ServiceAccount name`, 'use a DNS-1123 subdomain');
  }
  if (typeof podSpec.dnsPolicy === 'string' && !DNS_POLICIES.has(podSpec.dnsPolicy)) {
    // validateDNSPolicy.
    report('error', `${path}.dnsPolicy`, `${JSON.stringify(podSpec.dnsPolicy)} is not a DNS policy`, `use one of ${[...DNS_POLICIES].join(', ')}`);
  }
  if (podSpec.dnsPolicy === 'None' && !mapping(podSpec.dnsConfig)) {
    report('error', `${path}.dnsConfig`, 'is missing, but dnsPolicy is None', 'give dnsConfig.nameservers, or use dnsPolicy ClusterFirst');
  }
  checkLabels(podSpec.nodeSelector, `${path}.nodeSelector`, report);
  // pod-extras.ts and pod-scheduling.ts: the rest of ValidatePodSpec.
  checkPodSecurityContextExtras(podSpec, path, report);
  checkDnsConfig(podSpec, `${path}.dnsConfig`, report);
  checkHostAliases(podSpec.hostAliases, `${path}.hostAliases`, report);
  checkReadinessGates(podSpec.readinessGates, `${path}.readinessGates`, report);
  checkAffinity(podSpec.affinity, `${path}.affinity`, report);
  checkTolerations(podSpec.tolerations, `${path}.tolerations`, report);
  checkTopologySpreadConstraints(podSpec.topologySpreadConstraints, `${path}.topologySpreadConstraints`, report);
}
