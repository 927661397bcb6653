/**
 * Service rules the API server enforces at create, ported from Kubernetes
 * 1.27 `pkg/apis/core/validation/validation.go`: `ValidateService`,
 * `validateServicePort`, `ValidatePortNumOrName`, `ValidateServiceClusterIPsRelatedFields`,
 * `validateClientIPAffinityConfig`, `validateServiceExternalTrafficPolicy`,
 * `validateServiceInternalTrafficFieldsValue`, `validateLoadBalancerClassField`
 * and `ValidateNonSpecialIP`. They run on the object as the server sees it
 * after defaulting (`SetDefaults_Service`: type ClusterIP, sessionAffinity
 * None, protocol TCP, targetPort = port when 0 or empty) and after the
 * create strategy copies `clusterIP` into an empty `clusterIPs`.
 * Port range (1-65535), protocol and type values are checked by the schema.
 */
import { checkLabels } from './metadata';
import { isSet, list, Report } from './shape';
import { filled, isPortName, isQualifiedName, map, parseCidr, parseIp, show } from './syntax';
import { isDnsLabel, isDnsSubdomain } from '../../lib/names';

/** The kubelet's port, which a LoadBalancer may not expose (`ports.KubeletPort`). */
const KUBELET_PORT = 10250;
/** `core.MaxClientIPServiceAffinitySeconds`. */
const MAX_AFFINITY_SECONDS = 86400;
/** The API server's default `--service-node-port-range`. */
const NODE_PORT_RANGE: [number, number] = [30000, 32767];

/** `ValidateNonSpecialIP`: not unspecified, loopback, link-local or link-local multicast. */
function specialIp(ip: { address: string; family: string }): string | undefined {
  const a = ip.address.toLowerCase();
  if (ip.family === 'ipv4') {
    const [o1, o2, o3] = a.split('.').map(Number);
    if (a === '0.0.0.0') return 'the unspecified address';
    if (o1 === 127) return 'a loopback address';
    if (o1 === 169 && o2 === 254) return 'a link-local address';
    if (o1 === 224 && o2 === 0 && o3 === 0) return 'a link-local multicast address';
    return undefined;
  }
  if (/^::0*$|^0*:0*:0*:0*:0*:0*:0*:0*$/.test(a) || a === '::') return 'the unspecified address';
  if (a === '::1') return 'a loopback address';
  if (/^fe[89ab][0-9a-f]?:/.test(a)) return 'a link-local address';
  if (/^ff02:/.test(a)) return 'a link-local multicast address';
  return undefined;
}

