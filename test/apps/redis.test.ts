/**
 * Redis 7.2 as its users write it (examples/redis.ts), checked against what
 * the official image needs (docker-library/redis 7.2/debian Dockerfile and
 * docker-entrypoint.sh) and what oliver006/redis_exporter needs (its
 * Dockerfile: USER 59000:59000, EXPOSE 9121); summary in docs/examples.md.
 */
import { REDIS_CONF, RedisChart } from '../../examples/redis';
import { find } from '../util';
import { checkApp, mountAt, uidOf } from './helpers';

const app = () => checkApp(RedisChart, 'redis', 'data');

test('restricted, 0 errors from validate, strict schema', () => {
  expect(app().warnings).toEqual([]);
});

describe('it starts (argued from the images)', () => {
  test('redis runs as uid 999 (useradd -u 999 redis), the exporter as 59000 (its USER)', () => {
    const { pod, main } = app();
    expect(uidOf(pod, main)).toBe(999);
    const exporter = pod.containers.find((c: any) => c.name === 'exporter');
    expect(uidOf(pod, exporter)).toBe(59000);
    expect(exporter.securityContext.runAsGroup).toBe(59000);
  });

  test('an NFS claim the uid cannot write stops the pod at its check-writable init container, as uid 999 too', () => {
    const { objects, pod } = app();
    const [check] = pod.initContainers;
    expect(check.name).toBe('check-writable');
    expect(check.image).toBe('redis:7.2.5');
    expect(uidOf(pod, check)).toBe(999);
    expect(mountAt(pod, find(objects, 'StatefulSet', 'redis'), check, '/data').template.metadata.name).toBe('data');
  });

  test('the config comes from the ConfigMap, read-only, and names the claim as the data dir', () => {
    const { objects, pod, main } = app();
    const sts = find(objects, 'StatefulSet', 'redis');
    const conf = mountAt(pod, sts, main, '/usr/local/etc/redis');
    expect(conf.mount.readOnly).toBe(true);
    expect(conf.volume).toEqual({ name: 'config', configMap: { name: 'redis-config' } });
    expect(find(objects, 'ConfigMap', 'redis-config').data).toEqual({ 'redis.conf': REDIS_CONF });
    // The entrypoint runs `redis-server <file> ...` when the first argument ends in .conf.
    expect(main.args[0]).toBe('/usr/local/etc/redis/redis.conf');
    expect(REDIS_CONF).toMatch(/^dir \/data$/m);
    expect(mountAt(pod, sts, main, '/data').template.metadata.name).toBe('data');
  });

  test('redis and the exporter read the password from one Secret key; $(REDIS_PASSWORD) is expanded by the kubelet', () => {
    const { pod, main } = app();
    const fromSecret = { name: 'REDIS_PASSWORD', valueFrom: { secretKeyRef: { name: 'redis-credentials', key: 'password' } } };
    expect(main.env).toEqual([fromSecret]);
    expect(main.args.slice(1)).toEqual(['--requirepass', '$(REDIS_PASSWORD)']);
    expect(pod.containers.find((c: any) => c.name === 'exporter').env).toEqual([fromSecret]);
  });

  test('the exporter is a sidecar scraping localhost:6379 on port 9121; only 6379 is on the Service', () => {
    const { objects, pod } = app();
    expect(pod.containers.map((c: any) => c.name)).toEqual(['redis', 'exporter']);
    const exporter = pod.containers[1];
    expect(exporter.image).toBe('oliver006/redis_exporter:v1.62.0');
    expect(exporter.args).toEqual(['--redis.addr=redis://localhost:6379']);
    expect(exporter.ports).toEqual([{ containerPort: 9121, name: 'metrics' }]);
    expect(find(objects, 'Service', 'redis-headless').spec.ports).toEqual([{ name: 'redis', port: 6379, targetPort: 6379 }]);
  });
});
