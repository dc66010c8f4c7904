// `status`: does the cluster exist, does its API server answer, and how ready are WRight's workloads, counted
// against what WRight deployed (a deployed workload that no longer exists is listed as missing and not ready).
import { MISSING_REASON } from '../shared/missingWorkload';
import { WRIGHT_NAMESPACES } from '../shared/settings';
import { missingWorkloads } from './expectedWorkloads';
import { INGRESS_CONTROLLER } from './ingress';
import type { Operation } from './operation';
import { existingClusters } from './kindClusters';
import type { OidcCheck } from './oidcCheck';
import { oidcStatus } from './oidcStatus';
import { contextName, kubectlGetWorkloads, kubectlReadyz } from './toolCalls';
import { itemsOf, workloadStatus, type WorkloadRef, type WorkloadStatus } from './workloads';

export interface ClusterStatus {
  readonly cluster: string;
  readonly context: string;
  readonly kubeconfig: string;
  readonly exists: boolean;
  /** undefined when the cluster does not exist. */
  readonly reachable: boolean | undefined;
  /** Every workload found, then every missing one (summary "missing: ..."). */
  readonly workloads: readonly WorkloadStatus[];
  /** Workloads WRight deployed that the cluster no longer has (empty when WRight has no record of a deploy). */
  readonly missing: readonly WorkloadRef[];
  readonly ready: number;
  readonly total: number;
  /** Whether Authentik applied WRight's OIDC blueprint; undefined when nothing deployed an OIDC client. */
  readonly oidc?: OidcCheck;
}

export async function clusterStatus(op: Operation, expected: readonly WorkloadRef[] = []): Promise<ClusterStatus> {
  const base = { cluster: op.settings.clusterName, context: contextName(op.settings.clusterName), kubeconfig: op.target.kubeconfig };
  const exists = (await existingClusters(op)).includes(op.settings.clusterName);
  if (!exists) return { ...base, exists, reachable: undefined, workloads: [], missing: [], ready: 0, total: 0 };
  // Both asked at once: the readiness probe alone would only add latency.
  const [reachable, list] = await Promise.all([
    op.exec(kubectlReadyz(op.target)).then(() => true, () => false),
    op.exec(kubectlGetWorkloads(op.target, undefined)).catch(() => undefined),
  ]);
  const namespaces = new Set<string>([...WRIGHT_NAMESPACES, INGRESS_CONTROLLER.namespace]);
  const found = itemsOf(list)
    .map(workloadStatus)
    .filter((s): s is WorkloadStatus => s !== undefined && namespaces.has(s.namespace));
  // Without a list nothing can be said to be missing: the cluster did not answer.
  const missing = list === undefined ? [] : missingWorkloads(expected.filter((ref) => namespaces.has(ref.namespace)), found);
  const workloads = [...found, ...missing.map((ref) => ({ ...ref, desired: 1, ready: 0, isReady: false, summary: `missing: ${MISSING_REASON}` }))];
  const oidc = reachable ? await oidcStatus(op) : undefined;
  return { ...base, exists, reachable, workloads, missing, ready: workloads.filter((w) => w.isReady).length, total: workloads.length, ...(oidc ? { oidc } : {}) };
}
