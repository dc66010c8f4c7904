// `status`: does the cluster exist, does its API server answer, and how ready are WRight's workloads.
import { WRIGHT_NAMESPACES } from '../shared/settings';
import { INGRESS_CONTROLLER } from './ingress';
import type { Operation } from './operation';
import { existingClusters } from './kindClusters';
import type { OidcCheck } from './oidcCheck';
import { oidcStatus } from './oidcStatus';
import { contextName, kubectlGetWorkloads, kubectlReadyz } from './toolCalls';
import { itemsOf, workloadStatus, type WorkloadStatus } from './workloads';

export interface ClusterStatus {
  readonly cluster: string;
  readonly context: string;
  readonly kubeconfig: string;
  readonly exists: boolean;
  /** undefined when the cluster does not exist. */
  readonly reachable: boolean | undefined;
  readonly workloads: readonly WorkloadStatus[];
  readonly ready: number;
  readonly total: number;
  /** Whether Authentik applied WRight's OIDC blueprint; undefined when nothing deployed an OIDC client. */
  readonly oidc?: OidcCheck;
}

export async function clusterStatus(op: Operation): Promise<ClusterStatus> {
  const base = { cluster: op.settings.clusterName, context: contextName(op.settings.clusterName), kubeconfig: op.target.kubeconfig };
  const exists = (await existingClusters(op)).includes(op.settings.clusterName);
  if (!exists) return { ...base, exists, reachable: undefined, workloads: [], ready: 0, total: 0 };
  // Both asked at once: the readiness probe alone would only add latency.
  const [reachable, list] = await Promise.all([
    op.exec(kubectlReadyz(op.target)).then(() => true, () => false),
    op.exec(kubectlGetWorkloads(op.target, undefined)).catch(() => undefined),
  ]);
  const namespaces = new Set<string>([...WRIGHT_NAMESPACES, INGRESS_CONTROLLER.namespace]);
  const workloads = itemsOf(list)
    .map(workloadStatus)
    .filter((s): s is WorkloadStatus => s !== undefined && namespaces.has(s.namespace));
  const oidc = reachable ? await oidcStatus(op) : undefined;
  return { ...base, exists, reachable, workloads, ready: workloads.filter((w) => w.isReady).length, total: workloads.length, ...(oidc ? { oidc } : {}) };
}
