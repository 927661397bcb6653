#!/usr/bin/env node
// The one build of the project (npm run build; the `prepare` script, so
// `npm ci`, `npm install` and `npm pack` run it). It makes everything that runs:
//   1. jsii compiles tsconfig.build.json's sources (main.ts, app/, lib/,
//      imports/, cli/, bench/apps/) into build/ and writes the .jsii assembly
//      that other languages need (only lib/ is the package's API);
//   2. the strict schema validators are compiled ahead of time with Ajv's
//      standalone code (build/cli/schema-validators/, and the kinds they
//      validate in build/cli/schema-kinds.json; see cli/schema-compile.ts);
//   3. build/inputs.json records the inputs, so that bin/build-state.js can
//      tell when build/ is stale and run this again.
// Type errors fail the build (noEmitOnError), as `npx ts-node main.ts` would.
'use strict';
const fs = require('fs');
const path = require('path');
const { spawnSync } = require('child_process');

const root = path.resolve(__dirname, '..');
const build = path.join(root, 'build');
const { recordInputs } = require('../bin/build-state');

const started = Date.now();
// Taken before compiling: an edit made during the build makes the next run build again.
const inputs = recordInputs();
fs.rmSync(path.join(build, 'inputs.json'), { force: true });

// JSII6: the peers (cdk8s, cdk8s-plus-27, constructs) are deliberately not repeated in
// devDependencies (npm installs peers itself, and npm audit --omit=dev covers them).
const jsii = spawnSync(process.execPath, [require.resolve('jsii/bin/jsii'), '--silence-warnings=reserved-word', '--silence-warnings=JSII6', ...process.argv.slice(2)], {
  cwd: root,
  stdio: ['ignore', 'inherit', 'inherit'],
  // jsii 5.9 prints a banner on Node.js 20, which reached its end of life on
  // 2026-04-30 and which jsii stopped supporting on 2026-10-30. Node.js 20 is
  // still a runtime this package supports (package.json engines, the CI
  // matrix builds and tests on it), so the build says nothing about it.
  env: { ...process.env, JSII_SILENCE_WARNING_DEPRECATED_NODE_VERSION: '1', JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION: '20' },
});
if (jsii.status !== 0) {
  process.exit(jsii.status ?? 1);
}

const { compileSchema, definitionsFile } = require(path.join(build, 'cli', 'schema-compile.js'));
const { modules, kinds } = compileSchema(definitionsFile(root));
const validators = path.join(build, 'cli', 'schema-validators');
fs.rmSync(validators, { recursive: true, force: true });
fs.mkdirSync(validators);
for (const [file, code] of Object.entries(modules)) {
  fs.writeFileSync(path.join(validators, file), code);
}
fs.writeFileSync(path.join(build, 'cli', 'schema-kinds.json'), `${JSON.stringify(kinds)}\n`);

fs.writeFileSync(path.join(build, 'inputs.json'), `${JSON.stringify(inputs, null, 1)}\n`);
if (process.env.CDK8S_STATEFUL_BUILD_VERBOSE) {
  process.stderr.write(`built build/ from ${inputs.length} inputs in ${Date.now() - started} ms\n`);
}
