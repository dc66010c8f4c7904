// The cluster the live view, logs, restarts and port-forwards talk to: the selected environment's kubeconfig and
// context, or the local kind cluster's (WRight's own kubeconfig, `kind-<name>`). One function, so every action
// follows the selection.
import type { ClusterTarget } from '../k8s/kubeClient';
import type { Environment } from './environment';

export function environmentTarget(current: () => Environment, local: () => ClusterTarget): () => ClusterTarget {
  return () => {
    const environment = current();
    return environment.kind === 'remote' ? { kubeconfigPath: environment.kubeconfig, context: environment.context } : local();
  };
}
