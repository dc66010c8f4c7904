// Watches WRight's cluster: one informer (list + watch) per kind for namespaces, services, pods and ingresses,
// cluster-wide, feeding slim caches (clusterSnapshot.ts). Emits ONE coalesced change per burst. client-node's
// informers stop for good on any error except a clean close or 410 (FACTS.md), so each kind is restarted here
// with exponential backoff and a fresh list; meanwhile the state is "disconnected" and the last data stays.
import type { Informer, KubernetesListObject, KubernetesObject, ObjectCache } from '@kubernetes/client-node';
import { silentLogger, type Logger } from '../shared/logger';
import { backoffDelay, DEFAULT_BACKOFF, type BackoffOptions } from './backoff';
import {
  toIngressInfo,
  toNamespaceInfo,
  toPodInfo,
  toServiceInfo,
  type ClusterSnapshot,
  type IngressInfo,
  type NamespaceInfo,
  type PodInfo,
  type ServiceInfo,
} from './clusterSnapshot';
import { Coalescer } from './coalescer';
import { timedApiClient } from './timedApiClient';
import type { ConnectionState } from './connectionState';
import type { RawIngress, RawNamespace, RawPod, RawService } from './kubeObjects';
import { describeRequestError, loadClient, statusOf, type ClusterTarget, type LoadedClient } from './kubeClient';
import { realScheduler, type Scheduler } from './scheduler';

export type WatchedKind = 'namespaces' | 'services' | 'pods' | 'ingresses';
const KINDS: readonly WatchedKind[] = ['namespaces', 'services', 'pods', 'ingresses'];

export interface ClusterWatcherOptions {
  readonly scheduler?: Scheduler;
  /** Length of the coalescing window. 50 ms: a pod change reaches the view well under the 100 ms budget. */
  readonly coalesceMs?: number;
  readonly backoff?: BackoffOptions;
  readonly random?: () => number;
  /** A kind that stayed up this long after its list starts its next backoff from the beginning again. */
  readonly stableMs?: number;
  readonly logger?: Logger;
  readonly load?: (target: ClusterTarget) => Promise<LoadedClient>;
}

type AnyList = KubernetesListObject<KubernetesObject>;

interface KindSpec {
  readonly path: string;
  readonly list: (client: LoadedClient) => Promise<AnyList>;
  readonly keyOf: (raw: KubernetesObject) => string;
  readonly upsert: (raw: KubernetesObject) => void;
  readonly remove: (key: string) => void;
  readonly keys: () => Iterable<string>;
}

interface KindWatch {
  status: 'connecting' | 'synced' | 'failed' | 'unsupported';
  reason?: string;
  everSynced: boolean;
  attempts: number;
  lastSyncAt?: number;
  retryTimer?: unknown;
  generation: number;
  informer?: Informer<KubernetesObject> & ObjectCache<KubernetesObject>;
}

export class ClusterWatcher {
  private readonly namespaces = new Map<string, NamespaceInfo>();
  private readonly services = new Map<string, ServiceInfo>();
  private readonly pods = new Map<string, PodInfo>();
  private readonly ingresses = new Map<string, IngressInfo>();
  private readonly watches = new Map<WatchedKind, KindWatch>();
  private readonly listeners = new Set<() => void>();
  private readonly scheduler: Scheduler;
  private readonly coalescer: Coalescer;
  private readonly logger: Logger;
  private readonly specs: Readonly<Record<WatchedKind, KindSpec>>;
  private client?: Promise<LoadedClient>;
  private running = false;

