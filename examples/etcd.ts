import { Chart, Size } from 'cdk8s';
import { EnvFieldPaths, EnvValue, PodManagementPolicy } from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { HeadlessService, PodSpread, Probe, StatefulWorkload, VolumeClaimTemplate } from 'cdk8s-stateful';

const NAMESPACE = 'data';
const NAME = 'etcd';
const REPLICAS = 3;

/** The stable DNS name of member `ordinal`: `<statefulset>-<ordinal>.<service>.<namespace>.svc.cluster.local`. */
export function memberHost(ordinal: number): string {
  return `${NAME}-${ordinal}.${NAME}.${NAMESPACE}.svc.cluster.local`;
}

/**
 * A 3-member etcd 3.5 cluster (the official gcr.io/etcd-development/etcd
 * image), Pod Security "restricted". The members find each other by the pod
 * DNS names of the headless Service. docs/examples.md says why each setting
 * is there.
 */
export class EtcdChart extends Chart {
  constructor(scope: Construct, id: string) {
    super(scope, id, { disableResourceNameHashes: true });
    // Members must resolve each other's names before any of them is ready.
    const peers = new HeadlessService(this, 'peers', {
      name: NAME,
      namespace: NAMESPACE,
      ports: [{ port: 2379, name: 'client' }, { port: 2380, name: 'peer' }],
      publishNotReadyAddresses: true,
    });
    const data = new VolumeClaimTemplate({ name: 'data', storageSize: Size.gibibytes(8), storageClassName: 'fast-ssd' });
    const initialCluster = Array.from({ length: REPLICAS }, (_, i) => `${NAME}-${i}=http://${memberHost(i)}:2380`).join(',');
    const self = `$(POD_NAME).${NAME}.${NAMESPACE}.svc.cluster.local`;
    new StatefulWorkload(this, NAME, {
      namespace: NAMESPACE,
      replicas: REPLICAS,
      service: peers,
      // A member is ready only when the cluster has a leader, which needs 2 of 3 members running.
      podManagementPolicy: PodManagementPolicy.PARALLEL,
      image: 'gcr.io/etcd-development/etcd:v3.5.15',
      command: ['/usr/local/bin/etcd'],
      args: [
        '--name=$(POD_NAME)',
        '--data-dir=/var/lib/etcd/data',
        '--listen-peer-urls=http://0.0.0.0:2380',
        '--listen-client-urls=http://0.0.0.0:2379',
        `--initial-advertise-peer-urls=http://${self}:2380`,
        `--advertise-client-urls=http://${self}:2379`,
        `--initial-cluster=${initialCluster}`,
        '--initial-cluster-state=new',
        '--initial-cluster-token=etcd-data',
      ],
      env: { POD_NAME: EnvValue.fromFieldRef(EnvFieldPaths.POD_NAME) },
      ports: [{ containerPort: 2379, name: 'client' }, { containerPort: 2380, name: 'peer' }],
      // The image (distroless/static) has no USER, so it would run as root; etcd needs no passwd entry.
      podSecurity: { runAsUser: 65532, runAsGroup: 65532 },
      volumeClaimTemplates: [data],
      volumeMounts: [{ path: '/var/lib/etcd', template: data }],
      readinessProbe: Probe.fromHttpGet('/health', { port: 2379 }),
      podSpread: PodSpread.PREFERRED_ANTI_AFFINITY,
    });
  }
}
