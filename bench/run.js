#!/usr/bin/env node
// The benchmark (bench/README.md, docs/speed.md). Times whole processes,
// paired and interleaved (A B A B ...), and reads their peak memory with GNU
// time (/usr/bin/time, Debian package `time`) when it is installed.
//
//   node bench/run.js            full run, writes bench/results.md   (npm run bench)
//   node bench/run.js --smoke    small N, one run, writes to a temp folder (.ci/run)
//
// Options: --runs N (timed runs per command), --out FILE, --only a,b,c,d,e,f,
// --scale-n N,... and --scale-r R,... (sizes of part c)
// A run of some parts (--only) replaces those parts' figures in bench/results.md
// and keeps the others' (bench/results.json holds every part's figures).
//
// Parts: (a) app command vs kubectl kustomize; (b) npx cdk8s synth vs the
// stock ts-node app; (c) scaling, with 10,000 workloads checked vs plain L1;
// (d) validate of 50,004 objects vs js-yaml loadAll of the same file;
// (e) npm run synth vs cdk8s-cli's floor; (f) validate dist vs node -e 0.
'use strict';
const fs = require('fs');
const os = require('os');
const path = require('path');
const { spawnSync } = require('child_process');
const YAML = require('yaml');

const root = path.resolve(__dirname, '..');
const args = process.argv.slice(2);
const option = (name, fallback) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : fallback;
};
const smoke = args.includes('--smoke');
const RUNS = Number(option('--runs', smoke ? 1 : 5));
const WARMUP = smoke ? 0 : 1;
const PARTS = ['a', 'b', 'c', 'd', 'e', 'f'];
const ONLY = new Set(option('--only', PARTS.join(',')).split(','));
const OUT = option('--out', smoke ? path.join(os.tmpdir(), 'cdk8s-stateful-bench-smoke.md') : path.join(root, 'bench', 'results.md'));
const list = (name, fallback) => (option(name) === undefined ? fallback : option(name).split(',').map(Number));
// --scale-n 10000 --scale-r 3: only those sizes of part (c).
const SCALE_N = list('--scale-n', smoke ? [1, 10] : [1, 10, 100, 1000, 10000]);
const SCALE_R = list('--scale-r', smoke ? [3, 10] : [3, 100, 1000]);
/** Runs of the heaviest cases (N = 10,000; validate of 50,000 objects). */
const HEAVY_RUNS = smoke ? 1 : Math.min(RUNS, 3);
const VALIDATE_OBJECTS = smoke ? 50 : 50000;

const GNU_TIME = fs.existsSync('/usr/bin/time') ? '/usr/bin/time' : undefined;
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-stateful-bench-'));
const env = { ...process.env, CDK8S_CHECK_UPGRADE: 'false' };
const log = (text) => process.stderr.write(`${text}\n`);

// ---------------------------------------------------------------- measuring

