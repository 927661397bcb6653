'use strict';
// Loads a module of cli/: compiled JavaScript when present (next to the
// source, or in build/cli/ of the installed package, which has no sources, or
// of a checkout whose jsii build is newer than every source it compiles), else
// the TypeScript source through ts-node (transpile-only, no type checking),
// which costs about a second and a half of start-up.
const fs = require('fs');
const path = require('path');

const root = path.join(__dirname, '..');
const SOURCE_DIRS = ['cli', 'lib', 'imports'];

/** True when build/ (npm run build) is newer than every .ts file it is compiled from. */
function buildIsFresh(built) {
  let builtAt;
  try {
    builtAt = fs.statSync(built).mtimeMs;
  } catch {
    return false;
  }
  return SOURCE_DIRS.every(dir => olderThan(path.join(root, dir), builtAt));
}

/** True when every .ts file under `dir`, subfolders included (cli/rules/), is older than `time`. */
function olderThan(dir, time) {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory() ? !olderThan(file, time) : entry.name.endsWith('.ts') && fs.statSync(file).mtimeMs > time) {
      return false;
    }
  }
  return true;
}

function loadCli(name) {
  const compiled = path.join(root, 'cli', `${name}.js`);
  if (fs.existsSync(compiled)) {
    return require(compiled);
  }
  // The installed package ships no sources, only the jsii build (npm run build).
  const built = path.join(root, 'build', 'cli', `${name}.js`);
  const hasSources = fs.existsSync(path.join(root, 'cli', `${name}.ts`));
  if ((!hasSources && fs.existsSync(built)) || (hasSources && buildIsFresh(built))) {
    return require(built);
  }
  if (!process[Symbol.for('ts-node.register.instance')]) {
    let tsNode;
    try {
      tsNode = require('ts-node');
    } catch {
      throw new Error(`cdk8s-stateful: neither ${compiled} nor ts-node is installed; build the package (npm run build) or install ts-node`);
    }
    tsNode.register({ transpileOnly: true, project: path.join(root, 'tsconfig.json') });
  }
  return require(path.join(root, 'cli', `${name}.ts`));
}

module.exports = { loadCli };
