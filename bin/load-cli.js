'use strict';
// Loads a module of the command (build/cli/, made by the one build,
// scripts/build.js). In a checkout, bin/build-state.js first builds again
// when a source changed since the last build, so that a stale build never
// runs; the installed package ships build/ and no sources. Nothing is ever
// compiled from TypeScript at run time.
const path = require('path');
const { ensureBuilt, enableCompileCache } = require('./build-state');

function loadCli(name) {
  enableCompileCache();
  return require(path.join(ensureBuilt(), 'cli', `${name}.js`));
}

module.exports = { loadCli };
