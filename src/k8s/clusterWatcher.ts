// Watches WRight's cluster: one list + watch per kind for namespaces, services, pods, ingresses, and deployments
// and statefulsets (only to know which workloads exist: what WRight deployed is checked against them),
// cluster-wide, feeding slim caches (clusterSnapshot.ts) that are the ONLY copy of the data (listWatch.ts keeps none). Emits one
// coalesced change per burst, naming the keys that changed, so the view model updates only what changed. A
// list + watch stops for good on any error except a clean close or 410 (like client-node's informers, FACTS.md),
// so each kind is restarted here with exponential backoff and a fresh list; meanwhile the state is
// "disconnected" and the last data stays.
// An account that may not list a kind cluster-wide (403, RBAC on a shared cluster) is watched namespace by
// namespace instead, in WRight's namespaces; a namespace it may not list either is "no access" (never retried in
// a loop: Refresh tries again), and when namespaces cannot be listed, a namespace exists as far as it was listable.
import type { KubernetesListObject, KubernetesObject } from '@kubernetes/client-node';
import { silentLogger, type Logger } from '../shared/logger';
import { WRIGHT_NAMESPACES } from '../shared/settings';
import { backoffDelay, DEFAULT_BACKOFF, type BackoffOptions } from './backoff';
import {
  toIngressInfo,
  toNamespaceInfo,
  toPodInfo,
  toServiceInfo,
  toWorkloadInfo,
  workloadKey,
  type ClusterSnapshot,
  type IngressInfo,
  type NamespaceInfo,
  type PodInfo,
  type ServiceInfo,
  type WorkloadInfo,
} from './clusterSnapshot';
import { Coalescer } from './coalescer';
import type { ConnectionState } from './connectionState';
import type { RawIngress, RawNamespace, RawPod, RawService } from './kubeObjects';
import { objectKey } from './kubeObjects';
import { describeRequestError, loadClient, statusOf, type ClusterTarget, type LoadedClient } from './kubeClient';
import { ListWatch } from './listWatch';
import { rawList } from './rawList';
import { realScheduler, type Scheduler } from './scheduler';

export type WatchedKind = 'namespaces' | 'services' | 'pods' | 'ingresses' | 'deployments' | 'statefulsets';
const KINDS: readonly WatchedKind[] = ['namespaces', 'services', 'pods', 'ingresses', 'deployments', 'statefulsets'];

export interface ClusterWatcherOptions {
  readonly scheduler?: Scheduler;
  /**
   * Length of the coalescing window (coalescer.ts): a lone change is not delayed; changes within this time of the
   * last flush wait for it. 16 ms, about one frame: the view never refreshes faster than it can paint.
   */
  readonly coalesceMs?: number;
  readonly backoff?: BackoffOptions;
  readonly random?: () => number;
  /** A kind that stayed up this long after its list starts its next backoff from the beginning again. */
  readonly stableMs?: number;
  readonly logger?: Logger;
  readonly load?: (target: ClusterTarget) => Promise<LoadedClient>;
  /** The namespaces watched one by one when a kind cannot be listed cluster-wide (default: WRight's four). */
  readonly namespaces?: readonly string[];
}

type AnyList = KubernetesListObject<KubernetesObject>;

/** What changed since the last emitted change: keys per kind (added, updated or removed), and re-listed kinds. */
export interface WatchChanges {
  /** Kinds listed afresh: every object of the kind may have changed. */
  readonly relisted: ReadonlySet<WatchedKind>;
  readonly keys: Readonly<Record<WatchedKind, ReadonlySet<string>>>;
}

interface KindSpec {
  readonly path: string;
  readonly list: (client: LoadedClient) => Promise<AnyList>;
  readonly keyOf: (raw: KubernetesObject) => string;
  readonly upsert: (raw: KubernetesObject) => void;
  readonly remove: (key: string) => void;
  readonly keys: () => Iterable<string>;
}

const emptyChanges = (): { relisted: Set<WatchedKind>; keys: Record<WatchedKind, Set<string>> } => ({
  relisted: new Set(),
  keys: { namespaces: new Set(), services: new Set(), pods: new Set(), ingresses: new Set(), deployments: new Set(), statefulsets: new Set() },
});

