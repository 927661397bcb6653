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
    require('ts-node').register({ transpileOnly: true, project: path.join(root, 'tsconfig.json') });
  }
  return require(path.join(root, 'cli', `${name}.ts`));
}

module.exports = { loadCli };
