'use strict';
// Loads a module of cli/: compiled JavaScript when present, else the
// TypeScript source through ts-node (transpile-only, no type checking).
const fs = require('fs');
const path = require('path');

const root = path.join(__dirname, '..');

function loadCli(name) {
  const compiled = path.join(root, 'cli', `${name}.js`);
  if (fs.existsSync(compiled)) {
    return require(compiled);
  }
  if (!process[Symbol.for('ts-node.register.instance')]) {
    let tsNode;
    try {
      tsNode = require('ts-node');
    } catch {
      throw new Error(`cdk8s-stateful: neither ${compiled} nor ts-node is installed; build the package (tsc) or install ts-node`);
    }
    tsNode.register({ transpileOnly: true, project: path.join(root, 'tsconfig.json') });
  }
  return require(path.join(root, 'cli', `${name}.ts`));
}

module.exports = { loadCli };
