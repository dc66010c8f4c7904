// Human output of the `wright` command: failures with the cause and the fix, the doctor's checks, the status.
import { describeFailure, type FailureAction } from '../shared/failures';
import type { ClusterStatus } from '../lifecycle/clusterStatus';
import type { PreflightReport } from '../lifecycle/preflight';

/** The CLI's wording for an action the extension shows as a button. */
function actionHint(action: FailureAction): string | undefined {
  if (action.url) return `see ${action.url}`;
  const arg = action.args?.[0] as Record<string, unknown> | string | undefined;
  if (action.command === 'wright.createCluster' && arg && typeof arg === 'object') {
    if ('httpPort' in arg) return `try: wright up --http-port ${String(arg.httpPort)} --https-port ${String(arg.httpsPort)}`;
    if (arg.ifExists === 'recreate') return 'or re-create it: wright up --recreate';
  }
  if (action.command === 'wright.createCluster') return 'create it: wright up';
  if (action.command === 'workbench.action.openSettings' && typeof arg === 'string' && arg.startsWith('wright.tools.')) {
    return `or set WRIGHT_${arg.slice('wright.tools.'.length).toUpperCase()} to its path`;
  }
  if (action.command === 'workbench.action.openSettings' && typeof arg === 'string') return `setting: ${arg} (see wright --help for the matching flag)`;
  return undefined;
}

export function formatFailure(error: unknown): string {
  const failure = describeFailure(error);
  const message = failure.message.replace(/^WRight: /, '');
  const hints = failure.actions.map(actionHint).filter((h): h is string => h !== undefined);
  return [`error: ${message}`, ...(failure.detail ? failure.detail.split('\n').map((l) => `  ${l}`) : []), ...hints.map((h) => `  ${h}`)].join('\n') + '\n';
}

const MARK = { ok: '✓', warn: '!', fail: '✗' } as const;

export function formatDoctor(report: PreflightReport): string {
  const lines = report.checks.map((check) => {
    const hints = check.error ? describeFailure(check.error).actions.map(actionHint).filter((h): h is string => h !== undefined) : [];
    return [`${MARK[check.level]} ${check.message}`, ...hints.map((h) => `    ${h}`)].join('\n');
  });
  lines.push(report.ok ? 'Ready to create the staging cluster.' : 'Fix the problems marked ✗, then run wright doctor again.');
  return lines.join('\n') + '\n';
}

export function formatStatus(status: ClusterStatus): string {
  const lines = [`Cluster     ${status.cluster} (context ${status.context})`];
  if (!status.exists) return [...lines, 'Exists      no (create it: wright up)'].join('\n') + '\n';
  lines.push('Exists      yes', `API server  ${status.reachable ? 'reachable' : `NOT reachable: ${status.problem?.message ?? 'no answer'}`}`, `Workloads   ${status.ready}/${status.total} ready`);
  for (const w of status.workloads) {
    lines.push(`  ${w.isReady ? '✓' : '…'} ${w.namespace}/${w.name} ${w.summary}`);
    for (const p of status.unhealthyPods.filter((u) => u.namespace === w.namespace && u.workload === w.name)) lines.push(`      pod ${p.pod}: ${p.reason}`);
  }
  lines.push(`Kubeconfig  ${status.kubeconfig}`, `            export KUBECONFIG=${status.kubeconfig}`);
  return lines.join('\n') + '\n';
}
