import { App } from 'cdk8s';
import { formatUserMistake, removeOutput, userMistake } from '../cli/synth';

/** Where cdk8s writes manifests when the app object was never built. */
const DEFAULT_OUTDIR = 'dist';

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
    removeOutput(app?.outdir ?? process.env.CDK8S_OUTDIR ?? DEFAULT_OUTDIR);
    const message = userMistake(e);
    if (message === undefined) {
      throw e;
    }
    process.stderr.write(formatUserMistake(message));
    process.exitCode = 1;
  }
}
