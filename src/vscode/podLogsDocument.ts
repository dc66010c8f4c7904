// "Show Pod Logs": follows a container's log into a read-only editor (a virtual document), and stops following
// as soon as no editor tab shows it any more (or the document is closed). Keeps the last lines only, so a
// chatty pod cannot grow the editor without bound.
import { Writable } from 'node:stream';
import * as vscode from 'vscode';
import type { ClusterActions } from '../k8s/clusterActions';

export const LOGS_SCHEME = 'wright-logs';
const MAX_LINES = 5000;
const REDRAW_MS = 100;

interface Follow {
  text: string;
  abort?: AbortController;
  redraw?: NodeJS.Timeout;
}

export class PodLogsDocuments implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;
  private readonly follows = new Map<string, Follow>();
  private readonly subscriptions: vscode.Disposable[];

  constructor(private readonly actions: ClusterActions) {
    this.subscriptions = [
      vscode.workspace.registerTextDocumentContentProvider(LOGS_SCHEME, this),
      vscode.workspace.onDidCloseTextDocument((document) => this.stop(document.uri)),
      vscode.window.tabGroups.onDidChangeTabs((event) => {
        for (const tab of event.closed) {
          const input = tab.input;
          if (input instanceof vscode.TabInputText && input.uri.scheme === LOGS_SCHEME && !this.isShown(input.uri)) this.stop(input.uri);
        }
      }),
    ];
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.follows.get(uri.toString())?.text ?? '';
  }

  async open(namespace: string, pod: string, container: string): Promise<void> {
    const uri = vscode.Uri.from({ scheme: LOGS_SCHEME, path: `/${namespace}/${pod}/${container}.log` });
    const key = uri.toString();
    this.stop(uri);
    const follow: Follow = { text: '' };
    this.follows.set(key, follow);
    const sink = new Writable({
      write: (chunk: Buffer | string, _encoding, done) => {
        follow.text += chunk.toString();
        const lines = follow.text.split('\n');
        if (lines.length > MAX_LINES) follow.text = lines.slice(-MAX_LINES).join('\n');
        // Redraw at most every REDRAW_MS: a log burst is one document change, not thousands.
        follow.redraw ??= setTimeout(() => {
          follow.redraw = undefined;
          this.changed.fire(uri);
        }, REDRAW_MS);
        done();
      },
    });
    try {
      follow.abort = await this.actions.followLogs(namespace, pod, container, sink);
    } catch (error) {
      // Nothing is followed: forget the entry, or it would stay behind for a log that never opened.
      if (this.follows.get(key) === follow) this.follows.delete(key);
      throw error;
    }
    if (this.follows.get(key) !== follow) follow.abort.abort();
    const document = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(document, { preview: false });
  }

  private isShown(uri: vscode.Uri): boolean {
    return vscode.window.tabGroups.all.some((group) =>
      group.tabs.some((tab) => tab.input instanceof vscode.TabInputText && tab.input.uri.toString() === uri.toString()),
    );
  }

  private stop(uri: vscode.Uri): void {
    const follow = this.follows.get(uri.toString());
    if (!follow) return;
    this.follows.delete(uri.toString());
    follow.abort?.abort();
    if (follow.redraw) clearTimeout(follow.redraw);
  }

  /** How many logs are being followed (the integration test checks that closing the editor stops one). */
  get following(): number {
    return this.follows.size;
  }

  dispose(): void {
    for (const key of [...this.follows.keys()]) this.stop(vscode.Uri.parse(key));
    this.subscriptions.forEach((subscription) => void subscription.dispose());
    this.changed.dispose();
  }
}
