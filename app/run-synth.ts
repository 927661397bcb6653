import * as fs from 'fs';
import * as path from 'path';
import { App } from 'cdk8s';
import { userMistake } from '../cli/synth';

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
