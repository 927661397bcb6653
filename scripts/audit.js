#!/usr/bin/env node
/**
 * CI supply-chain check: `npm audit --omit=dev` must report no high or
 * critical finding in the production dependencies. When the registry's audit
 * endpoint cannot be reached (offline, or a mirror without it), the check is
 * skipped with a message saying so; findings are never skipped.
 */
'use strict';
const { spawnSync } = require('child_process');

/** Decides from the JSON report of `npm audit --json`: { outcome: 'pass' | 'fail' | 'skip', message }. */
function assess(report) {
  const counts = report && report.metadata && report.metadata.vulnerabilities;
  if (!counts) {
    const reason = (report && (report.message || (report.error && (report.error.summary || report.error.code)))) || 'no report';
    return {
      outcome: 'skip',
      message: `npm audit skipped: the registry's audit endpoint is unreachable or refused the request (${String(reason).split('\n')[0]}); run 'npm audit --omit=dev' with access to registry.npmjs.org`,
    };
  }
  const serious = Object.entries(report.vulnerabilities || {})
    .filter(([, v]) => v.severity === 'high' || v.severity === 'critical')
    .map(([name, v]) => `${name} (${v.severity})`);
  const high = (counts.high || 0) + (counts.critical || 0);
  if (high > 0) {
    return {
      outcome: 'fail',
      message: `npm audit: ${high} high or critical finding(s) in production dependencies: ${serious.join(', ') || 'see npm audit --omit=dev'}; update them (npm audit fix --omit=dev) and commit the lockfile`,
    };
  }
  return {
    outcome: 'pass',
    message: `npm audit: no high or critical findings in production dependencies (${counts.low || 0} low, ${counts.moderate || 0} moderate)`,
  };
}

function main() {
  const r = spawnSync('npm', ['audit', '--omit=dev', '--json'], { encoding: 'utf-8' });
  let report;
  try {
    report = JSON.parse(r.stdout);
  } catch {
    report = { message: (r.stderr || r.error?.message || 'npm audit printed no JSON').trim() };
  }
  const { outcome, message } = assess(report);
  (outcome === 'fail' ? console.error : console.log)(message);
  process.exitCode = outcome === 'fail' ? 1 : 0;
}

if (require.main === module) {
  main();
}
module.exports = { assess };
