import { JsonPatch, Size } from 'cdk8s';
import {
  ConfigMap, Cpu, EmptyDirMedium, EnvValue, ImagePullPolicy, Secret, ServiceAccount, TaintEffect,
} from 'cdk8s-plus-27';
import {
  EnvSource, LifecycleHook, NodeRequirement, PodVolume, Probe, ProjectedSource, StatefulWorkload,
  StatefulWorkloadProps, Toleration, VolumeClaimTemplate,
} from '../lib';
import { expectStrictlyValid, find, newChart, synth } from './util';

const data = () => new VolumeClaimTemplate({ name: 'data', storageSize: Size.gibibytes(1) });

/** Synthesizes one workload `app` and returns its synthesized objects and pod spec. */
function podOf(props: Partial<StatefulWorkloadProps>, more?: (w: StatefulWorkload) => void) {
  const chart = newChart();
  const w = new StatefulWorkload(chart, 'app', { image: 'app:1', ...props });
  more?.(w);
  const out = synth(chart);
  expectStrictlyValid(out);
  return { out, spec: find(out, 'StatefulSet', 'app').spec.template.spec };
}

const workload = (props: Partial<StatefulWorkloadProps>) => new StatefulWorkload(newChart(), 'app', { image: 'app:1', ...props });
const byName = (list: any[], name: string) => list.find(x => x.name === name);

