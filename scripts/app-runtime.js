'use strict';
// Bundled into build/app.js by scripts/build-app.js, and so into the startup
// snapshot build/app.blob. On every run it checks that the sources the bundle
// was built from are unchanged, and rebuilds and reruns the app when one is
// not: a stale build is never synthesized.
const crypto = require('crypto');
const fs = require('fs');
const path = require('path');
const { spawnSync } = require('child_process');

const REBUILT = 'CDK8S_STATEFUL_REBUILT';

function sha1(file) {
  return crypto.createHash('sha1').update(fs.readFileSync(file)).digest('hex');
}

/**
 * The first input that is not what the bundle was built from, or undefined.
 * A file of the same size and modification time is unchanged; otherwise a
 * project file is compared by content (so a checkout or a touch that leaves it
 * as it was costs no rebuild), and a file under node_modules, which only npm
 * changes, counts as changed.
 */
function staleInput(root, inputs) {
  for (const input of inputs) {
    // Input paths are relative and normalized with '/', which every platform's fs accepts.
    const file = `${root}/${input.path}`;
    const stat = fs.statSync(file, { throwIfNoEntry: false });
    if (stat === undefined) {
      return input.path;
    }
    if (stat.size === input.size && stat.mtimeMs === input.mtimeMs) {
      continue;
    }
    if (input.sha1 === undefined || stat.size !== input.size || sha1(file) !== input.sha1) {
      return input.path;
    }
  }
  return undefined;
}

function rebuildAndRun(root, changed) {
  if (process.env[REBUILT]) {
    process.stderr.write(`error: ${changed} changed again while build/app.js was rebuilt; run the synth again\n`);
    process.exitCode = 1;
    return;
  }
  process.stderr.write(`${changed} changed since build/app.js was built; rebuilding\n`);
  const build = spawnSync(process.execPath, [path.join(root, 'scripts', 'build-app.js')], { stdio: 'inherit' });
  if (build.status !== 0) {
    process.exitCode = build.status ?? 1;
    return;
  }
  const run = spawnSync('sh', [path.join(root, 'scripts', 'app.sh')], {
    stdio: 'inherit',
    env: { ...process.env, [REBUILT]: '1' },
  });
  process.exitCode = run.status ?? 1;
}

/**
 * Runs `main` when the build is fresh. The project root is the last argument
 * (scripts/app.sh passes it), since a snapshot has no script path.
 */
function start(inputs, main) {
  const root = process.argv[process.argv.length - 1];
  const changed = staleInput(root, inputs);
  if (changed !== undefined) {
    rebuildAndRun(root, changed);
    return;
  }
  main();
}

module.exports = { start, staleInput };
