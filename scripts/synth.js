#!/usr/bin/env node
/**
 * `npm run synth`: cdk8s-cli's own `synth` command (cdk8s-cli/lib/cli/cmds/synth.js,
 * the code `npx cdk8s synth` runs), with the given arguments, in this process.
 *
 * - Only the synth command is loaded. `cdk8s` loads every command to parse
 *   its command line, `import` included, which pulls in TypeScript and
 *   jsii-pacmak: about half of its start-up (docs/speed.md).
 * - No upgrade check: it asks the npm registry, and prints a stack trace when
 *   offline. `--check-upgrade` is accepted and ignored.
 * - When the app fails, the app has already said why on stderr (one
 *   `error: ...` line for a user mistake, a stack trace for a bug); cdk8s-cli's
 *   own trace of the app's exit code adds nothing and is not printed. The exit
 *   code is the app's. Other errors of cdk8s-cli print as one `error:` line.
 */
'use strict';
const path = require('path');

const cli = path.dirname(require.resolve('cdk8s-cli/package.json'));
const Yargs = require(require.resolve('yargs/yargs', { paths: [cli] }));
const synth = require(path.join(cli, 'lib', 'cli', 'cmds', 'synth.js'));

const APP_FAILED = /^command ".*" at .* returned a non-zero exit code (\d+)$/s;

async function main() {
  const parser = synth.builder(Yargs(process.argv.slice(2)))
    .option('check-upgrade', { type: 'boolean', hidden: true })
    .env('CDK8S')
    .usage('npm run synth -- [options]: cdk8s synth, without the upgrade check')
    .help();
  await synth.handler(parser.argv);
}

main().catch(e => {
  const failed = APP_FAILED.exec(String(e && e.message));
  if (failed) {
    process.exitCode = Number(failed[1]) || 1;
    return;
  }
  process.stderr.write(`error: ${e && e.message || e}\n`);
  process.exitCode = 1;
});
