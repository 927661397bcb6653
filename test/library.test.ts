import { Duration, Size } from 'cdk8s';
import {
  Cpu, EnvFieldPaths, EnvValue, ImagePullPolicy, PersistentVolumeAccessMode, PersistentVolumeMode,
  PersistentVolumeReclaimPolicy, PodManagementPolicy, Protocol,
} from 'cdk8s-plus-27';
import {
  ClaimRetentionPolicy, HeadlessService, NfsPersistentVolume, NfsStorage, Probe, SeccompProfile,
  StatefulWorkload, UpdateStrategy, VolumeClaimTemplate,
} from '../lib';
import { expectStrictlyValid, find, newChart, ofKind, synth } from './util';

const data = (extra: Partial<ConstructorParameters<typeof VolumeClaimTemplate>[0]> = {}) =>
  new VolumeClaimTemplate({ name: 'data', storageSize: Size.gibibytes(1), ...extra });

describe('StatefulWorkload defaults', () => {
  test('one replica, a headless Service named <name>-headless, app.kubernetes.io/name selector', () => {
    const chart = newChart();
    new StatefulWorkload(chart, 'db', { image: 'postgres:16' });
    const out = synth(chart);
    expectStrictlyValid(out);
    const sts = find(out, 'StatefulSet', 'db');
    expect(sts.spec.replicas).toBe(1);
    expect(sts.spec.serviceName).toBe('db-headless');
    expect(sts.spec.selector.matchLabels).toEqual({ 'app.kubernetes.io/name': 'db' });
    expect(find(out, 'Service', 'db-headless').spec).toEqual({ clusterIP: 'None', selector: { 'app.kubernetes.io/name': 'db' } });
    // Pod Security "restricted" by default (issue 5), with a writable /tmp
    expect(sts.spec.template.spec.containers[0]).toEqual({
      name: 'db', image: 'postgres:16', imagePullPolicy: 'IfNotPresent',
      securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] }, readOnlyRootFilesystem: true },
      volumeMounts: [{ name: 'tmp', mountPath: '/tmp' }],
    });
    expect(sts.spec.template.spec.securityContext).toEqual({ runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } });
    expect(sts.spec.template.spec.automountServiceAccountToken).toBe(false);
    expect(ofKind(out, 'PodDisruptionBudget')).toEqual([]);
    // server defaults are not written: Retain/Retain, OrderedReady, RollingUpdate
    expect(sts.spec.persistentVolumeClaimRetentionPolicy).toBeUndefined();
    expect(sts.spec.podManagementPolicy).toBeUndefined();
    expect(sts.spec.updateStrategy).toBeUndefined();
  });
});

