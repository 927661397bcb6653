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

describe('the check-writable script, run with /bin/sh', () => {
  const script = find(synthK8sDemo(), 'StatefulSet', 'k8sdemo').spec.template.spec.initContainers[0].command[2];
  const run = (...dirs: string[]) => spawnSync('/bin/sh', ['-c', script, 'check-writable', ...dirs], { encoding: 'utf-8' });

  test('a writable directory passes and keeps no probe file', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'k8sdemo-data-'));
    const r = run(dir);
    expect(r.status).toBe(0);
    expect(r.stderr).toBe('');
    expect(fs.readdirSync(dir)).toEqual([]);
  });

  test('an unwritable mount fails with exit 1 and one line naming the path, the uid and both fixes', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'k8sdemo-data-'));
    // A file in place of the directory: creating a file under it fails even for root, which runs this test.
    const notDir = path.join(dir, 'not-a-directory');
    fs.writeFileSync(notDir, '');
    const r = run(dir, notDir);
    expect(r.status).toBe(1);
    const uid = String(process.getuid?.() ?? 0);
    const gid = String(process.getgid?.() ?? 0);
    expect(r.stderr.trimEnd().split('\n')).toEqual([
      `${notDir} is not writable by uid ${uid} gid ${gid}, so the app would lose what it writes there; make the volume writable for that user: on the nfs server run chown ${uid}:${gid} on its export, or export it with all_squash,anonuid=${uid},anongid=${gid}`,
    ]);
    expect(fs.readdirSync(dir)).toEqual(['not-a-directory']);
  });
});
