#!/usr/bin/env node
// Runs the `run` steps of a GitHub Actions workflow here, in order, the way a
// GitHub runner would (bash -eo pipefail, the job's and the step's env), so
// that .ci/run tests the workflow users copy instead of a second copy of it.
// `uses` steps (checkout, setup-node) are the runner's own and are skipped.
//
//   node scripts/run-workflow.js WORKFLOW [NAME=VALUE...]
//
// NAME=VALUE overrides a variable of the job's env, e.g. BASE_REF=main when
// there is no origin remote. ${{ }} expressions are allowed only in env
// values; each must be listed in LOCAL_VALUES below, or be overridden, or be
// `matrix.node`.
//
// A job with a matrix over `node` (Node.js versions; the only matrix
// supported) runs once here, as the matrix entry of this machine's Node.js,
// which must be listed: the other versions run on GitHub's runners only.
'use strict';
const { spawnSync } = require('child_process');
const fs = require('fs');
const { parse } = require('yaml');

/** Local values of the expressions the workflow may use in env. */
const LOCAL_VALUES = {
  'github.base_ref || github.event.repository.default_branch': 'main',
};

function expand(name, value, values = LOCAL_VALUES) {
  return String(value).replace(/\$\{\{\s*(.*?)\s*\}\}/g, (_, expression) => {
    if (!(expression in values)) {
      throw new Error(`env ${name}: no local value for \${{ ${expression} }}; add it to LOCAL_VALUES in scripts/run-workflow.js or pass ${name}=VALUE`);
    }
    return values[expression];
  });
}

function main(argv) {
  const [file, ...assignments] = argv;
  if (!file) throw new Error('usage: run-workflow.js WORKFLOW [NAME=VALUE...]');
  const workflow = parse(fs.readFileSync(file, 'utf8'));
  const jobs = Object.entries(workflow.jobs ?? {});
  if (jobs.length !== 1) throw new Error(`${file}: expected one job, found ${jobs.length}`);
  const [jobName, job] = jobs[0];

  const values = { ...LOCAL_VALUES };
  const matrix = job.strategy && job.strategy.matrix;
  if (matrix) {
    const keys = Object.keys(matrix);
    if (keys.length !== 1 || !Array.isArray(matrix.node)) {
      throw new Error(`${file}: job ${jobName} has a matrix over ${keys.join(', ')}; only a matrix over node (Node.js versions) is supported`);
    }
    const here = process.versions.node.split('.')[0];
    const listed = matrix.node.map(String);
    if (!listed.includes(here)) {
      throw new Error(`${file}: the matrix of job ${jobName} lists Node.js ${listed.join(', ')}, and this machine runs ${process.versions.node}; run with one of those`);
    }
    values['matrix.node'] = here;
    const others = listed.filter(v => v !== here);
    console.log(`== matrix: node ${here}, this machine's Node.js${others.length ? ` (${others.join(', ')}: on GitHub's runners only)` : ''}`);
  }

  const overrides = {};
  for (const a of assignments) {
    const i = a.indexOf('=');
    const name = a.slice(0, i);
    if (i < 1 || !(name in (job.env ?? {}))) throw new Error(`${a}: give NAME=VALUE for a variable of the env of job ${jobName}`);
    overrides[name] = a.slice(i + 1);
  }
  const jobEnv = {};
  for (const [name, value] of Object.entries(job.env ?? {})) {
    jobEnv[name] = name in overrides ? overrides[name] : expand(name, value, values);
  }

  for (const [index, step] of (job.steps ?? []).entries()) {
    const title = step.name ?? step.uses ?? `step ${index + 1}`;
    if (step.uses) {
      console.log(`== ${title}: skipped, done by the GitHub runner`);
      continue;
    }
    if (typeof step.run !== 'string') throw new Error(`${file}: step ${title} has neither run nor uses`);
    if (step.run.includes('${{')) throw new Error(`${file}: step ${title} uses a \${{ }} expression in run; pass it through env`);
    const stepEnv = {};
    for (const [name, value] of Object.entries(step.env ?? {})) stepEnv[name] = expand(name, value, values);
    console.log(`== ${title}`);
    const started = Date.now();
    const result = spawnSync('bash', ['--noprofile', '--norc', '-eo', 'pipefail', '-c', step.run], {
      stdio: 'inherit',
      env: { ...process.env, CI: 'true', ...jobEnv, ...stepEnv },
    });
    if (result.status !== 0) {
      console.error(`step "${title}" of ${file} failed (exit ${result.status ?? result.signal})`);
      return 1;
    }
    console.log(`   ${title}: ${((Date.now() - started) / 1000).toFixed(1)} s`);
  }
  return 0;
}

try {
  process.exitCode = main(process.argv.slice(2));
} catch (e) {
  console.error(e.message);
  process.exitCode = 2;
}