describe('pod volumes and mounts', () => {
  test('configMap, secret, emptyDir and projected volumes are rendered once and mounted where asked', () => {
    const chart = newChart();
    const conf = new ConfigMap(chart, 'conf', { metadata: { name: 'app-conf' }, data: { 'app.conf': 'x' } });
    const creds = Secret.fromSecretName(chart, 'creds', 'app-creds');
    const run = PodVolume.fromEmptyDir('run', { medium: EmptyDirMedium.MEMORY, sizeLimit: Size.mebibytes(64) });
    const t = data();
    const w = new StatefulWorkload(chart, 'app', {
      image: 'app:1',
      volumeClaimTemplates: [t],
      volumeMounts: [
        { path: '/data', template: t, subPath: 'pgdata' },
        { path: '/etc/app', volume: PodVolume.fromConfigMap('conf', conf, { items: { 'app.conf': { path: 'app.conf', mode: 0o440 } } }), readOnly: true },
        { path: '/secrets', volume: PodVolume.fromSecret('creds', creds, { defaultMode: 0o400 }) },
        { path: '/var/run/app', volume: run },
        { path: '/var/run/all', volume: PodVolume.fromProjected('all', [
          ProjectedSource.fromConfigMap(conf), ProjectedSource.fromSecret(creds, { items: { password: { path: 'pw' } } }),
          ProjectedSource.fromServiceAccountToken({ path: 'token', audience: 'vault', expirationSeconds: 600 }),
        ]) },
      ],
      sidecars: [{ name: 'side', image: 'side:1', volumeMounts: [{ path: '/run', volume: run }] }],
    });
    w.addVolumeMount({ path: '/extra', volume: PodVolume.fromEmptyDir('extra') });
    const out = synth(chart);
    expectStrictlyValid(out);
    const spec = find(out, 'StatefulSet', 'app').spec.template.spec;
    expect(spec.volumes).toEqual([
      { name: 'conf', configMap: { name: 'app-conf', items: [{ key: 'app.conf', path: 'app.conf', mode: 0o440 }] } },
      { name: 'creds', secret: { secretName: 'app-creds', defaultMode: 0o400 } },
      { name: 'run', emptyDir: { medium: 'Memory', sizeLimit: '64Mi' } },
      { name: 'all', projected: { sources: [
        { configMap: { name: 'app-conf' } }, { secret: { name: 'app-creds', items: [{ key: 'password', path: 'pw' }] } },
        { serviceAccountToken: { path: 'token', audience: 'vault', expirationSeconds: 600 } },
      ] } },
      { name: 'extra', emptyDir: {} },
      { name: 'tmp', emptyDir: {} },
    ]);
    const main = byName(spec.containers, 'app');
    expect(main.volumeMounts).toEqual([
      { name: 'data', mountPath: '/data', subPath: 'pgdata' },
      { name: 'conf', mountPath: '/etc/app', readOnly: true },
      { name: 'creds', mountPath: '/secrets' },
      { name: 'run', mountPath: '/var/run/app' },
      { name: 'all', mountPath: '/var/run/all' },
      { name: 'extra', mountPath: '/extra' },
      { name: 'tmp', mountPath: '/tmp' },
    ]);
    // the same volume in a sidecar: one volume, two mounts; /tmp in every container
    expect(byName(spec.containers, 'side').volumeMounts).toEqual([{ name: 'run', mountPath: '/run' }, { name: 'tmp', mountPath: '/tmp' }]);
  });

  test('bad volumes and mounts are refused', () => {
    const chart = newChart();
    const cm = ConfigMap.fromConfigMapName(chart, 'cm', 'conf');
    expect(() => PodVolume.fromEmptyDir('Run')).toThrow(/^volume "Run": name "Run" is not a valid name; use at most 63 lowercase letters/);
    expect(() => PodVolume.fromConfigMap('c', cm, { defaultMode: 0o1777 })).toThrow(/^volume c: defaultMode 1023 is not a file mode; give a number from 0 to 0o777/);
    expect(() => PodVolume.fromConfigMap('c', cm, { items: { a: { path: '../a' } } })).toThrow(/^volume c: items a path "\.\.\/a" is not a relative path inside the volume/);
    expect(() => PodVolume.fromProjected('p', [])).toThrow(/^volume p: projected sources are empty; give at least one ProjectedSource$/);
    expect(() => ProjectedSource.fromServiceAccountToken({ path: 't', expirationSeconds: 60 })).toThrow(/^projected service account token: expirationSeconds 60 is less than 600 seconds; give at least 600$/);
    const t = data();
    const run = PodVolume.fromEmptyDir('run');
    expect(() => workload({ volumeMounts: [{ path: '/x', volume: run, template: t }] })).toThrow(/^statefulset app: mount at \/x needs exactly one of template \(a VolumeClaimTemplate\) and volume \(a PodVolume\)$/);
    expect(() => workload({ volumeMounts: [{ path: '/x' }] })).toThrow(/needs exactly one of template/);
    expect(() => workload({ volumeMounts: [{ path: '/x', volume: run, subPath: '/abs' }] })).toThrow(/^statefulset app: mount at \/x subPath "\/abs" is not a relative path inside the volume/);
    expect(() => workload({ volumeMounts: [{ path: '/x', volume: run }, { path: '/y', volume: PodVolume.fromEmptyDir('run', { medium: EmptyDirMedium.MEMORY }) }] }))
      .toThrow(/^statefulset app: volume run is defined twice with different sources; mount the same PodVolume object, or give each its own name$/);
    expect(() => workload({ volumeMounts: [{ path: '/x', volume: PodVolume.fromEmptyDir('tmp') }] })).toThrow(/^statefulset app: volume tmp has the name of the writable \/tmp volume/);
    expect(() => workload({ volumeClaimTemplates: [t], volumeMounts: [{ path: '/x', volume: PodVolume.fromEmptyDir('data') }] }))
      .toThrow(/^statefulset app: volume data has the name of a claim template; give the volume its own name$/);
    expect(() => workload({ volumeMounts: [{ path: '/x', volume: PodVolume.fromEmptyDir('data') }], volumeClaimTemplates: [t] }))
      .toThrow(/volume data has the name of a claim template/); // whatever the order of the props
    const w = workload({ volumeMounts: [{ path: '/x', volume: PodVolume.fromEmptyDir('data') }] });
    expect(() => w.addVolumeClaimTemplate(t)).toThrow(/^statefulset app: volume claim template data has the name of a pod volume; give the template its own name$/);
    expect(() => workload({ sidecars: [{ name: 's', image: 's:1', volumeMounts: [{ path: '/a', volume: run }, { path: '/a/', volume: run }] }] }))
      .toThrow(/^statefulset app sidecar s: mount path \/a\/ is used twice; mount each path once$/);
  });

  test('a mount of an undeclared claim template, in any container, fails synthesis', () => {
    const chart = newChart();
    new StatefulWorkload(chart, 'app', { image: 'app:1', initContainers: [{ name: 'init', image: 'i:1', volumeMounts: [{ path: '/d', template: data() }] }] });
    expect(() => synth(chart)).toThrow(/statefulset app: init container init mounts claim template data at \/d, but the statefulset does not declare it/);
  });
});

