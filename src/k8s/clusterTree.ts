// The top level of the "Staging Cluster" view: the connection's state when it needs saying, then the namespaces
// of the tree model (clusterTreeModel.ts). buildNamespaces()/buildTree() build the model once from a snapshot,
// for one-off use and tests; the view keeps one model and updates it with each watch change.
import type { ClusterSnapshot } from './clusterSnapshot';
import type { ClusterNode, NamespaceNode, TreeOptions } from './clusterNodes';
import { ClusterTreeModel } from './clusterTreeModel';
import type { ConnectionState } from './connectionState';

export type { ClusterNode, ForwardBadge, MessageNode, NamespaceNode, PodGroupNode, PodNode, ServiceNode, TreeOptions } from './clusterNodes';
export { AUTHENTIK_SERVICE } from './clusterNodes';

export const REFRESH_COMMAND = 'wright.refresh';
export const CHECK_PREREQUISITES_COMMAND = 'wright.checkPrerequisites';

/** The namespace nodes: WRight's four first and in their fixed order, then (on request) the others by name. */
export function buildNamespaces(snapshot: ClusterSnapshot, options: TreeOptions): NamespaceNode[] {
  return [...new ClusterTreeModel(options, snapshot).namespaces()];
}

/** The view's top level: the connection's state first when it needs saying, then the namespaces. */
export function buildTree(snapshot: ClusterSnapshot, connection: ConnectionState, synced: boolean, options: TreeOptions): ClusterNode[] {
  return topLevel(synced ? new ClusterTreeModel(options, snapshot).namespaces() : [], connection, synced);
}

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
