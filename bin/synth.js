'use strict';
// `cdk8s-stateful synth [cdk8s synth options]`, which is also this project's
// `npm run synth`: cdk8s-cli's own synth command (lib/cli/cmds/synth.js, the
// code `npx cdk8s synth` runs), from the cdk8s-cli installed where it runs,
// in this process. It differs from `npx cdk8s synth` in four ways:
//
// - Only the synth command is loaded. `cdk8s` loads every command to parse
//   its command line, `import` included, which pulls in TypeScript: about
//   half of its start-up (docs/speed.md).
// - No upgrade check: it asks the npm registry, and prints a stack trace when
//   offline. `--check-upgrade` (or CDK8S_CHECK_UPGRADE) is accepted and ignored.
// - When the app fails, the app has already said why on stderr (one
//   `error: ...` line for a user mistake, a stack trace for a bug):
//   cdk8s-cli's own trace of the app's exit code adds nothing and is not
//   printed, and the exit code is the app's. Any other error of cdk8s-cli
//   (a bad option, a cdk8s.yaml that is not YAML) prints its message after
//   `error: `, without a stack trace, exit 1.
// - An unknown option or argument (`--ouput`) is one `error:` line, exit 1,
//   where cdk8s-cli ignores it; `-h` is `--help`.
//
// Plain JavaScript in bin/, like bin/build-state.js, because it must run
// before build/ is brought up to date: cdk8s-cli deletes its output folder,
// then runs the app, and in a checkout the app (scripts/app.js) builds first
// when a source changed. So a failed build fails the synth as any failed app
// does, and leaves no manifest to apply. A command loaded from build/ would
// have to build before cdk8s-cli runs, and a failed build would leave the
// previous manifests in place.
const fs = require('fs');
const path = require('path');

/** The message cdk8s-cli's `shell()` (src/util.ts) rejects with when the app exits non-zero. */
const APP_FAILED = /^command ".*" at .* returned a non-zero exit code (\d+)$/s;

/** Where cdk8s-cli keeps its synth command, in every release from 1.0.0 to 2.207.60 (docs/cli.md, "cdk8s-stateful synth"). */
const SYNTH_COMMAND = path.join('lib', 'cli', 'cmds', 'synth.js');

/** A cdk8s-cli that is missing, or laid out differently: the message names the fix. */
class SetupError extends Error {}

/** An option yargs refuses (unknown, or missing its value). */
class OptionError extends Error {}

/** The install command of the cdk8s-cli this package is tested with (its devDependencies pin). */
function installTested() {
  const tested = require('../package.json').devDependencies['cdk8s-cli'];
  return `npm install --save-dev --save-exact cdk8s-cli@${tested}`;
}

/** cdk8s-cli's synth command, and the yargs it parses its options with, from the cdk8s-cli installed for `cwd`. */
function loadCdk8sCli(cwd) {
  let dir;
  try {
    dir = path.dirname(require.resolve('cdk8s-cli/package.json', { paths: [cwd] }));
  } catch {
    throw new SetupError(`cdk8s-cli is not installed in ${cwd}; install it: ${installTested()}`);
  }
  let command;
  let yargs;
  if (fs.existsSync(path.join(dir, SYNTH_COMMAND))) {
    command = require(path.join(dir, SYNTH_COMMAND));
    try {
      yargs = require(require.resolve('yargs/yargs', { paths: [dir] }));
    } catch {
      // left undefined: reported below
    }
  }
  if (typeof command?.builder !== 'function' || typeof command?.handler !== 'function' || typeof yargs !== 'function') {
    const { version } = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf-8'));
    throw new SetupError(`cdk8s-cli ${version} in ${dir} has no synth command at ${SYNTH_COMMAND}, which cdk8s-stateful synth runs; install the cdk8s-cli it is tested with: ${installTested()}`);
  }
  return { command, yargs };
}

/** `plugins-dir` and `PLUGINS_DIR` as yargs-parser names their keys: `pluginsDir`. */
function camelCase(name) {
  return name.toLowerCase().replace(/[-_]+(.)/g, (_, c) => c.toUpperCase());
}

/** Runs `cdk8s synth ARGS` for the app of the working folder (see the file comment); resolves to the exit code. */
async function synth(args) {
  try {
    // cdk8s-cli's synth command reads cdk8s.yaml when it is loaded: a bad one fails here.
    const cli = loadCdk8sCli(process.cwd());
    const parser = cli.command.builder(cli.yargs(args))
      .option('check-upgrade', { type: 'boolean', hidden: true })
      .env('CDK8S')
      .usage('cdk8s-stateful synth [options]: cdk8s synth, without the upgrade check, user errors in one line')
      .help('help')
      .alias('help', 'h')
      // An unknown option (a typo such as --ouput) is an error, not a silent synth to the
      // default folder; yargs reports it through fail(), one line here.
      .strict()
      .fail((message, error) => { throw error ?? new OptionError(message); });
    // yargs's strict mode also refuses the keys of CDK8S_* variables that are no option
    // (.env('CDK8S')), such as CDK8S_OUTDIR, which cdk8s-cli sets for the app: the
    // environment is not the command line, so those keys are declared, hidden.
    const known = new Set();
    const options = parser.getOptions();
    for (const key of Object.keys(options.key)) {
      for (const name of [key, ...(options.alias[key] ?? [])]) known.add(camelCase(name));
    }
    for (const variable of Object.keys(process.env)) {
      if (!variable.startsWith('CDK8S_')) continue;
      const key = camelCase(variable.split('__')[0].slice('CDK8S_'.length));
      if (key !== '' && !known.has(key)) parser.option(key, { hidden: true });
    }
    const argv = parser.argv;
    // cdk8s synth takes no positional argument; strict mode checks them only for commands.
    if (argv._.length > 0) throw new OptionError(`Unknown argument: ${argv._.join(', ')}`);
    await cli.command.handler(argv);
    return 0;
  } catch (e) {
    if (e instanceof SetupError) {
      process.stderr.write(`error: synth: ${e.message}\n`);
      return 2;
    }
    if (e instanceof OptionError) {
      const message = e.message.charAt(0).toLowerCase() + e.message.slice(1);
      process.stderr.write(`error: synth: ${message}; see cdk8s-stateful synth --help\n`);
      return 1;
    }
    const message = String(e?.message ?? e);
    const failed = APP_FAILED.exec(message);
    if (failed) return Number(failed[1]) || 1;
    process.stderr.write(`error: ${message}\n`);
    return 1;
  }
}

module.exports = { synth };
