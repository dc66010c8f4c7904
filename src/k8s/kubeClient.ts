// Loads the Kubernetes client (lazily: it is a separate 1.5 MB bundle, see scripts/build.mjs) and WRight's own
// kubeconfig, pinned to WRight's context. Nothing here reads ~/.kube/config or the current-context.
import type * as ClientNodeModule from '@kubernetes/client-node';
import type { KubeConfig } from '@kubernetes/client-node';
import type { ClusterTarget } from '../lifecycle/clusterTarget';

export type ClientNode = typeof ClientNodeModule;
export type { ClusterTarget };

export interface LoadedClient {
  readonly k8s: ClientNode;
  readonly kc: KubeConfig;
}

export async function loadClient(target: ClusterTarget): Promise<LoadedClient> {
  const k8s = await import('@kubernetes/client-node');
  const kc = new k8s.KubeConfig();
  kc.loadFromFile(target.kubeconfigPath);
  if (!kc.getContextObject(target.context)) {
    throw new Error(`The kubeconfig ${target.kubeconfigPath} has no context ${target.context}`);
  }
  kc.setCurrentContext(target.context);
  return { k8s, kc };
}

/** A short, single-line reason for a failed request, for the tree and the status bar (never a response body). */
export function describeRequestError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const record = error as Error & { code?: unknown; statusCode?: unknown; cause?: unknown };
  const status = typeof record.code === 'number' ? record.code : typeof record.statusCode === 'number' ? record.statusCode : undefined;
  if (status !== undefined) return `HTTP ${status} from the API server`;
  const cause = record.cause instanceof Error ? (record.cause as Error & { code?: unknown }) : undefined;
  const code = typeof record.code === 'string' ? record.code : typeof cause?.code === 'string' ? cause.code : undefined;
  const firstLine = (record.message.split('\n')[0] ?? '').slice(0, 200);
  return code && !firstLine.includes(code) ? `${code}: ${firstLine}` : firstLine;
}

/** The HTTP status of a failed request, when it had one. */
export function statusOf(error: unknown): number | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const record = error as { code?: unknown; statusCode?: unknown };
  if (typeof record.code === 'number') return record.code;
  if (typeof record.statusCode === 'number') return record.statusCode;
  return undefined;
}
