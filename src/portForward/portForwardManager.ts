// The set of port-forwards WRight is running: starts them on a free local port (the preferred one when it
// is free, another one otherwise, and says so), lists them for the tree and the status bar, and stops them one
// by one or all together (on teardown and on deactivate).
import type { Logger } from '../shared/logger';
import { anyFreePort, isPortFree, preferredLocalPort } from './localPorts';
import { SupervisedForward, type ForwardTiming } from './supervisedForward';
import { describeTarget, type ForwardTarget, type OpenTunnel, type PodResolver } from './target';

export interface ForwardRequest {
  readonly target: ForwardTarget;
  /** The local port the user asked for; by default the container port, moved out of the privileged range. */
  readonly localPort?: number;
  /** The container port, when known, for the default local port (postgres 5432, authentik 9000). */
  readonly remotePort?: number;
}

export interface StartedForward {
  readonly forward: SupervisedForward;
  /** Set when the wanted local port was taken and another one was used. */
  readonly portWasTaken?: number;
  /** True when the same forward was already running. */
  readonly existing: boolean;
}

export type ClusterForwarding = () => Promise<{ resolver: PodResolver; openTunnel: OpenTunnel }>;

export class PortForwardManager {
  private readonly forwards = new Map<string, SupervisedForward>();
  private readonly listeners = new Set<() => void>();
  private readonly starting = new Map<string, Promise<StartedForward>>();

  constructor(
    private readonly forwarding: ClusterForwarding,
    private readonly logger: Logger,
    private readonly timing?: Partial<ForwardTiming>,
    /** Lets forwards wait out an API outage while the cluster exists (see SupervisedForward). */
    private readonly clusterExists?: () => Promise<boolean>,
  ) {}

  list(): SupervisedForward[] {
    return [...this.forwards.values()];
  }

  find(target: ForwardTarget): SupervisedForward | undefined {
    return this.forwards.get(describeTarget(target));
  }

  onDidChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async start(request: ForwardRequest): Promise<StartedForward> {
    const key = describeTarget(request.target);
    // The same forward already on its way (restore on activation and a click can overlap): share it, instead of
    // binding a second listener that the map would forget and nothing would ever close.
    const inFlight = this.starting.get(key);
    if (inFlight) return { forward: (await inFlight).forward, existing: true };
    const starting = this.startNew(key, request);
    this.starting.set(key, starting);
    try {
      return await starting;
    } finally {
      this.starting.delete(key);
    }
  }

  private async startNew(key: string, request: ForwardRequest): Promise<StartedForward> {
    const running = this.forwards.get(key);
    if (running && (running.state.kind === 'active' || running.state.kind === 'waiting')) {
      return { forward: running, existing: true };
    }
    if (running) this.forwards.delete(key);

    const wanted = request.localPort ?? preferredLocalPort(request.remotePort ?? request.target.servicePort);
    const free = await isPortFree(wanted);
    const localPort = free ? wanted : await anyFreePort();
    if (!free) this.logger.warn(`Local port ${wanted} is in use; forwarding ${key} on ${localPort} instead`);

    const { resolver, openTunnel } = await this.forwarding();
    const forward = new SupervisedForward(request.target, localPort, {
      resolver,
      openTunnel,
      logger: this.logger,
      ...(this.timing ? { timing: this.timing } : {}),
      ...(this.clusterExists ? { clusterExists: this.clusterExists } : {}),
    });
    // A failed forward stays listed, with its reason, until the user stops (dismisses) it or starts it again.
    forward.onDidChange(() => this.changed());
    await forward.start();
    this.forwards.set(key, forward);
    this.changed();
    return { forward, existing: false, ...(free ? {} : { portWasTaken: wanted }) };
  }

  async stop(forward: SupervisedForward): Promise<void> {
    await forward.stop();
    this.forwards.delete(describeTarget(forward.target));
    this.changed();
  }

  async stopAll(): Promise<void> {
    // Forwards still starting are stopped too (a teardown must not leave one bound to a deleted cluster).
    await Promise.allSettled(this.starting.values());
    const all = this.list();
    await Promise.all(all.map((forward) => forward.stop()));
    this.forwards.clear();
    if (all.length > 0) this.changed();
  }

  private changed(): void {
    for (const listener of this.listeners) listener();
  }
}
