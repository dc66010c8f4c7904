// The lifecycle engine: the one object the extension and the CLI drive. It owns the operation lock, the
// ownership records and the teardown hooks, and tells listeners what it is doing (status bar, context keys).
// It never imports vscode; everything it touches comes in through LifecycleDeps and each call's options.
import { imageCacheReport, type ImageCacheReport } from '../images/imageCacheReport';
import { assertKindOverlay } from './cloudOverlayGuard';
import { clusterStatus, type ClusterStatus } from './clusterStatus';
import { createCluster, type IfExists } from './createCluster';
import { deployServices, type DeployTimings } from './deployServices';
import type { OidcSettings } from './oidcClient';
import { requireOidcSettings } from './oidcStatus';
import { ExpectedWorkloadsStore } from './expectedWorkloads';
import { Operation, type LifecycleDeps, type OperationOptions, type Progress } from './operation';
import { OperationLock, type OperationName } from './operationLock';
import { OwnershipStore } from './ownership';
import { runPreflight, type PreflightReport } from './preflight';
import { describeHolder, StateFolderLock } from './stateLock';
import { teardownCluster, type TeardownHook, type TeardownResult } from './teardownCluster';
import { TimingStore, type TimingRecord } from './timings';
import type { WorkloadRef, WorkloadStatus } from './workloads';

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
  private readonly expected: ExpectedWorkloadsStore;
  private readonly timings: TimingStore;
  private readonly hooks = new Set<TeardownHook>();
  private readonly listeners = new Set<(activity: EngineActivity) => void>();
  private readonly progressListeners = new Set<Progress>();
  /** Aborted by dispose(): every operation runs under it as well as under its caller's signal. */
  private readonly lifetime = new AbortController();
  private running: Promise<unknown> | undefined;

  constructor(readonly deps: LifecycleDeps) {
    this.ownership = new OwnershipStore(deps.paths.stateDir);
    this.folderLock = new StateFolderLock(deps.paths.stateDir);
    this.expected = new ExpectedWorkloadsStore(deps.paths.stateDir);
    this.timings = new TimingStore(deps.paths.stateDir);
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

  /**
   * The workloads WRight deployed to the cluster (its last rendered and applied manifests); undefined when WRight
   * never deployed to it from this state folder. The view counts one that no longer exists as failing.
   */
  async expectedWorkloadsOf(clusterName: string): Promise<readonly WorkloadRef[] | undefined> {
    return (await this.expected.get(clusterName))?.workloads;
  }

  /** How long the last create and deploy of this cluster took, as recorded when they ran (`wright verify` reports them). */
  timingsOf(clusterName: string): Promise<TimingRecord | undefined> {
    return this.timings.get(clusterName);
  }

  /** Something WRight started that teardown must stop first (the port-forward manager registers one). */
  registerTeardownHook(hook: TeardownHook): () => void {
    this.hooks.add(hook);
    return () => this.hooks.delete(hook);
  }

  create(options: OperationOptions & { readonly ifExists?: IfExists; readonly adopt?: boolean }): Promise<CreateOutcome> {
    return this.exclusive('create', options, async (op) => {
      assertKindOverlay(op.settings.overlay, op.settings.manifests, options.allowCloudOverlay ?? false);
      const started = Date.now();
      const { reused } = await createCluster(op, this.ownership, options.ifExists ?? 'ask', options.adopt ?? false);
      // A new cluster holds nothing WRight deployed, whatever an older cluster of the same name had.
      if (!reused && !op.dryRun) {
        await this.expected.forget(op.settings.clusterName);
        await this.keepTiming(op, () => this.timings.record(op.settings.clusterName, { clusterCreationMs: Date.now() - started, clusterCreatedAt: new Date().toISOString() }, true));
      }
      if (!op.settings.deployOnCreate) return { reused, workloads: undefined };
      this.emit('deploy');
      return { reused, workloads: await deployServices(op, { checkCluster: false, recordExpected: this.recorder(op), onTimings: (t) => this.recordDeploy(op, t) }) };
    });
  }

  deploy(options: OperationOptions): Promise<readonly WorkloadStatus[]> {
    return this.exclusive('deploy', options, async (op) => {
      // The local kind cluster takes the local overlay; the cloud ones go to an environment (src/environments).
      assertKindOverlay(op.settings.overlay, op.settings.manifests, options.allowCloudOverlay ?? false);
      const ingressPorts = await this.ingressPortsOf(op.settings.clusterName).catch(() => undefined);
      return deployServices(op, { checkCluster: true, recordExpected: this.recorder(op), onTimings: (t) => this.recordDeploy(op, t), ...(ingressPorts ? { ingressPorts } : {}) });
    });
  }

  /** `purgeImages`: also remove WRight's image caches and local registry (teardown keeps them by default). */
  teardown(options: OperationOptions & { readonly purgeImages?: boolean }): Promise<TeardownResult> {
    return this.exclusive('teardown', options, async (op) => {
      const result = await teardownCluster(op, this.ownership, this.hooks, options.purgeImages ?? false);
      if (!op.dryRun) {
        await this.expected.forget(op.settings.clusterName);
        await this.keepTiming(op, () => this.timings.forget(op.settings.clusterName));
      }
      return result;
    });
  }

  private recordDeploy(op: Operation, timings: DeployTimings): Promise<void> {
    return this.keepTiming(op, () => this.timings.record(op.settings.clusterName, { ...timings, deployedAt: new Date().toISOString() }));
  }

  /** Timings are a record for `wright verify`: failing to write one must not fail the operation that succeeded. */
  private async keepTiming(op: Operation, write: () => Promise<void>): Promise<void> {
    try {
      await write();
    } catch (error) {
      op.logger.warn(`Could not record the operation's timing in ${op.deps.paths.stateDir}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  /** Read-only: runs alongside an operation. */
  async status(options: OperationOptions): Promise<ClusterStatus> {
    const expected = await this.expected.get(options.settings.clusterName);
    return clusterStatus(new Operation(this.deps, options), expected?.workloads);
  }

  /** Read-only: the deployed OIDC client's settings (Secret oidc-client); its secret is registered with the redactor. */
  oidcSettings(options: OperationOptions): Promise<OidcSettings> {
    return requireOidcSettings(new Operation(this.deps, options));
  }

  /** Read-only: the image caches and the local registry, their size and the images they hold. */
  imageCache(options: OperationOptions): Promise<ImageCacheReport> {
    return imageCacheReport(new Operation(this.deps, options));
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

  private recorder(op: Operation): (workloads: readonly WorkloadRef[]) => Promise<void> {
    return (workloads) => this.expected.record(op.settings.clusterName, workloads);
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
