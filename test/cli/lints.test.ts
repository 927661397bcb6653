/**
 * The kube-linter-style warnings of `validate` (cli/rules/lints.ts): for each,
 * a set that triggers it and one that does not. Meanings follow kube-linter's
 * checks of the same name (stackrox/kube-linter docs/generated/checks.md).
 */
import { Finding } from '../../cli/findings';
import { validateManifests } from '../../cli/validate';

const LABELS = { app: 'db' };

/** A StatefulSet that passes every lint, with its Service, PDB, NetworkPolicy and ServiceAccount. */
function app(): any[] {
  return [
    {
      apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: { name: 'db' },
      spec: {
        serviceName: 'db', replicas: 3, selector: { matchLabels: LABELS },
        template: {
          metadata: { labels: { ...LABELS, tier: 'data' } },
          spec: {
            serviceAccountName: 'db',
            affinity: {
              podAntiAffinity: {
                preferredDuringSchedulingIgnoredDuringExecution: [
                  { weight: 100, podAffinityTerm: { topologyKey: 'kubernetes.io/hostname', labelSelector: { matchLabels: LABELS } } },
                ],
              },
            },
            containers: [{
              name: 'db', image: 'postgres:16.1',
              ports: [{ name: 'sql', containerPort: 5432 }, { name: 'metrics', containerPort: 9187 }],
              env: [{ name: 'PGDATA', value: '/data/pg' }, { name: 'TZ', value: 'UTC' }],
              readinessProbe: { tcpSocket: { port: 'sql' } },
              livenessProbe: { httpGet: { path: '/', port: 9187 } },
              startupProbe: { tcpSocket: { port: 5432 } },
            }],
          },
        },
      },
    },
    { apiVersion: 'v1', kind: 'Service', metadata: { name: 'db' }, spec: { clusterIP: 'None', selector: LABELS, ports: [{ name: 'sql', port: 5432 }] } },
    { apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: { name: 'db' }, spec: { minAvailable: 2, selector: { matchLabels: LABELS } } },
    { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name: 'db' }, spec: { podSelector: { matchLabels: LABELS }, policyTypes: ['Ingress'] } },
    { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'db' } },
  ];
}

const sts = (objs: any[]) => objs[0];
const container = (objs: any[]) => sts(objs).spec.template.spec.containers[0];
const byKind = (objs: any[], kind: string) => objs.find(o => o.kind === kind);

function warnings(objs: any[], check: string): Finding[] {
  return validateManifests(objs.map((object, i) => ({ file: 'set.yaml', line: i + 1, object }))).findings
    .filter(f => f.check === check);
}

test('the app triggers no lint, and has no error', () => {
  const found = validateManifests(app().map((object, i) => ({ file: 'set.yaml', line: i + 1, object }))).findings;
  const lintChecks = ['pdb-min-available', 'pdb-max-unavailable', 'liveness-port', 'readiness-port', 'startup-port', 'duplicate-env-var',
    'no-anti-affinity', 'non-existent-service-account', 'no-readiness-probe', 'dangling-service', 'dangling-networkpolicy'];
  expect(found.filter(f => lintChecks.includes(f.check) || f.severity === 'error')).toEqual([]);
});

/** [kube-linter check, break it, field, message pattern, a passing variant]. */
type Case = [string, (objs: any[]) => void, string, RegExp, (objs: any[]) => void];