  constructor(
    readonly target: ClusterTarget,
    private readonly options: ClusterWatcherOptions = {},
  ) {
    this.scheduler = options.scheduler ?? realScheduler;
    this.logger = options.logger ?? silentLogger;
    this.coalescer = new Coalescer(options.coalesceMs ?? 50, this.scheduler, () => this.emit());
    const store = <I extends { readonly key: string }>(map: Map<string, I>, convert: (raw: never) => I) => ({
      keyOf: (raw: KubernetesObject) => convert(raw as never).key,
      upsert: (raw: KubernetesObject) => {
        const info = convert(raw as never);
        map.set(info.key, info);
      },
      remove: (key: string) => void map.delete(key),
      keys: () => map.keys(),
    });
    this.specs = {
      namespaces: {
        path: '/api/v1/namespaces',
        list: ({ k8s, kc }) => timedApiClient(k8s, kc, k8s.CoreV1Api).listNamespace(),
        ...store(this.namespaces, (raw: RawNamespace) => toNamespaceInfo(raw)),
        keyOf: (raw) => raw.metadata?.name ?? '',
      },
      services: {
        path: '/api/v1/services',
        list: ({ k8s, kc }) => timedApiClient(k8s, kc, k8s.CoreV1Api).listServiceForAllNamespaces(),
        ...store(this.services, (raw: RawService) => toServiceInfo(raw)),
      },
      pods: {
        path: '/api/v1/pods',
        list: ({ k8s, kc }) => timedApiClient(k8s, kc, k8s.CoreV1Api).listPodForAllNamespaces(),
        ...store(this.pods, (raw: RawPod) => toPodInfo(raw)),
      },
      ingresses: {
        path: '/apis/networking.k8s.io/v1/ingresses',
        list: ({ k8s, kc }) => timedApiClient(k8s, kc, k8s.NetworkingV1Api).listIngressForAllNamespaces(),
        ...store(this.ingresses, (raw: RawIngress) => toIngressInfo(raw)),
      },
    };
  }

