/**
 * The library's answers to the cluster traps of issue 9: a headless port that
 * differs from its targetPort is refused, a non-root workload with a port
 * below 1024 gets the sysctl that lets it bind, and claim-template mounts can
 * be checked for writability at startup.
 */
import { Size } from 'cdk8s';
import { HeadlessService, NfsStorage, SecurityBaseline, StatefulWorkload, StatefulWorkloadProps, VolumeClaimTemplate } from '../lib';
import { InputError } from '../lib/errors';
import { evaluatePodSecurity } from '../cli/pss';
import { expectStrictlyValid, find, newChart, synth } from './util';

const data = () => new VolumeClaimTemplate({ name: 'data', storageSize: Size.mebibytes(100), storageClassName: 'sc', nfs: NfsStorage.staticVolumes({ server: 'nfs', preBind: false }) });

function build(props: Partial<StatefulWorkloadProps> = {}): any[] {
  const chart = newChart();
  new StatefulWorkload(chart, 'app', { image: 'registry.example.com/app:1', ...props });
  return synth(chart);
}
const podSpec = (out: any[]) => find(out, 'StatefulSet', 'app').spec.template.spec;

describe('headless ports: port and targetPort are one number (ShouldSkipService: kube-proxy skips headless Services)', () => {
  test('HeadlessService refuses a targetPort other than port, saying why', () => {
    const make = () => new HeadlessService(newChart(), 'svc', { ports: [{ port: 80, targetPort: 8080 }] });
    expect(make).toThrow(InputError);
    expect(make).toThrow(/^service svc: port 80 differs from targetPort 8080, but a headless service has no virtual ip \(kube-proxy skips it\), so clients of the pod dns names connect to 8080, never to 80; make port equal to targetPort \(8080\)/);
    expect(() => new HeadlessService(newChart(), 'svc2').addPort({ port: 80, targetPort: 81 })).toThrow(/port 80 differs from targetPort 81/);
  });

  test('HeadlessService accepts an equal or omitted targetPort (the seed\'s 80 -> 80)', () => {
    const chart = newChart();
    const svc = new HeadlessService(chart, 'svc', { ports: [{ port: 80, targetPort: 80, name: 'http' }, { port: 9090, name: 'metrics' }] });
    new StatefulWorkload(chart, 'app', { image: 'app:1', service: svc });
    expect(find(synth(chart), 'Service', 'svc').spec.ports).toEqual([{ name: 'http', port: 80, targetPort: 80 }, { name: 'metrics', port: 9090, targetPort: 9090 }]);
  });

  test('StatefulWorkload refuses a servicePort other than containerPort; an equal one renders port = targetPort = containerPort', () => {
    expect(() => build({ ports: [{ containerPort: 8080, servicePort: 80 }] }))
      .toThrow(/^statefulset app: servicePort 80 differs from containerPort 8080, but a headless service has no virtual ip/);
    const out = build({ ports: [{ containerPort: 8080, servicePort: 8080, name: 'http' }] });
    expect(find(out, 'Service', 'app-headless').spec.ports).toEqual([{ name: 'http', port: 8080, targetPort: 8080 }]);
  });
});

describe('ports below 1024 as non-root: net.ipv4.ip_unprivileged_port_start (SafeSysctlAllowlist; CheckSysctls sysctlsAllowedV1Dot0)', () => {
  const sysctls = (out: any[]) => podSpec(out).securityContext?.sysctls;

  test('restricted default (runAsNonRoot) with port 80: the sysctl, set to the lowest low port, and still restricted', () => {
    const out = build({ ports: [{ containerPort: 443, name: 'https' }, { containerPort: 80, name: 'http' }, { containerPort: 8080, name: 'alt' }] });
    expect(sysctls(out)).toEqual([{ name: 'net.ipv4.ip_unprivileged_port_start', value: '80' }]);
    expect(evaluatePodSecurity(podSpec(out))).toEqual({ level: 'restricted', violations: [] });
    expectStrictlyValid(out);
  });

  test('no sysctl for ports from 1024 up, or without ports', () => {
    expect(sysctls(build({ ports: [{ containerPort: 1024 }, { containerPort: 8080 }] }))).toBeUndefined();
    expect(sysctls(build())).toBeUndefined();
  });

  test('a known non-root uid gets it even without the restricted baseline', () => {
    expect(sysctls(build({ securityBaseline: SecurityBaseline.NONE, podSecurity: { runAsUser: 1000 }, ports: [{ containerPort: 80 }] })))
      .toEqual([{ name: 'net.ipv4.ip_unprivileged_port_start', value: '80' }]);
  });

  test('no sysctl when the user may be root: baseline NONE without runAsUser, or uid 0', () => {
    expect(sysctls(build({ securityBaseline: SecurityBaseline.NONE, ports: [{ containerPort: 80 }] }))).toBeUndefined();
    expect(sysctls(build({ podSecurity: { runAsUser: 0, runAsNonRoot: false }, ports: [{ containerPort: 80 }] }))).toBeUndefined();
    expect(sysctls(build({ podSecurity: { runAsUser: 1000 }, containerSecurity: { runAsUser: 0, runAsNonRoot: false }, ports: [{ containerPort: 80 }] }))).toBeUndefined();
  });
});

