// Waits until the expected Deployments and StatefulSets are ready, polling `kubectl get` a few seconds apart
// (quietly: polls go to the debug log) and reporting "3/5 ready: authentik-server starting" as it changes.
// On timeout it says which workloads are not ready and why, from their pods and recent events.
import { UserFacingError } from '../shared/failures';
import type { SettingId } from '../shared/wording';
import type { Operation } from './operation';
import { kubectlGetEvents, kubectlGetPods, kubectlGetWorkloads } from './toolCalls';
import { explainWorkload, progressLine, statusesFor, type WorkloadRef, type WorkloadStatus } from './workloads';

export interface WaitOptions {
  /** The progress step the poll details appear under. */
  readonly step: string;
  readonly timeoutSeconds: number;
  /** Which setting extends the wait (named in the timeout message). */
  readonly timeoutSetting: SettingId;
}

const DEFAULT_POLL_SECONDS = 3;

export async function waitForWorkloads(op: Operation, expected: readonly WorkloadRef[], options: WaitOptions): Promise<readonly WorkloadStatus[]> {
  if (expected.length === 0) return [];
  if (op.dryRun) {
    op.options.print?.(`would wait up to ${options.timeoutSeconds} s for ${expected.map((w) => w.name).join(', ')}`);
    return [];
  }
  const namespaces = [...new Set(expected.map((w) => w.namespace))];
  const deadline = Date.now() + options.timeoutSeconds * 1000;
  const pollMs = (op.options.pollSeconds ?? DEFAULT_POLL_SECONDS) * 1000;
  let statuses: WorkloadStatus[] = statusesFor(expected, []);
  let lastLine = '';
  const outage: Outage = { since: undefined };
  for (;;) {
    try {
      const lists = await Promise.all(namespaces.map((ns) => op.exec(kubectlGetWorkloads(op.target, ns))));
      statuses = statusesFor(expected, lists);
      if (outage.since !== undefined) op.logger.info(`The API server answers again (it stopped at ${clock(outage.since)})`);
      outage.since = undefined;
    } catch (error) {
      // The API server can blink while the control plane settles; the deadline bounds how long that may last.
      // The last known states are kept (never replaced by "nothing there"), and the outage is said as such.
      if (op.signal.aborted) throw error;
      if (outage.since === undefined) {
        outage.since = Date.now();
        op.logger.warn(`The API server stopped answering at ${clock(outage.since)}: ${(error as Error).message}`);
      }
    }
    const known = progressLine(statuses);
    const line = outage.since === undefined ? known : `the API server stopped answering at ${clock(outage.since)}, still down (last known: ${known})`;
    if (line !== lastLine) {
      op.detail(options.step, line);
      op.logger.info(`${options.step}: ${line}`);
      lastLine = line;
    }
    if (statuses.every((s) => s.isReady)) return statuses;
    if (Date.now() >= deadline) break;
    await op.sleep(Math.min(pollMs, Math.max(0, deadline - Date.now())));
  }
  throw await timeoutError(op, statuses, options, outage);
}

interface Outage {
  /** When polls started failing (undefined: the last poll worked). */
  since: number | undefined;
}

/** 12:03:04, local time. */
const clock = (ms: number): string => new Date(ms).toTimeString().slice(0, 8);

async function timeoutError(op: Operation, statuses: readonly WorkloadStatus[], options: WaitOptions, outage: Outage): Promise<UserFacingError> {
  const waiting = statuses.filter((s) => !s.isReady);
  const namespaces = [...new Set(waiting.map((w) => w.namespace))];
  const evidence = await Promise.all(
    namespaces.map(async (ns) => {
      const [pods, events] = await Promise.all([
        op.exec(kubectlGetPods(op.target, ns)).catch(() => undefined),
        op.exec(kubectlGetEvents(op.target, ns)).catch(() => undefined),
      ]);
      return [ns, { pods, events }] as const;
    }),
  );
  const byNamespace = new Map(evidence);
  const lines = waiting.flatMap((w) => explainWorkload(w, byNamespace.get(w.namespace)?.pods, byNamespace.get(w.namespace)?.events));
  // The first reason found is the one worth putting in the message itself.
  const firstReason = lines.find((line) => line.startsWith('  pod '))?.trim();
  const down = outage.since === undefined ? '' : ` The API server stopped answering at ${clock(outage.since)} and is still down; these are the last known states.`;
  return new UserFacingError(
    `Timed out after ${options.timeoutSeconds} s: ${waiting.length} of ${statuses.length} not ready (${waiting.map((w) => w.name).join(', ')})${firstReason ? `. ${firstReason}` : ''}.${down}`,
    [{ title: 'Open Settings', command: 'workbench.action.openSettings', args: [options.timeoutSetting] }],
    lines.join('\n'),
    'timeout',
  );
}
