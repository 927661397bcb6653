#!/usr/bin/env node
// Where the time goes: runs bench/apps/scale.ts (as compiled by the build,
// build/bench/apps/scale.js, as bench/run.js does) under `node --cpu-prof` and
// prints the inclusive time of each phase, and the functions with the most
// self time; or the same for `cdk8s-stateful validate` on the output of the
// plain L1 mode (all threads: the main one and the loader's workers, summed).
//
//   node bench/profile.js MODE WORKLOADS REPLICAS      e.g. node bench/profile.js checked 10000 3
//   node bench/profile.js validate WORKLOADS            `cdk8s-stateful validate` of WORKLOADS x 6 objects
//   node bench/profile.js app RUNS                      the app command (node scripts/app.js), RUNS runs summed
'use strict';
const fs = require('fs');
const os = require('os');
const path = require('path');
const { spawnSync } = require('child_process');

const root = path.resolve(__dirname, '..');
const [mode = 'checked', workloads = '1000', replicas = '3'] = process.argv.slice(2);

/** Phases of one run of the app command. */
const APP_PHASES = [
  { label: 'freshness check of the build inputs (bin/build-state.js)', fn: /^staleReason$/ },
  { label: 'loading modules (require)', fn: /^require$/ },
  { label: 'main.ts: load config, build the chart', fn: /^(loadConfig|K8sDemoChart)$/ },
  { label: 'App.synth(): render objects', fn: /^_synthChart$/ },
  { label: 'App.synth(): YAML stringify and write', fn: /^save\d*$/, under: /^synth$/ },
  { label: 'V8 and Node.js internals (compilation)', fn: /^\(program\)$/ },
  { label: 'garbage collector', fn: /^\(garbage collector\)$/ },
];

/** Phases of `cdk8s-stateful validate` (build/cli/, all threads summed). */
const VALIDATE_PHASES = [
  { label: 'start-up: loading modules (require)', fn: /^require$/ },
  { label: 'read the file and cut it into documents (cli/load.ts)', fn: /^streamFile$/ },
  { label: 'parse YAML (cli/load.ts parsePieces, js-yaml; in workers for large inputs)', fn: /^parsePieces$/ },
  { label: 'receive the workers\' objects (structured clone)', fn: /^receiveMessageOnPort$/ },
  { label: 'main thread waiting for the workers', fn: /^wait$/, under: /^loadInWorkers$/ },
  { label: 'per-object checks (validateDocuments; in workers for large inputs)', fn: /^validateDocuments$/ },
  { label: '  of which strict schema (Ajv standalone validators)', fn: /^validate$/, under: /^validateDocuments$/ },
  { label: '  of which pod security (cli/pss.ts)', fn: /^evaluatePodSecurity$/, under: /^validateDocuments$/ },
  { label: 'cross-object checks (validateManifests)', fn: /^validateManifests$/, notUnder: /^validateDocuments$/ },
  { label: '  of which binding (cli/binding.ts)', fn: /^analyzeBinding$/, under: /^validateManifests$/ },
  { label: 'print findings', fn: /^(runValidate)$/, notUnder: /^validateManifests$/ },
  { label: 'garbage collector (all phases)', fn: /^\(garbage collector\)$/ },
];

/** Phases: the inclusive time of function `fn`, counted only below function `under` when given. */
const PHASES = [
  { label: 'build the constructs (props checks included)', fn: /^with(Constructs|L1)$/ },
  { label: 'App.synth(): construct validation (addValidation hooks)', fn: /^validate\d*$/, under: /^synth$/ },
  { label: 'App.synth(): dependency graph', fn: /^resolveDependencies\d*$/ },
  { label: 'App.synth(): render objects (chart.toJson: resolve, order)', fn: /^_synthChart$/ },
  { label: 'App.synth(): YAML stringify and write (cdk8s Yaml.save)', fn: /^save\d*$/, under: /^synth$/ },
  { label: 'strict validation and plan (bench/apps/check.ts)', fn: /^checkRendered$/ },
  { label: 'garbage collector (all phases)', fn: /^\(garbage collector\)$/ },
];

