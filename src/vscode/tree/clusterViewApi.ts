// What the rest of the extension (the lifecycle commands, the pod commands, the extension API) can do with the
// cluster view.
import type * as vscode from 'vscode';
import type { BusyStep } from '../../k8s/clusterStatus';
import type { ClusterNode, NamespaceNode } from '../../k8s/clusterTree';
import type { ClusterWatcher } from '../../k8s/clusterWatcher';
import type { ClusterStatusBar } from '../statusBar';

/** What the rest of the extension can do with the view. */
export interface ClusterView {
  /** The lifecycle's current step ("Waiting for postgres"), or undefined when it is done. */
  setBusy(busy: BusyStep | undefined): void;
  /** Starts the watch if a cluster is known; resolves once the cache is synced (or the cluster is unreachable). */
  ensureWatching(): Promise<ClusterWatcher | undefined>;
  /** The current tree (the model, not TreeItems). */
  readonly nodes: readonly ClusterNode[];
  /** WRight's namespaces as the model sees them (for quick picks that need every pod, even in collapsed nodes). */
  namespaces(): readonly NamespaceNode[];
  refresh(): Promise<void>;
  reveal(node: ClusterNode): Promise<void>;
  /** The provider VS Code renders the tree from, and the status bar item: read back by the extension API. */
  readonly treeDataProvider: vscode.TreeDataProvider<ClusterNode>;
  readonly statusBar: Pick<ClusterStatusBar, 'rendered' | 'setFootnote'>;
}

