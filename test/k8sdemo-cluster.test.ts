/**
 * k8sdemo on a real cluster, tested the way the article tests it (issue 9).
 * There is no cluster here: each test checks the output against Kubernetes
 * behaviour read from its source, cited in the test name or comment, and the
 * startup check's shell script is run for real with /bin/sh.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Testing } from 'cdk8s';
import { loadConfig } from '../app/config';
import { K8sDemoChart } from '../app/k8sdemo-chart';
import { evaluatePodSecurity } from '../cli/pss';
import { find } from './util';

function synthK8sDemo(env: NodeJS.ProcessEnv = {}): any[] {
  return Testing.synth(new K8sDemoChart(Testing.app(), 'k8sdemo', { config: loadConfig(env, __dirname) }));
}

describe.each([['static nfs', {}], ['csi nfs', { K8SDEMO_NFS_MODE: 'csi' }]])('k8sdemo (%s)', (_, env) => {
  const out = synthK8sDemo(env);
  const svc = find(out, 'Service', 'k8sdemo-service');
  const pod = find(out, 'StatefulSet', 'k8sdemo').spec.template.spec;
  const app = pod.containers[0];

  test('curl k8sdemo-1.k8sdemo-service/weatherforecast reaches the app: headless (ShouldSkipService), so port, targetPort and containerPort are all 80', () => {
    expect(svc.spec.clusterIP).toBe('None');
    expect(svc.spec.ports).toEqual([{ name: 'http', port: 80, targetPort: 80 }]);
    expect(app.ports).toEqual([{ name: 'http', containerPort: 80 }]);
    // the image's base sets ASPNETCORE_URLS=http://+:80; nothing overrides it
    expect((app.env ?? []).map((e: any) => e.name)).not.toContain('ASPNETCORE_URLS');
  });

  test('uid 1000 binds port 80 through net.ipv4.ip_unprivileged_port_start (kubelet SafeSysctlAllowlist since 1.22)', () => {
    expect(pod.securityContext).toMatchObject({ runAsUser: 1000, runAsGroup: 1000, runAsNonRoot: true });
    const sysctl = (pod.securityContext.sysctls ?? []).find((s: any) => s.name === 'net.ipv4.ip_unprivileged_port_start');
    expect(sysctl).toBeDefined();
    expect(Number(sysctl.value)).toBeLessThanOrEqual(80);
    expect(app.securityContext.capabilities).toEqual({ drop: ['ALL'] });
  });

  test('Pod Security restricted with the sysctl and the check container (CheckSysctls sysctlsAllowedV1Dot0)', () => {
    expect(pod.securityContext.sysctls).toHaveLength(1);
    expect(pod.initContainers).toHaveLength(1);
    expect(evaluatePodSecurity(pod)).toEqual({ level: 'restricted', violations: [] });
  });

  test('readiness: a tcpSocket probe on 80, so DNS (podToEndpoint) and OrderedReady (isRunningAndReady) wait for Kestrel without a log line per probe', () => {
    expect(app.readinessProbe).toEqual({ tcpSocket: { port: 80 } });
    expect(app.readinessProbe.httpGet).toBeUndefined();
    expect(app.livenessProbe?.httpGet).toBeUndefined();
    expect(svc.spec.publishNotReadyAddresses).toBeUndefined();
    expect(find(out, 'StatefulSet', 'k8sdemo').spec.podManagementPolicy).toBeUndefined();
  });

  test('writability check: an init container as the same user, same restricted context, same mount, message on failure in describe and logs', () => {
    const [check] = pod.initContainers;
    expect(check).toMatchObject({
      name: 'check-writable',
      image: app.image,
      imagePullPolicy: app.imagePullPolicy,
      terminationMessagePolicy: 'FallbackToLogsOnError',
      volumeMounts: [{ name: 'data', mountPath: '/app/Data' }],
    });
    expect(check.securityContext).toEqual(app.securityContext);
    expect(check.command.slice(0, 2)).toEqual(['/bin/sh', '-c']);
    expect(check.command.slice(3)).toEqual(['check-writable', '/app/Data']);
  });
});

describe('the check-writable script, run with /bin/sh as a non-root user, as in the pod', () => {
  const script = find(synthK8sDemo(), 'StatefulSet', 'k8sdemo').spec.template.spec.initContainers[0].command[2];
  // As root (CI containers), drop to uid/gid 1000 with setpriv, the way the pod runs; otherwise run as ourselves.
  const root = process.getuid?.() === 0;
  const uid = root ? 1000 : process.getuid!();
  const gid = root ? 1000 : process.getgid!();
  const run = (...dirs: string[]) => {
    const argv = ['/bin/sh', '-c', script, 'check-writable', ...dirs];
    return root
      ? spawnSync('setpriv', [`--reuid=${uid}`, `--regid=${gid}`, '--clear-groups', ...argv], { encoding: 'utf-8' })
      : spawnSync(argv[0], argv.slice(1), { encoding: 'utf-8' });
  };
  /** A directory the user can write to, or one owned by someone else (root) / read-only. */
  const directory = (writable: boolean) => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'k8sdemo-data-'));
    fs.chmodSync(dir, writable || root ? 0o755 : 0o555);
    if (root && writable) fs.chownSync(dir, uid, gid);
    return dir;
  };
  const message = (p: string) => `${p} is not writable by uid ${uid} gid ${gid}, so the app would lose what it writes there; `
    + `make it writable for that user: on the nfs server run chown -R ${uid}:${gid} on the export, `
    + `or export it with all_squash,anonuid=${uid},anongid=${gid} and chown the files already in it`;

  test('a writable directory with writable files passes and keeps no probe file', () => {
    const dir = directory(true);
    fs.writeFileSync(path.join(dir, 'k8sdemo.log'), '');
    if (root) fs.chownSync(path.join(dir, 'k8sdemo.log'), uid, gid);
    const r = run(dir);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(fs.readdirSync(dir)).toEqual(['k8sdemo.log']);
  });

  test('a directory the user cannot write to (a root-owned export) fails with exit 1 and one line: path, uid, both fixes', () => {
    const ok = directory(true);
    const bad = directory(false);
    const r = run(ok, bad);
    expect(r.status).toBe(1);
    expect(r.stderr.trimEnd().split('\n')).toEqual([message(bad)]);
  });

  test('a file left by a root-run deployment that the user cannot append to fails too', () => {
    const dir = directory(true);
    const log = path.join(dir, 'k8sdemo.log');
    fs.writeFileSync(log, 'old line\n');
    if (root) fs.chownSync(log, 0, 0);
    fs.chmodSync(log, root ? 0o644 : 0o444);
    const r = run(dir);
    expect(r.status).toBe(1);
    expect(r.stderr.trimEnd().split('\n')).toEqual([message(log)]);
  });
});
