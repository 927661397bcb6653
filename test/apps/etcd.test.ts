/**
 * A 3-member etcd cluster as its users write it (examples/etcd.ts), checked
 * against what the image and etcd need (etcd-io/etcd Dockerfile-release:
 * distroless/static, no USER, EXPOSE 2379 2380; server/config
 * `advertiseMatchesCluster`); summary in docs/examples.md.
 */
import { EtcdChart, memberHost } from '../../examples/etcd';
import { find } from '../util';
import { checkApp, mountAt, uidOf } from './helpers';

const app = () => checkApp(EtcdChart, 'etcd', 'data');

test('restricted, 0 errors from validate, strict schema; the only warnings are about the cluster\'s storage class', () => {
  // etcd fsyncs its WAL on every commit, so the example asks for a local-SSD class the cluster provides, not NFS.
  expect(app().warnings).toEqual([0, 1, 2].map(i => expect.stringMatching(
    new RegExp(`claim data-etcd-${i} asks for StorageClass fast-ssd, which is not in the set`))));
});

describe('the members find each other by the pod DNS names of the headless Service', () => {
  test('each member is <statefulset>-N.<service>.<namespace>.svc.cluster.local, as the StatefulSet controller names pods', () => {
    const { objects, main } = app();
    const sts = find(objects, 'StatefulSet', 'etcd');
    const svc = find(objects, 'Service', sts.spec.serviceName);
    expect(svc.spec.clusterIP).toBe('None');
    const names = [0, 1, 2].map(i => `${sts.metadata.name}-${i}.${svc.metadata.name}.${svc.metadata.namespace}.svc.cluster.local`);
    expect(names.map((_, i) => memberHost(i))).toEqual(names);
    expect(main.args).toContain(`--initial-cluster=${names.map((n, i) => `etcd-${i}=http://${n}:2380`).join(',')}`);
    // Each member advertises its own name; $(POD_NAME) is the pod name from the downward API.
    expect(main.args).toContain('--initial-advertise-peer-urls=http://$(POD_NAME).etcd.data.svc.cluster.local:2380');
    expect(main.args).toContain('--name=$(POD_NAME)');
    expect(main.env).toEqual([{ name: 'POD_NAME', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } }]);
    expect(sts.spec.replicas).toBe(3);
  });

  test('names resolve before readiness (publishNotReadyAddresses) and all members start at once (Parallel)', () => {
    // etcd's advertiseMatchesCluster resolves its own advertised name within 30 s at start, before
    // /health can pass; podToEndpoint marks a not-ready pod's endpoint ready only with
    // publishNotReadyAddresses, and DNS publishes only ready endpoints. /health passes only with a
    // leader (2 of 3 members), so OrderedReady would wait forever for etcd-0 before creating etcd-1.
    const { objects, main } = app();
    expect(find(objects, 'Service', 'etcd').spec.publishNotReadyAddresses).toBe(true);
    expect(find(objects, 'StatefulSet', 'etcd').spec.podManagementPolicy).toBe('Parallel');
    expect(main.readinessProbe.httpGet).toEqual({ path: '/health', port: 2379 });
    expect(find(objects, 'Service', 'etcd').spec.ports).toEqual([
      { name: 'client', port: 2379, targetPort: 2379 }, { name: 'peer', port: 2380, targetPort: 2380 },
    ]);
  });
});

describe('it starts (argued from the image)', () => {
  test('the image has no USER (root), so the pod names a non-root uid; etcd writes only its data dir on the claim', () => {
    const { objects, pod, main } = app();
    expect(uidOf(pod, main)).toBe(65532);
    expect(main.securityContext.readOnlyRootFilesystem).toBe(true);
    expect(main.args).toContain('--data-dir=/var/lib/etcd/data');
    expect(mountAt(pod, find(objects, 'StatefulSet', 'etcd'), main, '/var/lib/etcd').template.metadata.name).toBe('data');
  });
});