describe('init containers and sidecars', () => {
  test('each gets image, command, args, env, envFrom, ports, resources, probes, hooks and the baseline security', () => {
    const chart = newChart();
    const conf = ConfigMap.fromConfigMapName(chart, 'conf', 'app-conf');
    const secret = Secret.fromSecretName(chart, 'secret', 'app-secret');
    const t = data();
    const w = new StatefulWorkload(chart, 'app', {
      image: 'app:1',
      volumeClaimTemplates: [t],
      initContainers: [{
        name: 'prepare', image: 'busybox:1.36', command: ['sh', '-c'], args: ['touch /data/ok'],
        volumeMounts: [{ path: '/data', template: t }],
        resources: { cpu: { request: Cpu.millis(10) }, memory: { limit: Size.mebibytes(32) } },
      }],
      sidecars: [{
        name: 'exporter', image: 'exporter:1', imagePullPolicy: ImagePullPolicy.ALWAYS,
        ports: [{ containerPort: 9121, name: 'metrics' }],
        env: { PASSWORD: EnvValue.fromSecretValue({ secret, key: 'password' }) },
        envFrom: [EnvSource.fromConfigMap(conf, { prefix: 'APP_' }), EnvSource.fromSecret(secret, { optional: true })],
        readinessProbe: Probe.fromHttpGet('/metrics', { port: 9121 }),
        livenessProbe: Probe.fromTcpSocket({ port: 9121 }),
        postStart: LifecycleHook.fromCommand(['touch', '/tmp/started']),
        preStop: LifecycleHook.fromHttpGet('/quit', { port: 9121 }),
        securityContext: { runAsUser: 59000 },
      }],
    });
    w.addInitContainer({ name: 'second', image: 'busybox:1.36', command: ['true'] });
    w.addSidecar({ name: 'logger', image: 'logger:1' });
    expect(w.containerNames).toEqual(['prepare', 'second', 'app', 'exporter', 'logger']);
    const out = synth(chart);
    expectStrictlyValid(out);
    const spec = find(out, 'StatefulSet', 'app').spec.template.spec;
    const restricted = { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] }, readOnlyRootFilesystem: true };
    expect(spec.initContainers).toEqual([
      {
        name: 'prepare', image: 'busybox:1.36', imagePullPolicy: 'IfNotPresent', command: ['sh', '-c'], args: ['touch /data/ok'],
        resources: { requests: { cpu: '10m' }, limits: { memory: '32Mi' } },
        securityContext: restricted,
        volumeMounts: [{ name: 'data', mountPath: '/data' }, { name: 'tmp', mountPath: '/tmp' }],
      },
      { name: 'second', image: 'busybox:1.36', imagePullPolicy: 'IfNotPresent', command: ['true'], securityContext: restricted, volumeMounts: [{ name: 'tmp', mountPath: '/tmp' }] },
    ]);
    expect(spec.containers.map((c: any) => c.name)).toEqual(['app', 'exporter', 'logger']);
    expect(byName(spec.containers, 'exporter')).toEqual({
      name: 'exporter', image: 'exporter:1', imagePullPolicy: 'Always',
      ports: [{ containerPort: 9121, name: 'metrics' }],
      env: [{ name: 'PASSWORD', valueFrom: { secretKeyRef: { name: 'app-secret', key: 'password' } } }],
      envFrom: [{ prefix: 'APP_', configMapRef: { name: 'app-conf' } }, { secretRef: { name: 'app-secret', optional: true } }],
      readinessProbe: { httpGet: { path: '/metrics', port: 9121 } },
      livenessProbe: { tcpSocket: { port: 9121 } },
      lifecycle: { postStart: { exec: { command: ['touch', '/tmp/started'] } }, preStop: { httpGet: { path: '/quit', port: 9121 } } },
      securityContext: { ...restricted, runAsUser: 59000 },
      volumeMounts: [{ name: 'tmp', mountPath: '/tmp' }],
    });
    // sidecar ports are not on the headless Service: only the main container's are
    expect(find(out, 'Service', 'app-headless').spec.ports).toBeUndefined();
  });

  test('the main container takes envFrom, hooks and a mounted pod volume', () => {
    const chart = newChart();
    const { spec } = podOf({
      envFrom: [EnvSource.fromSecret(Secret.fromSecretName(chart, 's', 'db-env'))],
      preStop: LifecycleHook.fromCommand(['pg_ctl', 'stop', '-m', 'fast']),
      postStart: LifecycleHook.fromHttpGet('/warm', { port: 8080, https: true }),
    });
    const main = spec.containers[0];
    expect(main.envFrom).toEqual([{ secretRef: { name: 'db-env' } }]);
    expect(main.lifecycle).toEqual({
      preStop: { exec: { command: ['pg_ctl', 'stop', '-m', 'fast'] } },
      postStart: { httpGet: { path: '/warm', port: 8080, scheme: 'HTTPS' } },
    });
  });

  test('a sidecar may relax the baseline for itself only', () => {
    const { spec } = podOf({ sidecars: [{ name: 's', image: 's:1', securityContext: { readOnlyRootFilesystem: false } }] });
    expect(byName(spec.containers, 's').securityContext.readOnlyRootFilesystem).toBe(false);
    expect(byName(spec.containers, 'app').securityContext.readOnlyRootFilesystem).toBe(true);
  });

  test('bad containers are refused', () => {
    expect(() => workload({ sidecars: [{ name: 'app', image: 's:1' }] }))
      .toThrow(/^statefulset app: container name app is used twice; give each container, sidecar and init container its own name$/);
    expect(() => workload({ initContainers: [{ name: 'i', image: 'i:1' }], sidecars: [{ name: 'i', image: 's:1' }] })).toThrow(/container name i is used twice/);
    expect(() => workload({ sidecars: [{ name: 'S', image: 's:1' }] })).toThrow(/^statefulset app: sidecar name "S" is not a valid name/);
    expect(() => workload({ sidecars: [{ name: 's', image: 'Bad Image' }] })).toThrow(/^statefulset app: sidecar s image "Bad Image" is not an image reference/);
    expect(() => workload({ ports: [{ containerPort: 8080 }], sidecars: [{ name: 's', image: 's:1', ports: [{ containerPort: 8080 }] }] }))
      .toThrow(/^statefulset app: sidecar s declares port 8080\/TCP, which container app declares too; containers of a pod share one network, give each its own port$/);
    expect(() => workload({ initContainers: [{ name: 'i', image: 'i:1', readinessProbe: Probe.fromTcpSocket({ port: 1 }) }] }))
      .toThrow(/^statefulset app init container i: readinessProbe is set, but init containers run to completion and cannot have probes/);
    expect(() => workload({ initContainers: [{ name: 'i', image: 'i:1', preStop: LifecycleHook.fromCommand(['x']) }] }))
      .toThrow(/^statefulset app init container i: preStop is set, but init containers cannot have lifecycle hooks; drop preStop$/);
    expect(() => workload({ sidecars: [{ name: 's', image: 's:1', env: { '1X': EnvValue.fromValue('x') } }] }))
      .toThrow(/^statefulset app sidecar s: env name "1X" is not a valid variable name/);
    expect(() => workload({ sidecars: [{ name: 's', image: 's:1', ports: [{ containerPort: 9121, name: 'a-very-long-port-name' }] }] }))
      .toThrow(/^statefulset app sidecar s: port 9121 name a-very-long-port-name is longer than 15 characters/);
    expect(() => workload({ sidecars: [{ name: 's', image: 's:1', securityContext: { runAsUser: 0 } }] }))
      .toThrow(/^statefulset app sidecar s: runAsUser 0 is root, but runAsNonRoot is true/);
    expect(() => EnvSource.fromConfigMap(ConfigMap.fromConfigMapName(newChart(), 'c', 'c'), { prefix: '1_' }))
      .toThrow(/^envFrom configMap c: prefix "1_" is not a valid variable name/);
    expect(() => LifecycleHook.fromCommand([])).toThrow(/^lifecycle hook: command is empty/);
    expect(() => LifecycleHook.fromHttpGet('quit', { port: 80 })).toThrow(/^lifecycle hook: http path "quit" must start with '\/'/);
  });
});

