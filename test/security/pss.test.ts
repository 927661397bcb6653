/**
 * Pod Security levels of the generated pods, judged by the `validate`
 * command's evaluator (cli/pss.ts, issue 3): the library default and the
 * k8sdemo app are "restricted", and each relaxation in the table of docs/security.md
 * gives the level the table states.
 */
import { App } from 'cdk8s';
import { loadConfig } from '../../app/config';
import { K8sDemoChart } from '../../app/k8sdemo-chart';
import { evaluatePodSecurity } from '../../cli/pss';
import { NfsStorage, SeccompProfile, SecurityBaseline, StatefulWorkload, StatefulWorkloadProps, VolumeClaimTemplate } from '../../lib';
import { Size } from 'cdk8s';
import { find, newChart, synth } from '../util';

function podSpec(props: Partial<StatefulWorkloadProps> = {}): any {
  const chart = newChart();
  const data = new VolumeClaimTemplate({ name: 'data', storageSize: Size.mebibytes(100), storageClassName: 'sc', nfs: NfsStorage.staticVolumes({ server: 'nfs', preBind: false }) });
  new StatefulWorkload(chart, 'app', {
    image: 'registry.example.com/app:1', replicas: 2, ports: [{ containerPort: 8080 }],
    volumeClaimTemplates: [data], volumeMounts: [{ path: '/data', template: data }], ...props,
  });
  return find(synth(chart), 'StatefulSet', 'app').spec.template.spec;
}

describe('Pod Security level', () => {
  test('library default output: restricted, no violations', () => {
    expect(evaluatePodSecurity(podSpec())).toEqual({ level: 'restricted', violations: [] });
  });

  test.each([
    ['default config', {}],
    ['csi storage', { K8SDEMO_NFS_MODE: 'csi' }],
  ])('k8sdemo output (%s): restricted, no violations', (_, env) => {
    const chart = new K8sDemoChart(new App(), 'k8sdemo', { config: loadConfig(env, __dirname) });
    const sts = find(chart.toJson(), 'StatefulSet', 'k8sdemo');
    expect(evaluatePodSecurity(sts.spec.template.spec)).toEqual({ level: 'restricted', violations: [] });
  });

  test.each([
    ['readOnlyRootFilesystem false', 'restricted', { containerSecurity: { readOnlyRootFilesystem: false } }],
    ['service account token mounted', 'restricted', { automountServiceAccountToken: true }],
    ['NET_BIND_SERVICE added', 'restricted', { containerSecurity: { capabilitiesAdd: ['NET_BIND_SERVICE'] } }],
    // the sysctl the workload adds for ports below 1024 (issue 9): CheckSysctls, sysctlsAllowedV1Dot0
    ['port 80 as non-root (net.ipv4.ip_unprivileged_port_start)', 'restricted', { ports: [{ containerPort: 80 }] }],
    ['runAsNonRoot false', 'baseline', { podSecurity: { runAsNonRoot: false } }],
    ['privilege escalation allowed', 'baseline', { containerSecurity: { allowPrivilegeEscalation: true } }],
    ['no capability dropped', 'baseline', { containerSecurity: { capabilitiesDrop: [] } }],
    ['baseline NONE (nothing written)', 'baseline', { securityBaseline: SecurityBaseline.NONE }],
    ['SYS_ADMIN added', 'privileged', { containerSecurity: { capabilitiesAdd: ['SYS_ADMIN'] } }],
    ['seccomp Unconfined', 'privileged', { podSecurity: { seccompProfile: SeccompProfile.UNCONFINED } }],
    ['privileged container', 'privileged', { containerSecurity: { privileged: true } }],
  ] as Array<[string, string, Partial<StatefulWorkloadProps>]>)('%s: %s', (_, level, props) => {
    const result = evaluatePodSecurity(podSpec(props));
    expect(result.level).toBe(level);
    expect(result.violations.length > 0).toBe(level !== 'restricted');
  });
});