/** Rules of `ValidateService` on one Service. */
export function validateService(report: Report, service: any): void {
  const spec = map(service?.spec);
  const type: string = typeof spec.type === 'string' ? spec.type : 'ClusterIP';
  const ports = list(spec.ports);

  // The create strategy fills clusterIPs from clusterIP (or clusterIP from clusterIPs[0]).
  const clusterIP: string = typeof spec.clusterIP === 'string' ? spec.clusterIP : '';
  const givenIPs: any[] = list(spec.clusterIPs);
  const clusterIPs: any[] = givenIPs.length === 0 && clusterIP !== '' ? [clusterIP] : givenIPs;
  const headless = clusterIPs.length === 1 && clusterIPs[0] === 'None';

  if (ports.length === 0 && !headless && type !== 'ExternalName') {
    report('error', 'spec.ports', 'is empty', 'give at least one port, or make the Service headless (clusterIP: None)');
  }
  if (type === 'LoadBalancer') {
    ports.forEach((p: any, i: number) => {
      if (p?.port === KUBELET_PORT) {
        report('error', `spec.ports[${i}].port`, `${KUBELET_PORT} is the kubelet's port and may not be exposed by a LoadBalancer`, 'use another port');
      }
    });
  }
  if ((type === 'LoadBalancer' || type === 'NodePort') && headless) {
    report('error', 'spec.clusterIP', `may not be None for ${type} Services`, 'remove clusterIP: None, or use type ClusterIP for a headless Service');
  }
  if (type === 'ExternalName') {
    if (clusterIPs.length > 0) report('error', 'spec.clusterIP', 'may not be set for ExternalName Services', 'remove clusterIP and clusterIPs');
    if (list(spec.ipFamilies).length > 0) report('error', 'spec.ipFamilies', 'may not be set for ExternalName Services', 'remove ipFamilies');
    if (isSet(spec.ipFamilyPolicy)) report('error', 'spec.ipFamilyPolicy', 'may not be set for ExternalName Services', 'remove ipFamilyPolicy');
    const name = typeof spec.externalName === 'string' ? spec.externalName.replace(/\.$/, '') : '';
    if (name === '') report('error', 'spec.externalName', 'is missing for an ExternalName Service', 'give the DNS name the Service aliases, e.g. db.example.com');
    else if (!isDnsSubdomain(name)) report('error', 'spec.externalName', `${JSON.stringify(spec.externalName)} is not a DNS-1123 subdomain`, 'give a lowercase DNS name, e.g. db.example.com');
  }

  // validateServicePort and the duplicate checks of ValidateService.
  const names = new Set<string>();
  const portKeys = new Set<string>();
  const nodePortKeys = new Set<string>();
  ports.forEach((p: any, i: number) => {
    const at = `spec.ports[${i}]`;
    const name = p?.name;
    if (ports.length > 1 && !filled(name)) {
      report('error', `${at}.name`, 'is missing; every port of a Service with more than one port needs a name', 'name each port, e.g. http, metrics');
    } else if (filled(name)) {
      if (!isDnsLabel(name)) report('error', `${at}.name`, `${JSON.stringify(name)} is not a DNS-1123 label`, 'use at most 63 lowercase letters, digits and \'-\', starting and ending with a letter or digit');
      if (names.has(name)) report('error', `${at}.name`, `${JSON.stringify(name)} is used by two ports`, 'give each port its own name');
      names.add(name);
    }
    const protocol = typeof p?.protocol === 'string' ? p.protocol : 'TCP';
    const portKey = `${protocol}/${show(p?.port)}`;
    if (portKeys.has(portKey)) report('error', at, `port ${show(p?.port)}/${protocol} appears twice`, 'list each port and protocol once');
    portKeys.add(portKey);
    // ValidatePortNumOrName; 0 and "" are defaulted to port.
    const target = p?.targetPort;
    if (typeof target === 'number' && target !== 0 && (!Number.isInteger(target) || target < 1 || target > 65535)) {
      report('error', `${at}.targetPort`, `${target} is not a port number`, 'use 1-65535, or the name of a container port');
    } else if (typeof target === 'string' && target !== '' && !isPortName(target)) {
      report('error', `${at}.targetPort`, `${JSON.stringify(target)} is not a valid port name`,
        /^[0-9]+$/.test(target)
          ? `write the number without quotes (targetPort: ${target}): a quoted number is read as a port name, and names need a letter`
          : 'use a container port\'s name (at most 15 lowercase letters, digits and \'-\', with a letter) or a number');
    }
    if (filled(p?.appProtocol) && !isQualifiedName(p.appProtocol)) {
      report('error', `${at}.appProtocol`, `${JSON.stringify(p.appProtocol)} is not a qualified name`, 'use e.g. http, https or kubernetes.io/h2c');
    }
    const nodePort = p?.nodePort;
    if (typeof nodePort === 'number' && nodePort !== 0) {
      if (type === 'ClusterIP') {
        report('error', `${at}.nodePort`, 'may not be used when type is ClusterIP', 'remove nodePort, or set type: NodePort');
      } else if (type === 'NodePort' || type === 'LoadBalancer') {
        const key = `${protocol}/${nodePort}`;
        if (nodePortKeys.has(key)) report('error', `${at}.nodePort`, `${nodePort}/${protocol} is used by two ports`, 'give each port its own nodePort');
        nodePortKeys.add(key);
        if (nodePort < NODE_PORT_RANGE[0] || nodePort > NODE_PORT_RANGE[1]) {
          // The allocator refuses it (pkg/registry/core/service/portallocator), against the cluster's --service-node-port-range.
          report('warning', `${at}.nodePort`, `${nodePort} is outside the default node port range ${NODE_PORT_RANGE.join('-')}, which the API server refuses unless the cluster's --service-node-port-range allows it`,
            `use a port from ${NODE_PORT_RANGE.join('-')}, or leave nodePort out and let the cluster pick one`);
        }
      }
    }
  });

  checkLabels(spec.selector, 'spec.selector', report);

  // Session affinity (defaulted to None).
  const affinity = typeof spec.sessionAffinity === 'string' ? spec.sessionAffinity : 'None';
  if (affinity !== 'None' && affinity !== 'ClientIP') {
    report('error', 'spec.sessionAffinity', `${JSON.stringify(affinity)} is not supported`, 'use None or ClientIP');
  } else if (affinity === 'None' && isSet(spec.sessionAffinityConfig)) {
    report('error', 'spec.sessionAffinityConfig', 'may not be set when sessionAffinity is None', 'set sessionAffinity: ClientIP, or remove sessionAffinityConfig');
  } else if (affinity === 'ClientIP') {
    const timeout = map(map(spec.sessionAffinityConfig).clientIP).timeoutSeconds;
    if (typeof timeout === 'number' && (timeout <= 0 || timeout > MAX_AFFINITY_SECONDS)) {
      report('error', 'spec.sessionAffinityConfig.clientIP.timeoutSeconds', `${timeout} is out of range`, `use 1-${MAX_AFFINITY_SECONDS} (default 10800)`);
    }
  }

  if (type !== 'ExternalName') validateClusterIPs(report, spec, clusterIP, givenIPs, clusterIPs, headless);

  list(spec.externalIPs).forEach((value: any, i: number) => {
    if (typeof value !== 'string') return;
    const ip = parseIp(value);
    const special = ip && specialIp(ip);
    if (!ip) report('error', `spec.externalIPs[${i}]`, `${JSON.stringify(value)} is not an IP address`, 'give an address such as 192.0.2.10');
    else if (special) report('error', `spec.externalIPs[${i}]`, `${value} is ${special}`, 'give an address the nodes receive traffic on');
  });

  // validateServiceExternalTrafficPolicy (defaulted to Cluster for NodePort and LoadBalancer).
  const external = type === 'NodePort' || type === 'LoadBalancer';
  if (filled(spec.externalTrafficPolicy)) {
    if (!external) report('error', 'spec.externalTrafficPolicy', 'may only be set when type is NodePort or LoadBalancer', 'remove it');
    else if (!['Cluster', 'Local'].includes(spec.externalTrafficPolicy)) report('error', 'spec.externalTrafficPolicy', `${JSON.stringify(spec.externalTrafficPolicy)} is not supported`, 'use Cluster or Local');
  }
  if (typeof spec.healthCheckNodePort === 'number' && spec.healthCheckNodePort !== 0 && !(type === 'LoadBalancer' && spec.externalTrafficPolicy === 'Local')) {
    report('error', 'spec.healthCheckNodePort', 'may only be set when type is LoadBalancer and externalTrafficPolicy is Local', 'remove it');
  }
  if (filled(spec.internalTrafficPolicy) && !['Cluster', 'Local'].includes(spec.internalTrafficPolicy)) {
    report('error', 'spec.internalTrafficPolicy', `${JSON.stringify(spec.internalTrafficPolicy)} is not supported`, 'use Cluster or Local');
  }

  // LoadBalancer-only fields.
  if (type !== 'LoadBalancer') {
    for (const key of ['loadBalancerSourceRanges', 'allocateLoadBalancerNodePorts', 'loadBalancerClass']) {
      if (isSet(spec[key]) && !(key === 'loadBalancerSourceRanges' && list(spec[key]).length === 0)) {
        report('error', `spec.${key}`, 'may only be used when type is LoadBalancer', 'remove it, or set type: LoadBalancer');
      }
    }
  } else if (filled(spec.loadBalancerClass) && !isQualifiedName(spec.loadBalancerClass)) {
    report('error', 'spec.loadBalancerClass', `${JSON.stringify(spec.loadBalancerClass)} is not a qualified name`, 'use e.g. example.com/internal-vip');
  }
  list(spec.loadBalancerSourceRanges).forEach((value: any, i: number) => {
    if (typeof value === 'string' && !parseCidr(value.trim())) {
      report('error', `spec.loadBalancerSourceRanges[${i}]`, `${JSON.stringify(value)} is not a CIDR`, 'give IP ranges such as 10.240.0.0/24');
    }
  });
}

