// Output of the `wright` command: failures with the cause and the fix, the doctor's checks, the status, and the
// JSON documents of --json. Every message passes through forTerminal(): a terminal reads of flags, environment
// variables and `wright` subcommands, never of VS Code settings (src/shared/wording.ts).
import { describeFailure, failureCode, type FailureAction } from '../shared/failures';
import { failuresOf, FailureList } from '../shared/failureList';
import { describeMissing } from '../shared/missingWorkload';
import { forTerminal, terminalCommand, terminalHint } from '../shared/wording';
import { isCancelled } from '../process/errors';
import type { ClusterStatus } from '../lifecycle/clusterStatus';
import type { PreflightReport } from '../lifecycle/preflight';

/** The CLI's wording for an action the extension shows as a button. */
function actionHint(action: FailureAction): string | undefined {
  if (action.url) return `see ${action.url}`;
  const arg = action.args?.[0] as Record<string, unknown> | string | undefined;
  if (action.command === 'wright.createCluster' && arg && typeof arg === 'object') {
    if ('httpPort' in arg) return `try: wright up --http-port ${String(arg.httpPort)} --https-port ${String(arg.httpsPort)}`;
    if (arg.ifExists === 'recreate') return 'or re-create it: wright up --recreate';
    if (arg.ifExists === 'reuse') return undefined;
  }
  if (action.command === 'wright.createCluster') return 'create it: wright up';
  if (action.command === 'workbench.action.openSettings' && typeof arg === 'string') return terminalHint(arg);
  const command = action.command ? terminalCommand(action.command) : undefined;
  return command ? `run: ${command}` : undefined;
}

const hintsOf = (error: unknown): string[] => describeFailure(error).actions.map(actionHint).filter((h): h is string => h !== undefined);

const messageOf = (error: unknown): string => forTerminal(describeFailure(error).message.replace(/^WRight: /, ''));

export function formatFailure(error: unknown): string {
  if (error instanceof FailureList) {
    const first = `error: ${forTerminal(error.summary)}`;
    const each = error.failures.flatMap((failure) => [`  ✗ ${messageOf(failure)}`, ...hintsOf(failure).map((h) => `      ${h}`)]);
    return [first, ...each].join('\n') + '\n';
  }
  const failure = describeFailure(error);
  const detail = failure.detail ? failure.detail.split('\n').map((l) => `  ${forTerminal(l)}`) : [];
  return [`error: ${messageOf(error)}`, ...detail, ...hintsOf(error).map((h) => `  ${h}`)].join('\n') + '\n';
}

export interface JsonFailure {
  readonly ok: false;
  readonly error: {
    readonly code: string;
    readonly message: string;
    /** Several failures at once (every failed prerequisite): each with its code and message. */
    readonly failures?: readonly { readonly code: string; readonly message: string }[];
  };
}

/** What --json prints on stdout when a command fails: `{ "ok": false, "error": { "code", "message" } }`. */
export function jsonFailure(error: unknown, code?: string): JsonFailure {
  const codeOf = (e: unknown): string => code ?? (isCancelled(e) ? 'cancelled' : failureCode(e));
  const message = isCancelled(error) ? error.message : messageOf(error);
  const list = failuresOf(error);
  return {
    ok: false,
    error: {
      code: codeOf(error),
      message,
      ...(list.length > 1 ? { failures: list.map((each) => ({ code: codeOf(each), message: messageOf(each) })) } : {}),
    },
  };
}

export const toJson = (value: unknown): string => `${JSON.stringify(value, null, 2)}\n`;

const MARK = { ok: '✓', warn: '!', fail: '✗' } as const;

export function formatDoctor(report: PreflightReport): string {
  const lines = report.checks.map((check) => {
    const hints = check.error ? hintsOf(check.error) : [];
    return [`${MARK[check.level]} ${forTerminal(check.message)}`, ...hints.map((h) => `    ${h}`)].join('\n');
  });
  lines.push(report.ok ? 'Ready to create the staging cluster.' : 'Fix the problems marked ✗, then run wright doctor again.');
  return lines.join('\n') + '\n';
}

/** The doctor's --json document. */
export function doctorJson(report: PreflightReport): unknown {
  const checks = report.checks.map(({ id, level, message }) => ({ id, level, message: forTerminal(message) }));
  return { ok: report.ok, clusterExists: report.clusterExists ?? null, checks };
}

/** `ok` is what the exit code says: the cluster exists, answers, and every workload (none missing) is ready. */
export function statusOk(status: ClusterStatus): boolean {
  return status.exists && status.reachable === true && status.ready === status.total && !oidcFailed(status);
}

/**
 * The blueprint's apply failed, or the issuer is not the one the services were given: status is not OK. Authentik
 * still starting, or the worker not done yet, is named in the output but does not fail status (it passes by itself).
 */
function oidcFailed(status: ClusterStatus): boolean {
  return status.oidc?.state === 'problem' && (status.oidc.problem === 'blueprint-failed' || status.oidc.problem === 'issuer-mismatch');
}

export function formatStatus(status: ClusterStatus): string {
  const lines = [`Cluster     ${status.cluster} (context ${status.context})`];
  if (!status.exists) return [...lines, 'Exists      no (create it: wright up)'].join('\n') + '\n';
  lines.push('Exists      yes', `API server  ${status.reachable ? 'reachable' : `NOT reachable: ${status.problem?.message ?? 'no answer'}`}`, `Workloads   ${status.ready}/${status.total} ready`);
  const missing = new Set(status.missing.map((ref) => `${ref.kind}/${ref.namespace}/${ref.name}`));
  for (const w of status.workloads) {
    if (missing.has(`${w.kind}/${w.namespace}/${w.name}`)) lines.push(`  ✗ ${w.namespace}/${describeMissing(w)}`);
    else lines.push(`  ${w.isReady ? '✓' : '…'} ${w.namespace}/${w.name} ${w.summary}`);
    for (const p of status.unhealthyPods.filter((u) => u.namespace === w.namespace && u.workload === w.name)) lines.push(`      pod ${p.pod}: ${p.reason}`);
  }
  if (status.missing.length > 0) lines.push('  create what is missing again: wright deploy');
  if (status.oidc) {
    lines.push(status.oidc.state === 'applied' ? `OIDC        ✓ blueprint applied (issuer ${status.oidc.issuer})` : `OIDC        ✗ ${status.oidc.problem}: ${status.oidc.message}`);
  }
  lines.push(`Kubeconfig  ${status.kubeconfig}`, `            export KUBECONFIG=${status.kubeconfig}`);
  return lines.join('\n') + '\n';
}
