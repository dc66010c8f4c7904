// A fake Kubernetes API server for a suite, run inside the extension host (test/fixtures/fakeApiServer) and
// driven only through its HTTP control endpoint (/__fake/), as another process would drive it: seed, flip
// readiness, crash-loop, read the request log, restart. Optionally with the pod port-forward endpoint attached
// (test/fixtures/portForwardEndpoint.ts, in process: the control endpoint has no action for it), the named pods'
// ports tunnelled to an echo server per pod that answers `<pod>:<what it received>`.
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FakeApiServer } from '../../fixtures/fakeApiServer/server';
import { writeKubeconfig } from '../../fixtures/kubeconfig';
import { attachPortForward, type PortForwardEndpoint } from '../../fixtures/portForwardEndpoint';

export interface RecordedRequest {
  readonly method: string;
  readonly path: string;
}

export class FakeCluster {
  readonly dir = mkdtempSync(join(tmpdir(), 'wright-it-cluster-'));
  private readonly server: FakeApiServer;
  private readonly echoServers: Server[] = [];
  private endpoint: PortForwardEndpoint | undefined;

  constructor(readyDelayMs = 50) {
    this.server = new FakeApiServer({ podReadyDelayMs: readyDelayMs });
  }

  get url(): string {
    return this.server.url;
  }

  async start(): Promise<void> {
    await this.server.start();
  }

  /** A kubeconfig like kind's for this server: context `kind-<clusterName>`. */
  async kubeconfig(clusterName: string): Promise<string> {
    const path = join(this.dir, `kubeconfig-${clusterName}`);
    await writeKubeconfig(path, this.url, clusterName);
    return path;
  }

  async control<T = unknown>(method: 'GET' | 'POST' | 'DELETE', path: string, body?: unknown): Promise<T> {
    const response = await fetch(`${this.url}/__fake/${path}`, {
      method,
      ...(body === undefined ? {} : { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } }),
    });
    if (response.status >= 300) throw new Error(`fake API server: ${method} /__fake/${path} -> ${response.status} ${await response.text()}`);
    const text = await response.text();
    return (text ? JSON.parse(text) : undefined) as T;
  }

  async requests(): Promise<RecordedRequest[]> {
    return this.control<RecordedRequest[]>('GET', 'requests');
  }

  /**
   * Tunnels every port of the named pods to a local echo server per pod that answers `<pod>:<what it received>`,
   * so a round trip proves which pod it reached. The server must be running: the endpoint hooks its upgrades.
   */
  async attachEchoPortForward(pods: readonly string[]): Promise<void> {
    const httpServer = this.server.httpServer;
    if (!httpServer) throw new Error('start the fake API server before attaching the port-forward endpoint');
    const ports = new Map<string, number>();
    for (const pod of pods) {
      const echo = createServer((socket) => socket.on('data', (data) => socket.write(`${pod}:${data.toString()}`)));
      await new Promise<void>((resolve) => echo.listen(0, '127.0.0.1', resolve));
      this.echoServers.push(echo);
      const address = echo.address();
      if (typeof address === 'object' && address) ports.set(pod, address.port);
    }
    this.endpoint = attachPortForward(httpServer, (_namespace, pod) => ports.get(pod));
  }

  openTunnels(): number {
    return this.endpoint?.openTunnels() ?? 0;
  }

  async dispose(): Promise<void> {
    this.endpoint?.close();
    for (const server of this.echoServers) server.close();
    await this.server.dispose();
    rmSync(this.dir, { recursive: true, force: true });
  }
}
