/**
 * Pod-level fields other than containers, volumes and scheduling, ported from
 * Kubernetes 1.27 pkg/apis/core/validation/validation.go:
 * `validateReadinessGates`, `ValidateHostAliases`, `validatePodDNSConfig`,
 * `ValidatePodSecurityContext` (`validateSysctls`,
 * `validateFSGroupChangePolicyOption`, `validateSeccompProfileField`,
 * `validateWindowsSecurityContextOptions`). `validateImagePullSecrets` only
 * refuses fields other than name, which the v1 decoder already drops, so it has
 * no counterpart here. Every rule is O(n) in the size of the field it reads.
 */
import { qualifiedNameProblem } from './metadata';
import { descendingPathProblem } from './pod-volumes';
import { isSet, list, mapping, Report, text } from './shape';
import { parseIp } from './syntax';
import { isDnsSubdomain } from '../../lib/names';

/** `validateReadinessGates`: each conditionType is a qualified name. */
export function checkReadinessGates(gates: unknown, f: string, report: Report): void {
  list(gates).forEach((g, i) => {
    const gate = mapping(g);
    if (!gate) return;
    const type = gate.conditionType;
    const problem = !isSet(type) || type === '' ? 'is empty' : typeof type === 'string' ? qualifiedNameProblem(type) : undefined;
    if (problem) {
      report('error', `${f}[${i}].conditionType`, problem === 'is empty' ? problem : `${JSON.stringify(type)} ${problem}`,
        'use a qualified name such as example.com/feature-ready');
    }
  });
}

/** `ValidateHostAliases` (1.27): ip parses (netutils.ParseIPSloppy), hostnames are DNS-1123 subdomains. */
export function checkHostAliases(aliases: unknown, f: string, report: Report): void {
  list(aliases).forEach((a, i) => {
    const alias = mapping(a);
    if (!alias) return;
    const ip = alias.ip;
    if (!isSet(ip) || (typeof ip === 'string' && !parseIp(ip))) {
      report('error', `${f}[${i}].ip`, `${isSet(ip) ? JSON.stringify(ip) : 'a missing ip'} is not a valid IP address`, 'give an IPv4 or IPv6 address, e.g. 10.0.0.5');
    }
    list(alias.hostnames).forEach((h, j) => {
      if (typeof h === 'string' && !isDnsSubdomain(h)) {
        report('error', `${f}[${i}].hostnames[${j}]`, `${JSON.stringify(h)} is not a valid host name`, 'use a DNS-1123 subdomain: lowercase letters, digits, \'-\' and \'.\'');
      }
    });
  });
}

/** `MaxDNSNameservers`. */
const MAX_DNS_NAMESERVERS = 3;
/**
 * `MaxDNSSearchPathsExpanded` and `MaxDNSSearchListCharsExpanded`: 1.27 runs
 * with the ExpandedDNSConfig gate on by default (beta since 1.26), so
 * `validatePodDNSConfig` allows 32 paths and 2048 characters, not the legacy 6
 * and 256.
 */
const MAX_DNS_SEARCH_PATHS = 32;
const MAX_DNS_SEARCH_LIST_CHARS = 2048;

