import { Testing } from 'cdk8s';
import { loadConfig } from '../app/config';
import { K8sDemoChart } from '../app/k8sdemo-chart';
import { expectStrictlyValid, find, ofKind } from './util';

function synthK8sDemo(env: NodeJS.ProcessEnv = {}): any[] {
  const chart = new K8sDemoChart(Testing.app(), 'k8sdemo', { config: loadConfig(env, __dirname) });
  return Testing.synth(chart);
}

describe('k8sdemo app', () => {
  const out = synthK8sDemo();

  test('default output (snapshot)', () => {
    expect(out).toMatchSnapshot();
  });

  test('validates strictly against Kubernetes 1.27', () => {
    expectStrictlyValid(out);
  });

  test('seed defaults: names, replicas, labels, image, port, mount', () => {
    const sts = find(out, 'StatefulSet', 'k8sdemo');
    expect(sts.spec.replicas).toBe(3);
    expect(sts.spec.serviceName).toBe('k8sdemo-service');
    expect(sts.spec.selector.matchLabels).toEqual({ name: 'k8sdemo' });
    expect(sts.spec.template.metadata.labels).toEqual({ name: 'k8sdemo' });
    const [container] = sts.spec.template.spec.containers;
    expect(container.image).toBe('beckjin/k8sdemo:1.2.0');
    expect(container.imagePullPolicy).toBe('IfNotPresent');
    // /tmp: the writable emptyDir of the read-only root filesystem (issue 5)
    expect(container.volumeMounts).toEqual([{ name: 'data', mountPath: '/app/Data' }, { name: 'tmp', mountPath: '/tmp' }]);
    const svc = find(out, 'Service', 'k8sdemo-service');
    expect(svc.spec.clusterIP).toBe('None');
    // the seed's port 80 end to end: the image's own port, reached through pod DNS names (issue 9)
    expect(svc.spec.ports).toEqual([{ name: 'http', port: 80, targetPort: 80 }]);
    expect(container.ports).toEqual([{ name: 'http', containerPort: 80 }]);
    expect(svc.spec.selector).toEqual({ name: 'k8sdemo' });
  });

  test('the pod knows its own name through the downward API', () => {
    const [container] = find(out, 'StatefulSet', 'k8sdemo').spec.template.spec.containers;
    expect(container.env).toContainEqual({ name: 'POD_NAME', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } });
  });

  test('claim template data: 100Mi, k8sdemo-sc, ReadWriteOnce because the app writes its logs there', () => {
    const [template] = find(out, 'StatefulSet', 'k8sdemo').spec.volumeClaimTemplates;
    expect(template).toEqual({
      metadata: { name: 'data' },
      spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '100Mi' } }, storageClassName: 'k8sdemo-sc' },
    });
  });

  test('one NFS PV per pod, pre-bound so pod k8sdemo-N always gets export N+1, retained', () => {
    expect(ofKind(out, 'PersistentVolume').map(pv => pv.metadata.name).sort())
      .toEqual(['data-k8sdemo-pv-1', 'data-k8sdemo-pv-2', 'data-k8sdemo-pv-3']);
    for (const ordinal of [0, 1, 2]) {
      const pv = find(out, 'PersistentVolume', `data-k8sdemo-pv-${ordinal + 1}`);
      expect(pv.spec.nfs).toEqual({ server: '192.168.124.21', path: `/statefulset/data${ordinal + 1}` });
      expect(pv.spec.capacity).toEqual({ storage: '100Mi' });
      expect(pv.spec.storageClassName).toBe('k8sdemo-sc');
      expect(pv.spec.persistentVolumeReclaimPolicy).toBe('Retain');
      expect(pv.spec.claimRef).toEqual({ kind: 'PersistentVolumeClaim', name: `data-k8sdemo-${ordinal}`, namespace: 'default' });
    }
  });

  test('kubectl can apply in one pass: PVs and the Service come before the StatefulSet', () => {
    const index = (kind: string) => out.findIndex(o => o.kind === kind);
    const sts = index('StatefulSet');
    for (const o of out.slice(0, sts)) {
      expect(['Service', 'PersistentVolume']).toContain(o.kind);
    }
    // after it, only what selects its pods and needs nothing from them
    expect(out.slice(sts + 1).map(o => o.kind)).toEqual(['PodDisruptionBudget']);
  });

  test('no object name carries a hash suffix and no selector depends on the construct path', () => {
    for (const o of out) {
      expect(o.metadata.name).not.toMatch(/-[0-9a-f]{8}$/);
      expect(JSON.stringify(o)).not.toMatch(/cdk8s\.io\/metadata\.addr/);
    }
  });
});