describe('StatefulWorkload options', () => {
  test('chart-user options all reach the StatefulSet', () => {
    const chart = newChart();
    new StatefulWorkload(chart, 'web', {
      name: 'web',
      namespace: 'shop',
      replicas: 4,
      image: 'nginx:1.27',
      imagePullPolicy: ImagePullPolicy.ALWAYS,
      containerName: 'nginx',
      command: ['nginx'],
      args: ['-g', 'daemon off;'],
      ports: [{ containerPort: 8080, servicePort: 8080, name: 'http' }, { containerPort: 9090, name: 'metrics', protocol: Protocol.TCP }],
      env: { MODE: EnvValue.fromValue('prod'), POD_NAME: EnvValue.fromFieldRef(EnvFieldPaths.POD_NAME) },
      resources: { cpu: { request: Cpu.millis(250), limit: Cpu.units(1) }, memory: { request: Size.mebibytes(256), limit: Size.gibibytes(1) } },
      livenessProbe: Probe.fromHttpGet('/healthz', { port: 8080, period: Duration.seconds(10) }),
      readinessProbe: Probe.fromTcpSocket({ port: 8080, initialDelay: Duration.seconds(5) }),
      startupProbe: Probe.fromCommand(['cat', '/tmp/ready'], { failureThreshold: 30 }),
      podManagementPolicy: PodManagementPolicy.PARALLEL,
      updateStrategy: UpdateStrategy.rollingUpdate({ partition: 2 }),
      minReadySeconds: 10,
      whenDeleted: ClaimRetentionPolicy.RETAIN,
      whenScaled: ClaimRetentionPolicy.DELETE,
      labels: { team: 'storefront' },
      annotations: { owner: 'web-team' },
      podLabels: { tier: 'frontend' },
      podAnnotations: { 'prometheus.io/scrape': 'true' },
      podSecurity: { runAsUser: 101, runAsGroup: 101, fsGroup: 101, runAsNonRoot: true, seccompProfile: SeccompProfile.RUNTIME_DEFAULT },
      containerSecurity: { readOnlyRootFilesystem: true, allowPrivilegeEscalation: false, capabilitiesDrop: ['ALL'] },
      serviceName: 'web-peers',
    });
    const out = synth(chart);
    expectStrictlyValid(out);
    const sts = find(out, 'StatefulSet', 'web');
    expect(sts.metadata).toEqual({ name: 'web', namespace: 'shop', labels: { team: 'storefront' }, annotations: { owner: 'web-team' } });
    expect(sts.spec).toMatchObject({
      replicas: 4,
      serviceName: 'web-peers',
      podManagementPolicy: 'Parallel',
      updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: 2 } },
      minReadySeconds: 10,
      persistentVolumeClaimRetentionPolicy: { whenDeleted: 'Retain', whenScaled: 'Delete' },
    });
    expect(sts.spec.template.metadata).toEqual({
      labels: { 'app.kubernetes.io/name': 'web', 'tier': 'frontend' },
      annotations: { 'prometheus.io/scrape': 'true' },
    });
    expect(sts.spec.template.spec.securityContext).toEqual({ runAsUser: 101, runAsGroup: 101, fsGroup: 101, runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } });
    const [c] = sts.spec.template.spec.containers;
    expect(c).toMatchObject({
      name: 'nginx', imagePullPolicy: 'Always', command: ['nginx'], args: ['-g', 'daemon off;'],
      ports: [{ containerPort: 8080, name: 'http' }, { containerPort: 9090, name: 'metrics', protocol: 'TCP' }],
      resources: { requests: { cpu: '250m', memory: '256Mi' }, limits: { cpu: '1', memory: '1Gi' } },
      livenessProbe: { httpGet: { path: '/healthz', port: 8080 }, periodSeconds: 10 },
      readinessProbe: { tcpSocket: { port: 8080 }, initialDelaySeconds: 5 },
      startupProbe: { exec: { command: ['cat', '/tmp/ready'] }, failureThreshold: 30 },
      securityContext: { readOnlyRootFilesystem: true, allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } },
    });
    expect(c.env).toEqual([
      { name: 'MODE', value: 'prod' },
      { name: 'POD_NAME', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } },
    ]);
    const svc = find(out, 'Service', 'web-peers');
    expect(svc.metadata).toEqual({ name: 'web-peers', namespace: 'shop', labels: { team: 'storefront' } });
    // a headless Service's port is the container port (issue 9: headless-ports.ts)
    expect(svc.spec.ports).toEqual([{ name: 'http', port: 8080, targetPort: 8080 }, { name: 'metrics', port: 9090, targetPort: 9090, protocol: 'TCP' }]);
  });

  test('OnDelete update strategy', () => {
    const chart = newChart();
    new StatefulWorkload(chart, 'zk', { image: 'zookeeper:3.9', updateStrategy: UpdateStrategy.onDelete() });
    expect(find(synth(chart), 'StatefulSet', 'zk').spec.updateStrategy).toEqual({ type: 'OnDelete' });
  });

  test('a Service passed in keeps its name and gets the selector from the workload', () => {
    const chart = newChart();
    const svc = new HeadlessService(chart, 'zk-hs', { ports: [{ port: 2888, name: 'peer' }, { port: 3888, name: 'leader' }], publishNotReadyAddresses: true });
    const zk = new StatefulWorkload(chart, 'zk', { image: 'zookeeper:3.9', replicas: 3, service: svc, selectorLabels: { app: 'zk' } });
    const out = synth(chart);
    expectStrictlyValid(out);
    expect(find(out, 'StatefulSet', 'zk').spec.serviceName).toBe('zk-hs');
    expect(zk.service).toBe(svc);
    expect(find(out, 'Service', 'zk-hs').spec).toEqual({
      clusterIP: 'None',
      publishNotReadyAddresses: true,
      selector: { app: 'zk' },
      ports: [{ name: 'peer', port: 2888, targetPort: 2888 }, { name: 'leader', port: 3888, targetPort: 3888 }],
    });
    expect(ofKind(out, 'Service')).toHaveLength(1);
  });

  test('claim templates: access modes, class, volume mode, labels and annotations', () => {
    const chart = newChart();
    const logs = new VolumeClaimTemplate({
      name: 'logs', storageSize: Size.mebibytes(512), accessModes: [PersistentVolumeAccessMode.READ_WRITE_MANY],
      storageClassName: 'fast', volumeMode: PersistentVolumeMode.FILE_SYSTEM, labels: { kind: 'logs' }, annotations: { backup: 'daily' },
    });
    const w = new StatefulWorkload(chart, 'app', { image: 'app:1', volumeClaimTemplates: [logs], volumeMounts: [{ path: '/logs', template: logs, subPath: 'app' }] });
    const out = synth(chart);
    expectStrictlyValid(out);
    const sts = find(out, 'StatefulSet', 'app');
    expect(sts.spec.volumeClaimTemplates).toEqual([{
      metadata: { name: 'logs', labels: { kind: 'logs' }, annotations: { backup: 'daily' } },
      spec: { accessModes: ['ReadWriteMany'], resources: { requests: { storage: '512Mi' } }, storageClassName: 'fast', volumeMode: 'Filesystem' },
    }]);
    expect(sts.spec.template.spec.containers[0].volumeMounts).toEqual([{ name: 'logs', mountPath: '/logs', subPath: 'app' }, { name: 'tmp', mountPath: '/tmp' }]);
    expect(w.claimName(logs, 2)).toBe('logs-app-2');
  });

  test('an unset storage class writes no field, "" writes an empty class', () => {
    const chart = newChart();
    const unset = data();
    const none = new VolumeClaimTemplate({ name: 'scratch', storageSize: Size.gibibytes(1), storageClassName: '' });
    new StatefulWorkload(chart, 'app', { image: 'app:1', volumeClaimTemplates: [unset, none] });
    const [a, b] = find(synth(chart), 'StatefulSet', 'app').spec.volumeClaimTemplates;
    expect('storageClassName' in a.spec).toBe(false);
    expect(b.spec.storageClassName).toBe('');
  });

  test('addVolumeClaimTemplate and addVolumeMount add after construction', () => {
    const chart = newChart();
    const w = new StatefulWorkload(chart, 'app', { image: 'app:1', replicas: 2 });
    const t = data({ storageClassName: 'nfs', nfs: NfsStorage.staticVolumes({ server: 'nfs.local', preBind: false }) });
    w.addVolumeClaimTemplate(t);
    w.addVolumeMount({ path: '/data', template: t });
    const out = synth(chart);
    expect(ofKind(out, 'PersistentVolume').map(p => p.metadata.name)).toEqual(['data-app-pv-1', 'data-app-pv-2']);
    expect(w.persistentVolumes.map(p => p.claimName)).toEqual([undefined, undefined]);
  });
});