  /** Called (coalesced) whenever the caches or the connection state changed. Returns an unsubscribe function. */
  onDidChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => void this.listeners.delete(listener);
  }

  snapshot(): ClusterSnapshot {
    return { namespaces: this.namespaces, services: this.services, pods: this.pods, ingresses: this.ingresses };
  }

  /** True once every kind has been listed at least once: before that the caches would tell half a story. */
  get synced(): boolean {
    return this.running && KINDS.every((kind) => this.watches.get(kind)?.everSynced === true);
  }

  get state(): ConnectionState {
    if (!this.running) return { kind: 'idle' };
    const watches = KINDS.map((kind) => this.watches.get(kind));
    const failed = watches.find((watch) => watch?.status === 'failed');
    if (failed) return { kind: 'disconnected', reason: failed.reason ?? 'unknown error' };
    const up = watches.every((watch) => watch?.status === 'synced' || watch?.status === 'unsupported');
    return up ? { kind: 'connected' } : { kind: 'connecting' };
  }

  get isRunning(): boolean {
    return this.running;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.logger.info(`Watching ${this.target.context} (${this.target.kubeconfigPath})`);
    for (const kind of KINDS) {
      const watch: KindWatch = { status: 'connecting', everSynced: false, attempts: 0, generation: 0 };
      this.watches.set(kind, watch);
      this.startKind(kind, watch);
    }
    this.coalescer.trigger();
  }

  /** Stops every watch. The caches are kept (a restart re-lists and prunes them). */
  async stop(): Promise<void> {
    if (!this.running) return;
    this.running = false;
    this.coalescer.cancel();
    const informers: Promise<void>[] = [];
    for (const watch of this.watches.values()) {
      watch.generation += 1;
      if (watch.retryTimer !== undefined) this.scheduler.clearTimeout(watch.retryTimer);
      watch.retryTimer = undefined;
      if (watch.informer) informers.push(watch.informer.stop());
      watch.informer = undefined;
    }
    this.watches.clear();
    this.client = undefined;
    await Promise.allSettled(informers);
    this.emit();
  }

  /** The view's Refresh: retries failed watches at once, or re-lists everything when all is well. */
  refresh(): void {
    if (!this.running) {
      this.start();
      return;
    }
    const failed = KINDS.filter((kind) => this.watches.get(kind)?.status === 'failed');
    if (failed.length === 0) this.client = undefined;
    for (const kind of failed.length > 0 ? failed : KINDS) {
      const watch = this.watches.get(kind);
      if (!watch) continue;
      watch.attempts = 0;
      this.restartKind(kind, watch);
    }
    this.coalescer.trigger();
  }

  private emit(): void {
    for (const listener of [...this.listeners]) {
      try {
        listener();
      } catch (error) {
        this.logger.error(`Cluster view listener failed: ${describeRequestError(error)}`);
      }
    }
  }

  private loaded(): Promise<LoadedClient> {
    this.client ??= (this.options.load ?? loadClient)(this.target);
    return this.client;
  }

  private restartKind(kind: WatchedKind, watch: KindWatch): void {
    watch.generation += 1;
    if (watch.retryTimer !== undefined) this.scheduler.clearTimeout(watch.retryTimer);
    watch.retryTimer = undefined;
    const old = watch.informer;
    watch.informer = undefined;
    // The old informer's own stop() reports an abort through its error callback: the generation bump above
    // makes that (and any late event of it) ignored.
    if (old) old.stop().catch(() => undefined);
    if (watch.status === 'failed') watch.status = 'connecting';
    this.startKind(kind, watch);
  }

  private startKind(kind: WatchedKind, watch: KindWatch): void {
    const generation = watch.generation;
    const spec = this.specs[kind];
    const current = (): boolean => this.running && watch.generation === generation;
    this.loaded()
      .then(async (client) => {
        if (!current()) return;
        const listFn = async (): Promise<AnyList> => {
          const list = await spec.list(client);
          if (!current()) return list;
          // A fresh list is the truth: drop what disappeared while we were not watching. The informer's
          // add/update callbacks that follow fill in the rest.
          const present = new Set(list.items.map((item) => spec.keyOf(item)));
          for (const key of [...spec.keys()]) if (!present.has(key)) spec.remove(key);
          watch.status = 'synced';
          watch.reason = undefined;
          watch.everSynced = true;
          watch.lastSyncAt = this.scheduler.now();
          this.coalescer.trigger();
          return list;
        };
        const informer = client.k8s.makeInformer(client.kc, spec.path, listFn);
        watch.informer = informer;
        const changed = (raw: KubernetesObject): void => {
          if (!current()) return;
          spec.upsert(raw);
          this.coalescer.trigger();
        };
        informer.on('add', changed);
        informer.on('update', changed);
        informer.on('delete', (raw: KubernetesObject) => {
          if (!current()) return;
          spec.remove(spec.keyOf(raw));
          this.coalescer.trigger();
        });
        informer.on('error', (error: unknown) => {
          if (current()) this.failed(kind, watch, error);
        });
        await informer.start();
      })
      .catch((error: unknown) => {
        if (current()) this.failed(kind, watch, error);
      });
  }

  private failed(kind: WatchedKind, watch: KindWatch, error: unknown): void {
    const now = this.scheduler.now();
    if (watch.lastSyncAt !== undefined && now - watch.lastSyncAt >= (this.options.stableMs ?? 10_000)) watch.attempts = 0;
    const backoff = this.options.backoff ?? DEFAULT_BACKOFF;
    // A cluster without the Ingress API is not broken: show no ingresses and look again now and then.
    const unsupported = kind === 'ingresses' && statusOf(error) === 404;
    const delay = unsupported ? backoff.maxMs : backoffDelay(watch.attempts, backoff, this.options.random);
    watch.attempts += 1;
    const reason = describeRequestError(error);
    if (unsupported) {
      watch.status = 'unsupported';
      watch.everSynced = true;
    } else {
      watch.status = 'failed';
      watch.reason = reason;
      // A kubeconfig that failed to load is read again on the next attempt (the lifecycle may rewrite it).
      this.client = undefined;
    }
    this.logger.warn(`Watch of ${kind} failed (${reason}); retrying in ${delay} ms`);
    watch.generation += 1;
    const generation = watch.generation;
    watch.retryTimer = this.scheduler.setTimeout(() => {
      if (!this.running || watch.generation !== generation) return;
      watch.retryTimer = undefined;
      this.restartKind(kind, watch);
    }, delay);
    this.coalescer.trigger();
  }
}