function profileRun() {
  require(path.join(root, 'bin', 'build-state.js')).ensureBuilt();
  const scale = path.join(root, 'build', 'bench', 'apps', 'scale.js');
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-stateful-profile-'));
  if (mode === 'app') {
    const runs = Number(workloads);
    for (let i = 0; i < runs; i++) {
      const r = spawnSync(process.execPath, ['--cpu-prof', '--cpu-prof-interval', '100', '--cpu-prof-dir', path.join(work, 'prof'), path.join(root, 'scripts', 'app.js')], {
        cwd: root, env: { ...process.env, CDK8S_OUTDIR: path.join(work, 'out') }, stdio: 'inherit',
      });
      if (r.status !== 0) process.exit(r.status ?? 1);
    }
    return { work: path.join(work, 'prof'), cleanup: work, runs, phases: APP_PHASES, title: `node --cpu-prof scripts/app.js, ${runs} runs of the app, per run` };
  }
  if (mode === 'validate') {
    const manifests = path.join(work, 'manifests');
    const made = spawnSync(process.execPath, [scale, 'l1', workloads, '3'], { env: { ...process.env, CDK8S_OUTDIR: manifests }, stdio: 'inherit' });
    if (made.status !== 0) process.exit(made.status ?? 1);
    const r = spawnSync(process.execPath, ['--cpu-prof', '--cpu-prof-dir', work, path.join(root, 'bin', 'cdk8s-stateful.js'), 'validate', manifests], {
      cwd: root, stdio: ['ignore', 'ignore', 'inherit'],
    });
    if (r.status !== 0 && r.status !== 1) process.exit(r.status ?? 1);
    return { work, phases: VALIDATE_PHASES, title: `node --cpu-prof bin/cdk8s-stateful.js validate, ${Number(workloads) * 6} objects, CPU of all threads` };
  }
  const r = spawnSync(process.execPath, ['--cpu-prof', '--cpu-prof-dir', work, scale, mode, workloads, replicas], {
    env: { ...process.env, CDK8S_OUTDIR: path.join(work, 'out') }, stdio: 'inherit',
  });
  if (r.status !== 0) process.exit(r.status ?? 1);
  return { work, phases: PHASES, title: `node --cpu-prof, mode ${mode}, ${workloads} workloads x ${replicas} replicas` };
}

function main() {
  const { work, phases, title, runs = 1, cleanup } = profileRun();
  const phaseMs = phases.map(() => 0);
  const self = new Map();
  let total = 0;
  for (const file of fs.readdirSync(work).filter(f => f.endsWith('.cpuprofile'))) {
    const prof = JSON.parse(fs.readFileSync(path.join(work, file), 'utf-8'));
    const byId = new Map(prof.nodes.map(n => [n.id, n]));
    const parent = new Map();
    for (const n of prof.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
    for (let i = 0; i < prof.samples.length; i++) {
      const ms = prof.timeDeltas[i] / 1000 / runs;
      total += ms;
      const leaf = byId.get(prof.samples[i]).callFrame;
      const key = `${leaf.functionName || '(anonymous)'} ${path.basename(leaf.url)}:${leaf.lineNumber + 1}`;
      self.set(key, (self.get(key) ?? 0) + ms);
      const stack = [];
      for (let id = prof.samples[i]; id !== undefined; id = parent.get(id)) stack.push(byId.get(id).callFrame.functionName);
      phases.forEach((p, k) => {
        const at = stack.findIndex(f => p.fn.test(f));
        if (at < 0) return;
        if (p.under && !stack.slice(at + 1).some(f => p.under.test(f))) return;
        if (p.notUnder && stack.some(f => p.notUnder.test(f))) return;
        phaseMs[k] += ms;
      });
    }
  }
  fs.rmSync(cleanup ?? work, { recursive: true, force: true });
  // Seconds for long runs, milliseconds for the app's short ones.
  const unit = total < 1000 ? [1, 'ms', 1] : [1000, 's', 2];
  const fmt = (ms) => `${(ms / unit[0]).toFixed(unit[2]).padStart(6)} ${unit[1]}`;
  const pct = (ms) => `${(100 * ms / total).toFixed(0)}%`.padStart(4);
  const lines = [`${title}: ${fmt(total).trim()} sampled`, ''];
  lines.push('inclusive time by phase:');
  phases.forEach((p, k) => lines.push(`  ${fmt(phaseMs[k])} ${pct(phaseMs[k])}  ${p.label}`));
  lines.push('', 'top self time:');
  for (const [k, ms] of [...self].sort((a, b) => b[1] - a[1]).slice(0, 12)) {
    lines.push(`  ${fmt(ms)} ${pct(ms)}  ${k}`);
  }
  process.stdout.write(`${lines.join('\n')}\n`);
}

main();
