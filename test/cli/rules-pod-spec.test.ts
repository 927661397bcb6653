/**
 * The rest of `ValidatePodSpec` (cli/rules/pod-scheduling.ts and
 * cli/rules/pod-extras.ts), ported from Kubernetes 1.27
 * pkg/apis/core/validation/validation.go: for each rule a manifest that breaks
 * it and one that passes, with the source function in the test name. 1.27
 * stores the StatefulSet without validating its pod template, so each error
 * says that every pod is refused.
 */
import fc from 'fast-check';
import { Finding } from '../../cli/findings';
import { RuleCase, seedFindings } from './helpers';

type Mutate = (pod: any) => void;

/** The seed (Service, StatefulSet, 3 PVs) after `mutate` of the StatefulSet's pod spec, validated in-process. */
const findingsOf = (mutate: Mutate): Finding[] => seedFindings(sts => mutate(sts.spec.template.spec));

const P = 'spec.template.spec';
const REFUSED = /: the API server stores the StatefulSet \(1\.27 does not validate its pod template\) but refuses every pod the controller creates from it$/;
const term = (over: any = {}) => ({ topologyKey: 'kubernetes.io/hostname', labelSelector: { matchLabels: { name: 'k8sdemo' } }, ...over });
const spread = (over: any = {}) => ({ maxSkew: 1, topologyKey: 'topology.kubernetes.io/zone', whenUnsatisfiable: 'DoNotSchedule', labelSelector: { matchLabels: { name: 'k8sdemo' } }, ...over });
/** Ten valid search domains joined by spaces to exactly `chars` characters (each at most 253, labels at most 63). */
const searchList = (chars: number) => Array.from({ length: 10 }, (_, i) =>
  `${'a'.repeat(63)}.${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(i === 9 ? 11 + chars - 2039 : 11)}`);
const nodeAffinity = (expr: any) => ({ nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [expr] }] } } });

type Case = RuleCase<Mutate>;

