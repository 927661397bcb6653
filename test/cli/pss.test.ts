import { evaluatePodSecurity } from '../../cli/pss';

/** A pod spec that meets restricted; each test breaks one thing. */
const restricted = (): any => ({
  securityContext: { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } },
  containers: [{
    name: 'app', image: 'app:1',
    securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } },
  }],
  volumes: [{ name: 'data', persistentVolumeClaim: { claimName: 'data' } }, { name: 'tmp', emptyDir: {} }],
});

describe('evaluatePodSecurity', () => {
  test('a hardened pod is restricted', () => {
    expect(evaluatePodSecurity(restricted())).toEqual({ level: 'restricted', violations: [] });
    const withBind = restricted();
    withBind.containers[0].securityContext.capabilities.add = ['NET_BIND_SERVICE'];
    withBind.securityContext.seccompProfile = undefined;
    withBind.containers[0].securityContext.seccompProfile = { type: 'Localhost', localhostProfile: 'p.json' };
    expect(evaluatePodSecurity(withBind).level).toBe('restricted');
  });

  test('net.ipv4.ip_unprivileged_port_start keeps restricted: CheckSysctls allows it from policy v1.0 (sysctlsAllowedV1Dot0)', () => {
    const p = restricted();
    p.securityContext.sysctls = [{ name: 'net.ipv4.ip_unprivileged_port_start', value: '80' }];
    expect(evaluatePodSecurity(p)).toEqual({ level: 'restricted', violations: [] });
    // tcp_keepalive_time came with policy v1.29 (sysctlsAllowedV1Dot29), after the 1.27 this evaluator follows
    p.securityContext.sysctls.push({ name: 'net.ipv4.tcp_keepalive_time', value: '600' });
    expect(evaluatePodSecurity(p).level).toBe('privileged');
  });

  test('seccomp and capabilities do not apply to Windows pods', () => {
    const p = restricted();
    p.os = { name: 'windows' };
    p.securityContext.seccompProfile = undefined;
    p.containers[0].securityContext.capabilities = undefined;
    expect(evaluatePodSecurity(p)).toEqual({ level: 'restricted', violations: [] });
    p.os = undefined;
    expect(evaluatePodSecurity(p).level).toBe('baseline');
  });

  test('a default pod is baseline, with what keeps it from restricted', () => {
    const r = evaluatePodSecurity({ containers: [{ name: 'web', image: 'nginx:1' }] });
    expect(r.level).toBe('baseline');
    expect(r.violations).toEqual([
      expect.stringMatching(/^container web: set securityContext\.allowPrivilegeEscalation: false$/),
      expect.stringMatching(/^container web: set securityContext\.runAsNonRoot: true/),
      expect.stringMatching(/^container web: set securityContext\.seccompProfile\.type: RuntimeDefault/),
      expect.stringMatching(/^container web: set securityContext\.capabilities\.drop: \[ALL\]$/),
    ]);
  });

  test.each<[string, (p: any) => void, RegExp]>([
    ['privileged', p => { p.containers[0].securityContext.privileged = true; }, /container app: remove securityContext\.privileged: true/],
    ['hostNetwork', p => { p.hostNetwork = true; }, /pod: remove hostNetwork: true/],
    ['hostPID', p => { p.hostPID = true; }, /pod: remove hostPID: true/],
    ['hostIPC', p => { p.hostIPC = true; }, /pod: remove hostIPC: true/],
    ['hostPath', p => { p.volumes.push({ name: 'host', hostPath: { path: '/var' } }); }, /volume host: replace the hostPath volume/],
    ['hostPort', p => { p.containers[0].ports = [{ containerPort: 80, hostPort: 8080 }]; }, /container app: remove hostPort 8080/],
    ['capabilities beyond the baseline set', p => { p.containers[0].securityContext.capabilities.add = ['SYS_ADMIN']; }, /container app: do not add capabilities SYS_ADMIN; baseline allows only/],
    ['seccomp Unconfined', p => { p.securityContext.seccompProfile = { type: 'Unconfined' }; }, /pod: set securityContext\.seccompProfile\.type to RuntimeDefault instead of Unconfined/],
    ['unsafe sysctl', p => { p.securityContext.sysctls = [{ name: 'kernel.msgmax', value: '1' }]; }, /pod: remove sysctl kernel\.msgmax/],
    ['procMount', p => { p.containers[0].securityContext.procMount = 'Unmasked'; }, /remove securityContext\.procMount Unmasked/],
    ['SELinux user', p => { p.securityContext.seLinuxOptions = { user: 'system_u' }; }, /pod: remove seLinuxOptions\.user/],
    ['init containers count', p => { p.initContainers = [{ name: 'init', image: 'busybox:1', securityContext: { privileged: true, allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } } }]; }, /init container init: remove securityContext\.privileged: true/],
  ])('baseline check %s makes it privileged', (_what, mutate, pattern) => {
    const p = restricted();
    mutate(p);
    const r = evaluatePodSecurity(p);
    expect(r.level).toBe('privileged');
    expect(r.violations).toContainEqual(expect.stringMatching(pattern));
  });

  test.each<[string, (p: any) => void, RegExp]>([
    ['runAsNonRoot', p => { p.securityContext.runAsNonRoot = undefined; }, /container app: set securityContext\.runAsNonRoot: true/],
    ['runAsNonRoot false on a container', p => { p.containers[0].securityContext.runAsNonRoot = false; }, /container app: set securityContext\.runAsNonRoot: true/],
    ['runAsUser 0', p => { p.containers[0].securityContext.runAsUser = 0; }, /container app: set securityContext\.runAsUser to a non-zero uid/],
    ['allowPrivilegeEscalation', p => { p.containers[0].securityContext.allowPrivilegeEscalation = true; }, /container app: set securityContext\.allowPrivilegeEscalation: false/],
    ['drop ALL', p => { p.containers[0].securityContext.capabilities.drop = ['NET_RAW']; }, /container app: set securityContext\.capabilities\.drop: \[ALL\]/],
    ['only NET_BIND_SERVICE added', p => { p.containers[0].securityContext.capabilities.add = ['CHOWN']; }, /container app: do not add capabilities CHOWN; restricted allows only NET_BIND_SERVICE/],
    ['seccomp RuntimeDefault or Localhost', p => { p.securityContext.seccompProfile = undefined; }, /container app: set securityContext\.seccompProfile\.type: RuntimeDefault/],
    ['volume types', p => { p.volumes.push({ name: 'share', nfs: { server: 's', path: '/p' } }); }, /volume share: nfs volumes are not allowed; mount it through a persistentVolumeClaim/],
  ])('restricted check %s makes it baseline', (_what, mutate, pattern) => {
    const p = restricted();
    mutate(p);
    const r = evaluatePodSecurity(p);
    expect(r.level).toBe('baseline');
    expect(r.violations).toEqual([expect.stringMatching(pattern)]);
  });
});