const CASES: Case[] = [
  ['pdb-min-available', objs => { byKind(objs, 'PodDisruptionBudget').spec.minAvailable = 3; }, 'spec.minAvailable', /is 3 while StatefulSet db has 3 replicas/,
    objs => { byKind(objs, 'PodDisruptionBudget').spec.minAvailable = '66%'; }],
  ['pdb-min-available', objs => { byKind(objs, 'PodDisruptionBudget').spec.minAvailable = '100%'; }, 'spec.minAvailable', /is 100%/,
    objs => { byKind(objs, 'PodDisruptionBudget').spec.minAvailable = '50%'; }],
  ['pdb-min-available', objs => { byKind(objs, 'PodDisruptionBudget').spec.minAvailable = '67%'; }, 'spec.minAvailable', /"67%" while StatefulSet db has 3 replicas/,
    objs => { sts(objs).spec.replicas = 4; byKind(objs, 'PodDisruptionBudget').spec.minAvailable = '67%'; }],
  ['pdb-max-unavailable', objs => { const p = byKind(objs, 'PodDisruptionBudget'); delete p.spec.minAvailable; p.spec.maxUnavailable = 0; }, 'spec.maxUnavailable', /is 0/,
    objs => { const p = byKind(objs, 'PodDisruptionBudget'); delete p.spec.minAvailable; p.spec.maxUnavailable = '34%'; }],
  ['readiness-port', objs => { container(objs).readinessProbe = { tcpSocket: { port: 'postgres' } }; }, 'spec.template.spec.containers[0].readinessProbe.tcpSocket.port', /"postgres" is not a TCP port/,
    objs => { container(objs).readinessProbe = { exec: { command: ['pg_isready'] } }; }],
  ['liveness-port', objs => { container(objs).livenessProbe = { httpGet: { port: 8080 } }; }, 'spec.template.spec.containers[0].livenessProbe.httpGet.port', /8080 is not a TCP port/,
    objs => { container(objs).livenessProbe = { httpGet: { port: 'metrics' } }; }],
  ['liveness-port', objs => { container(objs).livenessProbe = { httpGet: { port: '9187' } }; }, 'spec.template.spec.containers[0].livenessProbe.httpGet.port', /a quoted number is a port name/,
    objs => { container(objs).livenessProbe = { grpc: { port: 9187 } }; }],
  ['startup-port', objs => { container(objs).ports[0].protocol = 'UDP'; }, 'spec.template.spec.containers[0].startupProbe.tcpSocket.port', /5432 is not a TCP port/,
    objs => { container(objs).ports[0].protocol = 'TCP'; }],
  ['duplicate-env-var', objs => { container(objs).env.push({ name: 'TZ', value: 'CET' }); }, 'spec.template.spec.containers[0].env[2].name', /TZ is set twice/,
    objs => { container(objs).env.push({ name: 'tz', value: 'CET' }); }],
  ['no-anti-affinity', objs => { delete sts(objs).spec.template.spec.affinity; }, 'spec.template.spec.affinity', /3 replicas with no pod anti-affinity/,
    objs => {
      delete sts(objs).spec.template.spec.affinity;
      sts(objs).spec.template.spec.topologySpreadConstraints = [{ maxSkew: 1, topologyKey: 'kubernetes.io/hostname', whenUnsatisfiable: 'DoNotSchedule', labelSelector: { matchLabels: LABELS } }];
    }],
  ['no-anti-affinity', objs => { sts(objs).spec.template.spec.affinity.podAntiAffinity.preferredDuringSchedulingIgnoredDuringExecution[0].podAffinityTerm.topologyKey = 'topology.kubernetes.io/zone'; },
    'spec.template.spec.affinity', /no pod anti-affinity/, objs => { delete sts(objs).spec.template.spec.affinity; sts(objs).spec.replicas = 1; }],
  ['no-anti-affinity', objs => { sts(objs).spec.template.spec.affinity.podAntiAffinity.preferredDuringSchedulingIgnoredDuringExecution[0].podAffinityTerm.labelSelector = { matchLabels: { app: 'web' } }; },
    'spec.template.spec.affinity', /no pod anti-affinity/,
    objs => { sts(objs).spec.template.spec.affinity.podAntiAffinity = { requiredDuringSchedulingIgnoredDuringExecution: [{ topologyKey: 'kubernetes.io/hostname', labelSelector: { matchLabels: LABELS }, namespaces: ['default'] }] }; }],
  ['non-existent-service-account', objs => { sts(objs).spec.template.spec.serviceAccountName = 'db-admin'; }, 'spec.template.spec.serviceAccountName', /names ServiceAccount db-admin.*declares db/,
    objs => { sts(objs).spec.template.spec.serviceAccountName = 'db-admin'; objs.pop(); }],
  ['no-readiness-probe', objs => { delete container(objs).readinessProbe; }, 'spec.template.spec.containers[0].readinessProbe', /is missing in container db/,
    objs => { delete container(objs).readinessProbe; sts(objs).spec.podManagementPolicy = 'Parallel'; }],
  ['dangling-service', objs => { byKind(objs, 'Service').spec.selector = { app: 'database' }; }, 'spec.selector', /selects no pod template of namespace default/,
    objs => { byKind(objs, 'Service').spec.selector = { tier: 'data' }; }],
  ['dangling-networkpolicy', objs => { byKind(objs, 'NetworkPolicy').spec.podSelector = { matchExpressions: [{ key: 'app', operator: 'In', values: ['web'] }] }; }, 'spec.podSelector', /selects no pod template/,
    objs => { byKind(objs, 'NetworkPolicy').spec.podSelector = {}; }],
];

describe.each(CASES)('%s', (check, breakIt, field, pattern, fixIt) => {
  test(`warns: ${pattern}`, () => {
    const objs = app();
    breakIt(objs);
    expect(warnings(objs, check)).toContainEqual(expect.objectContaining({ severity: 'warning', field, message: expect.stringMatching(pattern) }));
  });
  test(`passes: ${pattern}`, () => {
    const objs = app();
    fixIt(objs);
    expect(warnings(objs, check)).toEqual([]);
  });
});

test('a Service in another namespace does not see the pod templates of default', () => {
  const objs = app();
  byKind(objs, 'Service').metadata.namespace = 'other';
  expect(warnings(objs, 'dangling-service')).toEqual([expect.objectContaining({ namespace: 'other' })]);
});
