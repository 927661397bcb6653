/**
 * One-line errors for apps built on the library, in the app's process:
 *
 * - `installOneLineErrors()` is the preload of a consumer's app (cdk8s.yaml:
 *   `app: node --require cdk8s-stateful/one-line-errors main.js`). A user
 *   mistake the app does not catch (an InputError of the library, or a failed
 *   construct validation) prints `error: <message>` on stderr, deletes the
 *   manifests of the output folder and exits 1; any other error keeps its
 *   stack trace, because it is a bug.
 * - This project's own app does the same through `runSynth` (app/run-synth.ts).
 *
 * `cdk8s-stateful synth` (bin/synth.js), which runs such an app, then prints
 * no trace of cdk8s-cli after the app's `error:` line.
 */
import * as fs from 'fs';
import * as path from 'path';

/**
 * The message of a user mistake, or undefined for a bug: an InputError, a
 * failed construct validation (cdk8s: "Validation failed with the following
 * errors:" then one "[construct path] message" line per error), or an
 * InputError thrown while cdk8s resolved a value (cdk8s rethrows those as
 * "Failed serializing construct ...: InputError: ..."). Errors are matched by
 * name, not class: the app may load its own copy of the library.
 */
export function userMistake(e: unknown): string | undefined {
  const message = String((e as Error)?.message ?? '');
  if ((e as Error)?.name === 'InputError') {
    return message;
  }
  if (/^Validation failed/.test(message)) {
    return message.replace(/^Validation failed with the following errors:\s*/, '')
      .split('\n').map(line => line.trim().replace(/^\[[^\]]*\] /, '')).filter(line => line !== '').join('\n');
  }
  const wrapped = /^Failed serializing construct at path '[^']*' with name '[^']*': InputError: ([\s\S]*)$/.exec(message);
  if (wrapped) {
    return wrapped[1].trim();
  }
  return knownMistake(message);
}

/**
 * User mistakes that cdk8s and constructs report as a plain Error (their
 * messages, exactly as constructs' Node.addChild and cdk8s' Size and Duration
 * throw them), rewritten in this project's form: the thing, the value, the fix.
 * Any other plain Error is a bug and keeps its stack trace.
 */
function knownMistake(message: string): string | undefined {
  const duplicate = /^There is already a Construct with name '([^']*)' in (\S+)(?: \[(.*)\])?$/.exec(message);
  if (duplicate) {
    const [, id, type, name] = duplicate;
    return `construct id ${JSON.stringify(id)} is used twice in ${type}${name ? ` ${name}` : ''}; give each construct in a scope its own id`;
  }
  const negative = /^(Storage|Duration) amounts cannot be negative\. Received: (.*)$/.exec(message);
  if (negative) {
    const example = negative[1] === 'Storage' ? 'Size.mebibytes(100)' : 'Duration.seconds(30)';
    return `${negative[1].toLowerCase()} amount ${negative[2]} is negative; give an amount >= 0, e.g. ${example}`;
  }
  const whole = /^'(.*)' cannot be converted into a whole number of (\w+)\.$/.exec(message);
  if (whole) {
    return `${whole[1]} is not a whole number of ${whole[2]}; give an amount that converts exactly`;
  }
  const iso = /^Not a valid ISO duration: (.*)$/.exec(message);
  if (iso) {
    return `duration ${JSON.stringify(iso[1])} is not an ISO 8601 duration; give e.g. PT30S, or use Duration.seconds(30)`;
  }
  return undefined;
}

/** The stderr text of a user mistake: `error: ` before each of its lines. */
export function formatUserMistake(message: string): string {
  return `${message.split('\n').map(line => `error: ${line}`).join('\n')}\n`;
}

/** Files `kubectl apply -f FOLDER` would read. */
const MANIFEST = /\.(ya?ml|json)$/i;

/** Deletes every manifest under `outdir`, so that a failed synth leaves nothing to apply. */
export function removeOutput(outdir: string): void {
  if (!fs.existsSync(outdir)) return;
  for (const entry of fs.readdirSync(outdir, { withFileTypes: true })) {
    const p = path.join(outdir, entry.name);
    if (entry.isDirectory()) removeOutput(p);
    else if (MANIFEST.test(entry.name)) fs.rmSync(p, { force: true });
  }
}

let installed = false;

/** Makes uncaught user mistakes one line on stderr and exit code 1 (see the file comment). */
export function installOneLineErrors(): void {
  if (installed) return;
  installed = true;
  process.on('uncaughtException', (e: unknown) => {
    // cdk8s-cli tells the app where to write; a plain `node main.js` writes to dist/.
    removeOutput(process.env.CDK8S_OUTDIR ?? 'dist');
    const message = userMistake(e);
    process.stderr.write(message === undefined ? `${(e as Error)?.stack ?? e}\n` : formatUserMistake(message));
    process.exit(1);
  });
}