describe('k8sdemo configuration from the environment', () => {
  test('replicas adds and removes the matching PVs', () => {
    const five = synthK8sDemo({ K8SDEMO_REPLICAS: '5' });
    expect(find(five, 'StatefulSet', 'k8sdemo').spec.replicas).toBe(5);
    expect(ofKind(five, 'PersistentVolume').map(pv => pv.metadata.name).sort())
      .toEqual([1, 2, 3, 4, 5].map(n => `data-k8sdemo-pv-${n}`));
    const one = synthK8sDemo({ K8SDEMO_REPLICAS: '1' });
    expect(ofKind(one, 'PersistentVolume').map(pv => pv.metadata.name)).toEqual(['data-k8sdemo-pv-1']);
  });

  test('nfs server, export pattern, image, namespace, size, class and access mode', () => {
    const out = synthK8sDemo({
      K8SDEMO_NFS_SERVER: 'nfs.example.com',
      K8SDEMO_NFS_EXPORT_PATH_PATTERN: '/exports/k8sdemo/{ordinal}',
      K8SDEMO_IMAGE: 'beckjin/k8sdemo:1.3.0',
      K8SDEMO_NAMESPACE: 'shop',
      K8SDEMO_STORAGE_SIZE: '2Gi',
      K8SDEMO_STORAGE_CLASS_NAME: 'nfs-static',
      K8SDEMO_ACCESS_MODE: 'ReadOnlyMany',
    });
    const pv = find(out, 'PersistentVolume', 'data-k8sdemo-pv-2');
    expect(pv.spec.nfs).toEqual({ server: 'nfs.example.com', path: '/exports/k8sdemo/1' });
    expect(pv.spec.capacity.storage).toBe('2Gi');
    expect(pv.spec.storageClassName).toBe('nfs-static');
    expect(pv.spec.accessModes).toEqual(['ReadOnlyMany']);
    expect(pv.spec.claimRef.namespace).toBe('shop');
    const sts = find(out, 'StatefulSet', 'k8sdemo');
    expect(sts.metadata.namespace).toBe('shop');
    expect(find(out, 'Service', 'k8sdemo-service').metadata.namespace).toBe('shop');
    expect(sts.spec.template.spec.containers[0].image).toBe('beckjin/k8sdemo:1.3.0');
    expect(sts.spec.volumeClaimTemplates[0].spec).toEqual({
      accessModes: ['ReadOnlyMany'], resources: { requests: { storage: '2Gi' } }, storageClassName: 'nfs-static',
    });
    expectStrictlyValid(out);
  });

  test('pre-binding off restores the seed\'s unbound PVs', () => {
    const out = synthK8sDemo({ K8SDEMO_NFS_PRE_BIND: 'false' });
    for (const pv of ofKind(out, 'PersistentVolume')) {
      expect(pv.spec.claimRef).toBeUndefined();
    }
  });

  test('csi mode replaces the PVs with a StorageClass of nfs.csi.k8s.io', () => {
    const out = synthK8sDemo({ K8SDEMO_NFS_MODE: 'csi', K8SDEMO_NFS_SHARE: '/exports/k8sdemo' });
    expect(ofKind(out, 'PersistentVolume')).toEqual([]);
    const sc = find(out, 'StorageClass', 'k8sdemo-sc');
    expect(sc).toMatchObject({
      provisioner: 'nfs.csi.k8s.io',
      parameters: { server: '192.168.124.21', share: '/exports/k8sdemo' },
      reclaimPolicy: 'Retain',
    });
    expect(find(out, 'StatefulSet', 'k8sdemo').spec.volumeClaimTemplates[0].spec.storageClassName).toBe('k8sdemo-sc');
    expectStrictlyValid(out);
  });
});