describe('static NFS storage', () => {
  const build = (options: Parameters<typeof NfsStorage.staticVolumes>[0], replicas = 3) => {
    const chart = newChart();
    const t = data({ storageClassName: 'nfs-static', nfs: NfsStorage.staticVolumes(options) });
    new StatefulWorkload(chart, 'pg', { image: 'postgres:16', namespace: 'db', replicas, volumeClaimTemplates: [t], volumeMounts: [{ path: '/var/lib/postgresql/data', template: t }] });
    return synth(chart);
  };

  test('patterns with {ordinal}, {number}, {template} and {statefulset}; pre-bound to <template>-<sts>-<ordinal>', () => {
    const out = build({ server: '10.0.0.5', exportPathPattern: '/srv/{statefulset}/{template}-{ordinal}', volumeNamePattern: '{statefulset}-{template}-{number}', mountOptions: ['nfsvers=4.1', 'hard'] });
    expectStrictlyValid(out);
    const pv = find(out, 'PersistentVolume', 'pg-data-2');
    expect(pv.spec).toEqual({
      nfs: { server: '10.0.0.5', path: '/srv/pg/data-1' },
      accessModes: ['ReadWriteOnce'],
      capacity: { storage: '1Gi' },
      storageClassName: 'nfs-static',
      mountOptions: ['nfsvers=4.1', 'hard'],
      claimRef: { kind: 'PersistentVolumeClaim', name: 'data-pg-1', namespace: 'db' },
    });
  });

  test('reclaim policy is written when chosen', () => {
    const out = build({ server: 'nfs', reclaimPolicy: PersistentVolumeReclaimPolicy.DELETE });
    expect(find(out, 'PersistentVolume', 'data-pg-pv-1').spec.persistentVolumeReclaimPolicy).toBe('Delete');
  });

  test('zero replicas make no PVs', () => {
    expect(ofKind(build({ server: 'nfs' }, 0), 'PersistentVolume')).toEqual([]);
  });
});

describe('NfsPersistentVolume', () => {
  test('all props', () => {
    const chart = newChart();
    new NfsPersistentVolume(chart, 'archive', {
      server: 'nfs.example.com', path: '/exports/archive', capacity: Size.tebibytes(2),
      accessModes: [PersistentVolumeAccessMode.READ_ONLY_MANY, PersistentVolumeAccessMode.READ_WRITE_MANY],
      storageClassName: '', reclaimPolicy: PersistentVolumeReclaimPolicy.RETAIN, mountOptions: ['ro'], readOnly: true,
      volumeMode: PersistentVolumeMode.FILE_SYSTEM, claimName: 'archive', claimNamespace: 'ops', labels: { a: 'b' }, annotations: { c: 'd' },
    });
    const out = synth(chart);
    expectStrictlyValid(out);
    expect(find(out, 'PersistentVolume', 'archive')).toEqual({
      apiVersion: 'v1', kind: 'PersistentVolume',
      metadata: { name: 'archive', labels: { a: 'b' }, annotations: { c: 'd' } },
      spec: {
        nfs: { server: 'nfs.example.com', path: '/exports/archive', readOnly: true },
        accessModes: ['ReadOnlyMany', 'ReadWriteMany'], capacity: { storage: '2Ti' }, storageClassName: '',
        persistentVolumeReclaimPolicy: 'Retain', mountOptions: ['ro'], volumeMode: 'Filesystem',
        claimRef: { kind: 'PersistentVolumeClaim', name: 'archive', namespace: 'ops' },
      },
    });
  });
});
