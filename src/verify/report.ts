// What `wright verify` and "WRight: Verify Staging Cluster" produce: one result per check, each saying what it proves
// (criterion), what was measured, against which threshold, and, when it fails, why and what to do next. Plain data:
// the CLI prints it as a table or JSON (schema in docs/cli.md), the extension renders it as Markdown.

export type CheckStatus = 'pass' | 'fail' | 'skipped';

export interface CheckResult {
  /** Stable identifier (scripts match on it): `api`, `namespaces`, `postgres`, `ingress-latency`, ... */
  readonly id: string;
  /** Short human name, e.g. "PostgreSQL (app)". */
  readonly title: string;
  /** What passing this check proves. */
  readonly criterion: string;
  /** What was measured, as text with its unit ("p50 3.1 ms, p95 4.7 ms over 20 requests"). */
  readonly measured: string;
  /** What the measurement is held against ("p95 ≤ 100 ms"). */
  readonly threshold: string;
  readonly status: CheckStatus;
  /** Why it failed or was skipped. */
  readonly reason?: string;
  /** The way forward when it failed (or how to run it when skipped). */
  readonly fix?: string;
  /** Numbers behind `measured`, for machines (JSON output). */
  readonly values?: Readonly<Record<string, number | string | boolean | null>>;
  readonly durationMs: number;
}

export interface VerifyReport {
  readonly cluster: string;
  readonly context: string;
  readonly startedAt: string;
  readonly durationMs: number;
  /** True when no check failed (skipped checks do not fail the run). */
  readonly ok: boolean;
  readonly counts: { readonly pass: number; readonly fail: number; readonly skipped: number };
  readonly checks: readonly CheckResult[];
}

export function buildReport(cluster: string, context: string, startedAt: Date, durationMs: number, checks: readonly CheckResult[]): VerifyReport {
  const count = (status: CheckStatus): number => checks.filter((check) => check.status === status).length;
  const counts = { pass: count('pass'), fail: count('fail'), skipped: count('skipped') };
  return { cluster, context, startedAt: startedAt.toISOString(), durationMs, ok: counts.fail === 0, counts, checks };
}

/** One line: "Verified wright-staging: 12 passed, 1 failed (ingress-latency), 2 skipped." */
export function summarizeReport(report: VerifyReport): string {
  const failed = report.checks.filter((check) => check.status === 'fail').map((check) => check.id);
  const parts = [`${report.counts.pass} passed`];
  if (failed.length > 0) parts.push(`${failed.length} failed (${failed.join(', ')})`);
  if (report.counts.skipped > 0) parts.push(`${report.counts.skipped} skipped`);
  return `Verified ${report.cluster}: ${parts.join(', ')}.`;
}
