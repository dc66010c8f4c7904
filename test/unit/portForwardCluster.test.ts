// Port-forward end to end with the real client-node against the fake API server: the forward finds a ready pod
// through the API, tunnels over the port-forward websocket to that pod's port (a local echo server that answers
// with the pod's name), and after the pod is deleted and its Deployment replaces it, the next connection reaches
// the replacement without anyone restarting the forward.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { loadClient } from '../../src/k8s/kubeClient';
import { clientNodeForwarding } from '../../src/portForward/clientNodeForwarding';
import { PortForwardManager } from '../../src/portForward/portForwardManager';
import { silentLogger } from '../../src/shared/logger';
import { writeKubeconfig } from '../fixtures/kubeconfig';
import { seedStagingStack, resolvePod } from '../fixtures/fakeApiServer/scenarios';
import { FakeApiServer } from '../fixtures/fakeApiServer/server';
import { attachPortForward, type PortForwardEndpoint } from '../fixtures/portForwardEndpoint';
import { roundTrip } from '../fixtures/tcp';

const NAMESPACE = 'staging-infra';
let server: FakeApiServer;
let endpoint: PortForwardEndpoint;
let dir: string;
let manager: PortForwardManager;
/** Gives every authentik-server pod that exists now a listening "container" (the fake kubelet's part). */
let registerPods: () => Promise<void>;
/** One echo server per pod name: the pod's listening port 9000. */
const podServers = new Map<string, { server: Server; port: number }>();

async function podServer(pod: string): Promise<number> {
  const existing = podServers.get(pod);
  if (existing) return existing.port;
  const echo = createServer((socket) => socket.on('data', (data) => socket.write(`${pod}:${data.toString()}`)));
  await new Promise<void>((resolve) => echo.listen(0, '127.0.0.1', resolve));
  const address = echo.address();
  assert.ok(address && typeof address === 'object');
  podServers.set(pod, { server: echo, port: address.port });
  return address.port;
}

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'wright-pf-'));
  server = new FakeApiServer({ podReadyDelayMs: 100 });
  seedStagingStack(server.cluster);
  await server.start();
  // Pre-start the echo server of every pod the stack has, so the backend lookup stays synchronous.
  const ports = new Map<string, number>();
  const backend = (namespace: string, pod: string): number | undefined => (namespace === NAMESPACE ? ports.get(pod) : undefined);
  assert.ok(server.httpServer);
  endpoint = attachPortForward(server.httpServer, backend);
  const kubeconfig = await writeKubeconfig(join(dir, 'kubeconfig'), server.url);
  manager = new PortForwardManager(
    async () => clientNodeForwarding((await loadClient({ kubeconfigPath: kubeconfig.path, context: kubeconfig.context })).kc, silentLogger),
    silentLogger,
    { initialBackoffMs: 20, maxBackoffMs: 200, connectionWaitMs: 10_000 },
  );
  // Any pod that shows up gets a listening "container": the fake kubelet.
  const register = async (): Promise<void> => {
    const pod = resolvePod(server.cluster, NAMESPACE, 'authentik-server');
    const name = pod.metadata?.name;
    if (name && !ports.has(name)) ports.set(name, await podServer(name));
  };
  await register();
  registerPods = register;
});

after(async () => {
  await manager.stopAll();
  endpoint.close();
  await server.dispose();
  for (const { server: echo } of podServers.values()) echo.close();
  rmSync(dir, { recursive: true, force: true });
});


test('a forward of authentik-server reaches its pod through the API server, and the replacement after a restart', async () => {
  // Service port 80 targets the named container port "http" (9000): the resolver maps it through the pod spec.
  const { forward } = await manager.start({ target: { namespace: NAMESPACE, service: 'authentik-server', servicePort: 80 }, remotePort: 9000 });
  assert.equal(forward.state.kind, 'active');
  const first = forward.state.kind === 'active' ? forward.state.pod : '';
  assert.match(first, /^authentik-server-/);
  assert.equal(await roundTrip(forward.localPort, 'ping'), `${first}:ping`);

  // The pod is killed: its tunnels drop, its "container" stops listening, the Deployment makes a new pod.
  const k8s = await import('@kubernetes/client-node');
  const config = new k8s.KubeConfig();
  config.loadFromOptions({
    clusters: [{ name: 'fake', server: server.url, skipTLSVerify: true }],
    users: [{ name: 'fake' }],
    contexts: [{ name: 'fake', cluster: 'fake', user: 'fake' }],
    currentContext: 'fake',
  });
  await config.makeApiClient(k8s.CoreV1Api).deleteNamespacedPod({ name: first, namespace: NAMESPACE });
  endpoint.dropAll();
  podServers.get(first)?.server.close();

  // The replacement appears (Pending first, ready after the fake kubelet's delay); give it a listening port.
  for (let i = 0; i < 100; i++) {
    const current = resolvePod(server.cluster, NAMESPACE, 'authentik-server').metadata?.name;
    if (current && current !== first) break;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  await registerPods();

  const reply = await roundTrip(forward.localPort, 'again');
  const second = forward.state.kind === 'active' ? forward.state.pod : '';
  assert.notEqual(second, first);
  assert.equal(reply, `${second}:again`);
});

test('forwarding a service port that does not exist is refused with the reason', async () => {
  await assert.rejects(
    manager.start({ target: { namespace: NAMESPACE, service: 'postgres', servicePort: 1234 } }),
    /service staging-infra\/postgres has no port 1234/,
  );
});

test('forwarding a service that does not exist is refused', async () => {
  await assert.rejects(manager.start({ target: { namespace: NAMESPACE, service: 'nope', servicePort: 5432 } }));
});
