import * as fs from 'fs';
import * as path from 'path';
import { App } from 'cdk8s';
import { InputError } from '../lib/errors';

/** Where cdk8s writes manifests when the app object was never built. */
const DEFAULT_OUTDIR = 'dist';
const DEFAULT_EXTENSION = '.k8s.yaml';

/**
 * Deletes the manifests in `outdir`, so that a failed synth leaves nothing
 * that `kubectl apply -f dist` could apply: neither the part of the charts
 * written before the error, nor the output of an earlier run.
 */
function removeManifests(outdir: string, extension: string): void {
  if (!fs.existsSync(outdir)) {
    return;
  }
  for (const file of fs.readdirSync(outdir)) {
    if (file.endsWith(extension)) {
      fs.rmSync(path.join(outdir, file), { force: true });
    }
  }
}

/**
 * The message of a user mistake, or undefined for a bug: an InputError, a
 * failed construct validation, or an InputError thrown while cdk8s resolved a
 * value (cdk8s rethrows those as "Failed serializing construct ...: InputError: ...").
 */
function userMistake(e: unknown): string | undefined {
  const message = String((e as Error)?.message ?? '');
  if (e instanceof InputError) {
    return message;
  }
  if (/^Validation failed/.test(message)) {
    return message.replace(/^Validation failed with the following errors:\s*/, '').trim();
  }
  const wrapped = /^Failed serializing construct at path '[^']*' with name '[^']*': InputError: ([\s\S]*)$/.exec(message);
  return wrapped ? wrapped[1].trim() : undefined;
}

/**
 * Builds and synthesizes an app, turning user mistakes into one line on
 * stderr and exit code 1, with no stack trace and no manifest left in the
 * output directory. Any other error is a bug and keeps its stack (the
 * manifests are removed too).
 */
export function runSynth(build: () => App): void {
  let app: App | undefined;
  try {
    app = build();
    app.synth();
  } catch (e) {
    removeManifests(app?.outdir ?? process.env.CDK8S_OUTDIR ?? DEFAULT_OUTDIR, app?.outputFileExtension ?? DEFAULT_EXTENSION);
    const message = userMistake(e);
    if (message === undefined) {
      throw e;
    }
    process.stderr.write(`error: ${message}\n`);
    process.exitCode = 1;
  }
}
