// The "Staging Cluster" view. Until a cluster is known it has no items, so VS Code shows the welcome content.
import * as vscode from 'vscode';

export class ClusterTreeProvider implements vscode.TreeDataProvider<never> {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeTreeData = this.changed.event;

  getTreeItem(element: never): vscode.TreeItem {
    return element;
  }

  getChildren(): never[] {
    return [];
  }

  dispose(): void {
    this.changed.dispose();
  }
}
