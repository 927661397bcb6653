import { Chart, Duration, Size } from 'cdk8s';
import { Cpu, EnvValue, Secret } from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { NfsStorage, PodVolume, Probe, StatefulWorkload, VolumeClaimTemplate } from 'cdk8s-stateful';

/**
 * PostgreSQL 16 (the official `postgres` image) on CSI NFS, Pod Security
 * "restricted". docs/examples.md says why each setting is there.
 *
 * Before applying, create the password Secret, e.g.
 * `kubectl -n data create secret generic postgres-credentials --from-literal=password=...`,
 * and export the NFS share with `all_squash,anonuid=999,anongid=999` (docs/examples.md says why).
 */
export class PostgresChart extends Chart {
  constructor(scope: Construct, id: string) {
    super(scope, id, { disableResourceNameHashes: true });
    const credentials = Secret.fromSecretName(this, 'credentials', 'postgres-credentials');
    const data = new VolumeClaimTemplate({
      name: 'data',
      storageSize: Size.gibibytes(20),
      nfs: NfsStorage.csiDriver({ server: 'nfs.example.com', share: '/exports/postgres', storageClassName: 'postgres-nfs' }),
    });
    new StatefulWorkload(this, 'postgres', {
      namespace: 'data',
      image: 'postgres:16.4',
      ports: [{ containerPort: 5432, name: 'postgres' }],
      // The image's postgres user; runAsNonRoot alone would refuse the image's root entrypoint.
      podSecurity: { runAsUser: 999, runAsGroup: 999 },
      env: {
        POSTGRES_PASSWORD: EnvValue.fromSecretValue({ secret: credentials, key: 'password' }),
      },
      volumeClaimTemplates: [data],
      volumeMounts: [
        // PGDATA (/var/lib/postgresql/data) is a directory of the claim, made by the init container below.
        { path: '/var/lib/postgresql/data', template: data, subPath: 'pgdata' },
        // Socket and lock file; the root filesystem is read-only.
        { path: '/var/run/postgresql', volume: PodVolume.fromEmptyDir('run') },
      ],
      initContainers: [{
        name: 'pgdata-dir',
        image: 'postgres:16.4',
        command: ['sh', '-c', 'mkdir -p /claim/pgdata && chmod 0700 /claim/pgdata'],
        volumeMounts: [{ path: '/claim', template: data }],
      }],
      // Ready once the server accepts TCP connections: the entrypoint's first-run server listens on the socket only.
      readinessProbe: Probe.fromCommand(['pg_isready', '-h', '127.0.0.1', '-p', '5432', '-U', 'postgres'], { period: Duration.seconds(10) }),
      livenessProbe: Probe.fromTcpSocket({ port: 5432, initialDelay: Duration.seconds(30) }),
      // The image stops postgres with SIGINT (fast shutdown); give the checkpoint time before SIGKILL.
      terminationGracePeriodSeconds: 90,
      resources: { cpu: { request: Cpu.millis(250) }, memory: { request: Size.mebibytes(512), limit: Size.gibibytes(1) } },
    });
  }
}