describe('service account, scheduling and pod settings', () => {
  test('each option reaches the pod spec', () => {
    const chart = newChart();
    const sa = new ServiceAccount(chart, 'sa', { metadata: { name: 'db' } });
    const { spec } = podOf({
      serviceAccount: sa,
      automountServiceAccountToken: true,
      imagePullSecrets: [Secret.fromSecretName(chart, 'pull', 'regcred')],
      terminationGracePeriodSeconds: 120,
      priorityClassName: 'database-critical',
      nodeSelector: { 'kubernetes.io/os': 'linux' },
      tolerations: [
        Toleration.equal('dedicated', 'database', { effect: TaintEffect.NO_SCHEDULE }),
        Toleration.exists('node.kubernetes.io/unreachable', { effect: TaintEffect.NO_EXECUTE, tolerationSeconds: 30 }),
      ],
      requiredNodeAffinity: [NodeRequirement.oneOf('topology.kubernetes.io/zone', ['a', 'b']), NodeRequirement.exists('ssd')],
      preferredNodeAffinity: [{ weight: 50, requirements: [NodeRequirement.noneOf('pool', ['spot']), NodeRequirement.greaterThan('cores', 4)] }],
    });
    expect(spec.serviceAccountName).toBe('db');
    expect(spec.automountServiceAccountToken).toBe(true);
    expect(spec.imagePullSecrets).toEqual([{ name: 'regcred' }]);
    expect(spec.terminationGracePeriodSeconds).toBe(120);
    expect(spec.priorityClassName).toBe('database-critical');
    expect(spec.nodeSelector).toEqual({ 'kubernetes.io/os': 'linux' });
    expect(spec.tolerations).toEqual([
      { key: 'dedicated', operator: 'Equal', value: 'database', effect: 'NoSchedule' },
      { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 30 },
    ]);
    expect(spec.affinity).toEqual({ nodeAffinity: {
      requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [
        { key: 'topology.kubernetes.io/zone', operator: 'In', values: ['a', 'b'] }, { key: 'ssd', operator: 'Exists' },
      ] }] },
      preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 50, preference: { matchExpressions: [
        { key: 'pool', operator: 'NotIn', values: ['spot'] }, { key: 'cores', operator: 'Gt', values: ['4'] },
      ] } }],
    } });
  });

  test('node affinity and pod spread share the affinity field', () => {
    const { spec } = podOf({ replicas: 2, podSpread: 'required-anti-affinity' as any, requiredNodeAffinity: [NodeRequirement.doesNotExist('spot')] });
    expect(Object.keys(spec.affinity).sort()).toEqual(['nodeAffinity', 'podAntiAffinity']);
  });

  test('bad pod settings are refused', () => {
    expect(() => workload({ terminationGracePeriodSeconds: -1 })).toThrow(/^statefulset app: terminationGracePeriodSeconds -1 is not a whole number >= 0/);
    expect(() => workload({ priorityClassName: 'High' })).toThrow(/^statefulset app: priorityClassName "High" is not a valid name; use at most 253/);
    expect(() => workload({ nodeSelector: { 'bad key!': 'x' } })).toThrow(/^statefulset app: nodeSelector key "bad key!" is not a valid label key/);
    expect(() => workload({ requiredNodeAffinity: [] })).toThrow(/^statefulset app: requiredNodeAffinity is empty; give at least one NodeRequirement or leave it out$/);
    expect(() => workload({ preferredNodeAffinity: [{ weight: 0, requirements: [NodeRequirement.exists('a')] }] }))
      .toThrow(/^statefulset app: preferredNodeAffinity weight 0 is out of range; give a whole number from 1 to 100$/);
    expect(() => NodeRequirement.oneOf('zone', [])).toThrow(/^node requirement zone: In needs at least one value/);
    expect(() => Toleration.exists('dedicated', { tolerationSeconds: 10 }))
      .toThrow(/^toleration dedicated: tolerationSeconds is set but effect is unset; set effect to TaintEffect.NO_EXECUTE or drop tolerationSeconds$/);
    expect(() => workload({ tolerations: [{} as any] })).toThrow(/^statefulset app: tolerations entries must be Toleration objects/);
    const chart = newChart();
    expect(() => workload({ serviceAccount: ServiceAccount.fromServiceAccountName(chart, 'sa', 'Bad_Name') }))
      .toThrow(/^statefulset app: serviceAccount name "Bad_Name" is not a valid name/);
    expect(() => workload({ imagePullSecrets: [Secret.fromSecretName(chart, 'pull', 'Reg Cred')] }))
      .toThrow(/^statefulset app: imagePullSecrets name "Reg Cred" is not a valid name/);
    expect(() => PodVolume.fromEmptyDir('run', { medium: 'Disk' as any })).toThrow(/^volume run: medium "Disk" is not one of "", "Memory"; use EmptyDirMedium$/);
    expect(() => EnvSource.fromSecret(undefined as any)).toThrow(/^envFrom secret: the secret is missing/);
  });
});

