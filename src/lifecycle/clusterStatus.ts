// `status`: does the cluster exist, does its API server answer, and how ready are WRight's workloads. Bounded in
// time: the probe has its own short limit, and when it fails the workload list is not waited for.
import { isCancelled } from '../process/errors';
import { WRIGHT_NAMESPACES } from '../shared/settings';
import { apiProblemOf, type ApiProblem } from './apiProblem';
import { INGRESS_CONTROLLER } from './ingress';
import type { Operation } from './operation';
import { existingClusters } from './kindClusters';
import { contextName, KUBECTL_TIME, kubectlGetPods, kubectlGetWorkloads, kubectlReadyz } from './toolCalls';
import { itemsOf, podBelongsTo, podReason, workloadStatus, type WorkloadStatus } from './workloads';

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
  readonly workloads: readonly WorkloadStatus[];
  /** The pods of the workloads that are not ready, each with its reason. */
  readonly unhealthyPods: readonly UnhealthyPod[];
  readonly ready: number;
  readonly total: number;
}

export async function clusterStatus(op: Operation): Promise<ClusterStatus> {
  const base = { cluster: op.settings.clusterName, context: contextName(op.settings.clusterName), kubeconfig: op.target.kubeconfig };
  const exists = (await existingClusters(op)).includes(op.settings.clusterName);
  if (!exists) return { ...base, exists, reachable: undefined, workloads: [], unhealthyPods: [], ready: 0, total: 0 };
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
  const workloads = itemsOf(list)
    .map(workloadStatus)
    .filter((s): s is WorkloadStatus => s !== undefined && namespaces.has(s.namespace));
  const unhealthyPods = problem ? [] : await unhealthyPodsOf(op, workloads.filter((w) => !w.isReady));
  return {
    ...base,
    exists,
    reachable: problem === undefined,
    ...(problem ? { problem } : {}),
    workloads,
    unhealthyPods,
    ready: workloads.filter((w) => w.isReady).length,
    total: workloads.length,
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
