'use strict';
// Keeps build/ in step with the sources, for the three things that run from
// it: the app (scripts/app.js, the `app:` of cdk8s.yaml), the cdk8s-stateful
// command and the cdk8s validation plugin (bin/load-cli.js).
//
// build/ is made by one build, scripts/build.js (npm run build; `prepare`, so
// `npm ci` runs it). It records the state of every input it compiled
// (build/inputs.json: path, size, modification time, SHA-1). Before anything
// runs from build/, `ensureBuilt` compares that record with the sources and
// runs the build again when one was added, removed or changed, so that a run
// never uses stale code. Cost when nothing changed: one readdir per source
// folder and one stat per file (about a millisecond for the ~70 inputs).
//
// The installed package has no sources (no tsconfig.build.json): its build/
// is what it ships, and nothing is checked.
const fs = require('fs');
const path = require('path');

const root = path.resolve(__dirname, '..');
const BUILD = path.join(root, 'build');
const RECORD = path.join(BUILD, 'inputs.json');
/** Folders compiled by tsconfig.build.json (searched recursively for .ts files). */
const SOURCE_DIRS = ['app', 'bench/apps', 'cli', 'imports', 'lib'];
/** Single files the build reads. */
const SOURCE_FILES = ['main.ts', 'tsconfig.build.json', 'scripts/build.js', 'schema/kubernetes/v1.27.0/_definitions.json'];

function walk(dir, out) {
  let entries;
  try {
    entries = fs.readdirSync(path.join(root, dir), { withFileTypes: true });
  } catch {
    return;
  }
  for (const e of entries) {
    const rel = `${dir}/${e.name}`;
    if (e.isDirectory()) walk(rel, out);
    else if (e.name.endsWith('.ts') && !e.name.endsWith('.d.ts')) out.push(rel);
  }
}

/** The build's inputs now: sorted relative paths with size and modification time. */
function currentInputs() {
  const files = [];
  for (const dir of SOURCE_DIRS) walk(dir, files);
  for (const f of SOURCE_FILES) if (fs.existsSync(path.join(root, f))) files.push(f);
  files.sort();
  return files.map(f => {
    const s = fs.statSync(path.join(root, f));
    return { path: f, size: s.size, mtimeMs: s.mtimeMs };
  });
}

function sha1(file) {
  return require('crypto').createHash('sha1').update(fs.readFileSync(path.join(root, file))).digest('hex');
}

/** The inputs with their content hashes, taken before a build (an edit made during it counts as a change). */
function recordInputs() {
  return currentInputs().map(i => ({ ...i, sha1: sha1(i.path) }));
}

/**
 * Why build/ is stale: the first input added, removed or changed since the
 * build, or a missing record; undefined when build/ is current. A file with
 * another modification time but the same content (a checkout, a touch) is
 * unchanged.
 */
function staleReason() {
  let recorded;
  try {
    recorded = JSON.parse(fs.readFileSync(RECORD, 'utf-8'));
  } catch {
    return 'build/ is missing or incomplete';
  }
  const now = currentInputs();
  const before = new Map(recorded.map(r => [r.path, r]));
  for (const i of now) {
    const r = before.get(i.path);
    if (r === undefined) return `${i.path} is new`;
    before.delete(i.path);
    if (r.size === i.size && r.mtimeMs === i.mtimeMs) continue;
    if (r.size !== i.size || r.sha1 !== sha1(i.path)) return `${i.path} changed`;
  }
  for (const gone of before.keys()) return `${gone} was removed`;
  return undefined;
}

const sleep = (ms) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);

/**
 * Runs the build when build/ is stale; returns build/. One build at a time:
 * a process that finds another one building waits for it, then checks again.
 */
function ensureBuilt() {
  if (!fs.existsSync(path.join(root, 'tsconfig.build.json'))) return BUILD;
  for (let attempt = 0; ; attempt++) {
    const reason = staleReason();
    if (reason === undefined) return BUILD;
    fs.mkdirSync(BUILD, { recursive: true });
    const lock = path.join(BUILD, '.lock');
    try {
      fs.mkdirSync(lock);
    } catch (e) {
      if (e.code !== 'EEXIST') throw e;
      // Another process builds; a lock older than 10 minutes is left over from a killed build.
      const age = Date.now() - fs.statSync(lock, { throwIfNoEntry: false })?.mtimeMs;
      if (age > 600000) fs.rmSync(lock, { recursive: true, force: true });
      else sleep(200);
      continue;
    }
    let failed;
    try {
      if (staleReason() === undefined) return BUILD;
      process.stderr.write(`cdk8s-stateful: ${reason} since the last build; building (npm run build)\n`);
      const r = require('child_process').spawnSync(process.execPath, [path.join(root, 'scripts', 'build.js')], {
        cwd: root, stdio: ['ignore', process.stderr, process.stderr],
      });
      if (r.status !== 0) failed = r.status ?? r.signal;
    } finally {
      fs.rmSync(lock, { recursive: true, force: true });
    }
    if (failed !== undefined) {
      process.stderr.write(`error: the build failed (exit ${failed}); fix the errors above and run the command again\n`);
      process.exit(1);
    }
    if (attempt > 3) return BUILD;
  }
}

/**
 * Node.js 22.1 and later keep the code V8 compiled from build/ and the
 * packages between runs (module.enableCompileCache; a Node.js cache, not a
 * build: it is checked against each file's content and refilled by itself).
 * In a checkout the cache lives in build/.compile-cache; Node.js 20 has no
 * such cache and starts as before.
 */
function enableCompileCache() {
  const mod = require('module');
  if (typeof mod.enableCompileCache === 'function' && fs.existsSync(path.join(root, 'tsconfig.build.json'))) {
    mod.enableCompileCache(path.join(BUILD, '.compile-cache'));
  }
}

module.exports = { ensureBuilt, enableCompileCache, staleReason, recordInputs, currentInputs, SOURCE_DIRS, SOURCE_FILES };
