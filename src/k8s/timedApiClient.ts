// Typed API clients of @kubernetes/client-node whose every request has a time limit. client-node 1.x sets none:
// against an API server that accepts connections and never answers, a list or a read would wait forever (and
// with it a tree refresh, a restart command or `wright forward`). Watches are not made here: they are meant to
// stay open, and the watcher restarts them itself.
import type { Configuration, KubeConfig, RequestContext, ResponseContext } from '@kubernetes/client-node';
import type { ClientNode } from './kubeClient';

/** Lists of thousands of pods take about a second here (docs/performance): 20 s means the server is stuck. */
export const API_REQUEST_TIMEOUT_MS = 20_000;

/** `kc.makeApiClient(ApiType)`, plus a time limit on each request (an abort: the request fails with an AbortError). */
export function timedApiClient<T>(k8s: ClientNode, kc: KubeConfig, apiType: new (config: Configuration) => T, timeoutMs: number = API_REQUEST_TIMEOUT_MS): T {
  const cluster = kc.getCurrentCluster();
  if (!cluster) throw new Error('No active cluster!');
  const config = k8s.createConfiguration({
    baseServer: new k8s.ServerConfiguration(cluster.server, {}),
    authMethods: { default: kc },
    promiseMiddleware: [
      {
        pre: (context: RequestContext) => {
          context.setSignal(AbortSignal.timeout(timeoutMs));
          return Promise.resolve(context);
        },
        post: (response: ResponseContext) => Promise.resolve(response),
      },
    ],
  });
  return new apiType(config);
}