const cases: Case[] = [
  // validateAffinity / validateNodeAffinity / ValidateNodeSelector
  { rule: 'ValidateNodeSelector: at least one term', field: `${P}.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms`, message: /is empty/,
    bad: p => { p.affinity = { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [] } } }; },
    good: p => { p.affinity = nodeAffinity({ key: 'kubernetes.io/os', operator: 'In', values: ['linux'] }); } },
  { rule: 'ValidateNodeSelectorRequirement: Gt needs exactly one value', field: `${P}.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchExpressions[0].values`, message: /operator Gt needs exactly one/,
    bad: p => { p.affinity = nodeAffinity({ key: 'example.com/cores', operator: 'Gt', values: ['4', '8'] }); },
    good: p => { p.affinity = nodeAffinity({ key: 'example.com/cores', operator: 'Gt', values: ['4'] }); } },
  { rule: 'ValidateNodeSelectorRequirement: operator', field: `${P}.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchExpressions[0].operator`, message: /"Equals" is not a valid node selector operator/,
    bad: p => { p.affinity = nodeAffinity({ key: 'kubernetes.io/os', operator: 'Equals', values: ['linux'] }); },
    good: p => { p.affinity = nodeAffinity({ key: 'kubernetes.io/os', operator: 'Exists' }); } },
  { rule: 'ValidatePreferredSchedulingTerms: weight 1-100', field: `${P}.affinity.nodeAffinity.preferredDuringSchedulingIgnoredDuringExecution[0].weight`, message: /101 is out of range/,
    bad: p => { p.affinity = { nodeAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 101, preference: { matchExpressions: [{ key: 'disk', operator: 'In', values: ['ssd'] }] } }] } }; },
    good: p => { p.affinity = { nodeAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 100, preference: { matchExpressions: [{ key: 'disk', operator: 'In', values: ['ssd'] }] } }] } }; } },
  { rule: 'ValidatePreferredSchedulingTerms + ValidateNodeSelectorTerm: preference', field: `${P}.affinity.nodeAffinity.preferredDuringSchedulingIgnoredDuringExecution[0].preference.matchExpressions[0].values`, message: /operator In needs at least one value/,
    bad: p => { p.affinity = { nodeAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 1, preference: { matchExpressions: [{ key: 'disk', operator: 'In' }] } }] } }; },
    good: p => { p.affinity = { nodeAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 1, preference: { matchExpressions: [{ key: 'disk', operator: 'DoesNotExist' }] } }] } }; } },
  // validatePodAffinity / validatePodAntiAffinity / validatePodAffinityTerm / validateWeightedPodAffinityTerms
  { rule: 'validatePodAffinityTerm: topologyKey can not be empty', field: `${P}.affinity.podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution[0].topologyKey`, message: /is empty/,
    bad: p => { p.affinity = { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [term({ topologyKey: '' })] } }; },
    good: p => { p.affinity = { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [term()] } }; } },
  { rule: 'validatePodAffinityTerm: topologyKey is a qualified name (ValidateLabelName)', field: `${P}.affinity.podAffinity.requiredDuringSchedulingIgnoredDuringExecution[0].topologyKey`, message: /"kubernetes.io\/host name" has a name part/,
    bad: p => { p.affinity = { podAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [term({ topologyKey: 'kubernetes.io/host name' })] } }; },
    good: p => { p.affinity = { podAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [term({ topologyKey: 'topology.kubernetes.io/zone' })] } }; } },
  { rule: 'validatePodAffinityTerm: namespaces are namespace names', field: `${P}.affinity.podAffinity.requiredDuringSchedulingIgnoredDuringExecution[0].namespaces[0]`, message: /"Team_A" is not a valid namespace name/,
    bad: p => { p.affinity = { podAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [term({ namespaces: ['Team_A'] })] } }; },
    good: p => { p.affinity = { podAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [term({ namespaces: ['team-a'] })] } }; } },
  { rule: 'ValidatePodAffinityTermSelector: labelSelector through ValidateLabelSelector', field: `${P}.affinity.podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution[0].labelSelector.matchExpressions[0].values`, message: /must be empty for operator Exists/,
    bad: p => { p.affinity = { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [term({ labelSelector: { matchExpressions: [{ key: 'name', operator: 'Exists', values: ['x'] }] } })] } }; },
    good: p => { p.affinity = { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [term({ labelSelector: { matchExpressions: [{ key: 'name', operator: 'Exists' }] } })] } }; } },
  { rule: 'validateWeightedPodAffinityTerms: weight 1-100', field: `${P}.affinity.podAntiAffinity.preferredDuringSchedulingIgnoredDuringExecution[0].weight`, message: /0 is out of range/,
    bad: p => { p.affinity = { podAntiAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 0, podAffinityTerm: term() }] } }; },
    good: p => { p.affinity = { podAntiAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 1, podAffinityTerm: term() }] } }; } },
  { rule: 'validateWeightedPodAffinityTerms: a missing weight is 0', field: `${P}.affinity.podAffinity.preferredDuringSchedulingIgnoredDuringExecution[0].weight`, message: /is missing/,
    bad: p => { p.affinity = { podAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ podAffinityTerm: term() }] } }; },
    good: p => { p.affinity = { podAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 50, podAffinityTerm: term() }] } }; } },
  // ValidateTolerations
  { rule: 'ValidateTolerations: key is a qualified name', field: `${P}.tolerations[0].key`, message: /"dedicated node" has a name part/,
    bad: p => { p.tolerations = [{ key: 'dedicated node', operator: 'Exists' }]; }, good: p => { p.tolerations = [{ key: 'dedicated', operator: 'Exists' }]; } },
  { rule: 'ValidateTolerations: an empty key needs operator Exists', field: `${P}.tolerations[0].operator`, message: /an empty key needs operator Exists/,
    bad: p => { p.tolerations = [{ value: 'x' }]; }, good: p => { p.tolerations = [{ operator: 'Exists' }]; } },
  { rule: 'ValidateTolerations: Exists with a value', field: `${P}.tolerations[0].value`, message: /must be empty when operator is Exists/,
    bad: p => { p.tolerations = [{ key: 'dedicated', operator: 'Exists', value: 'db' }]; }, good: p => { p.tolerations = [{ key: 'dedicated', operator: 'Equal', value: 'db' }]; } },
  { rule: 'ValidateTolerations: Equal (the default) needs a label value', field: `${P}.tolerations[0].value`, message: /"db only" is not empty or alphanumeric/,
    bad: p => { p.tolerations = [{ key: 'dedicated', value: 'db only' }]; }, good: p => { p.tolerations = [{ key: 'dedicated', value: 'db-only' }]; } },
  { rule: 'ValidateTolerations: operator', field: `${P}.tolerations[0].operator`, message: /"In" is not a toleration operator/,
    bad: p => { p.tolerations = [{ key: 'dedicated', operator: 'In', value: 'db' }]; }, good: p => { p.tolerations = [{ key: 'dedicated', value: 'db', effect: 'NoSchedule' }]; } },
  { rule: 'validateTaintEffect: effect values', field: `${P}.tolerations[0].effect`, message: /"NoExecution" is not a taint effect/,
    bad: p => { p.tolerations = [{ key: 'dedicated', operator: 'Exists', effect: 'NoExecution' }]; }, good: p => { p.tolerations = [{ key: 'dedicated', operator: 'Exists', effect: 'PreferNoSchedule' }]; } },
  { rule: 'ValidateTolerations: tolerationSeconds only with NoExecute', field: `${P}.tolerations[0].effect`, message: /tolerationSeconds is set, which needs effect NoExecute/,
    bad: p => { p.tolerations = [{ key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoSchedule', tolerationSeconds: 30 }]; },
    good: p => { p.tolerations = [{ key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 30 }]; } },
  // validateTopologySpreadConstraints
  { rule: 'ValidateMaxSkew: greater than zero', field: `${P}.topologySpreadConstraints[0].maxSkew`, message: /0 is not greater than zero/,
    bad: p => { p.topologySpreadConstraints = [spread({ maxSkew: 0 })]; }, good: p => { p.topologySpreadConstraints = [spread()]; } },
  { rule: 'ValidateMaxSkew: no default', field: `${P}.topologySpreadConstraints[0].maxSkew`, message: /is missing/,
    bad: p => { const c = spread(); delete c.maxSkew; p.topologySpreadConstraints = [c]; }, good: p => { p.topologySpreadConstraints = [spread({ maxSkew: 2 })]; } },
  { rule: 'ValidateTopologyKey: required', field: `${P}.topologySpreadConstraints[0].topologyKey`, message: /is empty/,
    bad: p => { const c = spread(); delete c.topologyKey; p.topologySpreadConstraints = [c]; }, good: p => { p.topologySpreadConstraints = [spread({ topologyKey: 'kubernetes.io/hostname' })]; } },
  { rule: 'ValidateTopologyKey: a qualified name', field: `${P}.topologySpreadConstraints[0].topologyKey`, message: /"\/zone" has an empty prefix/,
    bad: p => { p.topologySpreadConstraints = [spread({ topologyKey: '/zone' })]; }, good: p => { p.topologySpreadConstraints = [spread({ topologyKey: 'zone' })]; } },
  { rule: 'ValidateWhenUnsatisfiable: values', field: `${P}.topologySpreadConstraints[0].whenUnsatisfiable`, message: /"DoNotScheduleAnyway" is not supported/,
    bad: p => { p.topologySpreadConstraints = [spread({ whenUnsatisfiable: 'DoNotScheduleAnyway' })]; }, good: p => { p.topologySpreadConstraints = [spread({ whenUnsatisfiable: 'ScheduleAnyway' })]; } },
  { rule: 'ValidateWhenUnsatisfiable: no default', field: `${P}.topologySpreadConstraints[0].whenUnsatisfiable`, message: /is missing/,
    bad: p => { const c = spread(); delete c.whenUnsatisfiable; p.topologySpreadConstraints = [c]; }, good: p => { p.topologySpreadConstraints = [spread()]; } },
  { rule: 'ValidateSpreadConstraintNotRepeat: one per {topologyKey, whenUnsatisfiable}', field: `${P}.topologySpreadConstraints[1].{topologyKey, whenUnsatisfiable}`, message: /is declared twice/,
    bad: p => { p.topologySpreadConstraints = [spread(), spread({ maxSkew: 2 })]; }, good: p => { p.topologySpreadConstraints = [spread(), spread({ whenUnsatisfiable: 'ScheduleAnyway' })]; } },
  { rule: 'validateMinDomains: greater than 0', field: `${P}.topologySpreadConstraints[0].minDomains`, message: /0 is not greater than 0/,
    bad: p => { p.topologySpreadConstraints = [spread({ minDomains: 0 })]; }, good: p => { p.topologySpreadConstraints = [spread({ minDomains: 3 })]; } },
  { rule: 'validateMinDomains: only with DoNotSchedule', field: `${P}.topologySpreadConstraints[0].minDomains`, message: /only be used with whenUnsatisfiable DoNotSchedule/,
    bad: p => { p.topologySpreadConstraints = [spread({ minDomains: 2, whenUnsatisfiable: 'ScheduleAnyway' })]; }, good: p => { p.topologySpreadConstraints = [spread({ minDomains: 2 })]; } },
  { rule: 'validateNodeInclusionPolicy: Honor or Ignore', field: `${P}.topologySpreadConstraints[0].nodeTaintsPolicy`, message: /"Respect" is not supported/,
    bad: p => { p.topologySpreadConstraints = [spread({ nodeTaintsPolicy: 'Respect' })]; }, good: p => { p.topologySpreadConstraints = [spread({ nodeTaintsPolicy: 'Honor', nodeAffinityPolicy: 'Ignore' })]; } },
  { rule: 'validateMatchLabelKeys: keys are qualified names (no labelSelector needed in 1.27)', field: `${P}.topologySpreadConstraints[0].matchLabelKeys[0]`, message: /"pod template hash" has a name part/,
    bad: p => { p.topologySpreadConstraints = [spread({ matchLabelKeys: ['pod template hash'] })]; },
    good: p => { const c = spread({ matchLabelKeys: ['controller-revision-hash'] }); delete c.labelSelector; p.topologySpreadConstraints = [c]; } },
  { rule: 'validateMatchLabelKeys: a key also in the labelSelector', field: `${P}.topologySpreadConstraints[0].matchLabelKeys[0]`, message: /"name" is also in the labelSelector/,
    bad: p => { p.topologySpreadConstraints = [spread({ matchLabelKeys: ['name'] })]; }, good: p => { p.topologySpreadConstraints = [spread({ matchLabelKeys: ['pod-template-hash'] })]; } },
  // validateReadinessGates, ValidateHostAliases
  { rule: 'validateReadinessGates: conditionType is a qualified name', field: `${P}.readinessGates[0].conditionType`, message: /"example.com\/feature ready" has a name part/,
    bad: p => { p.readinessGates = [{ conditionType: 'example.com/feature ready' }]; }, good: p => { p.readinessGates = [{ conditionType: 'example.com/feature-ready' }]; } },
  { rule: 'ValidateHostAliases: ip', field: `${P}.hostAliases[0].ip`, message: /"10.0.0.256" is not a valid IP address/,
    bad: p => { p.hostAliases = [{ ip: '10.0.0.256', hostnames: ['db'] }]; }, good: p => { p.hostAliases = [{ ip: 'fd00::5', hostnames: ['db'] }]; } },
  { rule: 'ValidateHostAliases: hostnames are subdomains', field: `${P}.hostAliases[0].hostnames[0]`, message: /"DB_host" is not a valid host name/,
    bad: p => { p.hostAliases = [{ ip: '10.0.0.5', hostnames: ['DB_host'] }]; }, good: p => { p.hostAliases = [{ ip: '10.0.0.5', hostnames: ['db.example.com'] }]; } },
  // validatePodDNSConfig
  { rule: 'validatePodDNSConfig: dnsPolicy None needs a nameserver', field: `${P}.dnsConfig.nameservers`, message: /is empty, but dnsPolicy is None/,
    bad: p => { p.dnsPolicy = 'None'; p.dnsConfig = { searches: ['svc.cluster.local'] }; }, good: p => { p.dnsPolicy = 'None'; p.dnsConfig = { nameservers: ['10.96.0.10'] }; } },
  { rule: 'validatePodDNSConfig: at most 3 nameservers', field: `${P}.dnsConfig.nameservers`, message: /has 4 entries \(at most 3\)/,
    bad: p => { p.dnsConfig = { nameservers: ['1.1.1.1', '8.8.8.8', '9.9.9.9', '10.0.0.1'] }; }, good: p => { p.dnsConfig = { nameservers: ['1.1.1.1', '8.8.8.8', '9.9.9.9'] }; } },
  { rule: 'validatePodDNSConfig: nameservers are IPs', field: `${P}.dnsConfig.nameservers[0]`, message: /"dns.example.com" is not a valid IP address/,
    bad: p => { p.dnsConfig = { nameservers: ['dns.example.com'] }; }, good: p => { p.dnsConfig = { nameservers: ['2001:db8::53'] }; } },
  { rule: 'validatePodDNSConfig: at most 32 search paths (ExpandedDNSConfig, on by default in 1.27)', field: `${P}.dnsConfig.searches`, message: /has 33 entries \(at most 32\)/,
    bad: p => { p.dnsConfig = { searches: Array.from({ length: 33 }, (_, i) => `s${i}.example.com`) }; },
    good: p => { p.dnsConfig = { searches: Array.from({ length: 32 }, (_, i) => `s${i}.example.com`) }; } },
  { rule: 'validatePodDNSConfig: search list at most 2048 characters', field: `${P}.dnsConfig.searches`, message: /is 2049 characters long/,
    bad: p => { p.dnsConfig = { searches: searchList(2049) }; }, good: p => { p.dnsConfig = { searches: searchList(2048) }; } },
  { rule: 'validatePodDNSConfig: searches are subdomains (a trailing dot is fine)', field: `${P}.dnsConfig.searches[0]`, message: /"my_domain" is not a valid search domain/,
    bad: p => { p.dnsConfig = { searches: ['my_domain'] }; }, good: p => { p.dnsConfig = { searches: ['svc.cluster.local.'] }; } },
  { rule: 'validatePodDNSConfig: option name required', field: `${P}.dnsConfig.options[0].name`, message: /is empty/,
    bad: p => { p.dnsConfig = { options: [{ value: '2' }] }; }, good: p => { p.dnsConfig = { options: [{ name: 'ndots', value: '2' }] }; } },
  // ValidatePodSecurityContext: validateSysctls, validateFSGroupChangePolicyOption, validateSeccompProfileField, validateWindowsSecurityContextOptions
  { rule: 'validateSysctls: name pattern (IsValidSysctlName)', field: `${P}.securityContext.sysctls[0].name`, message: /"net.ipv4..ip_forward" is not a valid sysctl name/,
    bad: p => { p.securityContext = { sysctls: [{ name: 'net.ipv4..ip_forward', value: '1' }] }; },
    good: p => { p.securityContext = { sysctls: [{ name: 'net/ipv4/ip_unprivileged_port_start', value: '0' }] }; } },
  { rule: 'validateSysctls: name required', field: `${P}.securityContext.sysctls[0].name`, message: /is empty/,
    bad: p => { p.securityContext = { sysctls: [{ value: '1' }] }; }, good: p => { p.securityContext = { sysctls: [{ name: 'kernel.shm_rmid_forced', value: '1' }] }; } },
  { rule: 'validateSysctls: duplicates', field: `${P}.securityContext.sysctls[1].name`, message: /sysctl net.core.somaxconn is set twice/,
    bad: p => { p.securityContext = { sysctls: [{ name: 'net.core.somaxconn', value: '1024' }, { name: 'net.core.somaxconn', value: '2048' }] }; },
    good: p => { p.securityContext = { sysctls: [{ name: 'net.core.somaxconn', value: '1024' }, { name: 'kernel.shm_rmid_forced', value: '1' }] }; } },
  { rule: 'validateFSGroupChangePolicyOption: values', field: `${P}.securityContext.fsGroupChangePolicy`, message: /"Never" is not supported/,
    bad: p => { p.securityContext = { fsGroup: 2000, fsGroupChangePolicy: 'Never' }; }, good: p => { p.securityContext = { fsGroup: 2000, fsGroupChangePolicy: 'OnRootMismatch' }; } },
  { rule: 'validateSeccompProfileField: type', field: `${P}.securityContext.seccompProfile.type`, message: /"Default" is not a seccomp profile type/,
    bad: p => { p.securityContext = { seccompProfile: { type: 'Default' } }; }, good: p => { p.securityContext = { seccompProfile: { type: 'RuntimeDefault' } }; } },
  { rule: 'validateSeccompProfileField: Localhost needs localhostProfile', field: `${P}.securityContext.seccompProfile.localhostProfile`, message: /is missing, but type is Localhost/,
    bad: p => { p.securityContext = { seccompProfile: { type: 'Localhost' } }; }, good: p => { p.securityContext = { seccompProfile: { type: 'Localhost', localhostProfile: 'profiles/audit.json' } }; } },
  { rule: 'validateSeccompProfileField: localhostProfile only with Localhost', field: `${P}.securityContext.seccompProfile.localhostProfile`, message: /is set, but type is RuntimeDefault/,
    bad: p => { p.securityContext = { seccompProfile: { type: 'RuntimeDefault', localhostProfile: 'profiles/audit.json' } }; },
    good: p => { p.securityContext = { seccompProfile: { type: 'Unconfined' } }; } },
  { rule: 'validateSeccompProfileField + validateLocalDescendingPath (container securityContext)', field: `${P}.containers[0].securityContext.seccompProfile.localhostProfile`, message: /"\.\.\/audit.json" contains '\.\.'/,
    bad: p => { p.containers[0].securityContext = { seccompProfile: { type: 'Localhost', localhostProfile: '../audit.json' } }; },
    good: p => { p.containers[0].securityContext = { seccompProfile: { type: 'Localhost', localhostProfile: 'audit.json' } }; } },
  { rule: 'validateWindowsSecurityContextOptions: gmsaCredentialSpecName', field: `${P}.securityContext.windowsOptions.gmsaCredentialSpecName`, message: /"Web_Spec" is not a valid GMSACredentialSpec name/,
    bad: p => { p.securityContext = { windowsOptions: { gmsaCredentialSpecName: 'Web_Spec' } }; }, good: p => { p.securityContext = { windowsOptions: { gmsaCredentialSpecName: 'web-spec' } }; } },
  { rule: 'validateWindowsSecurityContextOptions: runAsUserName not empty', field: `${P}.containers[0].securityContext.windowsOptions.runAsUserName`, message: /is an empty string/,
    bad: p => { p.containers[0].securityContext = { windowsOptions: { runAsUserName: '' } }; }, good: p => { p.containers[0].securityContext = { windowsOptions: { runAsUserName: 'ContainerUser' } }; } },
  { rule: 'validateWindowsSecurityContextOptions: runAsUserName at most one backslash', field: `${P}.securityContext.windowsOptions.runAsUserName`, message: /has more than one backslash/,
    bad: p => { p.securityContext = { windowsOptions: { runAsUserName: 'CORP\\web\\svc' } }; }, good: p => { p.securityContext = { windowsOptions: { runAsUserName: 'CORP\\web' } }; } },
  { rule: 'validateWindowsSecurityContextOptions: runAsUserName without control characters', field: `${P}.securityContext.windowsOptions.runAsUserName`, message: /contains control characters/,
    bad: p => { p.securityContext = { windowsOptions: { runAsUserName: 'web\tsvc' } }; }, good: p => { p.securityContext = { windowsOptions: { runAsUserName: 'web svc' } }; } },
  { rule: 'ValidatePodSecurityContext: shareProcessNamespace with hostPID', field: `${P}.shareProcessNamespace`, message: /is true together with hostPID/,
    bad: p => { p.shareProcessNamespace = true; p.hostPID = true; }, good: p => { p.shareProcessNamespace = true; } },
];

describe.each(cases)('$rule', ({ field, message, bad, good }) => {
  test('breaks it', () => {
    const found = findingsOf(bad).filter(f => f.field === field && f.severity === 'error');
    expect(found.map(f => f.message)).toContainEqual(expect.stringMatching(message));
    for (const f of found) expect(f.message).toMatch(REFUSED);
  });
  test('passes', () => {
    const found = findingsOf(good).filter(f => f.check !== 'binding' && (f.severity === 'error' || f.field === field));
    expect(found.map(f => `${f.field}: ${f.message}`)).toEqual([]);
  });
});

/** A pod spec that sets every field these rules read, each validly. */
const FULL: any = {
  affinity: {
    nodeAffinity: {
      requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'k', operator: 'Gt', values: ['1'] }], matchFields: [{ key: 'metadata.name', operator: 'In', values: ['n'] }] }] },
      preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 1, preference: { matchExpressions: [{ key: 'disk', operator: 'In', values: ['ssd'] }] } }],
    },
    podAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [term({ namespaces: ['default'], namespaceSelector: { matchLabels: { a: 'b' } } })] },
    podAntiAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 100, podAffinityTerm: term() }] },
  },
  tolerations: [{ key: 'k', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 30 }, { key: 'd', value: 'v' }, { operator: 'Exists' }],
  topologySpreadConstraints: [spread({ minDomains: 2, nodeAffinityPolicy: 'Honor', nodeTaintsPolicy: 'Ignore', matchLabelKeys: ['controller-revision-hash'] })],
  readinessGates: [{ conditionType: 'example.com/ready' }],
  hostAliases: [{ ip: '10.0.0.1', hostnames: ['db'] }],
  dnsPolicy: 'None',
  dnsConfig: { nameservers: ['10.0.0.10'], searches: ['svc.cluster.local'], options: [{ name: 'ndots', value: '2' }] },
  securityContext: {
    sysctls: [{ name: 'net.core.somaxconn', value: '1024' }], fsGroupChangePolicy: 'OnRootMismatch',
    seccompProfile: { type: 'Localhost', localhostProfile: 'p.json' }, windowsOptions: { gmsaCredentialSpecName: 'g', gmsaCredentialSpec: '{}', runAsUserName: 'u' },
  },
};

