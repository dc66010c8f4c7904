// The live view without VS Code: a ClusterWatcher feeding one incremental ClusterTreeModel. Each coalesced watch
// change updates only what it touched and says which nodes changed; the top level (connection messages and the
// namespaces) and the status bar's health are read from here. The VS Code view, `wright status --watch` and the
// benchmark all run this same code.
import { silentLogger, type Logger } from '../shared/logger';
import type { ClusterNode, NamespaceNode, TreeOptions } from './clusterNodes';
import { EMPTY_SNAPSHOT, type PodInfo } from './clusterSnapshot';
import { topLevel } from './clusterTree';
import { ClusterTreeModel, type ClusterHealth, type TreeUpdate } from './clusterTreeModel';
import { ClusterWatcher, type ClusterWatcherOptions, type WatchChanges } from './clusterWatcher';
import type { ConnectionState } from './connectionState';
import type { ClusterTarget } from './kubeClient';

export interface ClusterViewModelOptions {
  readonly options: TreeOptions;
  readonly logger?: Logger;
  readonly watcher?: Omit<ClusterWatcherOptions, 'logger'>;
}

export class ClusterViewModel {
  readonly watcher: ClusterWatcher;
  private model: ClusterTreeModel;
  private options: TreeOptions;
  private readonly listeners = new Set<(update: TreeUpdate) => void>();
  private unsubscribe?: () => void;
  private lastTop = '';

  constructor(
    readonly target: ClusterTarget,
    init: ClusterViewModelOptions,
  ) {
    this.options = init.options;
    this.watcher = new ClusterWatcher(target, { ...init.watcher, logger: init.logger ?? silentLogger });
    this.model = new ClusterTreeModel(this.options, EMPTY_SNAPSHOT);
  }

  /** Called after every update with what changed. Returns an unsubscribe function. */
  onDidUpdate(listener: (update: TreeUpdate) => void): () => void {
    this.listeners.add(listener);
    return () => void this.listeners.delete(listener);
  }

  start(): void {
    this.unsubscribe ??= this.watcher.onDidChange((changes) => this.changed(changes));
    this.watcher.start();
  }

  async stop(): Promise<void> {
    await this.watcher.stop();
    this.unsubscribe?.();
    this.unsubscribe = undefined;
  }

  refresh(): void {
    this.watcher.refresh();
  }

  get state(): ConnectionState {
    return this.watcher.state;
  }

  get synced(): boolean {
    return this.watcher.synced;
  }

  /** Every kind listed and every watch up: the model tells the whole story. */
  get complete(): boolean {
    return this.watcher.synced && this.watcher.state.kind === 'connected';
  }

  /** The view's top level: connection messages, then (once synced) the namespaces. */
  roots(): ClusterNode[] {
    return topLevel(this.model.namespaces(), this.watcher.state, this.watcher.synced);
  }

  /** The namespace nodes (WRight's four first). */
  namespaces(): readonly NamespaceNode[] {
    return this.model.namespaces();
  }

  parentOf(node: ClusterNode): ClusterNode | undefined {
    return this.model.parentOf(node);
  }

  health(): ClusterHealth {
    return this.model.health();
  }

  pods(): Iterable<PodInfo> {
    return this.watcher.snapshot().pods.values();
  }

  get podCount(): number {
    return this.watcher.snapshot().pods.size;
  }

  podHealth(key: string): PodInfo['health'] | undefined {
    return this.watcher.snapshot().pods.get(key)?.health;
  }

  /** New ports, forwards or namespace choice: services and the top level only. */
  setOptions(options: TreeOptions): void {
    this.options = options;
    this.emit(this.model.setOptions(options));
  }

  private changed(changes: WatchChanges): void {
    this.emit(this.model.apply(this.watcher.snapshot(), changes));
  }

  private emit(update: TreeUpdate): void {
    // The connection messages above the namespaces come and go with the state: then the top level changed.
    const state = this.watcher.state;
    const top = `${state.kind}|${state.kind === 'disconnected' ? state.reason : ''}|${this.watcher.synced}`;
    const rootsChanged = update.rootsChanged || top !== this.lastTop;
    this.lastTop = top;
    const result: TreeUpdate = { changed: update.changed, rootsChanged };
    for (const listener of [...this.listeners]) listener(result);
  }
}
