// The shape of one verification check and the helpers that build its outcome. A check returns an outcome; the
// runner (verifyCluster.ts) adds the id, criterion, threshold and duration, and redacts every text it returns.
import type { CheckStatus } from './report';

export interface CheckOutcome {
  readonly status: CheckStatus;
  readonly measured: string;
  readonly reason?: string;
  readonly fix?: string;
  readonly values?: Readonly<Record<string, number | string | boolean | null>>;
}

export interface CheckDefinition<Context> {
  readonly id: string;
  readonly title: string;
  readonly criterion: string;
  readonly threshold: string;
  readonly run: (context: Context) => Promise<CheckOutcome> | CheckOutcome;
}

export type Values = CheckOutcome['values'];

export function passed(measured: string, values?: Values): CheckOutcome {
  return { status: 'pass', measured, ...(values ? { values } : {}) };
}

export function failed(measured: string, reason: string, fix: string, values?: Values): CheckOutcome {
  return { status: 'fail', measured, reason, fix, ...(values ? { values } : {}) };
}

export function skipped(reason: string, fix?: string, measured = 'not run'): CheckOutcome {
  return { status: 'skipped', measured, reason, ...(fix ? { fix } : {}) };
}

/** A failure thrown from inside a check that already knows its reason and way forward. */
export class CheckFailure extends Error {
  constructor(
    readonly reason: string,
    readonly fix: string,
    readonly measured = 'failed',
  ) {
    super(reason);
    this.name = 'CheckFailure';
  }
}