/** One namespace of a kind watched namespace by namespace. */
interface ScopedWatch {
  status: 'connecting' | 'synced' | 'denied';
  listWatch?: ListWatch;
  /** The keys this namespace's list + watch holds (its fresh list prunes only these). */
  readonly keys: Set<string>;
}

interface KindWatch {
  /** `restricted`: the namespaces kind cannot be listed (403); namespaces are known from the other kinds' lists. */
  status: 'connecting' | 'synced' | 'failed' | 'unsupported' | 'restricted';
  /** `namespaces`: the account may not list this kind cluster-wide; each namespace has its own list + watch. */
  mode?: 'namespaces';
  scoped?: Map<string, ScopedWatch>;
  reason?: string;
  everSynced: boolean;
  attempts: number;
  lastSyncAt?: number;
  retryTimer?: unknown;
  generation: number;
  listWatch?: ListWatch;
}

export class ClusterWatcher {
  private readonly namespaces = new Map<string, NamespaceInfo>();
  private readonly services = new Map<string, ServiceInfo>();
  private readonly pods = new Map<string, PodInfo>();
  private readonly ingresses = new Map<string, IngressInfo>();
  private readonly workloads = new Map<string, WorkloadInfo>();
  private readonly watches = new Map<WatchedKind, KindWatch>();
  private readonly listeners = new Set<(changes: WatchChanges) => void>();
  private changes = emptyChanges();
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
    this.coalescer = new Coalescer(options.coalesceMs ?? 16, this.scheduler, () => this.emit());
    // Each object is converted once, when it arrives; its key comes from its metadata without converting it.
    const store = <I extends { readonly key: string }>(map: Map<string, I>, convert: (raw: never) => I) => ({
      keyOf: (raw: KubernetesObject) => objectKey(raw.metadata),
      upsert: (raw: KubernetesObject) => {
        const info = convert(raw as never);
        map.set(info.key, info);
      },
      remove: (key: string) => void map.delete(key),
      keys: () => map.keys(),
    });
    // One map for both workload kinds: the key starts with the kind, so a Deployment and a StatefulSet never collide.
    const workloadStore = (kind: WorkloadInfo['kind']) => ({
      ...store(this.workloads, (raw: KubernetesObject) => toWorkloadInfo(raw, kind)),
      keyOf: (raw: KubernetesObject) => workloadKey({ kind, namespace: raw.metadata?.namespace ?? '', name: raw.metadata?.name ?? '' }),
      // A fresh list prunes only its own kind.
      keys: () => [...this.workloads.values()].filter((info) => info.kind === kind).map((info) => info.key),
    });
    this.specs = {
      namespaces: {
        path: '/api/v1/namespaces',
        list: (client) => rawList(client, '/api/v1/namespaces'),
        ...store(this.namespaces, (raw: RawNamespace) => toNamespaceInfo(raw)),
        keyOf: (raw) => raw.metadata?.name ?? '',
      },
      services: {
        path: '/api/v1/services',
        list: (client) => rawList(client, '/api/v1/services'),
        ...store(this.services, (raw: RawService) => toServiceInfo(raw)),
      },
      pods: {
        path: '/api/v1/pods',
        list: (client) => rawList(client, '/api/v1/pods'),
        ...store(this.pods, (raw: RawPod) => toPodInfo(raw)),
      },
      ingresses: {
        path: '/apis/networking.k8s.io/v1/ingresses',
        list: (client) => rawList(client, '/apis/networking.k8s.io/v1/ingresses'),
        ...store(this.ingresses, (raw: RawIngress) => toIngressInfo(raw)),
      },
      deployments: {
        path: '/apis/apps/v1/deployments',
        list: (client) => rawList(client, '/apis/apps/v1/deployments'),
        ...workloadStore('Deployment'),
      },
      statefulsets: {
        path: '/apis/apps/v1/statefulsets',
        list: (client) => rawList(client, '/apis/apps/v1/statefulsets'),
        ...workloadStore('StatefulSet'),
      },
    };
  }

  /**
   * Called (coalesced) whenever the caches or the connection state changed, with the keys that changed since the
   * last call. Returns an unsubscribe function.
   */
  onDidChange(listener: (changes: WatchChanges) => void): () => void {
    this.listeners.add(listener);
    return () => void this.listeners.delete(listener);
  }

  snapshot(): ClusterSnapshot {
    return { namespaces: this.namespaces, services: this.services, pods: this.pods, ingresses: this.ingresses, workloads: this.workloads, noAccess: this.noAccess() };
  }

  /** WRight's namespaces this account may not list (some kind was refused there with 403). */
  noAccess(): ReadonlySet<string> {
    const denied = new Set<string>();
    for (const watch of this.watches.values()) for (const [namespace, scoped] of watch.scoped ?? []) if (scoped.status === 'denied') denied.add(namespace);
    return denied;
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
    const up = watches.every((watch) => watch?.status === 'synced' || watch?.status === 'unsupported' || watch?.status === 'restricted');
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
    for (const watch of this.watches.values()) {
      watch.generation += 1;
      if (watch.retryTimer !== undefined) this.scheduler.clearTimeout(watch.retryTimer);
      watch.retryTimer = undefined;
      watch.listWatch?.stop();
      watch.listWatch = undefined;
      this.stopScoped(watch);
    }
    this.watches.clear();
    this.client = undefined;
    await Promise.resolve();
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
    const changes = this.changes;
    this.changes = emptyChanges();
    for (const listener of [...this.listeners]) {
      try {
        listener(changes);
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
    // The generation bump above makes any late event of the old list + watch ignored.
    watch.listWatch?.stop();
    watch.listWatch = undefined;
    this.stopScoped(watch);
    if (watch.status === 'failed') watch.status = 'connecting';
    this.startKind(kind, watch);
  }

  private stopScoped(watch: KindWatch): void {
    for (const scoped of watch.scoped?.values() ?? []) scoped.listWatch?.stop();
    watch.scoped = undefined;
  }

  private startKind(kind: WatchedKind, watch: KindWatch): void {
    if (watch.mode === 'namespaces') return this.startScoped(kind, watch);
    const generation = watch.generation;
    const spec = this.specs[kind];
    const current = (): boolean => this.running && watch.generation === generation;
    this.loaded()
      .then(async (client) => {
        if (!current()) return;
        const listWatch = new ListWatch(client, spec.path, () => spec.list(client), {
          listed: (items) => {
            if (!current()) return;
            // A fresh list is the truth: drop what disappeared while we were not watching.
            const present = new Set<string>();
            for (const item of items) {
              present.add(spec.keyOf(item));
              spec.upsert(item);
            }
            for (const key of [...spec.keys()]) if (!present.has(key)) spec.remove(key);
            this.changes.relisted.add(kind);
            watch.status = 'synced';
            watch.reason = undefined;
            watch.everSynced = true;
            watch.lastSyncAt = this.scheduler.now();
            this.coalescer.trigger();
          },
          upsert: (raw) => {
            if (!current()) return;
            spec.upsert(raw);
            this.changes.keys[kind].add(spec.keyOf(raw));
            this.coalescer.trigger();
          },
          remove: (raw) => {
            if (!current()) return;
            const key = spec.keyOf(raw);
            spec.remove(key);
            this.changes.keys[kind].add(key);
            this.coalescer.trigger();
          },
          failed: (error) => {
            if (current()) this.failed(kind, watch, error);
          },
        });
        watch.listWatch = listWatch;
        await listWatch.start();
      })
      .catch((error: unknown) => {
        if (current()) this.failed(kind, watch, error);
      });
  }

  private failed(kind: WatchedKind, watch: KindWatch, error: unknown): void {
    if (statusOf(error) === 403 && watch.mode !== 'namespaces') return this.forbidden(kind, watch);
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

  /** 403 listing a kind cluster-wide: watch it namespace by namespace (namespaces themselves: known from the rest). */
  private forbidden(kind: WatchedKind, watch: KindWatch): void {
    watch.generation += 1;
    watch.listWatch?.stop();
    watch.listWatch = undefined;
    if (kind === 'namespaces') {
      this.logger.info(`This account may not list namespaces: WRight's namespaces are shown as far as they can be listed`);
      watch.status = 'restricted';
      watch.everSynced = true;
      for (const namespace of this.scopedNamespaces()) if (this.listable(namespace)) this.knowNamespace(namespace);
      this.coalescer.trigger();
      return;
    }
    this.logger.info(`This account may not list ${kind} in all namespaces: watching ${this.scopedNamespaces().join(', ')} one by one`);
    watch.mode = 'namespaces';
    this.startScoped(kind, watch);
  }

  private scopedNamespaces(): readonly string[] {
    return this.options.namespaces ?? WRIGHT_NAMESPACES;
  }

  /** Whether some kind was listed in `namespace` (when namespaces cannot be listed, that is how one is known to exist). */
  private listable(namespace: string): boolean {
    return [...this.watches.values()].some((watch) => watch.scoped?.get(namespace)?.status === 'synced' || (watch.mode !== 'namespaces' && watch.everSynced && watch.status !== 'restricted'));
  }

  private knowNamespace(namespace: string): void {
    if (this.watches.get('namespaces')?.status !== 'restricted' || this.namespaces.has(namespace)) return;
    this.namespaces.set(namespace, toNamespaceInfo({ metadata: { name: namespace } }));
    this.changes.keys.namespaces.add(namespace);
  }

  private startScoped(kind: WatchedKind, watch: KindWatch): void {
    const generation = watch.generation;
    const spec = this.specs[kind];
    const current = (): boolean => this.running && watch.generation === generation;
    watch.status = watch.status === 'failed' ? 'failed' : 'connecting';
    const scopedWatches = new Map<string, ScopedWatch>();
    watch.scoped = scopedWatches;
    const settle = (): void => {
      const all = [...scopedWatches.values()];
      if (all.some((scoped) => scoped.status === 'connecting')) return;
      watch.status = 'synced';
      watch.reason = undefined;
      watch.everSynced = true;
      watch.lastSyncAt = this.scheduler.now();
    };
    this.loaded()
      .then(async (client) => {
        if (!current()) return;
        await Promise.all(
          this.scopedNamespaces().map((namespace) => {
            const scoped: ScopedWatch = { status: 'connecting', keys: new Set() };
            scopedWatches.set(namespace, scoped);
            const path = namespacedPath(spec.path, namespace);
            scoped.listWatch = new ListWatch(client, path, () => rawList(client, path), {
              listed: (items) => {
                if (!current()) return;
                const present = new Set<string>();
                for (const item of items) {
                  const key = spec.keyOf(item);
                  present.add(key);
                  spec.upsert(item);
                }
                for (const key of scoped.keys) if (!present.has(key)) spec.remove(key);
                scoped.keys.clear();
                for (const key of present) scoped.keys.add(key);
                scoped.status = 'synced';
                this.knowNamespace(namespace);
                this.changes.relisted.add(kind);
                settle();
                this.coalescer.trigger();
              },
              upsert: (raw) => {
                if (!current()) return;
                const key = spec.keyOf(raw);
                spec.upsert(raw);
                scoped.keys.add(key);
                this.changes.keys[kind].add(key);
                this.coalescer.trigger();
              },
              remove: (raw) => {
                if (!current()) return;
                const key = spec.keyOf(raw);
                spec.remove(key);
                scoped.keys.delete(key);
                this.changes.keys[kind].add(key);
                this.coalescer.trigger();
              },
              failed: (error) => {
                if (!current()) return;
                if (statusOf(error) !== 403) return this.failed(kind, watch, error);
                // No access here: nothing of this kind is shown in it, and it is not asked again until Refresh.
                if (scoped.status !== 'denied') this.logger.info(`No access to ${kind} in ${namespace} (403): shown as "no access"`);
                scoped.status = 'denied';
                for (const key of scoped.keys) spec.remove(key);
                scoped.keys.clear();
                this.changes.keys.namespaces.add(namespace);
                this.changes.relisted.add(kind);
                settle();
                this.coalescer.trigger();
              },
            });
            return scoped.listWatch.start();
          }),
        );
      })
      .catch((error: unknown) => {
        if (current()) this.failed(kind, watch, error);
      });
  }
}

/** `/api/v1/pods` -> `/api/v1/namespaces/<ns>/pods`: the namespaced form of a cluster-wide list path. */
export function namespacedPath(path: string, namespace: string): string {
  const slash = path.lastIndexOf('/');
  return `${path.slice(0, slash)}/namespaces/${encodeURIComponent(namespace)}${path.slice(slash)}`;
}
