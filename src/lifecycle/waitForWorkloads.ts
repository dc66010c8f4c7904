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
  for (;;) {
    try {
      const lists = await Promise.all(namespaces.map((ns) => op.exec(kubectlGetWorkloads(op.target, ns))));
      statuses = statusesFor(expected, lists);
    } catch (error) {
      // The API server can blink while the control plane settles; the deadline bounds how long that may last.
      if (op.signal.aborted) throw error;
      op.logger.debug(`readiness poll failed, retrying: ${(error as Error).message}`);
    }
    const line = progressLine(statuses);
    if (line !== lastLine) {
      op.detail(options.step, line);
      op.logger.info(`${options.step}: ${line}`);
      lastLine = line;
    }
    if (statuses.every((s) => s.isReady)) return statuses;
    if (Date.now() >= deadline) break;
    await op.sleep(Math.min(pollMs, Math.max(0, deadline - Date.now())));
  }
  throw await timeoutError(op, statuses, options);
}

async function timeoutError(op: Operation, statuses: readonly WorkloadStatus[], options: WaitOptions): Promise<UserFacingError> {
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
  return new UserFacingError(
    `Timed out after ${options.timeoutSeconds} s: ${waiting.length} of ${statuses.length} not ready (${waiting.map((w) => w.name).join(', ')})${firstReason ? `. ${firstReason}` : ''}.`,
    [{ title: 'Open Settings', command: 'workbench.action.openSettings', args: [options.timeoutSetting] }],
    lines.join('\n'),
    'timeout',
  );
}
