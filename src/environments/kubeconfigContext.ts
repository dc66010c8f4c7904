// Reads one context of a user's kubeconfig (read-only: WRight never writes a kubeconfig it did not create):
// the cluster it points at and that cluster's API server URL, which the deploy confirmation names.
import { promises as fs } from 'node:fs';
import { parse } from 'yaml';
import { UserFacingError } from '../shared/failures';

export interface ContextInfo {
  readonly context: string;
  readonly cluster: string;
  /** The API server URL (`clusters[].cluster.server`). */
  readonly server: string;
  /** The namespace the context selects, if any (WRight names its namespaces explicitly and ignores it). */
  readonly namespace?: string;
}

interface Named<T> {
  readonly name?: unknown;
  readonly context?: T;
  readonly cluster?: T;
}

export async function readContext(kubeconfig: string, context: string): Promise<ContextInfo> {
  let text: string;
  try {
    text = await fs.readFile(kubeconfig, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new UserFacingError(
      code === 'ENOENT'
        ? `The kubeconfig ${kubeconfig} does not exist. Point the environment's "kubeconfig" at the file that holds the context ${context}.`
        : `The kubeconfig ${kubeconfig} cannot be read (${code ?? (error as Error).message}).`,
      [],
      undefined,
      'kubeconfig',
    );
  }
  let config: unknown;
  try {
    config = parse(text);
  } catch (error) {
    throw new UserFacingError(`The kubeconfig ${kubeconfig} is not valid YAML: ${(error as Error).message.split('\n')[0] ?? ''}`, [], undefined, 'kubeconfig');
  }
  const root = (typeof config === 'object' && config !== null ? config : {}) as { contexts?: unknown; clusters?: unknown };
  const contexts = Array.isArray(root.contexts) ? (root.contexts as Named<{ cluster?: unknown; namespace?: unknown }>[]) : [];
  const entry = contexts.find((c) => c.name === context);
  if (!entry) {
    const names = contexts.map((c) => c.name).filter((n): n is string => typeof n === 'string');
    throw new UserFacingError(
      `The kubeconfig ${kubeconfig} has no context "${context}"${names.length > 0 ? ` (it has: ${names.join(', ')})` : ''}. Check the environment's "context" (kubectl config get-contexts).`,
      [],
      undefined,
      'kubeconfig',
    );
  }
  const clusterName = typeof entry.context?.cluster === 'string' ? entry.context.cluster : '';
  const clusters = Array.isArray(root.clusters) ? (root.clusters as Named<{ server?: unknown }>[]) : [];
  const server = clusters.find((c) => c.name === clusterName)?.cluster?.server;
  if (typeof server !== 'string' || server === '') {
    throw new UserFacingError(`The context "${context}" in ${kubeconfig} points at the cluster "${clusterName}", which has no server URL there.`, [], undefined, 'kubeconfig');
  }
  const namespace = typeof entry.context?.namespace === 'string' ? entry.context.namespace : undefined;
  return { context, cluster: clusterName, server, ...(namespace ? { namespace } : {}) };
}
