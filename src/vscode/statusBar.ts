// The status bar item: a thin adapter that shows what src/k8s/clusterStatus.ts renders.
import * as vscode from 'vscode';
import type { StatusView } from '../k8s/clusterStatus';

/** The item's fields as last set: what the status bar shows (read back for the extension API). */
export interface RenderedStatusBar {
  readonly visible: boolean;
  readonly text: string;
  readonly tooltip: string;
  readonly backgroundColor: vscode.ThemeColor | undefined;
  readonly command: string | undefined;
}

export class ClusterStatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('wright.status', vscode.StatusBarAlignment.Left, 50);
  private visible = false;
  private last: StatusView | undefined;
  private footnote: string | undefined;

  constructor() {
    this.item.name = 'WRight Staging Cluster';
  }

  /** A line under the tooltip that outlives status changes (when the cluster was last verified, and the result). */
  setFootnote(footnote: string | undefined): void {
    this.footnote = footnote;
    if (this.last) this.show(this.last);
  }

  show(view: StatusView): void {
    this.last = view;
    this.item.text = view.text;
    const tooltip = new vscode.MarkdownString(this.footnote ? `${view.tooltip}\n\n${this.footnote}` : view.tooltip, true);
    tooltip.isTrusted = false;
    this.item.tooltip = tooltip;
    this.item.command = view.command;
    this.item.accessibilityInformation = { label: view.accessibilityLabel, role: 'button' };
    this.item.backgroundColor = view.background ? new vscode.ThemeColor(`statusBarItem.${view.background}Background`) : undefined;
    this.visible = view.visible;
    if (view.visible) this.item.show();
    else this.item.hide();
  }

  rendered(): RenderedStatusBar {
    const { text, tooltip, backgroundColor, command } = this.item;
    return {
      visible: this.visible,
      text,
      tooltip: typeof tooltip === 'string' ? tooltip : (tooltip?.value ?? ''),
      backgroundColor,
      command: typeof command === 'string' ? command : command?.command,
    };
  }

  dispose(): void {
    this.item.dispose();
  }
}