/** Every path inside `value`. */
function paths(value: any, prefix: Array<string | number> = []): Array<Array<string | number>> {
  if (value === null || typeof value !== 'object') return [];
  return Object.keys(value).flatMap(k => {
    const p = [...prefix, Array.isArray(value) ? Number(k) : k];
    return [p, ...paths(value[k], p)];
  });
}

test('the pod spec with every field these rules read is valid', () => {
  expect(findingsOf(p => Object.assign(p, structuredClone(FULL))).filter(f => f.severity === 'error')).toEqual([]);
});

test('any YAML value at any of these fields is a finding or nothing, never a crash', () => {
  const all = paths(FULL);
  const value = fc.oneof(fc.jsonValue({ maxDepth: 2 }), fc.double(), fc.constantFrom(null, '', 0, -1, [], {}, [null], { '': null }, 'Exists', 'Localhost'));
  fc.assert(fc.property(fc.integer({ min: 0, max: all.length - 1 }), value, (i, v) => {
    const found = findingsOf(p => {
      Object.assign(p, structuredClone(FULL));
      let o = p;
      for (const k of all[i].slice(0, -1)) o = o[k];
      o[all[i][all[i].length - 1]] = v;
    });
    for (const f of found) expect(f.message).not.toMatch(/\n/);
  }), { numRuns: 200 });
});
