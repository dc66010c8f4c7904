// One port-forward that stays up: a TCP server on 127.0.0.1 that, for EACH incoming connection, finds a ready
// pod behind the service and tunnels to it. A pod restart therefore breaks only the connections that were open
// on it; the local port stays bound, and the next connection reaches the new pod. While no pod is ready,
// connections wait (with backoff, re-checking at least every 2 s) instead of failing. After repeated API
// failures the forward asks whether the cluster still exists (when it can): while it does, the outage is waited
// out ("waiting: API server unreachable") with the local port kept; it gives up only when the cluster is gone
// (or, without a way to ask, after maxConsecutiveFailures).
import { createServer, type Server, type Socket } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Logger } from '../shared/logger';
import { LOOPBACK } from './localPorts';
import { describeTarget, type ForwardTarget, type OpenTunnel, type PodResolver, type ResolvedPod } from './target';

export type ForwardState =
  | { readonly kind: 'starting' }
  | { readonly kind: 'active'; readonly pod: string }
  | { readonly kind: 'waiting'; readonly reason: string }
  | { readonly kind: 'failed'; readonly reason: string }
  | { readonly kind: 'stopped' };

export interface ForwardTiming {
  /** First re-check delay after a failure or while no pod is ready. */
  readonly initialBackoffMs: number;
  /** The delay never grows past this, so a pod that becomes ready is reached within it. */
  readonly maxBackoffMs: number;
  /** How long an incoming connection waits for a ready pod before it is closed. */
  readonly connectionWaitMs: number;
  /** Consecutive API/tunnel failures after which the forward stops. */
  readonly maxConsecutiveFailures: number;
}

export const DEFAULT_TIMING: ForwardTiming = {
  initialBackoffMs: 250,
  maxBackoffMs: 2000,
  connectionWaitMs: 60_000,
  maxConsecutiveFailures: 8,
};

export interface ForwardDependencies {
  readonly resolver: PodResolver;
  readonly openTunnel: OpenTunnel;
  readonly logger: Logger;
  readonly timing?: Partial<ForwardTiming>;
  /** Does the cluster still exist? (false: gone, stop; true or a failure to ask: wait the outage out.) */
  readonly clusterExists?: () => Promise<boolean>;
}

export class SupervisedForward {
  private server: Server | undefined;
  private readonly sockets = new Set<Socket>();
  private readonly lifetime = new AbortController();
  private readonly listeners = new Set<(state: ForwardState) => void>();
  private readonly timing: ForwardTiming;
  private current: ForwardState = { kind: 'starting' };
  private consecutiveFailures = 0;
  private probing: Promise<void> | undefined;

  constructor(
    readonly target: ForwardTarget,
    readonly localPort: number,
    private readonly deps: ForwardDependencies,
  ) {
    this.timing = { ...DEFAULT_TIMING, ...deps.timing };
  }

  get state(): ForwardState {
    return this.current;
  }

  get address(): string {
    return `${LOOPBACK}:${this.localPort}`;
  }

  get openConnections(): number {
    return this.sockets.size;
  }

