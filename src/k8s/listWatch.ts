// List + watch of one resource path, without a cache of its own: every object is handed to the caller once and
// dropped, so the caller's slim copy is the only copy (client-node's informer keeps every full object as well,
// which doubled the view's memory). Same semantics as client-node's informer: a clean end of the watch resumes
// from the last resourceVersion; 410 Gone (an ERROR event or the response) lists again; any other failure is
// reported once through `failed` and the ListWatch stops (the owner restarts it with backoff).
import type { KubernetesListObject, KubernetesObject } from '@kubernetes/client-node';
import type { LoadedClient } from './kubeClient';

export interface ListWatchHandlers {
  /** A complete, fresh list: whatever the caller holds and is not in it is gone. */
  listed(items: readonly KubernetesObject[]): void;
  upsert(object: KubernetesObject): void;
  remove(object: KubernetesObject): void;
  failed(error: unknown): void;
}

type WatchOutcome = { readonly kind: 'closed' } | { readonly kind: 'gone' } | { readonly kind: 'failed'; readonly error: unknown };

const isGone = (value: unknown): boolean => {
  const record = value as { code?: unknown; statusCode?: unknown } | null | undefined;
  return record?.code === 410 || record?.statusCode === 410;
};

export class ListWatch {
  private resourceVersion = '';
  private stopped = false;
  private controller?: AbortController;

  constructor(
    private readonly client: LoadedClient,
    private readonly path: string,
    private readonly list: () => Promise<KubernetesListObject<KubernetesObject>>,
    private readonly handlers: ListWatchHandlers,
  ) {}

  /** Runs until stopped or failed; resolves once the first list has been handed over (or failed). */
  start(): Promise<void> {
    return new Promise<void>((resolve) => {
      void this.run(resolve);
    });
  }

  stop(): void {
    this.stopped = true;
    this.controller?.abort();
    this.controller = undefined;
  }

  /**
   * Lists and hands the items over; false when stopped meanwhile. Its own function on purpose: a suspended async
   * function keeps its locals alive, so a list held in run()'s frame would stay in memory (every full object of a
   * 20,000-pod list, ~100 MB) for as long as the watch that follows it runs.
   */
  private async relist(): Promise<boolean> {
    const list = await this.list();
    if (this.stopped) return false;
    this.handlers.listed(list.items);
    this.resourceVersion = list.metadata?.resourceVersion ?? '';
    return true;
  }

  private async run(firstListDone: () => void): Promise<void> {
    try {
      while (!this.stopped) {
        if (this.resourceVersion === '') {
          if (!(await this.relist())) return;
          firstListDone();
        }
        const outcome = await this.watchOnce();
        if (this.stopped) return;
        if (outcome.kind === 'failed') {
          this.stopped = true;
          this.handlers.failed(outcome.error);
          return;
        }
        // 410 Gone: the server no longer has our version; list afresh. A clean end resumes where it was.
        if (outcome.kind === 'gone') this.resourceVersion = '';
      }
    } catch (error) {
      if (this.stopped) return;
      this.stopped = true;
      this.handlers.failed(error);
    } finally {
      firstListDone();
    }
  }

  private watchOnce(): Promise<WatchOutcome> {
    return new Promise<WatchOutcome>((resolve) => {
      let outcome: WatchOutcome = { kind: 'closed' };
      const watch = new this.client.k8s.Watch(this.client.kc);
      const onEvent = (type: string, object: KubernetesObject & { code?: unknown }): void => {
        if (this.stopped) return;
        if (type === 'ERROR') {
          outcome = isGone(object) ? { kind: 'gone' } : { kind: 'failed', error: Object.assign(new Error(`watch of ${this.path} failed`), { code: object.code }) };
          return;
        }
        if (type === 'ADDED' || type === 'MODIFIED') this.handlers.upsert(object);
        else if (type === 'DELETED') this.handlers.remove(object);
        const version = object.metadata?.resourceVersion;
        if (version) this.resourceVersion = version;
      };
      const onDone = (error: unknown): void => {
        if (error) outcome = isGone(error) ? { kind: 'gone' } : { kind: 'failed', error };
        resolve(outcome);
      };
      watch
        .watch(this.path, { resourceVersion: this.resourceVersion, allowWatchBookmarks: true }, onEvent, onDone)
        .then((controller) => {
          if (this.stopped) controller.abort();
          else this.controller = controller;
        })
        .catch(onDone);
    });
  }
}
