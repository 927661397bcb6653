#!/usr/bin/env node
// The cdk8s-stateful command: build/cli/main.js (bin/load-cli.js).
'use strict';
const { loadCli } = require('./load-cli');

loadCli('main').main(process.argv.slice(2)).then(
  code => { process.exitCode = code; },
  err => { process.stderr.write(`${err && err.stack || err}\n`); process.exitCode = 2; },
);
