// The `wright` command's exit codes (documented in docs/cli.md). Scripts may rely on them: never renumber.
import { failureCode, type FailureCode } from '../shared/failures';
import { isCancelled } from '../process/errors';

export const EXIT = {
  ok: 0,
  /** The operation failed (a tool failed, manifests invalid, ...). */
  failed: 1,
  /** Wrong command line. */
  usage: 2,
  /** A prerequisite is missing or a preflight check failed (tool, Docker, ports, name, .env, kubeconfig). */
  prerequisites: 3,
  /** The cluster is not in the state the command needs (absent for deploy, not WRight's for down, busy). */
  clusterState: 4,
  /** Workloads did not become ready in time, or `status` found them not ready / the API unreachable. */
  notReady: 5,
  /** Interrupted (Ctrl-C). */
  cancelled: 130,
} as const;

const BY_CODE: Record<FailureCode, number> = {
  'invalid-cluster-name': EXIT.prerequisites,
  'tool-missing': EXIT.prerequisites,
  'tool-version': EXIT.prerequisites,
  'docker-not-running': EXIT.prerequisites,
  'ports-busy': EXIT.prerequisites,
  'env-file': EXIT.prerequisites,
  kubeconfig: EXIT.prerequisites,
  busy: EXIT.clusterState,
  'cluster-exists': EXIT.clusterState,
  'cluster-absent': EXIT.clusterState,
  'cluster-unreachable': EXIT.notReady,
  timeout: EXIT.notReady,
  manifests: EXIT.failed,
  environment: EXIT.usage,
  'secrets-missing': EXIT.prerequisites,
  failed: EXIT.failed,
};

export function exitCodeFor(error: unknown): number {
  if (isCancelled(error)) return EXIT.cancelled;
  return BY_CODE[failureCode(error)];
}
