/**
 * Rules ported from Kubernetes 1.27 validation (cli/rules/): for each rule a
 * manifest that breaks it and one that passes, with the source function in
 * the test name. Cases follow pkg/apis/apps/validation/validation_test.go and
 * pkg/apis/core/validation/validation_test.go.
 */
import { Finding } from '../../cli/findings';
import { RuleCase, seedFindings } from './helpers';

type Mutate = (sts: any, all: any[]) => void;

/** The seed (Service, StatefulSet, 3 PVs) after `mutate`, validated in-process. */
const findingsOf = (mutate: Mutate): Finding[] => seedFindings(mutate);

const pod = (s: any) => s.spec.template.spec;
const c0 = (s: any) => pod(s).containers[0];
const claim = (s: any) => s.spec.volumeClaimTemplates[0];

type Case = RuleCase<Mutate>;

const cases: Case[] = [
  // pkg/apis/apps/validation: ValidateStatefulSetSpec
  { rule: 'ValidateStatefulSetSpec: empty selector', field: 'spec.selector', message: /an empty selector is not valid/, bad: s => { s.spec.selector = {}; }, good: () => undefined },
  { rule: 'ValidateStatefulSetSpec: OnDelete with rollingUpdate', field: 'spec.updateStrategy.rollingUpdate', message: /only allowed for updateStrategy RollingUpdate/,
    bad: s => { s.spec.updateStrategy = { type: 'OnDelete', rollingUpdate: { partition: 1 } }; }, good: s => { s.spec.updateStrategy = { type: 'RollingUpdate', rollingUpdate: { partition: 1 } }; } },
  { rule: 'ValidateStatefulSetSpec: negative partition', field: 'spec.updateStrategy.rollingUpdate.partition', message: /-1 is negative/,
    bad: s => { s.spec.updateStrategy = { rollingUpdate: { partition: -1 } }; }, good: s => { s.spec.updateStrategy = { rollingUpdate: { partition: 0 } }; } },
  { rule: 'ValidateStatefulSetSpec: restartPolicy must be Always', field: 'spec.template.spec.restartPolicy', message: /"Never" is not supported/,
    bad: s => { pod(s).restartPolicy = 'Never'; }, good: s => { pod(s).restartPolicy = 'Always'; } },
  { rule: 'ValidateStatefulSetSpec: restartPolicy OnFailure', field: 'spec.template.spec.restartPolicy', message: /"OnFailure" is not supported/,
    bad: s => { pod(s).restartPolicy = 'OnFailure'; }, good: () => undefined },
  { rule: 'ValidateStatefulSetSpec: activeDeadlineSeconds', field: 'spec.template.spec.activeDeadlineSeconds', message: /must not be specified/,
    bad: s => { pod(s).activeDeadlineSeconds = 30; }, good: () => undefined },
  { rule: 'ValidateLabelSelector: In without values', field: 'spec.selector.matchExpressions[0].values', message: /operator In needs at least one value/,
    bad: s => { s.spec.selector.matchExpressions = [{ key: 'name', operator: 'In', values: [] }]; },
    good: s => { s.spec.selector.matchExpressions = [{ key: 'name', operator: 'In', values: ['k8sdemo'] }]; } },
  { rule: 'ValidateLabelSelector: Exists with values', field: 'spec.selector.matchExpressions[0].values', message: /must be empty for operator Exists/,
    bad: s => { s.spec.selector.matchExpressions = [{ key: 'name', operator: 'Exists', values: ['x'] }]; },
    good: s => { s.spec.selector.matchExpressions = [{ key: 'name', operator: 'Exists' }]; } },
  { rule: 'initIdentity + ValidatePodSpec: serviceName becomes the pods\' subdomain', field: 'spec.serviceName', message: /is not a DNS-1123 label: the API server stores the StatefulSet .* refuses every pod/,
    bad: (s, all) => { s.spec.serviceName = 'k8sdemo.service'; all.find(o => o.kind === 'Service').metadata.name = 'k8sdemo.service'; }, good: () => undefined },
  { rule: 'ValidatePodTemplateSpecForStatefulSet: template labels', field: 'spec.template.metadata.labels.bad key', message: /label key "bad key"/,
    bad: s => { s.spec.template.metadata.labels['bad key'] = 'x'; }, good: s => { s.spec.template.metadata.labels['example.com/tier'] = 'db'; } },
  { rule: 'ValidateStatefulSetName accepts a subdomain, but initIdentity makes the name each pod\'s hostname', field: 'metadata.name', message: /"k8s.demo" is not a valid DNS-1123 label: the API server stores the StatefulSet but refuses every pod/,
    bad: s => { s.metadata.name = 'k8s.demo'; }, good: s => { s.metadata.name = 'k8s-demo'; } },
  // pkg/apis/core/validation: validateContainers / validateContainerCommon / validateInitContainers
  { rule: 'validateContainers: at least one container', field: 'spec.template.spec.containers', message: /is empty/,
    bad: s => { pod(s).containers = []; }, good: () => undefined },
  { rule: 'validateContainerCommon: container name is a DNS label', field: 'spec.template.spec.containers[0].name', message: /"K8sDemo" is not a valid DNS-1123 label/,
    bad: s => { c0(s).name = 'K8sDemo'; }, good: s => { c0(s).name = 'k8s-demo'; } },
  { rule: 'validateContainers: duplicate container names', field: 'spec.template.spec.containers[1].name', message: /already used by spec\.template\.spec\.containers\[0\]/,
    bad: s => { pod(s).containers.push({ name: 'k8sdemo', image: 'busybox:1.36' }); }, good: s => { pod(s).containers.push({ name: 'sidecar', image: 'busybox:1.36' }); } },
  { rule: 'validateInitContainers: init container name clashes with a container', field: 'spec.template.spec.containers[0].name', message: /already used by spec\.template\.spec\.initContainers\[0\]/,
    bad: s => { pod(s).initContainers = [{ name: 'k8sdemo', image: 'busybox:1.36' }]; }, good: s => { pod(s).initContainers = [{ name: 'init', image: 'busybox:1.36' }]; } },
  { rule: 'validateContainerCommon: image required', field: 'spec.template.spec.containers[0].image', message: /has no image/,
    bad: s => { delete c0(s).image; }, good: () => undefined },
  { rule: 'validateContainersOnlyForPod: image with surrounding whitespace', field: 'spec.template.spec.containers[0].image', message: /has leading or trailing whitespace/,
    bad: s => { c0(s).image = ' beckjin/k8sdemo:1.2.0'; }, good: () => undefined },
  { rule: 'checkHostPortConflicts: a host port used twice', field: 'spec.template.spec.containers[1].ports[0].hostPort', message: /TCP\/\/8080 is used twice/,
    bad: s => { c0(s).ports = [{ containerPort: 80, hostPort: 8080 }]; pod(s).containers.push({ name: 'b', image: 'busybox:1.36', ports: [{ containerPort: 81, hostPort: 8080 }] }); },
    good: s => { c0(s).ports = [{ containerPort: 80, hostPort: 8080 }]; pod(s).containers.push({ name: 'b', image: 'busybox:1.36', ports: [{ containerPort: 81, hostPort: 8080, protocol: 'UDP' }] }); } },
  { rule: 'validateInitContainers (1.27): no probes on init containers', field: 'spec.template.spec.initContainers[0].readinessProbe', message: /is set on an init container/,
    bad: s => { pod(s).initContainers = [{ name: 'init', image: 'busybox:1.36', readinessProbe: { exec: { command: ['true'] } } }]; },
    good: s => { pod(s).initContainers = [{ name: 'init', image: 'busybox:1.36' }]; } },
  // validateContainerPorts (IsValidPortName)
  ...[['HTTP', /has characters other than lowercase/], ['a-very-long-port-name', /is 21 characters long/], ['8080', /has no letter/], ['my--port', /contains '--'/], ['-http', /starts or ends with '-'/]]
    .map(([name, message]): Case => ({ rule: `validateContainerPorts: port name ${name}`, field: 'spec.template.spec.containers[0].ports[0].name', message: message as RegExp,
      bad: s => { c0(s).ports = [{ name, containerPort: 80 }]; }, good: s => { c0(s).ports = [{ name: 'http', containerPort: 80 }]; } })),
  { rule: 'validateContainerPorts: duplicate port names', field: 'spec.template.spec.containers[0].ports[1].name', message: /is used twice/,
    bad: s => { c0(s).ports = [{ name: 'http', containerPort: 80 }, { name: 'http', containerPort: 81 }]; },
    good: s => { c0(s).ports = [{ name: 'http', containerPort: 80 }, { name: 'admin', containerPort: 81 }]; } },
  // ValidateEnv / validateEnvVarValueFrom
  { rule: 'ValidateEnv: IsEnvVarName (1.27)', field: 'spec.template.spec.containers[0].env[0].name', message: /"1BAD" is not a valid environment variable name/,
    bad: s => { c0(s).env = [{ name: '1BAD', value: 'x' }]; }, good: s => { c0(s).env = [{ name: 'my.env-NAME_1', value: 'x' }]; } },
  { rule: 'ValidateEnv: IsEnvVarName rejects "="', field: 'spec.template.spec.containers[0].env[0].name', message: /is not a valid environment variable name/,
    bad: s => { c0(s).env = [{ name: 'A=B', value: 'x' }]; }, good: () => undefined },
  { rule: 'validateEnvVarValueFrom: value with valueFrom', field: 'spec.template.spec.containers[0].env[0].valueFrom', message: /has both value and valueFrom/,
    bad: s => { c0(s).env = [{ name: 'POD', value: 'x', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } }]; },
    good: s => { c0(s).env = [{ name: 'POD', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } }]; } },
  { rule: 'validateEnvVarValueFrom: no source', field: 'spec.template.spec.containers[0].env[0].valueFrom', message: /names no source/,
    bad: s => { c0(s).env = [{ name: 'POD', valueFrom: {} }]; }, good: () => undefined },
  { rule: 'validateEnvVarValueFrom: two sources', field: 'spec.template.spec.containers[0].env[0].valueFrom', message: /has 2 sources/,
    bad: s => { c0(s).env = [{ name: 'P', valueFrom: { fieldRef: { fieldPath: 'metadata.name' }, secretKeyRef: { name: 's', key: 'k' } } }]; },
    good: s => { c0(s).env = [{ name: 'P', valueFrom: { secretKeyRef: { name: 's', key: 'k' } } }]; } },
  { rule: 'validateObjectFieldSelector: unsupported fieldPath', field: 'spec.template.spec.containers[0].env[0].valueFrom.fieldRef.fieldPath', message: /is not a field the downward API gives/,
    bad: s => { c0(s).env = [{ name: 'P', valueFrom: { fieldRef: { fieldPath: 'spec.hostname' } } }]; },
    good: s => { c0(s).env = [{ name: 'P', valueFrom: { fieldRef: { fieldPath: "metadata.labels['name']" } } }]; } },
  { rule: 'validateSecretKeySelector: name required', field: 'spec.template.spec.containers[0].env[0].valueFrom.secretKeyRef.name', message: /is missing/,
    bad: s => { c0(s).env = [{ name: 'P', valueFrom: { secretKeyRef: { key: 'k' } } }]; }, good: s => { c0(s).env = [{ name: 'P', valueFrom: { secretKeyRef: { name: 'db-secret', key: 'pass.word_1' } } }]; } },
  { rule: 'validateConfigMapKeySelector: IsConfigMapKey', field: 'spec.template.spec.containers[0].env[0].valueFrom.configMapKeyRef.key', message: /"a\/b" is not a valid key/,
    bad: s => { c0(s).env = [{ name: 'P', valueFrom: { configMapKeyRef: { name: 'cfg', key: 'a/b' } } }]; }, good: () => undefined },
  { rule: 'ValidateEnvFrom: exactly one source', field: 'spec.template.spec.containers[0].envFrom[0]', message: /has both configMapRef and secretRef/,
    bad: s => { c0(s).envFrom = [{ configMapRef: { name: 'a' }, secretRef: { name: 'b' } }]; }, good: s => { c0(s).envFrom = [{ configMapRef: { name: 'a' } }, { secretRef: { name: 'b' }, prefix: 'DB_' }]; } },
  { rule: 'ValidateEnvFrom: prefix is an env var name', field: 'spec.template.spec.containers[0].envFrom[0].prefix', message: /"1_" is not a valid environment variable name/,
    bad: s => { c0(s).envFrom = [{ configMapRef: { name: 'a' }, prefix: '1_' }]; }, good: () => undefined },
  // ValidateVolumes / validateVolumeSource
  { rule: 'ValidateVolumes: duplicate volume names', field: 'spec.template.spec.volumes[1].name', message: /is declared twice/,
    bad: s => { pod(s).volumes = [{ name: 'tmp', emptyDir: {} }, { name: 'tmp', emptyDir: {} }]; },
    good: s => { pod(s).volumes = [{ name: 'tmp', emptyDir: {} }, { name: 'cache', emptyDir: {} }]; } },
  { rule: 'validateVolumeSource: more than one source (none is defaulted to emptyDir)', field: 'spec.template.spec.volumes[0]', message: /has 2 sources \(emptyDir, configMap\)/,
    bad: s => { pod(s).volumes = [{ name: 'v', emptyDir: {}, configMap: { name: 'c' } }]; }, good: s => { pod(s).volumes = [{ name: 'v' }]; } },
  { rule: 'ValidateVolumes: volume name is a DNS label', field: 'spec.template.spec.volumes[0].name', message: /"Tmp" is not a valid DNS-1123 label/,
    bad: s => { pod(s).volumes = [{ name: 'Tmp', emptyDir: {} }]; }, good: () => undefined },
  { rule: 'validateNFSVolumeSource: absolute path', field: 'spec.template.spec.volumes[0].nfs.path', message: /is not an absolute path/,
    bad: s => { pod(s).volumes = [{ name: 'n', nfs: { server: 'nfs', path: 'exports' } }]; }, good: s => { pod(s).volumes = [{ name: 'n', nfs: { server: 'nfs', path: '/exports' } }]; } },
  { rule: 'validateConfigMapVolumeSource: name required', field: 'spec.template.spec.volumes[0].configMap.name', message: /is missing/,
    bad: s => { pod(s).volumes = [{ name: 'c', configMap: {} }]; }, good: s => { pod(s).volumes = [{ name: 'c', configMap: { name: 'cfg' } }]; } },
  { rule: 'validateKeyToPath: item path with ..', field: 'spec.template.spec.volumes[0].secret.items[0].path', message: /contains '\.\.'/,
    bad: s => { pod(s).volumes = [{ name: 's', secret: { secretName: 's', items: [{ key: 'k', path: '../k' }] } }]; },
    good: s => { pod(s).volumes = [{ name: 's', secret: { secretName: 's', items: [{ key: 'k', path: 'dir/k' }] } }]; } },
  // ValidateVolumeMounts
  { rule: 'ValidateVolumeMounts: duplicate mountPath', field: 'spec.template.spec.containers[0].volumeMounts[1].mountPath', message: /is mounted twice/,
    bad: s => { pod(s).volumes = [{ name: 'tmp', emptyDir: {} }]; c0(s).volumeMounts.push({ name: 'tmp', mountPath: '/app/Data' }); },
    good: s => { pod(s).volumes = [{ name: 'tmp', emptyDir: {} }]; c0(s).volumeMounts.push({ name: 'tmp', mountPath: '/tmp' }); } },
  { rule: 'validateLocalDescendingPath: subPath with ..', field: 'spec.template.spec.containers[0].volumeMounts[0].subPath', message: /contains '\.\.'/,
    bad: s => { c0(s).volumeMounts[0].subPath = 'a/../../etc'; }, good: s => { c0(s).volumeMounts[0].subPath = 'a/b'; } },
  { rule: 'validateLocalDescendingPath: absolute subPath', field: 'spec.template.spec.containers[0].volumeMounts[0].subPath', message: /is an absolute path/,
    bad: s => { c0(s).volumeMounts[0].subPath = '/etc'; }, good: () => undefined },
  { rule: 'ValidateVolumeMounts: subPath with subPathExpr', field: 'spec.template.spec.containers[0].volumeMounts[0].subPathExpr', message: /is set together with subPath/,
    bad: s => { Object.assign(c0(s).volumeMounts[0], { subPath: 'a', subPathExpr: '$(POD)' }); }, good: s => { c0(s).volumeMounts[0].subPathExpr = '$(POD)'; } },
  // validateProbe / validateHandler
  { rule: 'validateHandler: probe with no handler', field: 'spec.template.spec.containers[0].livenessProbe', message: /has no handler/,
    bad: s => { c0(s).livenessProbe = { periodSeconds: 10 }; }, good: s => { c0(s).livenessProbe = { tcpSocket: { port: 80 }, periodSeconds: 10 }; } },
  { rule: 'validateHandler: probe with two handlers', field: 'spec.template.spec.containers[0].readinessProbe', message: /has 2 handlers/,
    bad: s => { c0(s).readinessProbe = { tcpSocket: { port: 80 }, httpGet: { port: 80 } }; }, good: s => { c0(s).readinessProbe = { httpGet: { port: 'http', path: '/' } }; } },
  { rule: 'validateProbe: negative periodSeconds', field: 'spec.template.spec.containers[0].readinessProbe.periodSeconds', message: /-1 is negative/,
    bad: s => { c0(s).readinessProbe = { tcpSocket: { port: 80 }, periodSeconds: -1 }; }, good: s => { c0(s).readinessProbe = { tcpSocket: { port: 80 }, periodSeconds: 0 }; } },
  { rule: 'validateContainers: liveness successThreshold must be 1', field: 'spec.template.spec.containers[0].livenessProbe.successThreshold', message: /must be 1 for a livenessProbe/,
    bad: s => { c0(s).livenessProbe = { tcpSocket: { port: 80 }, successThreshold: 2 }; }, good: s => { c0(s).readinessProbe = { tcpSocket: { port: 80 }, successThreshold: 2 }; } },
  { rule: 'validateHandler: exec without command', field: 'spec.template.spec.containers[0].livenessProbe.exec.command', message: /is empty/,
    bad: s => { c0(s).livenessProbe = { exec: {} }; }, good: s => { c0(s).livenessProbe = { exec: { command: ['true'] } }; } },
  { rule: 'validateHandler: invalid named port', field: 'spec.template.spec.containers[0].livenessProbe.httpGet.port', message: /port name "HTTP"/,
    bad: s => { c0(s).livenessProbe = { httpGet: { port: 'HTTP' } }; }, good: () => undefined },
  { rule: 'validateLifecycle: hook with no handler', field: 'spec.template.spec.containers[0].lifecycle.preStop', message: /has no handler/,
    bad: s => { c0(s).lifecycle = { preStop: {} }; }, good: s => { c0(s).lifecycle = { preStop: { exec: { command: ['sleep', '5'] } } }; } },
  // ValidateResourceRequirements
  { rule: 'ValidateResourceRequirements: cpu request above limit', field: 'spec.template.spec.containers[0].resources.requests.cpu', message: /"2" is more than the limit "500m"/,
    bad: s => { c0(s).resources = { requests: { cpu: '2' }, limits: { cpu: '500m' } }; }, good: s => { c0(s).resources = { requests: { cpu: '500m' }, limits: { cpu: '0.5' } }; } },
  { rule: 'ValidateResourceRequirements: memory request above limit', field: 'spec.template.spec.containers[0].resources.requests.memory', message: /is more than the limit/,
    bad: s => { c0(s).resources = { requests: { memory: '1Gi' }, limits: { memory: '512Mi' } }; }, good: s => { c0(s).resources = { requests: { memory: '512Mi' }, limits: { memory: '1Gi' } }; } },
  { rule: 'ValidateResourceRequirements: extended resource request must equal limit', field: 'spec.template.spec.containers[0].resources.requests.nvidia.com/gpu', message: /differs from the limit/,
    bad: s => { c0(s).resources = { requests: { 'nvidia.com/gpu': 1 }, limits: { 'nvidia.com/gpu': 2 } }; }, good: s => { c0(s).resources = { requests: { 'nvidia.com/gpu': 1 }, limits: { 'nvidia.com/gpu': 1 } }; } },
  { rule: 'validateContainerResourceName: unknown resource', field: 'spec.template.spec.containers[0].resources.limits.gpu', message: /is not a container resource/,
    bad: s => { c0(s).resources = { limits: { gpu: 1 } }; }, good: () => undefined },
  { rule: 'ValidateNonnegativeQuantity: negative request', field: 'spec.template.spec.containers[0].resources.requests.cpu', message: /is negative/,
    bad: s => { c0(s).resources = { requests: { cpu: '-1' } }; }, good: () => undefined },
  // ValidateSecurityContext / ValidatePodSecurityContext
  { rule: 'ValidateSecurityContext: privileged with allowPrivilegeEscalation false', field: 'spec.template.spec.containers[0].securityContext.allowPrivilegeEscalation', message: /is false while privileged is true/,
    bad: s => { c0(s).securityContext = { privileged: true, allowPrivilegeEscalation: false }; }, good: s => { c0(s).securityContext = { privileged: false, allowPrivilegeEscalation: false }; } },
  { rule: 'ValidateSecurityContext: CAP_SYS_ADMIN with allowPrivilegeEscalation false (the literal "CAP_SYS_ADMIN" only)', field: 'spec.template.spec.containers[0].securityContext.allowPrivilegeEscalation', message: /capabilities\.add has CAP_SYS_ADMIN/,
    bad: s => { c0(s).securityContext = { allowPrivilegeEscalation: false, capabilities: { add: ['CAP_SYS_ADMIN'] } }; },
    good: s => { c0(s).securityContext = { allowPrivilegeEscalation: false, capabilities: { add: ['SYS_ADMIN'] } }; } },
  { rule: 'ValidatePodSecurityContext: IsValidGroupID', field: 'spec.template.spec.securityContext.fsGroup', message: /is not a valid user or group ID/,
    bad: s => { pod(s).securityContext = { fsGroup: -1 }; }, good: s => { pod(s).securityContext = { fsGroup: 2000 }; } },
  { rule: 'ValidatePodSpec: ServiceAccount name', field: 'spec.template.spec.serviceAccountName', message: /is not a valid ServiceAccount name/,
    bad: s => { pod(s).serviceAccountName = 'My_SA'; }, good: s => { pod(s).serviceAccountName = 'my-sa'; } },
  { rule: 'validateDNSPolicy', field: 'spec.template.spec.dnsPolicy', message: /"ClusterLast" is not a DNS policy/,
    bad: s => { pod(s).dnsPolicy = 'ClusterLast'; }, good: s => { pod(s).dnsPolicy = 'ClusterFirstWithHostNet'; } },
  { rule: 'validateContainerCommon: terminationMessagePolicy', field: 'spec.template.spec.containers[0].terminationMessagePolicy', message: /"Logs" is not a termination message policy/,
    bad: s => { c0(s).terminationMessagePolicy = 'Logs'; }, good: s => { c0(s).terminationMessagePolicy = 'FallbackToLogsOnError'; } },
  { rule: 'validateHostPathType', field: 'spec.template.spec.volumes[0].hostPath.type', message: /"Dir" is not a hostPath type/,
    bad: s => { pod(s).volumes = [{ name: 'h', hostPath: { path: '/var/log', type: 'Dir' } }]; }, good: s => { pod(s).volumes = [{ name: 'h', hostPath: { path: '/var/log', type: 'DirectoryOrCreate' } }]; } },
  { rule: 'validateKeyToPath: key required', field: 'spec.template.spec.volumes[0].configMap.items[0].key', message: /is missing/,
    bad: s => { pod(s).volumes = [{ name: 'c', configMap: { name: 'cfg', items: [{ path: 'a' }] } }]; }, good: s => { pod(s).volumes = [{ name: 'c', configMap: { name: 'cfg', items: [{ key: 'k', path: 'a' }] } }]; } },
  { rule: 'validatePodDNSConfig: dnsPolicy None needs dnsConfig', field: 'spec.template.spec.dnsConfig', message: /dnsPolicy is None/,
    bad: s => { pod(s).dnsPolicy = 'None'; }, good: s => { pod(s).dnsPolicy = 'None'; pod(s).dnsConfig = { nameservers: ['1.1.1.1'] }; } },
  // ValidatePersistentVolumeClaimSpec on claim templates
  { rule: 'ValidatePersistentVolumeClaimSpec: accessModes required', field: 'spec.volumeClaimTemplates[0].spec.accessModes', message: /at least one access mode is required: the API server stores the StatefulSet but refuses every claim/,
    bad: s => { delete claim(s).spec.accessModes; }, good: () => undefined },
  { rule: 'ValidatePersistentVolumeClaimSpec: empty accessModes', field: 'spec.volumeClaimTemplates[0].spec.accessModes', message: /at least one access mode is required/,
    bad: s => { claim(s).spec.accessModes = []; }, good: () => undefined },
  { rule: 'ValidatePersistentVolumeClaimSpec: ReadWriteOncePod with others', field: 'spec.volumeClaimTemplates[0].spec.accessModes', message: /combines ReadWriteOncePod/,
    bad: s => { claim(s).spec.accessModes = ['ReadWriteOncePod', 'ReadWriteOnce']; }, good: s => { claim(s).spec.accessModes = ['ReadWriteOncePod']; } },
  { rule: 'ValidatePersistentVolumeClaimSpec: storage request required', field: 'spec.volumeClaimTemplates[0].spec.resources.requests.storage', message: /is missing/,
    bad: s => { delete claim(s).spec.resources; }, good: () => undefined },
  { rule: 'ValidatePersistentVolumeClaimSpec: storage request of 0', field: 'spec.volumeClaimTemplates[0].spec.resources.requests.storage', message: /"0" is not greater than zero/,
    bad: s => { claim(s).spec.resources.requests.storage = '0'; }, good: s => { claim(s).spec.resources.requests.storage = '1'; } },
  { rule: 'ValidatePersistentVolumeClaimSpec: storageClassName', field: 'spec.volumeClaimTemplates[0].spec.storageClassName', message: /is not a valid StorageClass name/,
    bad: s => { claim(s).spec.storageClassName = 'Fast_SSD'; }, good: s => { claim(s).spec.storageClassName = ''; } },
  { rule: 'getPersistentVolumeClaims: duplicate claim template names (warning)', field: 'spec.volumeClaimTemplates[1].metadata.name', message: /is declared twice/, severity: 'warning',
    bad: s => { s.spec.volumeClaimTemplates.push(JSON.parse(JSON.stringify(claim(s)))); }, good: () => undefined },
  // ValidateObjectMeta: labels, annotations, generateName
  ...[['app/x/y', /has more than one '\/'/], ['-app', /name part that is not alphanumeric/], ['Example.com/app', /is not a DNS-1123 subdomain/], [`${'a'.repeat(64)}`, /name part of 64 characters/], ['/app', /empty prefix/]]
    .map(([key, message]): Case => ({ rule: `ValidateLabels: key ${key}`, field: `metadata.labels.${key}`, message: message as RegExp,
      bad: s => { s.metadata.labels = { [key as string]: 'v' }; }, good: s => { s.metadata.labels = { 'app.kubernetes.io/name': 'v' }; } })),
  { rule: 'ValidateLabels: value too long', field: 'metadata.labels.app', message: /is 64 characters long/,
    bad: s => { s.metadata.labels = { app: 'a'.repeat(64) }; }, good: s => { s.metadata.labels = { app: 'a'.repeat(63) }; } },
  { rule: 'ValidateLabels: value with a space', field: 'metadata.labels.app', message: /label value "my app"/,
    bad: s => { s.metadata.labels = { app: 'my app' }; }, good: s => { s.metadata.labels = { app: '' }; } },
  { rule: 'ValidateAnnotations: key', field: 'metadata.annotations.bad key', message: /annotation key "bad key"/,
    bad: s => { s.metadata.annotations = { 'bad key': 'v' }; }, good: s => { s.metadata.annotations = { 'Example.com/Note': 'any text at all, with spaces' }; } },
  { rule: 'ValidateAnnotations: total size 256 KiB', field: 'metadata.annotations', message: /more than the API server's limit of 262144/,
    bad: s => { s.metadata.annotations = { a: 'x'.repeat(256 * 1024) }; }, good: s => { s.metadata.annotations = { a: 'x'.repeat(256 * 1024 - 1) }; } },
  { rule: 'kubectl apply (applyOneObject): generateName', field: 'metadata.generateName', message: /cannot use generate name with apply/,
    bad: s => { delete s.metadata.name; s.metadata.generateName = 'k8sdemo-'; }, good: s => { s.metadata.generateName = 'k8sdemo-'; } },
];

describe.each(cases)('$rule', ({ field, message, bad, good, severity = 'error' }) => {
  test('breaks it', () => {
    const found = findingsOf(bad).filter(f => f.field === field && f.severity === severity);
    expect(found.map(f => f.message)).toContainEqual(expect.stringMatching(message));
  });
  test('passes', () => {
    // Binding (which volume a claim gets) is plan's business, tested in binding.test.ts.
    const found = findingsOf(good).filter(f => f.check !== 'binding' && (f.severity === 'error' || f.field === field));
    expect(found.map(f => `${f.field}: ${f.message}`)).toEqual([]);
  });
});

test('the seed itself has no errors (the base of every case)', () => {
  expect(findingsOf(() => undefined).filter(f => f.severity === 'error')).toEqual([]);
});
