import { App } from 'cdk8s';
import { InputError } from '../lib/errors';

/**
 * Builds and synthesizes an app, turning user mistakes into one line on
 * stderr and exit code 1, with no stack trace and no manifest written.
 * Any other error is a bug and keeps its stack.
 */
export function runSynth(build: () => App): void {
  try {
    build().synth();
  } catch (e) {
    const err = e as Error;
    const userMistake = err instanceof InputError || /^Validation failed/.test(err.message ?? '');
    if (!userMistake) {
      throw e;
    }
    process.stderr.write(`error: ${err.message.replace(/^Validation failed with the following errors:\s*/, '').trim()}\n`);
    process.exitCode = 1;
  }
}
