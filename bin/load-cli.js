'use strict';
// Loads a module of cli/: compiled JavaScript when present (next to the
// source, or in build/cli/ of the installed package, which has no sources),
// else the TypeScript source through ts-node (transpile-only, no type checking).
const fs = require('fs');
const path = require('path');

const root = path.join(__dirname, '..');

function loadCli(name) {
  const compiled = path.join(root, 'cli', `${name}.js`);
  if (fs.existsSync(compiled)) {
    return require(compiled);
  }
  // The installed package ships no sources, only the jsii build (npm run build).
  const built = path.join(root, 'build', 'cli', `${name}.js`);
  if (!fs.existsSync(path.join(root, 'cli', `${name}.ts`)) && fs.existsSync(built)) {
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
