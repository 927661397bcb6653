import { Chart, Size } from 'cdk8s';
import { ConfigMap, EnvValue, Secret } from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { NfsStorage, PodVolume, Probe, StatefulWorkload, VolumeClaimTemplate } from 'cdk8s-stateful';

/** redis.conf of the example: persistence into the claim at /data, no background daemon. */
export const REDIS_CONF = [
  'bind 0.0.0.0',
  'port 6379',
  'dir /data',
  'appendonly yes',
  'save 900 1',
  '',
].join('\n');

/**
 * Redis 7.2 (the official `redis` image) with its configuration from a
 * ConfigMap and a Prometheus exporter sidecar (`oliver006/redis_exporter`),
 * Pod Security "restricted". docs/examples.md says why each setting is there.
 */
export class RedisChart extends Chart {
  constructor(scope: Construct, id: string) {
    super(scope, id, { disableResourceNameHashes: true });
    const config = new ConfigMap(this, 'config', {
      metadata: { name: 'redis-config', namespace: 'data' },
      data: { 'redis.conf': REDIS_CONF },
    });
    // Create it first: kubectl -n data create secret generic redis-credentials --from-literal=password=...
    const credentials = Secret.fromSecretName(this, 'credentials', 'redis-credentials');
    const password = EnvValue.fromSecretValue({ secret: credentials, key: 'password' });
    const data = new VolumeClaimTemplate({
      name: 'data',
      storageSize: Size.gibibytes(5),
      nfs: NfsStorage.csiDriver({ server: 'nfs.example.com', share: '/exports/redis', storageClassName: 'redis-nfs' }),
    });
    new StatefulWorkload(this, 'redis', {
      namespace: 'data',
      image: 'redis:7.2.5',
      // The entrypoint turns a first argument ending in .conf into `redis-server <file> ...`;
      // the kubelet expands $(REDIS_PASSWORD) from env. With a password, protected mode admits other pods.
      args: ['/usr/local/etc/redis/redis.conf', '--requirepass', '$(REDIS_PASSWORD)'],
      env: { REDIS_PASSWORD: password },
      ports: [{ containerPort: 6379, name: 'redis' }],
      // The image's redis user (uid 999); the exporter sets its own below.
      podSecurity: { runAsUser: 999, runAsGroup: 999 },
      volumeClaimTemplates: [data],
      volumeMounts: [
        // Fail visibly at startup (Init:Error) if the export does not let uid 999 write; the image has sh, id and rm.
        { path: '/data', template: data, checkWritable: true },
        { path: '/usr/local/etc/redis', volume: PodVolume.fromConfigMap('config', config), readOnly: true },
      ],
      readinessProbe: Probe.fromTcpSocket({ port: 6379 }),
      livenessProbe: Probe.fromTcpSocket({ port: 6379 }),
      sidecars: [{
        name: 'exporter',
        image: 'oliver006/redis_exporter:v1.62.0',
        args: ['--redis.addr=redis://localhost:6379'],
        env: { REDIS_PASSWORD: password },
        ports: [{ containerPort: 9121, name: 'metrics' }],
        // The image's own USER 59000:59000.
        securityContext: { runAsUser: 59000, runAsGroup: 59000 },
        readinessProbe: Probe.fromTcpSocket({ port: 9121 }),
      }],
      podAnnotations: { 'prometheus.io/scrape': 'true', 'prometheus.io/port': '9121' },
    });
  }
}
