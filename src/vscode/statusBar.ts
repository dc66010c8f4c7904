// The status bar item: a thin adapter that shows what src/k8s/clusterStatus.ts renders.
import * as vscode from 'vscode';
import type { StatusView } from '../k8s/clusterStatus';

export class ClusterStatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('wright.status', vscode.StatusBarAlignment.Left, 50);

  constructor() {
    this.item.name = 'WRight Staging Cluster';
  }

  show(view: StatusView): void {
    this.item.text = view.text;
    const tooltip = new vscode.MarkdownString(view.tooltip, true);
    tooltip.isTrusted = false;
    this.item.tooltip = tooltip;
    this.item.command = view.command;
    this.item.backgroundColor = view.background ? new vscode.ThemeColor(`statusBarItem.${view.background}Background`) : undefined;
    if (view.visible) this.item.show();
    else this.item.hide();
  }

  dispose(): void {
    this.item.dispose();
  }
}
