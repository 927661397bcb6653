/**
 * PostgreSQL 16 as its users write it (examples/postgres.ts), checked against
 * what the official image needs (docker-library/postgres 16/bookworm Dockerfile
 * and docker-entrypoint.sh; summary in docs/examples.md).
 */
import { PostgresChart } from '../../examples/postgres';
import { find } from '../util';
import { checkApp, mountAt, uidOf } from './helpers';

const app = () => checkApp(PostgresChart, 'postgres', 'data');

test('restricted, 0 errors from validate, strict schema', () => {
  const { warnings } = app();
  expect(warnings).toEqual([]);
});

describe('it starts (argued from the image and the kubelet)', () => {
  test('every container runs as uid 999, the image\'s postgres user (useradd --uid=999), with a read-only root', () => {
    const { pod } = app();
    for (const c of [...pod.initContainers, ...pod.containers]) {
      expect(uidOf(pod, c)).toBe(999);
      expect(c.securityContext.readOnlyRootFilesystem).toBe(true);
    }
    expect(pod.securityContext.runAsNonRoot).toBe(true);
  });

  test('PGDATA (/var/lib/postgresql/data) is the pgdata directory of the claim, created 0700 by uid 999 before postgres starts', () => {
    const { objects, pod, main } = app();
    const sts = find(objects, 'StatefulSet', 'postgres');
    // The image's ENV PGDATA is /var/lib/postgresql/data; the example does not override it.
    expect(main.env.find((e: any) => e.name === 'PGDATA')).toBeUndefined();
    const data = mountAt(pod, sts, main, '/var/lib/postgresql/data');
    expect(data.template).toBeDefined();
    expect(data.mount.subPath).toBe('pgdata');
    // kubelet makeMounts creates a missing subPath as root (SafeMakeDir); postgres's own
    // `chmod 00700 "$PGDATA" || :` then fails and initdb refuses the directory. The init
    // container, running first as uid 999, makes it with the mode initdb wants.
    const [init] = pod.initContainers;
    expect(init.command.join(' ')).toMatch(/mkdir -p \/claim\/pgdata && chmod 0700 \/claim\/pgdata/);
    expect(mountAt(pod, sts, init, '/claim').template.metadata.name).toBe(data.mount.name);
  });

  test('the socket directory /var/run/postgresql and /tmp are writable emptyDirs', () => {
    const { objects, pod, main } = app();
    const sts = find(objects, 'StatefulSet', 'postgres');
    expect(mountAt(pod, sts, main, '/var/run/postgresql').volume).toEqual({ name: 'run', emptyDir: {} });
    expect(mountAt(pod, sts, main, '/tmp').volume).toEqual({ name: 'tmp', emptyDir: {} });
  });

  test('the superuser password comes from a Secret (docker_verify_minimum_env exits without it)', () => {
    const { main } = app();
    expect(main.env).toEqual([{ name: 'POSTGRES_PASSWORD', valueFrom: { secretKeyRef: { name: 'postgres-credentials', key: 'password' } } }]);
  });

  test('readiness is pg_isready over TCP, which the socket-only first-run server does not pass', () => {
    const { main } = app();
    expect(main.readinessProbe.exec.command).toEqual(['pg_isready', '-h', '127.0.0.1', '-p', '5432', '-U', 'postgres']);
    expect(main.ports).toEqual([{ containerPort: 5432, name: 'postgres' }]);
  });

  test('the Service exposes 5432 on 5432, and the NFS storage class is created', () => {
    const { objects } = app();
    expect(find(objects, 'Service', 'postgres-headless').spec.ports).toEqual([{ name: 'postgres', port: 5432, targetPort: 5432 }]);
    expect(find(objects, 'StorageClass', 'postgres-nfs').parameters).toEqual({ server: 'nfs.example.com', share: '/exports/postgres' });
  });
});
