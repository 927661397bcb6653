#!/usr/bin/env node
// The cdk8s-stateful command. Runs the compiled JavaScript when the package
// was built (cli/main.js next to cli/main.ts, or build/cli/main.js in the
// installed package), else the TypeScript sources
// through ts-node in transpile-only mode (type checking is `npm run typecheck`).
'use strict';
const { loadCli } = require('./load-cli');

loadCli('main').main(process.argv.slice(2)).then(
  code => { process.exitCode = code; },
  err => { process.stderr.write(`${err && err.stack || err}\n`); process.exitCode = 2; },
);
