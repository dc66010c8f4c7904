// The lifecycle engine: the one object the extension and the CLI drive. It owns the operation lock, the
// ownership records and the teardown hooks, and tells listeners what it is doing (status bar, context keys).
// It never imports vscode; everything it touches comes in through LifecycleDeps and each call's options.
import { clusterStatus, type ClusterStatus } from './clusterStatus';
import { createCluster, type IfExists } from './createCluster';
import { deployServices } from './deployServices';
import { Operation, type LifecycleDeps, type OperationOptions, type Progress } from './operation';
import { OperationLock, type OperationName } from './operationLock';
import { OwnershipStore } from './ownership';
import { runPreflight, type PreflightReport } from './preflight';
import { describeHolder, StateFolderLock } from './stateLock';
import { teardownCluster, type TeardownHook, type TeardownResult } from './teardownCluster';
import type { WorkloadStatus } from './workloads';

export interface CreateOutcome {
  readonly reused: boolean;
  /** undefined when deploy-on-create is off. */
  readonly workloads: readonly WorkloadStatus[] | undefined;
}

export type EngineActivity = OperationName | 'idle';

export class LifecycleEngine {
  private readonly lock = new OperationLock();
  /** The same rule across processes (other windows, the CLI): one operation per state folder. */
  private readonly folderLock: StateFolderLock;
  private readonly ownership: OwnershipStore;
  private readonly hooks = new Set<TeardownHook>();
  private readonly listeners = new Set<(activity: EngineActivity) => void>();
  private readonly progressListeners = new Set<Progress>();
  /** Aborted by dispose(): every operation runs under it as well as under its caller's signal. */
  private readonly lifetime = new AbortController();
  private running: Promise<unknown> | undefined;

  constructor(readonly deps: LifecycleDeps) {
    this.ownership = new OwnershipStore(deps.paths.stateDir);
    this.folderLock = new StateFolderLock(deps.paths.stateDir);
  }

  get activity(): EngineActivity {
    return this.lock.running ?? 'idle';
  }

  /** Called with the new activity whenever an operation starts or ends. Returns an unsubscribe function. */
  onDidChangeActivity(listener: (activity: EngineActivity) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Called with every step of every operation, whoever started it (the status bar shows them). */
  onDidProgress(listener: Progress): () => void {
    this.progressListeners.add(listener);
    return () => this.progressListeners.delete(listener);
  }

  /**
   * The host ports the ingress of a cluster WRight created is published on, as recorded at creation; undefined when
   * WRight has no record (it did not create the cluster, or another WRight state folder did). The view builds
   * ingress URLs from them, since a cluster made with "Use ports 8080/8443" keeps those ports whatever the settings say.
   */
  async ingressPortsOf(clusterName: string): Promise<{ readonly httpPort: number; readonly httpsPort: number } | undefined> {
    return (await this.ownership.get(clusterName))?.ingressPorts;
  }

  /** Something WRight started that teardown must stop first (the port-forward manager registers one). */
  registerTeardownHook(hook: TeardownHook): () => void {
    this.hooks.add(hook);
    return () => this.hooks.delete(hook);
  }

  create(options: OperationOptions & { readonly ifExists?: IfExists; readonly adopt?: boolean }): Promise<CreateOutcome> {
    return this.exclusive('create', options, async (op) => {
      const { reused } = await createCluster(op, this.ownership, options.ifExists ?? 'ask', options.adopt ?? false);
      if (!op.settings.deployOnCreate) return { reused, workloads: undefined };
      this.emit('deploy');
      return { reused, workloads: await deployServices(op, { checkCluster: false }) };
    });
  }

  deploy(options: OperationOptions): Promise<readonly WorkloadStatus[]> {
    return this.exclusive('deploy', options, (op) => deployServices(op, { checkCluster: true }));
  }

  teardown(options: OperationOptions): Promise<TeardownResult> {
    return this.exclusive('teardown', options, (op) => teardownCluster(op, this.ownership, this.hooks));
  }

  /** Read-only: runs alongside an operation. */
  status(options: OperationOptions): Promise<ClusterStatus> {
    return clusterStatus(new Operation(this.deps, options));
  }

  /** Read-only preflight of everything (ports and .env included). */
  doctor(options: OperationOptions): Promise<PreflightReport> {
    return runPreflight(new Operation(this.deps, options), { ports: true, envFile: true });
  }

  /**
   * Cancels the running operation (the extension is deactivating): its child processes are ended and a half-made
   * cluster removed, as with Cancel. The runner starts children in process groups of their own, so nothing else
   * would stop a `kind create` that outlives the window. Resolves once the operation has settled.
   */
  async dispose(): Promise<void> {
    this.lifetime.abort();
    await this.running?.catch(() => undefined);
  }

  private exclusive<T>(name: OperationName, options: OperationOptions, work: (op: Operation) => Promise<T>): Promise<T> {
    const signal = options.signal ? AbortSignal.any([options.signal, this.lifetime.signal]) : this.lifetime.signal;
    const idle = this.lock.running === undefined;
    const running = this.lock.run(name, async () => {
      this.emit(name);
      const progress = this.teeProgress(options.progress);
      try {
        // A dry run changes nothing, so it neither waits for nor blocks anyone.
        const release = options.dryRun
          ? undefined
          : await this.folderLock.acquire(name, options.settings.clusterName, {
              waitMs: options.waitForOthersMs ?? 0,
              signal,
              onWait: (holder) => progress(`Waiting for another WRight operation (${describeHolder(holder)})`),
            });
        try {
          return await work(new Operation(this.deps, { ...options, signal, progress }));
        } finally {
          await release?.();
        }
      } finally {
        this.emit('idle');
      }
    });
    // Only an operation that got the lock (a refused second request settles at once and changes nothing).
    if (idle) this.running = running;
    return running;
  }

  private teeProgress(own: Progress | undefined): Progress {
    return (step, detail) => {
      own?.(step, detail);
      for (const listener of this.progressListeners) {
        try {
          listener(step, detail);
        } catch {
          // A listener's bug must not break the operation.
        }
      }
    };
  }

  private emit(activity: EngineActivity): void {
    for (const listener of this.listeners) {
      try {
        listener(activity);
      } catch {
        // A listener's bug must not break the operation.
      }
    }
  }
}
