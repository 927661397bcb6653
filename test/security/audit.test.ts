/** The CI supply-chain check: which `npm audit --json` reports pass, fail or are skipped. */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { assess } = require('../../scripts/audit.js');

const report = (counts: object, vulnerabilities: object = {}) => ({
  auditReportVersion: 2, vulnerabilities, metadata: { vulnerabilities: { info: 0, low: 0, moderate: 0, high: 0, critical: 0, ...counts } },
});

describe('npm audit --omit=dev check', () => {
  test('passes with low and moderate findings only', () => {
    expect(assess(report({ low: 2, moderate: 1 }))).toEqual({ outcome: 'pass', message: expect.stringMatching(/^npm audit: no high or critical findings in production dependencies \(2 low, 1 moderate\)$/) });
  });

  test('fails on a high or critical finding, naming the packages', () => {
    const r = report({ high: 1, critical: 1 }, { ajv: { severity: 'high' }, yaml: { severity: 'critical' }, other: { severity: 'low' } });
    expect(assess(r)).toEqual({ outcome: 'fail', message: expect.stringMatching(/^npm audit: 2 high or critical finding\(s\) in production dependencies: ajv \(high\), yaml \(critical\); update them/) });
  });

  test('skips with a clear message when the registry cannot answer, never when it reports findings', () => {
    const offline = { message: 'request to http://127.0.0.1:9/-/npm/v1/security/advisories/bulk failed, reason: connect ECONNREFUSED 127.0.0.1:9', error: { summary: '', detail: '' } };
    expect(assess(offline)).toEqual({ outcome: 'skip', message: expect.stringMatching(/^npm audit skipped: the registry's audit endpoint is unreachable or refused the request \(request to .* ECONNREFUSED 127\.0\.0\.1:9\); run 'npm audit --omit=dev' with access to registry\.npmjs\.org$/) });
    expect(assess({ ...report({ critical: 1 }, { x: { severity: 'critical' } }), error: { summary: 'partial' } }).outcome).toBe('fail');
  });
});
