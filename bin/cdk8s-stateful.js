#!/usr/bin/env node
// The cdk8s-stateful command: build/cli/main.js (bin/load-cli.js), except
// `synth`, which runs nothing from build/ and must not wait for it (bin/synth.js).
'use strict';

const args = process.argv.slice(2);
const run = args[0] === 'synth'
  ? () => require('./synth').synth(args.slice(1))
  : () => require('./load-cli').loadCli('main').main(args);

run().then(
  code => { process.exitCode = code; },
  err => { process.stderr.write(`${err && err.stack || err}\n`); process.exitCode = 2; },
);
