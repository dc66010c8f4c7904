// `status`: does the cluster exist, does its API server answer, and how ready are WRight's workloads, counted
// against what WRight deployed (a deployed workload that no longer exists is listed as missing and not ready).
// Bounded in time: the probe has its own short limit, and when it fails the workload list is not waited for.
import { isCancelled } from '../process/errors';
import { MISSING_REASON } from '../shared/missingWorkload';
import { WRIGHT_NAMESPACES } from '../shared/settings';
import { apiProblemOf, type ApiProblem } from './apiProblem';
import { missingWorkloads } from './expectedWorkloads';
import { INGRESS_CONTROLLER } from './ingress';
import type { Operation } from './operation';
import { existingClusters } from './kindClusters';
import type { OidcCheck } from './oidcCheck';
import { oidcStatus } from './oidcStatus';
import { contextName, KUBECTL_TIME, kubectlGetPods, kubectlGetWorkloads, kubectlReadyz } from './toolCalls';
import { itemsOf, podBelongsTo, podReason, workloadStatus, type WorkloadRef, type WorkloadStatus } from './workloads';

/** A pod of a workload that is not ready, with why (CrashLoopBackOff and its last exit code, ImagePullBackOff, ...). */
export interface UnhealthyPod {
  readonly namespace: string;
  readonly workload: string;
  readonly pod: string;
  readonly reason: string;
}

export interface ClusterStatus {
  readonly cluster: string;
  readonly context: string;
  readonly kubeconfig: string;
  readonly exists: boolean;
  /** undefined when the cluster does not exist. */
  readonly reachable: boolean | undefined;
  /** Why the API server could not be asked (when reachable is false). */
  readonly problem?: ApiProblem;
  /** Every workload found, then every missing one (summary "missing: ..."). */
  readonly workloads: readonly WorkloadStatus[];
  /** Workloads WRight deployed that the cluster no longer has (empty when WRight has no record of a deploy). */
  readonly missing: readonly WorkloadRef[];
  /** The pods of the workloads that are not ready, each with its reason. */
  readonly unhealthyPods: readonly UnhealthyPod[];
  readonly ready: number;
  readonly total: number;
  /** Whether Authentik applied WRight's OIDC blueprint; undefined when nothing deployed an OIDC client. */
  readonly oidc?: OidcCheck;
}

export async function clusterStatus(op: Operation, expected: readonly WorkloadRef[] = []): Promise<ClusterStatus> {
  const base = { cluster: op.settings.clusterName, context: contextName(op.settings.clusterName), kubeconfig: op.target.kubeconfig };
  const exists = (await existingClusters(op)).includes(op.settings.clusterName);
  if (!exists) return { ...base, exists, reachable: undefined, workloads: [], missing: [], unhealthyPods: [], ready: 0, total: 0 };
  // Both asked at once: the readiness probe alone would only add latency. When the probe fails, the list (which
  // would fail the same way, only slower) is stopped.
  const listing = new AbortController();
  const [probeError, list] = await Promise.all([
    op.exec(kubectlReadyz(op.target)).then(
      () => undefined,
      (error: unknown) => {
        listing.abort();
        return error;
      },
    ),
    op.exec(kubectlGetWorkloads(op.target, undefined), AbortSignal.any([op.signal, listing.signal])).catch(() => undefined),
  ]);
  op.throwIfCancelled();
  if (isCancelled(probeError)) throw probeError;
  const problem = probeError === undefined ? undefined : apiProblemOf(probeError, op.settings.clusterName, op.target.kubeconfig, KUBECTL_TIME.probeSeconds);
  const namespaces = new Set<string>([...WRIGHT_NAMESPACES, INGRESS_CONTROLLER.namespace]);
  const found = itemsOf(list)
    .map(workloadStatus)
    .filter((s): s is WorkloadStatus => s !== undefined && namespaces.has(s.namespace));
  // Without a list nothing can be said to be missing: the cluster did not answer.
  const missing = list === undefined ? [] : missingWorkloads(expected.filter((ref) => namespaces.has(ref.namespace)), found);
  const workloads = [...found, ...missing.map((ref) => ({ ...ref, desired: 1, ready: 0, isReady: false, summary: `missing: ${MISSING_REASON}` }))];
  // A missing workload has no pods to ask about: only the found ones that are not ready.
  const unhealthyPods = problem ? [] : await unhealthyPodsOf(op, found.filter((w) => !w.isReady));
  const oidc = problem === undefined ? await oidcStatus(op) : undefined;
  return {
    ...base,
    exists,
    reachable: problem === undefined,
    ...(problem ? { problem } : {}),
    workloads,
    missing,
    unhealthyPods,
    ready: workloads.filter((w) => w.isReady).length,
    total: workloads.length,
    ...(oidc ? { oidc } : {}),
  };
}

async function unhealthyPodsOf(op: Operation, waiting: readonly WorkloadStatus[]): Promise<UnhealthyPod[]> {
  const namespaces = [...new Set(waiting.map((w) => w.namespace))];
  const lists = await Promise.all(namespaces.map(async (ns) => [ns, await op.exec(kubectlGetPods(op.target, ns)).catch(() => undefined)] as const));
  const byNamespace = new Map(lists);
  return waiting.flatMap((workload) =>
    itemsOf(byNamespace.get(workload.namespace))
      .filter((pod) => podBelongsTo(pod.metadata?.name ?? '', workload))
      .map((pod) => ({ namespace: workload.namespace, workload: workload.name, pod: pod.metadata?.name ?? '?', reason: podReason(pod) }))
      .filter((entry) => entry.reason !== 'Running'),
  );
}
