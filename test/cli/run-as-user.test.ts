import { validate, lines } from './helpers';

/** A StatefulSet with its headless Service, restricted, whose pod and container security are given. */
function set(pod: any, container: any, init?: any): any[] {
  const podSpec: any = {
    securityContext: { seccompProfile: { type: 'RuntimeDefault' }, ...pod },
    containers: [{ name: 'db', image: 'postgres:16.4', securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] }, ...container } }],
  };
  if (init) podSpec.initContainers = [{ name: 'init', image: 'busybox:1.36', securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] }, ...init } }];
  return [
    { apiVersion: 'v1', kind: 'Service', metadata: { name: 'db' }, spec: { clusterIP: 'None', selector: { app: 'db' } } },
    { apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: { name: 'db' },
      spec: { serviceName: 'db', selector: { matchLabels: { app: 'db' } }, template: { metadata: { labels: { app: 'db' } }, spec: podSpec } } },
  ];
}

const RULE = /runAsNonRoot but no runAsUser, so it never starts \(CreateContainerConfigError\)/;

// verifyRunAsNonRoot (pkg/kubelet/kuberuntime/security_context_others.go) refuses a root or named image user
// when the effective securityContext has runAsNonRoot and no runAsUser.
describe('validate warns when runAsNonRoot has no runAsUser (verifyRunAsNonRoot)', () => {
  test('on the pod, without a user anywhere', async () => {
    const r = await validate(set({ runAsNonRoot: true }, {}));
    expect(r.code).toBe(0);
    expect(lines(r.stdout, 'warning')).toContainEqual(expect.stringMatching(
      /StatefulSet default\/db spec\.template\.spec\.containers\[0\]\.securityContext\.runAsUser: container db has runAsNonRoot but no runAsUser.*; set runAsUser \(on the pod or the container\)/));
  });

  test('on the container, and in an init container', async () => {
    const r = await validate(set({}, { runAsNonRoot: true, runAsUser: 999 }, { runAsNonRoot: true }));
    const warnings = lines(r.stdout, 'warning').filter(l => RULE.test(l));
    expect(warnings).toEqual([expect.stringMatching(/initContainers\[0\]\.securityContext\.runAsUser: container init has runAsNonRoot/)]);
  });

  test('no warning with a uid on the pod or the container, or without runAsNonRoot', async () => {
    for (const objs of [set({ runAsNonRoot: true, runAsUser: 999 }, {}), set({ runAsNonRoot: true }, { runAsUser: 999 }), set({}, {}),
      set({ runAsNonRoot: true }, { runAsNonRoot: false })]) {
      const r = await validate(objs);
      expect(lines(r.stdout, 'warning').filter(l => RULE.test(l))).toEqual([]);
    }
  });

  test('windows pods are not checked this way', async () => {
    const objs = set({ runAsNonRoot: true }, {});
    objs[1].spec.template.spec.os = { name: 'windows' };
    const r = await validate(objs);
    expect(lines(r.stdout, 'warning').filter(l => RULE.test(l))).toEqual([]);
  });
});