/** Runs `command` through sh, as cdk8s runs an app command; returns wall seconds and peak RSS in MiB. */
function runOnce(command, options = {}) {
  const memFile = path.join(work, 'mem.txt');
  const [file, argv] = GNU_TIME
    ? [GNU_TIME, ['-f', '%M', '-o', memFile, 'sh', '-c', command]]
    : ['sh', ['-c', command]];
  const started = process.hrtime.bigint();
  const r = spawnSync(file, argv, { cwd: options.cwd ?? root, env: { ...env, ...options.env }, encoding: 'utf-8', maxBuffer: 1 << 30 });
  const wall = Number(process.hrtime.bigint() - started) / 1e9;
  if (r.status !== 0 && !(options.expectFailure && options.expectFailure.test(r.stderr ?? ''))) {
    throw new Error(`command failed (exit ${r.status}): ${command}\n${(r.stdout ?? '').slice(-2000)}\n${(r.stderr ?? '').slice(-4000)}`);
  }
  const mem = GNU_TIME ? Number(fs.readFileSync(memFile, 'utf-8').trim().split('\n').pop()) / 1024 : undefined;
  return { wall, mem, stdout: r.stdout };
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

/**
 * Measures commands paired: after `warmup` untimed rounds, `runs` rounds that
 * each run every command once, in turn, so that load from other processes
 * falls on all of them alike. Returns, per command, median wall and peak RSS.
 */
function measure(commands, { runs = RUNS, warmup = WARMUP } = {}) {
  const samples = commands.map(() => ({ wall: [], mem: [] }));
  for (let round = 0; round < warmup + runs; round++) {
    commands.forEach((c, i) => {
      if (c.before) c.before();
      const r = runOnce(c.command, c);
      if (round >= warmup) {
        samples[i].wall.push(r.wall);
        if (r.mem !== undefined) samples[i].mem.push(r.mem);
      }
    });
  }
  return samples.map((s, i) => ({
    name: commands[i].name,
    command: commands[i].command,
    wall: median(s.wall),
    min: Math.min(...s.wall),
    max: Math.max(...s.wall),
    mem: s.mem.length ? median(s.mem) : undefined,
    runs,
  }));
}

const fmtS = (s) => (s < 1 ? `${(s * 1000).toFixed(0)} ms` : `${s.toFixed(2)} s`);
const fmtMem = (m) => (m === undefined ? 'n/a' : `${m.toFixed(0)} MiB`);
const fmtRatio = (r) => `${r.toFixed(2)}×`;
const row = (cells) => `| ${cells.join(' | ')} |`;

/**
 * The table of one part's paired measurements: a row per command with its
 * median wall time, range and peak memory. `label` names a measurement (its
 * name by default); `memHeader` says whose memory it is.
 */
function commandTable(measurements, { label = (m) => m.name, memHeader = 'peak RSS' } = {}) {
  return [
    row(['command', 'median wall', 'min – max', memHeader]),
    row(['---', '---:', '---:', '---:']),
    ...measurements.map(m => row([label(m), fmtS(m.wall), `${fmtS(m.min)} – ${fmtS(m.max)}`, fmtMem(m.mem)])),
  ];
}

/** A measured command as the results show it: temporary and project paths shortened. */
const shownCommand = (m) => `\`${m.command.replace(work, '$TMP').replace(root + '/', '')}\``;

// ------------------------------------------------------------------ helpers

function readObjects(dir) {
  const objects = [];
  for (const f of fs.readdirSync(dir).filter(f => /\.ya?ml$/.test(f)).sort()) {
    for (const doc of YAML.parseAllDocuments(fs.readFileSync(path.join(dir, f), 'utf-8'))) {
      objects.push(doc.toJSON());
    }
  }
  return objects;
}

const idOf = (o) => `${o.kind}/${o.metadata?.namespace ?? ''}/${o.metadata?.name}`;

function sameObjects(a, b) {
  const key = (list) => JSON.stringify([...list].map(o => [idOf(o), o]).sort((x, y) => x[0].localeCompare(y[0])));
  return key(a) === key(b);
}

/** Same YAML files, byte for byte (other files, such as cdk8s's construct-metadata.json, are not manifests). */
function sameFiles(dirA, dirB) {
  const list = (d) => fs.readdirSync(d).filter(f => /\.ya?ml$/.test(f)).sort();
  const a = list(dirA);
  return JSON.stringify(a) === JSON.stringify(list(dirB))
    && a.every(f => fs.readFileSync(path.join(dirA, f)).equals(fs.readFileSync(path.join(dirB, f))));
}

function have(command, argv) {
  const r = spawnSync(command, argv, { encoding: 'utf-8' });
  return r.status === 0 ? (r.stdout || r.stderr).trim() : undefined;
}

/** The one build (scripts/build.js), current: bench/apps/ are compiled into build/bench/apps/ with everything else. */
function ensureBuilt() {
  return require(path.join(root, 'bin', 'build-state.js')).ensureBuilt();
}

function appCommand() {
  const text = fs.readFileSync(path.join(root, 'cdk8s.yaml'), 'utf-8');
  return YAML.parse(text).app;
}

// -------------------------------------------------------------- the parts

/** Per part: its section of results.md and its goals. */
const parts = {};
let current;
const sections = { push: (text) => parts[current].sections.push(text) };
const goals = { push: (goal) => parts[current].goals.push(goal) };

/** (a) The app command of cdk8s.yaml against kubectl kustomize over the same objects as plain YAML. */
function partA() {
  const app = appCommand();
  const out = path.join(work, 'a-out');
  runOnce(app, { env: { CDK8S_OUTDIR: out } }); // builds the fast path if needed
  const kubectl = have('kubectl', ['version', '--client']);
  if (!kubectl) {
    sections.push('## (a) app command vs kubectl kustomize\n\nnot measured: kubectl is not installed.\n');
    return;
  }
  const objects = readObjects(out);
  const kdir = path.join(work, 'kustomize');
  fs.mkdirSync(kdir, { recursive: true });
  const resources = objects.map(o => {
    const file = `${o.kind.toLowerCase()}-${o.metadata.name}.yaml`;
    // lineWidth 0: no folded (>-) scalars, which kustomize reads back differently from the yaml package
    fs.writeFileSync(path.join(kdir, file), YAML.stringify(o, { lineWidth: 0 }));
    return file;
  });
  fs.writeFileSync(path.join(kdir, 'kustomization.yaml'), YAML.stringify({ resources }));
  const kustomize = `kubectl kustomize ${kdir}`;
  const check = runOnce(kustomize);
  if (!sameObjects(YAML.parseAllDocuments(check.stdout).map(d => d.toJSON()), objects)) {
    throw new Error('kubectl kustomize does not render the objects the app synthesizes');
  }
  const [ours, theirs, bare] = measure([
    { name: `app command \`${app}\``, command: app, env: { CDK8S_OUTDIR: out } },
    { name: `\`kubectl kustomize\` (${objects.length} plain YAML files)`, command: kustomize },
    { name: '`node -e 0` (reference: Node.js start-up alone)', command: 'node -e 0' },
  ], { runs: smoke ? RUNS : Math.max(RUNS, 20), warmup: smoke ? 0 : 3 });
  const ratio = ours.wall / theirs.wall;
  sections.push([
    '## (a) app command vs `kubectl kustomize`',
    '',
    `The app command from cdk8s.yaml (what \`cdk8s synth\` runs), writing the ${objects.length} k8sdemo objects, against \`kubectl kustomize\` over a kustomization that lists the same ${objects.length} objects as plain YAML files (checked: same objects). ${ours.runs} paired runs; ${kubectl.split('\n').join(', ')}.`,
    '',
    ...commandTable([ours, theirs, bare]),
    '',
    `Ratio app / kustomize: **${fmtRatio(ratio)}**; \`node -e 0\` / kustomize: ${fmtRatio(bare.wall / theirs.wall)}.`,
    '',
  ].join('\n'));
  goals.push({ goal: '(a) app command ≤ 2.0× `kubectl kustomize`', measured: fmtRatio(ratio), met: ratio <= 2.0 });
}

/** Lays out the stock `cdk8s init typescript-app` project with this project's app in it. */
function buildStockApp() {
  const template = path.join(root, 'node_modules', 'cdk8s-cli', 'templates', 'typescript-app');
  const dir = path.join(work, 'stock-app');
  fs.mkdirSync(dir, { recursive: true });
  const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf-8'));
  const versions = { ...pkg.dependencies, ...pkg.devDependencies };
  // The template's files, as `cdk8s init typescript-app` writes them.
  fs.copyFileSync(path.join(template, 'tsconfig.json'), path.join(dir, 'tsconfig.json'));
  fs.copyFileSync(path.join(template, 'jest.config.js'), path.join(dir, 'jest.config.js'));
  fs.copyFileSync(path.join(template, '{{}}.gitignore'), path.join(dir, '.gitignore'));
  const templatePkg = fs.readFileSync(path.join(template, 'package.json'), 'utf-8')
    .replace(/\{\{ \$base \}\}/g, 'stock-app')
    .replace(/\{\{ cdk8s_core_version \}\}/g, versions.cdk8s)
    .replace(/\{\{ cdk8s_plus_version \}\}/g, versions['cdk8s-plus-27'])
    .replace(/\{\{ constructs_version \}\}/g, versions.constructs)
    .replace(/\{\{ cdk8s_cli_spec \}\}/g, versions['cdk8s-cli'])
    .replace('"cdk8s-plus-33"', '"cdk8s-plus-27"');
  fs.writeFileSync(path.join(dir, 'package.json'), templatePkg);
  const cdk8sYaml = YAML.parse(fs.readFileSync(path.join(template, 'cdk8s.yaml'), 'utf-8'));
  cdk8sYaml.imports = ['k8s@1.27.0']; // the version this project imports
  fs.writeFileSync(path.join(dir, 'cdk8s.yaml'), YAML.stringify(cdk8sYaml));
  // This project's app in place of the template's main.ts, with the imports `cdk8s import` wrote
  // (cli/ too: app/run-synth.ts shares cli/synth.ts with the consumer preload).
  for (const entry of ['main.ts', 'app', 'lib', 'cli', 'imports']) {
    fs.cpSync(path.join(root, entry), path.join(dir, entry), { recursive: true });
  }
  // The packages npm would install, without a network install.
  fs.symlinkSync(path.join(root, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
  return { dir, app: cdk8sYaml.app };
}

/** (b) `npx cdk8s synth` here against the stock ts-node app. */
function partB() {
  const stock = buildStockApp();
  const oursOut = path.join(work, 'b-ours');
  const stockOut = path.join(work, 'b-stock');
  const synth = (out) => `npx cdk8s synth --output ${out}`;
  const clean = (dir) => () => fs.rmSync(dir, { recursive: true, force: true });
  clean(oursOut)();
  clean(stockOut)();
  runOnce(synth(oursOut));
  runOnce(synth(stockOut), { cwd: stock.dir });
  if (!sameFiles(oursOut, stockOut)) {
    throw new Error(`the stock app in ${stock.dir} does not synthesize the same files as this project`);
  }
  const [ours, theirs] = measure([
    { name: '`npx cdk8s synth`, this project', command: synth(oursOut), before: clean(oursOut) },
    { name: `\`npx cdk8s synth\`, stock app (\`${stock.app}\`)`, command: synth(stockOut), cwd: stock.dir, before: clean(stockOut) },
  ], { warmup: smoke ? 0 : 1 });
  const ratio = ours.wall / theirs.wall;
  sections.push([
    '## (b) `npx cdk8s synth` vs the stock ts-node app',
    '',
    'The stock app is laid out by the harness as `cdk8s init typescript-app` does (the template\'s cdk8s.yaml with `app: npx ts-node main.ts`, tsconfig.json, package.json, jest.config.js, .gitignore, from `node_modules/cdk8s-cli/templates/typescript-app`), with this project\'s main.ts, app/, lib/ and imports/ in it and this project\'s node_modules linked in. Both write byte-identical manifests (checked; this project also writes construct-metadata.json, for its validation plugin). `CDK8S_CHECK_UPGRADE=false` for both.',
    '',
    ...commandTable([ours, theirs], { memHeader: 'peak RSS (largest process)' }),
    '',
    `Ratio this project / stock: **${fmtRatio(ratio)}**.`,
    '',
  ].join('\n'));
  goals.push({ goal: '(b) `npx cdk8s synth` ≤ 0.5× the stock ts-node app', measured: fmtRatio(ratio), met: ratio <= 0.5 });
}

const MODES = [
  { mode: 'l1', name: 'plain L1, no validation' },
  { mode: 'constructs', name: 'constructs, synth' },
  { mode: 'checked', name: 'constructs, synth + validate + plan' },
];

function scaleCase(workloads, replicas) {
  const scale = path.join(root, 'build', 'bench', 'apps', 'scale.js');
  const outs = MODES.map(m => path.join(work, `c-${m.mode}-${workloads}-${replicas}`));
  const heavy = workloads * replicas >= 10000 || workloads >= 1000;
  const commands = MODES.map((m, i) => ({
    name: m.name,
    command: `node ${scale} ${m.mode} ${workloads} ${replicas}`,
    env: { CDK8S_OUTDIR: outs[i] },
  }));
  const results = measure(commands, { runs: heavy ? HEAVY_RUNS : RUNS, warmup: heavy ? 0 : WARMUP });
  for (const out of outs.slice(1)) {
    if (!sameFiles(outs[0], out)) {
      throw new Error(`scale ${workloads}x${replicas}: ${out} differs from the plain L1 app's output`);
    }
  }
  return results;
}

/** (c) Scaling: N workloads of 3 replicas, and one workload of R replicas. */
function partC() {
  const table = (title, cases) => {
    const lines = [
      title,
      '',
      row(['workloads × replicas', 'objects', ...MODES.map(m => `${m.name}: wall / peak RSS`), 'checked / L1', 'checked, ms per workload']),
      row(['---', '---:', ...MODES.map(() => '---:'), '---:', '---:']),
    ];
    const results = [];
    for (const [workloads, replicas] of cases) {
      log(`  (c) ${workloads} x ${replicas}`);
      const r = scaleCase(workloads, replicas);
      results.push({ workloads, replicas, r });
      const objects = workloads * (3 + replicas); // StatefulSet, Service, PodDisruptionBudget, one PV per replica
      const checked = r[2];
      lines.push(row([
        `${workloads.toLocaleString('en')} × ${replicas.toLocaleString('en')}`, objects.toLocaleString('en'),
        ...r.map(m => `${fmtS(m.wall)} / ${fmtMem(m.mem)}`),
        fmtRatio(checked.wall / r[0].wall),
        (checked.wall * 1000 / workloads).toFixed(2),
      ]));
    }
    return { lines, results };
  };
  const byN = table('### N workloads of 3 replicas (static NFS PVs)', SCALE_N.map(n => [n, 3]));
  const byR = table('### One workload of R replicas', SCALE_R.map(r => [1, r]));
  sections.push([
    '## (c) Scaling',
    '',
    'Each workload is a StatefulSet with a claim template, its headless Service, its PodDisruptionBudget (a default of the library) and one static NFS PersistentVolume per replica, pre-bound to its claim. Three modes of `bench/apps/scale.ts`, compiled by the build (build/bench/apps/scale.js) and run with `node`, so the three load alike: the plain L1 classes of imports/k8s.ts with no validation; this library; this library, then, in the same process on the objects `App.synth()` rendered, `validate` (strict schema, names, wiring, binding, pod security) and `plan` as `cdk8s-stateful` runs them (`bench/apps/check.ts`). All three write byte-identical YAML (checked). '
      + `Runs: ${RUNS} (${HEAVY_RUNS} for N ≥ 1,000 and R ≥ 1,000), medians.`,
    '',
    ...byN.lines,
    '',
    ...byR.lines,
    '',
  ].join('\n'));
  const largest = byN.results[byN.results.length - 1];
  const [l1, , checked] = largest.r;
  const ratio = checked.wall / l1.wall;
  goals.push({ goal: `(c) N = ${largest.workloads.toLocaleString('en')}: checked ≤ 1.0× plain L1`, measured: fmtRatio(ratio), met: ratio <= 1.0 });
  goals.push({ goal: `(c) N = ${largest.workloads.toLocaleString('en')}: checked peak RSS ≤ 500 MiB`, measured: fmtMem(checked.mem), met: checked.mem === undefined ? undefined : checked.mem <= 500 });
  const at = (n) => byN.results.find(x => x.workloads === n);
  if (at(1000) && at(10000)) {
    const per = (x) => x.r[2].wall / x.workloads;
    const growth = per(at(10000)) / per(at(1000));
    goals.push({ goal: '(c) checked time per workload flat from N = 1,000 to 10,000 (within 25%)', measured: `${(per(at(1000)) * 1000).toFixed(2)} → ${(per(at(10000)) * 1000).toFixed(2)} ms (${fmtRatio(growth)})`, met: growth <= 1.25 });
  }
  return byN.results;
}

/**
 * (d) `cdk8s-stateful validate` on 50,004 objects: 8,334 renamed copies of
 * dist/ (every `k8sdemo` becomes `k8sdemoN`, so that the set stays valid and
 * names do not collide) in one file, against js-yaml's `loadAll` parsing the
 * same file and nothing else.
 */
function partD() {
  const copies = Math.ceil(VALIDATE_OBJECTS / 6);
  const dist = fs.readFileSync(path.join(root, 'dist', 'k8sdemo.k8s.yaml'), 'utf-8');
  const file = path.join(work, 'd-manifests.yaml');
  const fd = fs.openSync(file, 'w');
  for (let i = 0; i < copies; i++) fs.writeSync(fd, `${i ? '---\n' : ''}${dist.replace(/k8sdemo/g, `k8sdemo${i}`)}`);
  fs.closeSync(fd);
  const objects = copies * (dist.match(/^kind: /gm) ?? []).length;
  const jsYaml = path.join(path.dirname(require.resolve('js-yaml/package.json')), '..', 'js-yaml');
  const parseOnly = `node -e 'require("${jsYaml}").loadAll(require("fs").readFileSync(process.argv[1], "utf8"))' ${file}`;
  const command = `node bin/cdk8s-stateful.js validate ${file}`;
  const [ours, ref] = measure([
    { name: 'validate', command },
    { name: 'js-yaml loadAll', command: parseOnly },
  ], { runs: HEAVY_RUNS, warmup: 0 });
  const ratio = ours.wall / ref.wall;
  const memRatio = ours.mem !== undefined && ref.mem !== undefined ? ours.mem / ref.mem : undefined;
  const mb = (fs.statSync(file).size / 2 ** 20).toFixed(1);
  sections.push([
    '## (d) validate of a large input vs parsing it alone',
    '',
    `\`cdk8s-stateful validate\` (what \`npm run validate -- FILE\` runs) on ${objects.toLocaleString('en')} objects, ${copies.toLocaleString('en')} renamed copies of \`dist/k8sdemo.k8s.yaml\` in one ${mb} MiB file (0 errors), against js-yaml ${require('js-yaml/package.json').version} \`loadAll\` of the same file and nothing else. ${ours.runs} paired run(s).`,
    '',
    ...commandTable([ours, ref], { label: shownCommand }),
    '',
    `Ratio validate / loadAll: time **${fmtRatio(ratio)}**, memory **${memRatio === undefined ? 'n/a' : fmtRatio(memRatio)}**.`,
    '',
  ].join('\n'));
  goals.push({ goal: `(d) validate ${objects.toLocaleString('en')} objects ≤ 1.0× js-yaml loadAll time`, measured: fmtRatio(ratio), met: ratio <= 1.0 });
  goals.push({ goal: `(d) validate ${objects.toLocaleString('en')} objects ≤ 1.5× js-yaml loadAll memory`, measured: memRatio === undefined ? 'n/a' : fmtRatio(memRatio), met: memRatio === undefined ? undefined : memRatio <= 1.5 });
}

/** (e) `npm run synth` (validation plugin on) against cdk8s-cli's own floor. */
function partE() {
  const floorDir = path.join(work, 'e-floor');
  fs.mkdirSync(floorDir, { recursive: true });
  const cdk8s = path.join(path.dirname(require.resolve('cdk8s-cli/package.json')), 'bin', 'cdk8s');
  // The issue's reference: cdk8s-cli starting, running an app that does nothing, and stopping.
  // Run in an empty folder, since it deletes its output folder (dist/) first; it then exits 1
  // ("app expected to create dist"), which is expected.
  const floor = `node ${cdk8s} synth --app true --no-validate`;
  const out = path.join(work, 'e-out');
  const synth = `npm run synth -- --output ${out}`;
  const [ours, ref] = measure([
    { name: '`npm run synth`', command: synth },
    { name: 'cdk8s-cli floor', command: floor, cwd: floorDir, expectFailure: /app expected to create/ },
  ], { runs: smoke ? RUNS : Math.max(RUNS, 10), warmup: smoke ? 0 : 2 });
  const ratio = ours.wall / ref.wall;
  sections.push([
    '## (e) `npm run synth` vs cdk8s-cli\'s floor',
    '',
    `\`npm run synth\` (the README's command; the app, then the validation plugin of cdk8s.yaml on the ${'6'} objects; \`--output\` to a temporary folder) against cdk8s-cli doing nothing: \`${floor.replace(root + '/', '')}\`, in an empty folder. ${ours.runs} paired runs.`,
    '',
    ...commandTable([ours, ref], { label: shownCommand, memHeader: 'peak RSS (largest process)' }),
    '',
    `Ratio: **${fmtRatio(ratio)}**.`,
    '',
  ].join('\n'));
  goals.push({ goal: '(e) `npm run synth` ≤ 1.3× cdk8s-cli\'s floor', measured: fmtRatio(ratio), met: ratio <= 1.3 });
}

/** (f) `cdk8s-stateful validate dist` (6 objects) against Node.js starting and stopping. */
function partF() {
  const command = 'node bin/cdk8s-stateful.js validate dist';
  const [ours, ref] = measure([
    { name: 'validate dist', command },
    { name: 'node -e 0', command: 'node -e 0' },
  ], { runs: smoke ? RUNS : Math.max(RUNS, 20), warmup: smoke ? 0 : 3 });
  const ratio = ours.wall / ref.wall;
  sections.push([
    '## (f) `cdk8s-stateful validate dist` vs `node -e 0`',
    '',
    `The command on the committed \`dist/\` (6 objects), as \`npx cdk8s-stateful validate dist\` runs it, against Node.js alone. ${ours.runs} paired runs.`,
    '',
    ...commandTable([ours, ref], { label: shownCommand }),
    '',
    `Ratio: **${fmtRatio(ratio)}**.`,
    '',
  ].join('\n'));
  goals.push({ goal: '(f) `cdk8s-stateful validate dist` ≤ 2.5× `node -e 0`', measured: fmtRatio(ratio), met: ratio <= 2.5 });
}

// -------------------------------------------------------------------- main

function main() {
  const started = Date.now();
  const load0 = os.loadavg();
  log(`bench: ${smoke ? 'smoke' : 'full'} run, ${RUNS} run(s), work folder ${work}`);
  if (!GNU_TIME) log('bench: /usr/bin/time not found (Debian package `time`); peak memory is not measured');
  ensureBuilt();
  const run = { a: partA, b: partB, c: partC, d: partD, e: partE, f: partF };
  for (const part of PARTS) {
    if (!ONLY.has(part)) continue;
    log(`bench: part (${part})`);
    current = part;
    parts[part] = { sections: [], goals: [], at: new Date().toISOString(), loadavg: os.loadavg()[0] };
    run[part]();
  }
  const load1 = os.loadavg();
  const cpu = os.cpus();
  const header = [
    `# Benchmark results${smoke ? ' (smoke run: small N, one run; not the figures of bench/README.md)' : ''}`,
    '',
    `Written by \`node bench/run.js ${args.join(' ')}\`${smoke ? '' : ' (`npm run bench`)'} on ${new Date().toISOString()}.`,
    '',
    `- machine: ${cpu.length} cores (${cpu[0]?.model?.trim() ?? 'unknown CPU'}), ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB RAM, ${os.type()} ${os.release()}`,
    `- node ${process.version}; ${have('kubectl', ['version', '--client'])?.split('\n').join(', ') ?? 'no kubectl'}; peak memory: ${GNU_TIME ? 'GNU time %M (max RSS of the largest process)' : 'not measured (/usr/bin/time missing)'}`,
    `- load average (1 min) ${load0[0].toFixed(2)} at start, ${load1[0].toFixed(2)} at the end: other processes shared the cores, so single timings are noisy; pairs are interleaved so that load falls on both sides alike`,
    `- total bench time ${((Date.now() - started) / 1000).toFixed(0)} s`,
    '',
    '## Goals',
    '',
  ];
  // Parts not run now keep their figures of the last run (bench/results.json), so that
  // `--only d` does not wipe the others.
  const store = OUT.replace(/\.md$/, '.json');
  const previous = !smoke && fs.existsSync(store) ? JSON.parse(fs.readFileSync(store, 'utf-8')).parts ?? {} : {};
  const all = { ...previous, ...parts };
  const order = PARTS.filter(p => all[p]);
  const goalRows = order.flatMap(p => all[p].goals.map(g => row([g.goal, g.measured, g.met === undefined ? 'not measured' : g.met ? 'met' : '**missed**', `${all[p].at.slice(0, 16).replace('T', ' ')} UTC, load ${all[p].loadavg.toFixed(1)}`])));
  header.push(row(['goal', 'measured', 'verdict', 'measured on']), row(['---', '---:', '---', '---']), ...goalRows, '');
  const sectionText = order.flatMap(p => all[p].sections);
  fs.mkdirSync(path.dirname(OUT), { recursive: true });
  fs.writeFileSync(OUT, [...header, ...sectionText].join('\n'));
  if (!smoke) fs.writeFileSync(store, `${JSON.stringify({ parts: all }, null, 1)}\n`);
  log(`bench: wrote ${OUT}`);
  if (!smoke && !args.includes('--out') && PARTS.every(p => ONLY.has(p))) {
    // bench/README.md shows the latest full run verbatim, between these markers.
    const readme = path.join(root, 'bench', 'README.md');
    const text = fs.readFileSync(readme, 'utf-8');
    const start = '<!-- bench:results:start (written by node bench/run.js; do not edit) -->';
    const end = '<!-- bench:results:end -->';
    const [before, rest] = text.split(start);
    if (rest === undefined || !rest.includes(end)) throw new Error(`${readme} lacks the results markers`);
    const body = [...header, ...sectionText].join('\n').replace(/^# Benchmark results/, '### Results of the latest full run').replace(/^## /gm, '#### ');
    fs.writeFileSync(readme, `${before}${start}\n${body}\n${end}${rest.split(end)[1]}`);
    log(`bench: updated ${readme}`);
  }
  process.stdout.write([...header, ...sectionText].join('\n'));
  fs.rmSync(work, { recursive: true, force: true });
}

main();
