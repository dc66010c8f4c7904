// The "Staging Cluster" view's data provider. It serves the nodes the tree model keeps up to date from the watch
// cache (src/k8s/clusterTreeModel.ts): expanding a node never makes an API request, and an update refreshes only
// the nodes that changed (the model's nodes are stable objects). With no cluster it returns no items, so VS Code
// shows the welcome content.
import * as vscode from 'vscode';
import type { ClusterNode } from '../../k8s/clusterTree';
import type { TreeUpdate } from '../../k8s/clusterTreeModel';
import { toTreeItem } from './clusterTreeItem';

export class ClusterTreeProvider implements vscode.TreeDataProvider<ClusterNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<ClusterNode | ClusterNode[] | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private roots: readonly ClusterNode[] = [];

  constructor(
    private readonly parentOf: (node: ClusterNode) => ClusterNode | undefined = () => undefined,
    private readonly now: () => number = Date.now,
  ) {}

  /**
   * New top level, and what changed below it: the changed nodes are refreshed alone unless the top level changed.
   * Ids keep VS Code's expansion and selection state across full refreshes.
   */
  update(roots: readonly ClusterNode[], update?: TreeUpdate): void {
    this.roots = roots;
    if (!update || update.rootsChanged) this.changed.fire(undefined);
    else if (update.changed.size > 0) this.changed.fire([...update.changed]);
  }

  get current(): readonly ClusterNode[] {
    return this.roots;
  }

  getTreeItem(node: ClusterNode): vscode.TreeItem {
    return toTreeItem(node, this.now());
  }

  getChildren(node?: ClusterNode): ClusterNode[] {
    return [...(node ? node.children : this.roots)];
  }

  getParent(node: ClusterNode): ClusterNode | undefined {
    return this.parentOf(node);
  }

  dispose(): void {
    this.changed.dispose();
  }
}
