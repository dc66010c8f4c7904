// The "Staging Cluster" view's data provider. It serves a tree the model already built (src/k8s/clusterTree.ts)
// from the watch cache: expanding a node never makes an API request. With no cluster it returns no items, so
// VS Code shows the welcome content.
import * as vscode from 'vscode';
import type { ClusterNode } from '../../k8s/clusterTree';
import { toTreeItem } from './clusterTreeItem';

export class ClusterTreeProvider implements vscode.TreeDataProvider<ClusterNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeTreeData = this.changed.event;
  private roots: readonly ClusterNode[] = [];
  private parents = new Map<string, ClusterNode>();

  constructor(private readonly now: () => number = Date.now) {}

  /** Replaces the whole tree; ids keep VS Code's expansion and selection state across updates. */
  update(roots: readonly ClusterNode[]): void {
    this.roots = roots;
    this.parents = new Map();
    const visit = (node: ClusterNode): void => {
      for (const child of node.children) {
        this.parents.set(child.id, node);
        visit(child);
      }
    };
    roots.forEach(visit);
    this.changed.fire();
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
    return this.parents.get(node.id);
  }

  dispose(): void {
    this.changed.dispose();
  }
}
