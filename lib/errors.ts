/**
 * A mistake in the props or configuration a user gave: reported as one line,
 * without a stack trace, by `main.ts` and the command-line tool.
 *
 * Kept private to the package: consumers catch it as a plain `Error`.
 */
export class InputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InputError';
  }
}

/** Throws an `InputError` when `condition` is false. */
export function check(condition: boolean, message: string): asserts condition {
  if (!condition) {
    throw new InputError(message);
  }
}
