// Several failures found at once (every failed prerequisite of `up`), reported together: the extension shows each
// with its own actions, the CLI prints each with its hints, `--json` lists them. Its code is the first one's, so
// exit codes and actions stay what the most fundamental failure says.
import { describeFailure, failureCode, UserFacingError } from './failures';

export class FailureList extends UserFacingError {
  constructor(
    readonly failures: readonly unknown[],
    /** "2 prerequisites are not met:" */
    readonly summary: string,
  ) {
    super(`${summary} ${failures.map((failure) => describeFailure(failure).message.replace(/^WRight: /, '')).join(' ')}`, [], undefined, failureCode(failures[0]));
    this.name = 'FailureList';
  }
}

/** The failures an error stands for: its list, or itself. */
export function failuresOf(error: unknown): readonly unknown[] {
  return error instanceof FailureList ? error.failures : [error];
}
