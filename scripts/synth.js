#!/usr/bin/env node
/**
 * `npm run synth`: runs `cdk8s synth --check-upgrade=false` with the given
 * arguments. When the app refuses bad config or props, the app prints one
 * line (`error: ...`) and exits 1; cdk8s-cli then adds the stack trace of its
 * own "returned a non-zero exit code" error. This drops that trace, so a user
 * mistake reads as one line. Everything else is passed through unchanged.
 */
'use strict';
const { spawnSync } = require('child_process');
const path = require('path');

const cli = path.join(path.dirname(require.resolve('cdk8s-cli/package.json')), 'bin', 'cdk8s');
const result = spawnSync(process.execPath, [cli, 'synth', '--check-upgrade=false', ...process.argv.slice(2)], {
  stdio: ['inherit', 'inherit', 'pipe'],
  encoding: 'utf-8',
});
let stderr = result.stderr ?? '';
const appFailed = /^Error: command ".*" at .* returned a non-zero exit code \d+\n(?: {4}at .*\n?)*/m;
if (result.status !== 0 && /^error: /m.test(stderr)) {
  stderr = stderr.replace(appFailed, '');
}
process.stderr.write(stderr);
process.exit(result.status ?? 1);