/** `validatePodDNSConfig`: nameservers (dnsPolicy None, count, IPs), searches (count, length, subdomains), option names. */
export function checkDnsConfig(podSpec: { [key: string]: any }, f: string, report: Report): void {
  const config = mapping(podSpec.dnsConfig);
  if (!config) return;
  const nameservers = list(config.nameservers);
  if (podSpec.dnsPolicy === 'None' && nameservers.length === 0) {
    report('error', `${f}.nameservers`, 'is empty, but dnsPolicy is None', 'give at least one nameserver IP, or use dnsPolicy ClusterFirst');
  }
  if (nameservers.length > MAX_DNS_NAMESERVERS) {
    report('error', `${f}.nameservers`, `has ${nameservers.length} entries (at most ${MAX_DNS_NAMESERVERS})`, `keep at most ${MAX_DNS_NAMESERVERS} nameservers`);
  }
  nameservers.forEach((ns, i) => {
    if (typeof ns === 'string' && !parseIp(ns)) report('error', `${f}.nameservers[${i}]`, `${JSON.stringify(ns)} is not a valid IP address`, 'give the nameserver as an IP address, e.g. 10.96.0.10');
  });
  const searches = list(config.searches);
  if (searches.length > MAX_DNS_SEARCH_PATHS) {
    report('error', `${f}.searches`, `has ${searches.length} entries (at most ${MAX_DNS_SEARCH_PATHS})`, `keep at most ${MAX_DNS_SEARCH_PATHS} search domains`);
  }
  const chars = searches.reduce((n: number, s) => n + (typeof s === 'string' ? s.length : 0), 0) + Math.max(0, searches.length - 1);
  if (chars > MAX_DNS_SEARCH_LIST_CHARS) {
    report('error', `${f}.searches`, `is ${chars} characters long with the spaces between entries (at most ${MAX_DNS_SEARCH_LIST_CHARS})`, 'shorten the search list');
  }
  searches.forEach((s, i) => {
    // A trailing dot is fine (strings.TrimSuffix before ValidateDNS1123Subdomain).
    if (typeof s === 'string' && !isDnsSubdomain(s.replace(/\.$/, ''))) {
      report('error', `${f}.searches[${i}]`, `${JSON.stringify(s)} is not a valid search domain`, 'use a DNS-1123 subdomain, e.g. svc.cluster.local');
    }
  });
  list(config.options).forEach((o, i) => {
    const option = mapping(o);
    if (option && (!isSet(option.name) || option.name === '')) report('error', `${f}.options[${i}].name`, 'is empty', 'name the resolver option, e.g. ndots');
  });
}

/** `IsValidSysctlName` (1.27): `SysctlContainSlashFmt`, at most `SysctlMaxLength` (253) characters. */
const SYSCTL_SEGMENT = '[a-z0-9]([-_a-z0-9]*[a-z0-9])?';
const SYSCTL_NAME = new RegExp(`^(${SYSCTL_SEGMENT}[\\./])*${SYSCTL_SEGMENT}$`);

/** `validateSysctls` (1.27): name required and valid, no duplicates. */
function checkSysctls(sysctls: unknown, f: string, report: Report): void {
  const names = new Set<string>();
  list(sysctls).forEach((s, i) => {
    const name = mapping(s)?.name;
    if (!mapping(s)) return;
    if (!isSet(name) || name === '') {
      report('error', `${f}[${i}].name`, 'is empty', 'name the sysctl, e.g. net.ipv4.ip_unprivileged_port_start');
    } else if (typeof name === 'string') {
      if (name.length > 253 || !SYSCTL_NAME.test(name)) {
        report('error', `${f}[${i}].name`, `${JSON.stringify(name)} is not a valid sysctl name`, 'use at most 253 lowercase letters, digits, \'-\' and \'_\' in segments joined by \'.\' or \'/\', e.g. net.core.somaxconn');
      } else if (names.has(name)) {
        report('error', `${f}[${i}].name`, `sysctl ${name} is set twice`, 'set each sysctl once');
      }
      names.add(name);
    }
  });
}

const SECCOMP_TYPES = ['RuntimeDefault', 'Unconfined', 'Localhost'];

/** `validateSeccompProfileField`: a known type; localhostProfile required for Localhost (a descending path), forbidden otherwise. */
export function checkSeccompProfile(profile: unknown, f: string, report: Report): void {
  const p = mapping(profile);
  if (!p) return;
  const localhost = p.localhostProfile;
  if (p.type === 'Localhost') {
    if (!isSet(localhost)) {
      report('error', `${f}.localhostProfile`, 'is missing, but type is Localhost', 'give the profile path relative to the kubelet\'s seccomp directory, e.g. profiles/audit.json');
    } else if (typeof localhost === 'string') {
      // validateLocalDescendingPath.
      const problem = descendingPathProblem(localhost);
      if (problem) report('error', `${f}.localhostProfile`, `${JSON.stringify(localhost)} ${problem}`, 'use a path relative to the kubelet\'s seccomp directory, without \'..\'');
    }
  } else if (p.type === 'RuntimeDefault' || p.type === 'Unconfined') {
    if (isSet(localhost)) report('error', `${f}.localhostProfile`, `is set, but type is ${p.type}`, 'remove localhostProfile, or set type: Localhost');
  } else if (typeof p.type === 'string' || !isSet(p.type)) {
    report('error', `${f}.type`, `${isSet(p.type) ? JSON.stringify(p.type) : 'a missing type'} is not a seccomp profile type`, `use one of ${SECCOMP_TYPES.join(', ')}`);
  }
}

