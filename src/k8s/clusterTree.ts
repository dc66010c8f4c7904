// The top level of the "Staging Cluster" view: the connection's state when it needs saying, then the namespaces
// of the tree model (clusterTreeModel.ts, where buildNamespaces()/buildTree() build it once from a snapshot).
// No runtime import of the model here: this file is on the activation path, the model is loaded with the watch.
import type { ClusterNode, NamespaceNode } from './clusterNodes';
import type { ConnectionState } from './connectionState';

export type { ClusterNode, ForwardBadge, MessageNode, MissingWorkloadNode, NamespaceNode, PodGroupNode, PodNode, ServiceNode, TreeOptions } from './clusterNodes';

export const REFRESH_COMMAND = 'wright.refresh';
export const CHECK_PREREQUISITES_COMMAND = 'wright.checkPrerequisites';

/** The connection's messages (if any) above the namespaces; nothing but a message until the first complete sync. */
export function topLevel(namespaces: readonly NamespaceNode[], connection: ConnectionState, synced: boolean): ClusterNode[] {
  if (connection.kind === 'idle') return [];
  const roots: ClusterNode[] = [];
  if (connection.kind === 'disconnected') {
    roots.push({
      kind: 'message',
      id: 'message/disconnected',
      text: 'Cannot reach the cluster',
      detail: connection.reason,
      severity: 'error',
      action: { command: REFRESH_COMMAND, title: 'Retry' },
      children: [],
    });
    // The usual causes on a laptop: Docker was stopped (or restarted), or the kind cluster was deleted outside WRight.
    roots.push({
      kind: 'message',
      id: 'message/disconnected-hint',
      text: 'Docker stopped, or the cluster deleted outside WRight? Check Prerequisites',
      severity: 'info',
      action: { command: CHECK_PREREQUISITES_COMMAND, title: 'Check Prerequisites' },
      children: [],
    });
  } else if (!synced) {
    roots.push({ kind: 'message', id: 'message/connecting', text: 'Connecting to the cluster…', severity: 'loading', children: [] });
  }
  // Until the first complete sync the namespaces would all read "Not created yet", which would be a lie.
  if (synced) roots.push(...namespaces);
  return roots;
}