  onDidChange(listener: (state: ForwardState) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * Binds the local port and looks for a ready pod once. Rejects when the port is taken or the API says no
   * (unknown service, unreachable cluster), so the user hears about it at once; no ready pod yet is not an
   * error: the forward waits for one.
   */
  async start(): Promise<void> {
    const server = createServer((socket) => void this.handle(socket));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen({ port: this.localPort, host: LOOPBACK, exclusive: true }, () => {
        server.off('error', reject);
        resolve();
      });
    });
    server.on('error', (error) => this.fail(`the local listener failed: ${error.message}`));
    this.server = server;
    let pod: ResolvedPod | undefined;
    try {
      pod = await this.resolveReadyPod();
    } catch (error) {
      this.shutDown();
      this.setState({ kind: 'stopped' });
      throw error;
    }
    this.deps.logger.info(`Port-forward ${this.address} -> ${describeTarget(this.target)} started`);
    if (pod) this.succeeded(pod);
    else this.probe();
  }

  async stop(): Promise<void> {
    if (this.current.kind === 'stopped') return;
    this.shutDown();
    this.setState({ kind: 'stopped' });
    this.deps.logger.info(`Port-forward ${this.address} -> ${describeTarget(this.target)} stopped`);
    await this.probing;
  }

  private async handle(socket: Socket): Promise<void> {
    this.sockets.add(socket);
    socket.on('close', () => this.sockets.delete(socket));
    socket.on('error', () => socket.destroy());
    const deadline = Date.now() + this.timing.connectionWaitMs;
    let delay = this.timing.initialBackoffMs;
    while (!socket.destroyed && this.isRunning()) {
      try {
        const pod = await this.resolveReadyPod();
        if (pod) {
          await this.deps.openTunnel(this.target.namespace, pod, socket);
          this.succeeded(pod);
          socket.once('close', (hadError) => {
            if (hadError && this.isRunning()) this.probe();
          });
          return;
        }
      } catch (error) {
        if (this.recordFailure(error)) break;
      }
      if (Date.now() + delay > deadline) break;
      if (!(await this.pause(delay))) break;
      delay = Math.min(delay * 2, this.timing.maxBackoffMs);
    }
    socket.destroy();
  }

  /** Re-checks in the background until a ready pod is found, so the state shown is current. */
  private probe(): void {
    if (this.probing) return;
    this.probing = (async () => {
      let delay = this.timing.initialBackoffMs;
      while (this.isRunning()) {
        try {
          const pod = await this.resolveReadyPod();
          if (pod) {
            this.succeeded(pod);
            return;
          }
        } catch (error) {
          if (this.recordFailure(error)) return;
        }
        if (!(await this.pause(delay))) return;
        delay = Math.min(delay * 2, this.timing.maxBackoffMs);
      }
    })().finally(() => {
      this.probing = undefined;
    });
  }

  private async resolveReadyPod(): Promise<ResolvedPod | undefined> {
    const pod = await this.deps.resolver.resolve(this.target);
    if (!pod && this.current.kind !== 'waiting') {
      this.setState({ kind: 'waiting', reason: `no ready pod behind service ${this.target.service}` });
    }
    return pod;
  }

  private succeeded(pod: ResolvedPod): void {
    this.consecutiveFailures = 0;
    if (this.current.kind !== 'active' || this.current.pod !== pod.pod) this.setState({ kind: 'active', pod: pod.pod });
  }

  /** Counts a failure; returns true when the forward has given up. */
  private recordFailure(error: unknown): boolean {
    const reason = error instanceof Error ? error.message : String(error);
    this.consecutiveFailures += 1;
    this.deps.logger.warn(`Port-forward ${this.address}: ${reason} (attempt ${this.consecutiveFailures})`);
    const clusterExists = this.deps.clusterExists;
    if (this.consecutiveFailures >= this.timing.maxConsecutiveFailures && !clusterExists) {
      this.fail(`${reason} (${this.consecutiveFailures} attempts in a row failed)`);
      return true;
    }
    const unreachable = /ECONNREFUSED|ECONNRESET|ETIMEDOUT|EHOSTUNREACH|socket hang up|abort|timed? ?out|fetch failed|HTTP 50[234]/i.test(reason);
    const shown = unreachable ? `API server unreachable (${reason}); retrying while the cluster exists` : reason;
    if (this.current.kind !== 'waiting' || this.current.reason !== shown) this.setState({ kind: 'waiting', reason: shown });
    if (clusterExists && this.consecutiveFailures % this.timing.maxConsecutiveFailures === 0) void this.checkCluster(clusterExists);
    // Keep the shown state current (and find the pod again) even when no connection is waiting.
    this.probe();
    return false;
  }

  /** Stops the forward when the cluster is gone; an unanswered question counts as "still there". */
  private async checkCluster(clusterExists: () => Promise<boolean>): Promise<void> {
    const exists = await clusterExists().catch(() => true);
    if (!exists) this.fail('the cluster is gone');
  }

  private fail(reason: string): void {
    if (!this.isRunning()) return;
    this.shutDown();
    this.deps.logger.error(`Port-forward ${this.address} -> ${describeTarget(this.target)} stopped: ${reason}`);
    this.setState({ kind: 'failed', reason });
  }

  private shutDown(): void {
    this.lifetime.abort();
    this.server?.close();
    for (const socket of this.sockets) socket.destroy();
    this.sockets.clear();
  }

  private isRunning(): boolean {
    return !this.lifetime.signal.aborted;
  }

  /** Waits, unless the forward stops first; returns whether it is still running. */
  private async pause(ms: number): Promise<boolean> {
    try {
      await sleep(ms, undefined, { signal: this.lifetime.signal });
      return true;
    } catch {
      return false;
    }
  }

  private setState(state: ForwardState): void {
    this.current = state;
    for (const listener of this.listeners) listener(state);
  }
}
