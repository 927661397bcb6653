/**
 * PodDisruptionBudget and NetworkPolicy rules the API server enforces at
 * create, ported from Kubernetes 1.27 `pkg/apis/policy/validation/validation.go`
 * (`ValidatePodDisruptionBudgetSpec`, with `ValidatePositiveIntOrPercent` and
 * `IsNotMoreThan100Percent` of `pkg/apis/apps/validation`) and
 * `pkg/apis/networking/validation/validation.go` (`ValidateNetworkPolicySpec`,
 * `ValidateNetworkPolicyPort`, `ValidateNetworkPolicyPeer`, `ValidateIPBlock`).
 * Protocol values are checked by the schema.
 */
import { checkLabelSelector } from './metadata';
import { isSet, list, Report } from './shape';
import { isPercent, isPortName, isStrictSubnet, map, parseCidr } from './syntax';

/** `ValidatePositiveIntOrPercent` and `IsNotMoreThan100Percent` for one field. */
function validateIntOrPercent(report: Report, value: unknown, field: string): void {
  if (typeof value === 'number') {
    if (value < 0) report('error', field, `${value} is negative`, 'use 0 or more, or a percentage such as 50%');
  } else if (typeof value === 'string') {
    if (!isPercent(value)) {
      report('error', field, `${JSON.stringify(value)} is neither a number nor a percentage`,
        /^[0-9]+$/.test(value) ? `write the number without quotes (${value}), or add % for a percentage` : 'use a whole number or a percentage such as 50%');
    } else if (Number(value.slice(0, -1)) > 100) {
      report('error', field, `${value} is more than 100%`, 'use at most 100%');
    }
  }
}

/** Rules of `ValidatePodDisruptionBudgetSpec`. */
export function validatePodDisruptionBudget(report: Report, pdb: any): void {
  const spec = map(pdb?.spec);
  if (isSet(spec.minAvailable) && isSet(spec.maxUnavailable)) {
    report('error', 'spec', 'sets both minAvailable and maxUnavailable', 'keep one of them');
  }
  validateIntOrPercent(report, spec.minAvailable, 'spec.minAvailable');
  validateIntOrPercent(report, spec.maxUnavailable, 'spec.maxUnavailable');
  checkLabelSelector(spec.selector, 'spec.selector', report);
  const policy = spec.unhealthyPodEvictionPolicy;
  if (isSet(policy) && policy !== 'IfHealthyBudget' && policy !== 'AlwaysAllow') {
    report('error', 'spec.unhealthyPodEvictionPolicy', `${JSON.stringify(policy)} is not supported`, 'use IfHealthyBudget or AlwaysAllow');
  }
}

/** `ValidateNetworkPolicyPort`. */
function validatePort(report: Report, port: any, at: string): void {
  const p = map(port);
  const hasEnd = isSet(p.endPort);
  if (typeof p.port === 'number') {
    if (!Number.isInteger(p.port) || p.port < 1 || p.port > 65535) report('error', `${at}.port`, `${p.port} is not a port number`, 'use 1-65535');
    if (hasEnd && typeof p.endPort === 'number') {
      if (p.endPort < p.port) report('error', `${at}.endPort`, `${p.endPort} is less than port ${p.port}`, 'make endPort at least port');
      if (!Number.isInteger(p.endPort) || p.endPort < 1 || p.endPort > 65535) report('error', `${at}.endPort`, `${p.endPort} is not a port number`, 'use 1-65535');
    }
  } else if (typeof p.port === 'string') {
    if (hasEnd) report('error', `${at}.endPort`, 'may not be set when port is a name', 'give port as a number, or remove endPort');
    if (!isPortName(p.port)) {
      report('error', `${at}.port`, `${JSON.stringify(p.port)} is not a valid port name`,
        /^[0-9]+$/.test(p.port) ? `write the number without quotes (port: ${p.port})` : 'use a container port\'s name (at most 15 lowercase letters, digits and \'-\', with a letter) or a number');
    }
  } else if (!isSet(p.port) && hasEnd) {
    report('error', `${at}.endPort`, 'may not be set when port is not', 'set port, or remove endPort');
  }
}

/** `ValidateNetworkPolicyPeer` and `ValidateIPBlock`. */
function validatePeer(report: Report, peer: any, at: string): void {
  const p = map(peer);
  const kinds = ['podSelector', 'namespaceSelector', 'ipBlock'].filter(k => isSet(p[k]));
  checkLabelSelector(p.podSelector, `${at}.podSelector`, report);
  checkLabelSelector(p.namespaceSelector, `${at}.namespaceSelector`, report);
  if (kinds.length === 0) report('error', at, 'names no peer', 'give podSelector, namespaceSelector or ipBlock');
  else if (kinds.length > 1 && kinds.includes('ipBlock')) report('error', at, 'combines ipBlock with a selector', 'put ipBlock in its own peer entry');
  if (!isSet(p.ipBlock)) return;
  const block = map(p.ipBlock);
  if (typeof block.cidr !== 'string' || block.cidr === '') {
    report('error', `${at}.ipBlock.cidr`, 'is missing', 'give a CIDR such as 10.0.0.0/16');
    return;
  }
  const cidr = parseCidr(block.cidr);
  if (!cidr) {
    report('error', `${at}.ipBlock.cidr`, `${JSON.stringify(block.cidr)} is not a valid CIDR`, 'give a CIDR such as 10.0.0.0/16');
    return;
  }
  for (const [i, value] of list(block.except).entries()) {
    if (typeof value !== 'string') continue;
    const except = parseCidr(value);
    if (!except) {
      // ValidateIPBlock stops at the first invalid except entry.
      report('error', `${at}.ipBlock.except[${i}]`, `${JSON.stringify(value)} is not a valid CIDR`, 'give a CIDR such as 10.0.1.0/24');
      return;
    }
    if (!isStrictSubnet(cidr, except)) {
      report('error', `${at}.ipBlock.except[${i}]`, `${value} is not a strict subset of cidr ${block.cidr}`, `give a smaller range inside ${block.cidr}`);
    }
  }
}

/** Rules of `ValidateNetworkPolicySpec`. */
export function validateNetworkPolicy(report: Report, policy: any): void {
  const spec = map(policy?.spec);
  checkLabelSelector(spec.podSelector, 'spec.podSelector', report);
  for (const [direction, peersKey] of [['ingress', 'from'], ['egress', 'to']]) {
    list(spec[direction]).forEach((rule: any, i: number) => {
      const at = `spec.${direction}[${i}]`;
      list(rule?.ports).forEach((port: any, j: number) => validatePort(report, port, `${at}.ports[${j}]`));
      list(rule?.[peersKey]).forEach((peer: any, j: number) => validatePeer(report, peer, `${at}.${peersKey}[${j}]`));
    });
  }
  const types = list(spec.policyTypes);
  if (types.length > 2) {
    report('error', 'spec.policyTypes', `holds ${types.length} values`, 'give at most Ingress and Egress');
    return;
  }
  types.forEach((t: any, i: number) => {
    if (t !== 'Ingress' && t !== 'Egress') report('error', `spec.policyTypes[${i}]`, `${JSON.stringify(t)} is not supported`, 'use Ingress or Egress');
  });
}