describe('the apiObject escape hatch (docs/library.md)', () => {
  test('a JSON patch adds a field the props do not cover, next to the rendered pod spec', () => {
    const { spec } = podOf({ sidecars: [{ name: 's', image: 's:1' }] }, w => w.apiObject.addJsonPatch(
      JsonPatch.add('/spec/template/spec/hostAliases', [{ ip: '10.0.0.5', hostnames: ['legacy-db'] }])));
    expect(spec.hostAliases).toEqual([{ ip: '10.0.0.5', hostnames: ['legacy-db'] }]);
    expect(spec.containers.map((c: any) => c.name)).toEqual(['app', 's']);
  });
});

describe('checkWritable mounts with the new containers (lib/write-check.ts)', () => {
  test('the check-writable init container runs before the user\'s init containers', () => {
    const t = data();
    const { spec } = podOf({
      volumeClaimTemplates: [t],
      volumeMounts: [{ path: '/data', template: t, checkWritable: true }],
      initContainers: [{ name: 'prepare', image: 'busybox:1.36', volumeMounts: [{ path: '/data', template: t }] }],
    });
    expect(spec.initContainers.map((c: any) => c.name)).toEqual(['check-writable', 'prepare']);
  });

  test('it is refused where it would check nothing or clash', () => {
    const t = data();
    expect(() => workload({ volumeClaimTemplates: [t], sidecars: [{ name: 's', image: 's:1', volumeMounts: [{ path: '/d', template: t, checkWritable: true }] }] }))
      .toThrow(/^statefulset app sidecar s: mount at \/d asks for checkWritable, which only checks claim templates mounted into the main container; drop checkWritable$/);
    expect(() => workload({ volumeMounts: [{ path: '/d', volume: PodVolume.fromEmptyDir('d'), checkWritable: true }] }))
      .toThrow(/only checks claim templates mounted into the main container/);
    expect(() => workload({ volumeClaimTemplates: [t], volumeMounts: [{ path: '/d', template: t, checkWritable: true }], sidecars: [{ name: 'check-writable', image: 's:1' }] }))
      .toThrow(/^statefulset app: container name check-writable is taken by the init container of checkWritable mounts; give the container another name$/);
    const w = workload({ volumeClaimTemplates: [t], initContainers: [{ name: 'check-writable', image: 'i:1' }] });
    expect(() => w.addVolumeMount({ path: '/d', template: t, checkWritable: true }))
      .toThrow(/^statefulset app: mount at \/d asks for checkWritable, whose init container is named check-writable like an existing container; rename that container$/);
  });
});