describe('checkWritable: a startup check of claim-template mounts', () => {
  test('off by default: no init container', () => {
    const t = data();
    expect(podSpec(build({ volumeClaimTemplates: [t], volumeMounts: [{ path: '/data', template: t }] })).initContainers).toBeUndefined();
  });

  test('on: one check-writable init container for the checked mounts only, with their sub-paths, in the restricted context', () => {
    const t = data();
    const logs = new VolumeClaimTemplate({ name: 'logs', storageSize: Size.mebibytes(10) });
    const chart = newChart();
    const w = new StatefulWorkload(chart, 'app', {
      image: 'registry.example.com/app:1', podSecurity: { runAsUser: 1000 },
      volumeClaimTemplates: [t, logs], volumeMounts: [{ path: '/data', template: t, checkWritable: true, subPath: 'app' }],
    });
    w.addVolumeMount({ path: '/logs', template: logs, checkWritable: true });
    w.addVolumeMount({ path: '/ro', template: logs, readOnly: true, subPath: 'ro' });
    const out = synth(chart);
    const spec = podSpec(out);
    expect(spec.initContainers).toHaveLength(1);
    const [init] = spec.initContainers;
    expect(init).toMatchObject({
      name: 'check-writable',
      image: 'registry.example.com/app:1',
      imagePullPolicy: 'IfNotPresent',
      terminationMessagePolicy: 'FallbackToLogsOnError',
      volumeMounts: [{ name: 'data', mountPath: '/data', subPath: 'app' }, { name: 'logs', mountPath: '/logs' }],
    });
    expect(init.command.slice(3)).toEqual(['check-writable', '/data', '/logs']);
    expect(init.securityContext).toEqual(spec.containers[0].securityContext);
    expect(evaluatePodSecurity(spec)).toEqual({ level: 'restricted', violations: [] });
    expectStrictlyValid(out);
  });

  test('writeCheckImage replaces the image for workloads without a shell', () => {
    const t = data();
    const out = build({ writeCheckImage: 'registry.example.com/busybox:1.36', volumeClaimTemplates: [t], volumeMounts: [{ path: '/data', template: t, checkWritable: true }] });
    expect(podSpec(out).initContainers[0].image).toBe('registry.example.com/busybox:1.36');
    expect(() => build({ writeCheckImage: 'Bad Image' })).toThrow(/^statefulset app: writeCheckImage/);
    // A bad main image is reported as image, not as writeCheckImage (whose default it is).
    expect(() => build({ image: 'Bad Image' })).toThrow(/^statefulset app: image "Bad Image" is not an image reference/);
  });

  test('a read-only mount cannot be checked for writing; checkWritable must be a boolean', () => {
    const t = data();
    expect(() => build({ volumeClaimTemplates: [t], volumeMounts: [{ path: '/data', template: t, readOnly: true, checkWritable: true }] }))
      .toThrow(/^statefulset app: mount at \/data is readOnly but asks for checkWritable; drop one of them$/);
    expect(() => build({ volumeClaimTemplates: [t], volumeMounts: [{ path: '/data', template: t, checkWritable: 'yes' as any }] }))
      .toThrow(/^statefulset app: mount at \/data checkWritable "yes" is not a boolean; give true or false$/);
  });
});