/** `ValidateServiceClusterIPsRelatedFields`, plus the allocator's rule that a single-stack policy takes one family (`initIPFamilyFields`). */
function validateClusterIPs(report: Report, spec: any, clusterIP: string, givenIPs: any[], clusterIPs: any[], headless: boolean): void {
  if (clusterIP !== '' && givenIPs.length > 0 && givenIPs[0] !== clusterIP) {
    report('error', 'spec.clusterIPs', `first value ${JSON.stringify(givenIPs[0])} does not match clusterIP ${JSON.stringify(clusterIP)}`, 'make clusterIPs[0] equal to clusterIP, or set only one of them');
  }
  const families = list(spec.ipFamilies);
  const seen = new Set<string>();
  families.forEach((f: any, i: number) => {
    if (f !== 'IPv4' && f !== 'IPv6') report('error', `spec.ipFamilies[${i}]`, `${JSON.stringify(f)} is not an IP family`, 'use IPv4 or IPv6');
    else if (seen.has(f)) report('error', `spec.ipFamilies[${i}]`, `${f} appears twice`, 'list each family once');
    seen.add(f);
  });
  const policy = spec.ipFamilyPolicy;
  if (isSet(policy) && !['SingleStack', 'PreferDualStack', 'RequireDualStack'].includes(policy)) {
    report('error', 'spec.ipFamilyPolicy', `${JSON.stringify(policy)} is not supported`, 'use SingleStack, PreferDualStack or RequireDualStack');
  }
  let invalid = false;
  const parsed = clusterIPs.map((value: any, i: number) => {
    if (i === 0 && value === 'None') {
      if (clusterIPs.length > 1) {
        invalid = true;
        report('error', 'spec.clusterIPs', '\'None\' must be the first and only value', 'use clusterIP: None alone for a headless Service');
      }
      return undefined;
    }
    const ip = typeof value === 'string' ? parseIp(value) : undefined;
    if (!ip) {
      invalid = true;
      report('error', i === 0 && givenIPs.length === 0 ? 'spec.clusterIP' : `spec.clusterIPs[${i}]`, `${JSON.stringify(value)} is not a valid IP address or None`,
        'give an address from the cluster\'s service range, None for a headless Service, or leave it out');
    }
    return ip;
  });
  if (clusterIPs.length > 2) report('error', 'spec.clusterIPs', `holds ${clusterIPs.length} values`, 'give at most 2, one per IP family');
  if (invalid) return;
  if (clusterIPs.length === 2 && parsed[0] && parsed[1] && parsed[0].family === parsed[1].family) {
    report('error', 'spec.clusterIPs', 'holds two addresses of one IP family', 'give at most one IPv4 and one IPv6 address');
  }
  if (!headless) {
    parsed.forEach((ip, i) => {
      const family = families[i];
      if (ip && (family === 'IPv4' || family === 'IPv6') && ip.family !== family.toLowerCase()) {
        report('error', `spec.clusterIPs[${i}]`, `${clusterIPs[i]} is not an ${family} address as ipFamilies[${i}] says`, 'make the addresses and families agree');
      }
    });
  }
  if (policy === 'SingleStack' && (families.length > 1 || clusterIPs.length > 1)) {
    report('error', 'spec.ipFamilyPolicy', 'is SingleStack, but two IP families or cluster IPs are given', 'use PreferDualStack or RequireDualStack, or give one family');
  }
}
