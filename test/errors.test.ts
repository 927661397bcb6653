import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Size } from 'cdk8s';
import { PersistentVolumeAccessMode } from 'cdk8s-plus-27';
import { loadConfig } from '../app/config';
import { HeadlessService, NfsPersistentVolume, NfsStorage, StatefulWorkload, VolumeClaimTemplate } from '../lib';
import { parseSize } from '../lib/quantity';
import { newChart, synth } from './util';

const workload = (props: Partial<ConstructorParameters<typeof StatefulWorkload>[2]> = {}) =>
  new StatefulWorkload(newChart(), 'app', { image: 'app:1', ...props });
const template = (props: Partial<ConstructorParameters<typeof VolumeClaimTemplate>[0]> = {}) =>
  new VolumeClaimTemplate({ name: 'data', storageSize: Size.gibibytes(1), ...props });

describe('bad props are refused with a message naming object, field, value and fix', () => {
  test('negative replica count', () => {
    expect(() => workload({ replicas: -1 })).toThrow(/^statefulset app: replicas -1 is not a whole number >= 0; give e.g. 1$/);
  });

  test('fractional replica count', () => {
    expect(() => workload({ replicas: 1.5 })).toThrow(/^statefulset app: replicas 1.5 is not a whole number >= 0/);
  });

  test('invalid StatefulSet name', () => {
    expect(() => workload({ name: 'My_App' })).toThrow(/^statefulset "My_App": name "My_App" is not a valid name; use at most 52 lowercase letters, digits and '-', starting and ending with a letter or digit \(52, not a DNS label's 63, because longer names break the controller-revision-hash label of its pods\)$/);
  });

  test('StatefulSet name longer than 52 characters', () => {
    const name = 'a'.repeat(53);
    expect(() => workload({ name })).toThrow(new RegExp(`^statefulset ${name}: name is 53 characters long; use at most 52, because longer names break the controller-revision-hash label`));
    expect(() => workload({ name: 'a'.repeat(52) })).not.toThrow();
  });

  // ValidateServiceName = NameIsDNS1035Label (pkg/apis/core/validation/validation.go): a DNS-1123
  // label such as 1svc, which a StatefulSet or pod name may be, is refused as a Service name.
  test('a serviceName that is not a DNS-1035 label (ValidateServiceName), checked before anything exists', () => {
    expect(() => workload({ serviceName: '1svc' }))
      .toThrow(/^statefulset app: serviceName "1svc" is not a valid Service name \(DNS-1035 label: at most 63 lowercase letters, digits and '-', starting with a letter and ending with a letter or digit\); use e\.g\. app-service$/);
    expect(() => workload({ serviceName: 'web_public' })).toThrow(/^statefulset app: serviceName "web_public" is not a valid Service name \(DNS-1035 label/);
    expect(() => workload({ serviceName: `s${'a'.repeat(63)}` })).toThrow(/^statefulset app: serviceName "sa{63}" is not a valid Service name/);
    expect(() => workload({ serviceName: 'svc1' })).not.toThrow();
    expect(() => workload({ serviceName: 's'.repeat(63) })).not.toThrow();
  });

  test('a StatefulSet name starting with a digit is fine, but its default Service name is not: set serviceName', () => {
    expect(() => workload({ name: '1app' }))
      .toThrow(/^statefulset 1app: default serviceName "1app-headless" is not a valid Service name \(DNS-1035 label.*\); set serviceName, e\.g\. svc-1app-service$/);
    expect(() => workload({ name: '1app', serviceName: 'app1' })).not.toThrow();
  });

  test('a HeadlessService name that is not a DNS-1035 label', () => {
    expect(() => new HeadlessService(newChart(), 'svc', { name: '9lives' }))
      .toThrow(/^service "9lives": name "9lives" is not a valid Service name \(DNS-1035 label.*\); use e\.g\. svc-9lives$/);
    expect(() => new HeadlessService(newChart(), '9lives')).toThrow(/^service "9lives": name "9lives" is not a valid Service name/);
  });

  test('malformed size such as 100Mo', () => {
    expect(() => parseSize('k8sdemo.config.yaml:3', 'storage.size', '100Mo'))
      .toThrow(/^k8sdemo.config.yaml:3: storage.size "100Mo" is not a storage size; use a whole number with a binary suffix \(Ki, Mi, Gi, Ti, Pi\), e.g. 100Mi or 1Gi$/);
  });

  test('a size that is not a whole number of kibibytes', () => {
    expect(() => template({ storageSize: Size.kibibytes(0.5) })).toThrow(/^volume claim template "data": storageSize 0.5Ki is not a positive whole number of kibibytes/);
  });

  test('relative NFS path', () => {
    expect(() => NfsStorage.staticVolumes({ server: 'nfs', exportPathPattern: 'statefulset/data{number}' }))
      .toThrow(/^static nfs storage: exportPathPattern "statefulset\/data\{number\}" is relative; NFS export paths are absolute/);
    expect(() => new NfsPersistentVolume(newChart(), 'pv', { server: 'nfs', path: 'data', capacity: Size.gibibytes(1) }))
      .toThrow(/^persistentvolume pv: path "data" is relative/);
  });

  test('empty NFS server', () => {
    expect(() => NfsStorage.staticVolumes({ server: '' })).toThrow(/^static nfs storage: server is empty; give the NFS server's host name or IP address/);
    expect(() => NfsStorage.csiDriver({ server: ' ', share: '/x' })).toThrow(/^csi nfs storage: server is empty/);
  });

  test('unknown access mode', () => {
    expect(() => template({ accessModes: ['ReadWriteSometimes' as PersistentVolumeAccessMode] }))
      .toThrow(/^volume claim template "data": accessModes "ReadWriteSometimes" is not one of ReadWriteOnce, ReadOnlyMany, ReadWriteMany, ReadWriteOncePod; use PersistentVolumeAccessMode$/);
  });

  test('port out of range', () => {
    expect(() => workload({ ports: [{ containerPort: 70000 }] })).toThrow(/^statefulset app: ports containerPort 70000 is out of range; use a whole number from 1 to 65535$/);
    expect(() => new HeadlessService(newChart(), 'svc', { ports: [{ port: 0 }] })).toThrow(/^service svc: port 0 is out of range/);
  });

  test('duplicate claim template names', () => {
    expect(() => workload({ volumeClaimTemplates: [template(), template()] }))
      .toThrow(/^statefulset app: volume claim template data is declared twice; give each template its own name$/);
  });

  test('mount of an undeclared claim template fails at synth', () => {
    const chart = newChart();
    new StatefulWorkload(chart, 'app', { image: 'app:1', volumeMounts: [{ path: '/data', template: template() }] });
    expect(() => synth(chart)).toThrow(/statefulset app: container app mounts claim template data at \/data, but the statefulset does not declare it; add it with volumeClaimTemplates or addVolumeClaimTemplate/);
  });

  test('static nfs without a storage class', () => {
    expect(() => workload({ volumeClaimTemplates: [template({ nfs: NfsStorage.staticVolumes({ server: 'nfs', preBind: false }) })] }))
      .toThrow(/^statefulset app: claim template data uses static nfs storage but sets no storageClassName/);
  });

  test('pre-binding without a namespace', () => {
    expect(() => workload({ volumeClaimTemplates: [template({ storageClassName: 'x', nfs: NfsStorage.staticVolumes({ server: 'nfs' }) })] }))
      .toThrow(/^statefulset app: pre-bound nfs volumes name their claim's namespace in claimRef, but the statefulset has no namespace; set namespace/);
  });

  test('a pattern that gives every pod the same volume', () => {
    expect(() => NfsStorage.staticVolumes({ server: 'nfs', volumeNamePattern: 'shared-pv' }))
      .toThrow(/^static nfs storage: volumeNamePattern "shared-pv" has no \{ordinal\} or \{number\}/);
    expect(() => NfsStorage.staticVolumes({ server: 'nfs', exportPathPattern: '/x/{pod}' }))
      .toThrow(/^static nfs storage: exportPathPattern "\/x\/\{pod\}" uses unknown placeholder \{pod\}/);
  });

  test('a Service governs one workload', () => {
    const chart = newChart();
    const svc = new HeadlessService(chart, 'svc');
    new StatefulWorkload(chart, 'a', { image: 'a:1', service: svc });
    expect(() => new StatefulWorkload(chart, 'b', { image: 'b:1', service: svc }))
      .toThrow(/^service svc: already governs statefulset a, so it cannot also govern b; give each StatefulWorkload its own HeadlessService$/);
  });

  test('duplicate mount paths and ports', () => {
    const t = template();
    expect(() => workload({ volumeClaimTemplates: [t], volumeMounts: [{ path: '/d', template: t }, { path: '/d', template: t }] }))
      .toThrow(/^statefulset app: mount path \/d is used twice; mount each path once$/);
    expect(() => new HeadlessService(newChart(), 'svc', { ports: [{ port: 80 }, { port: 80 }] }))
      .toThrow(/^service svc: port 80\/TCP is declared twice; declare each port once$/);
  });
});

describe('bad configuration is refused with its source, field, value and fix', () => {
  let dir: string;
  beforeEach(() => { dir = fs.mkdtempSync(path.join(os.tmpdir(), 'k8sdemo-config-')); });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));
  const withFile = (text: string) => {
    fs.writeFileSync(path.join(dir, 'k8sdemo.config.yaml'), text);
    return () => loadConfig({}, dir);
  };

  test('a config file is read and overrides the defaults; env overrides the file', () => {
    withFile('replicas: 2\nnfs:\n  server: nfs.lan\n');
    expect(loadConfig({}, dir)).toMatchObject({ replicas: 2, nfsServer: 'nfs.lan', image: 'beckjin/k8sdemo:1.2.0' });
    expect(loadConfig({ K8SDEMO_REPLICAS: '4' }, dir)).toMatchObject({ replicas: 4, nfsServer: 'nfs.lan' });
  });

  test('malformed YAML names the file and line', () => {
    expect(withFile('replicas: 3\nnfs:\n  server: [unclosed\n')).toThrow(/^k8sdemo.config.yaml:\d+:\d+: config file is not valid YAML .*; fix the syntax$/);
  });

  test('a bad size in the file names file, line and field', () => {
    expect(withFile('storage:\n  storageSize: 100Mo\n')).toThrow(/^k8sdemo.config.yaml:2: storage.storageSize "100Mo" is not a storage size; use a whole number with a binary suffix/);
    // An old name is still read, and named as written.
    expect(withFile('storage:\n  size: 100Mo\n')).toThrow(/^k8sdemo.config.yaml:2: storage.size "100Mo" is not a storage size/);
  });

  test('an unknown setting is not silently dropped', () => {
    expect(withFile('storage:\n  sise: 1Gi\n')).toThrow(/^k8sdemo.config.yaml:2: storage.sise: unknown setting; use one of name, namespace, replicas/);
  });

  test('a near miss gets a did-you-mean, in the file and in the environment', () => {
    expect(withFile('storage:\n  storageSise: 1Gi\n')).toThrow(/^k8sdemo.config.yaml:2: storage.storageSise: unknown setting; did you mean storage.storageSize\?$/);
    withFile('replicas: 1\n');
    expect(() => loadConfig({ K8SDEMO_REPLICA: '5' }, dir)).toThrow(/^environment: K8SDEMO_REPLICA: unknown variable; did you mean K8SDEMO_REPLICAS\?$/);
    expect(() => loadConfig({ K8SDEMO_WHATEVER: '5' }, dir)).toThrow(/^environment: K8SDEMO_WHATEVER: unknown variable; use one of K8SDEMO_CONFIG, K8SDEMO_NAME,/);
    expect(loadConfig({ K8SDEMO_REPLICAS: '5', OTHER_REPLICA: '1' }, dir).replicas).toBe(5);
  });

  test('names that took the library\'s prop names: old ones are read, with a one-line warning', () => {
    const warnings: string[] = [];
    const warn = (line: string) => { warnings.push(line); };
    withFile('storage:\n  className: fast\nnfs:\n  exportPattern: /x/{ordinal}\n');
    const c = loadConfig({ K8SDEMO_STORAGE_CLASS: 'slow', K8SDEMO_NFS_PREBIND: 'false' }, dir, warn);
    expect(c).toMatchObject({ storageClassName: 'slow', nfsExportPathPattern: '/x/{ordinal}', nfsPreBind: false });
    expect(warnings).toEqual([
      'warning: environment: K8SDEMO_NFS_PREBIND is renamed K8SDEMO_NFS_PRE_BIND, as the library\'s prop; rename it',
      'warning: environment: K8SDEMO_STORAGE_CLASS is renamed K8SDEMO_STORAGE_CLASS_NAME, as the library\'s prop; rename it',
      'warning: k8sdemo.config.yaml:2: storage.className is renamed storage.storageClassName, as the library\'s prop; rename it',
      'warning: k8sdemo.config.yaml:4: nfs.exportPattern is renamed nfs.exportPathPattern, as the library\'s prop; rename it',
    ]);
    withFile('storage:\n  storageClassName: a\n');
    warnings.length = 0;
    expect(loadConfig({ K8SDEMO_STORAGE_CLASS_NAME: 'b' }, dir, warn).storageClassName).toBe('b');
    expect(warnings).toEqual([]);
  });

  test('an old and a new name of one setting together are refused', () => {
    expect(withFile('storage:\n  className: a\n  storageClassName: b\n')).toThrow(/^k8sdemo.config.yaml:3: storage.storageClassName: storage.className \(its old name\) is set too; keep only storage.storageClassName$/);
    expect(() => loadConfig({ K8SDEMO_STORAGE_CLASS: 'a', K8SDEMO_STORAGE_CLASS_NAME: 'b' }, dir, () => undefined))
      .toThrow(/^environment: K8SDEMO_STORAGE_CLASS: is the old name of K8SDEMO_STORAGE_CLASS_NAME, which is set too; keep only K8SDEMO_STORAGE_CLASS_NAME$/);
  });

  test('a wrong type in the file', () => {
    expect(withFile('replicas: three\n')).toThrow(/^k8sdemo.config.yaml:1: replicas: "three" is not a whole number >= 0; give e.g. 3$/);
  });

  test('bad environment variables', () => {
    expect(() => loadConfig({ K8SDEMO_REPLICAS: '-1' }, dir)).toThrow(/^environment: K8SDEMO_REPLICAS: "-1" is not a whole number >= 0; give e.g. 3$/);
    expect(() => loadConfig({ K8SDEMO_REPLICAS: '2.5' }, dir)).toThrow(/^environment: K8SDEMO_REPLICAS: "2.5" is not a whole number/);
    expect(() => loadConfig({ K8SDEMO_NFS_SERVER: '' }, dir)).toThrow(/^environment: K8SDEMO_NFS_SERVER is empty; give the NFS server's host name or IP address/);
    // The limit that applies to a StatefulSet name is 52 (MAX_STATEFULSET_NAME_LENGTH), also for a name that is not a DNS label at all.
    for (const name of ['K8sDemo', `K8s${'a'.repeat(70)}`, 'a'.repeat(64)]) {
      expect(() => loadConfig({ K8SDEMO_NAME: name }, dir)).toThrow(/^environment: K8SDEMO_NAME: statefulset "[^"]+": name "[^"]+" is not a valid name; use at most 52 lowercase letters, [^;]*\(52, not a DNS label's 63, because longer names break the controller-revision-hash label of its pods\)$/);
    }
    expect(() => loadConfig({ K8SDEMO_NAME: 'a'.repeat(53) }, dir)).toThrow(/^environment: K8SDEMO_NAME: statefulset a{53}: name is 53 characters long; use at most 52, because longer names break the controller-revision-hash label of its pods$/);
    expect(() => loadConfig({ K8SDEMO_NAME: 'a'.repeat(52) }, dir)).not.toThrow();
    expect(() => loadConfig({ K8SDEMO_ACCESS_MODE: 'ReadWrite' }, dir)).toThrow(/^environment: K8SDEMO_ACCESS_MODE "ReadWrite" is not one of ReadWriteOnce, ReadOnlyMany, ReadWriteMany, ReadWriteOncePod/);
    expect(() => loadConfig({ K8SDEMO_NFS_MODE: 'dynamic' }, dir)).toThrow(/^environment: K8SDEMO_NFS_MODE "dynamic" is not one of static, csi/);
    expect(() => loadConfig({ K8SDEMO_NFS_PRE_BIND: 'yes' }, dir)).toThrow(/^environment: K8SDEMO_NFS_PRE_BIND: "yes" is not a boolean; give true or false$/);
    expect(() => loadConfig({ K8SDEMO_NFS_EXPORT_PATH_PATTERN: 'data{number}' }, dir)).toThrow(/^environment: K8SDEMO_NFS_EXPORT_PATH_PATTERN "data\{number\}" is relative/);
    expect(() => loadConfig({ K8SDEMO_NAME: 'x'.repeat(60) }, dir)).toThrow(/^environment: K8SDEMO_NAME: statefulset x{60}: name is 60 characters long; use at most 52/);
    expect(() => loadConfig({ K8SDEMO_STORAGE_SIZE: '1GB' }, dir)).toThrow(/^environment: K8SDEMO_STORAGE_SIZE "1GB" is not a storage size/);
  });

  test('a serviceName that is not a DNS-1035 label (ValidateServiceName), from the environment and the file', () => {
    expect(() => loadConfig({ K8SDEMO_SERVICE_NAME: '1svc' }, dir))
      .toThrow(/^environment: K8SDEMO_SERVICE_NAME "1svc" is not a valid Service name \(DNS-1035 label: at most 63 lowercase letters, digits and '-', starting with a letter and ending with a letter or digit\); use e\.g\. k8sdemo-service$/);
    expect(loadConfig({ K8SDEMO_SERVICE_NAME: 'svc1' }, dir).serviceName).toBe('svc1');
    expect(withFile('serviceName: 1svc\n')).toThrow(/^k8sdemo.config.yaml:1: serviceName "1svc" is not a valid Service name \(DNS-1035 label/);
  });

  test('replicas above MAX_REPLICAS (1000), which the app would write as 1000 PVs and more, from the environment and the file', () => {
    expect(() => loadConfig({ K8SDEMO_REPLICAS: '200000' }, dir))
      .toThrow(/^environment: K8SDEMO_REPLICAS 200000 is more than 1000, the most the k8sdemo app makes \(one PersistentVolume and one NFS export per pod\); give at most 1000$/);
    expect(() => loadConfig({ K8SDEMO_REPLICAS: '1001' }, dir)).toThrow(/^environment: K8SDEMO_REPLICAS 1001 is more than 1000/);
    expect(loadConfig({ K8SDEMO_REPLICAS: '1000' }, dir).replicas).toBe(1000);
    expect(withFile('replicas: 5000\n')).toThrow(/^k8sdemo.config.yaml:1: replicas 5000 is more than 1000, the most the k8sdemo app makes/);
  });

  test('a missing config file named by K8SDEMO_CONFIG', () => {
    expect(() => loadConfig({ K8SDEMO_CONFIG: 'nope.yaml' }, dir)).toThrow(/^environment variable K8SDEMO_CONFIG: config file nope.yaml does not exist; give the path of a YAML file, or unset K8SDEMO_CONFIG$/);
  });
});
