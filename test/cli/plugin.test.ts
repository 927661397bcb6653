import * as path from 'path';
import { PluginContext, StatefulValidation } from '../../cli/plugin';
import { DIST, FIXTURES, writeText } from './helpers';

/** A stand-in for cdk8s-cli's ValidationContext that records the report. */
function context(manifests: string[]) {
  const violations: any[] = [];
  const submitted: Array<{ status: string; metadata?: any }> = [];
  const ctx: PluginContext = {
    manifests,
    report: { addViolation: v => { violations.push(v); }, submit: (status, metadata) => { submitted.push({ status, metadata }); } },
  };
  return { ctx, violations, submitted };
}

describe('StatefulValidation (cdk8s validation plugin)', () => {
  test('fails on errors, one violation per finding, with recommendation and fix', async () => {
    const c = context([path.join(FIXTURES, 'broken', 'broken.yaml')]);
    await new StatefulValidation().validate(c.ctx);
    expect(c.submitted).toEqual([{ status: 'failure', metadata: { errors: '5', warnings: '2' } }]);
    expect(c.violations).toContainEqual({
      ruleName: 'error (wiring) StatefulSet default/k8sdemo spec.serviceName',
      recommendation: expect.stringMatching(/names Service k8sdemo-service, which is not headless/),
      fix: expect.stringMatching(/set clusterIP: None on Service k8sdemo-service/),
      violatingResources: [{ resourceName: 'k8sdemo', locations: [expect.stringMatching(/^StatefulSet spec\.serviceName \(line \d+\)$/)], manifestPath: expect.stringMatching(/broken\.yaml$/) }],
    });
    // 5 errors (the '100Mo' template makes no claims, so no binding error), the claimRef warning and the nfs ownership
    // warning of cli/rules/cluster-traps.ts (issue 9)
    expect(c.violations).toHaveLength(7);
  });

  test('passes on dist/, listing warnings unless told not to', async () => {
    const file = path.join(DIST, 'k8sdemo.k8s.yaml');
    const all = context([file]);
    await new StatefulValidation().validate(all.ctx);
    expect(all.submitted[0].status).toBe('success');
    expect(all.violations.every(v => v.ruleName.startsWith('warning '))).toBe(true);
    const quiet = context([file]);
    await new StatefulValidation({ warnings: false }).validate(quiet.ctx);
    expect(quiet.submitted[0].status).toBe('success');
    expect(quiet.violations).toEqual([]);
  });

  test('an unreadable manifest fails with its file and line; no manifests pass', async () => {
    const bad = context([writeText('kind: Service\nmetadata:\n  name: x: y\n')]);
    await new StatefulValidation().validate(bad.ctx);
    expect(bad.submitted).toEqual([{ status: 'failure' }]);
    expect(bad.violations).toEqual([expect.objectContaining({ ruleName: 'unreadable manifest', recommendation: expect.stringMatching(/not valid YAML/), violatingResources: [expect.objectContaining({ locations: ['line 3'] })] })]);
    const none = context([]);
    await new StatefulValidation().validate(none.ctx);
    expect(none.submitted[0].status).toBe('success');
  });
});