/** `validateWindowsSecurityContextOptions`, the cheap parts: gmsaCredentialSpecName a subdomain; gmsaCredentialSpec not empty, at most 64 KiB; runAsUserName not empty, no control characters, at most one backslash (the domain and user length rules are not ported). */
export function checkWindowsOptions(options: unknown, f: string, report: Report): void {
  const w = mapping(options);
  if (!w) return;
  const specName = text(w.gmsaCredentialSpecName);
  if (specName !== undefined && !isDnsSubdomain(specName)) {
    report('error', `${f}.gmsaCredentialSpecName`, `${JSON.stringify(specName)} is not a valid GMSACredentialSpec name`, 'use a DNS-1123 subdomain');
  }
  const spec = text(w.gmsaCredentialSpec);
  if (spec === '') report('error', `${f}.gmsaCredentialSpec`, 'is an empty string', 'give the credential spec, or remove the field');
  else if (spec !== undefined && Buffer.byteLength(spec) > 64 * 1024) report('error', `${f}.gmsaCredentialSpec`, `is ${Buffer.byteLength(spec)} bytes (at most 64 KiB)`, 'shorten the credential spec');
  const user = text(w.runAsUserName);
  if (user === '') {
    report('error', `${f}.runAsUserName`, 'is an empty string', 'give a Windows user name, e.g. ContainerUser, or remove the field');
  } else if (user !== undefined && [...user].some(ch => ch.charCodeAt(0) < 0x20 || ch.charCodeAt(0) === 0x7f)) {
    report('error', `${f}.runAsUserName`, `${JSON.stringify(user)} contains control characters`, 'remove them');
  } else if (user !== undefined && user.split('\\').length > 2) {
    report('error', `${f}.runAsUserName`, `${JSON.stringify(user)} has more than one backslash`, 'write DOMAIN\\user or user');
  }
}

const FS_GROUP_CHANGE_POLICIES = new Set(['OnRootMismatch', 'Always']);

/** `ValidatePodSecurityContext`, the parts pod.ts does not check: sysctls, fsGroupChangePolicy, seccompProfile, windowsOptions, shareProcessNamespace with hostPID. */
export function checkPodSecurityContextExtras(podSpec: { [key: string]: any }, path: string, report: Report): void {
  if (podSpec.shareProcessNamespace === true && podSpec.hostPID === true) {
    // v1 keeps both in the PodSpec; the internal type (and the server's field path) in the security context.
    report('error', `${path}.shareProcessNamespace`, 'is true together with hostPID', 'keep one of shareProcessNamespace and hostPID');
  }
  const sc = mapping(podSpec.securityContext);
  if (!sc) return;
  const f = `${path}.securityContext`;
  checkSysctls(sc.sysctls, `${f}.sysctls`, report);
  if (typeof sc.fsGroupChangePolicy === 'string' && !FS_GROUP_CHANGE_POLICIES.has(sc.fsGroupChangePolicy)) {
    // validateFSGroupChangePolicyOption.
    report('error', `${f}.fsGroupChangePolicy`, `${JSON.stringify(sc.fsGroupChangePolicy)} is not supported`, 'use OnRootMismatch or Always');
  }
  checkSeccompProfile(sc.seccompProfile, `${f}.seccompProfile`, report);
  checkWindowsOptions(sc.windowsOptions, `${f}.windowsOptions`, report);
}
