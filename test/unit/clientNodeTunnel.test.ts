// The real client-node port-forward tunnel, through the fake API server's websocket endpoint, to a local echo
// server standing in for the pod's port: bytes go through, and a dropped tunnel closes the local connection.
import assert from 'node:assert/strict';
import { createServer as createHttpServer } from 'node:http';
import { connect, createServer, type Server, type Socket } from 'node:net';
import { after, before, test } from 'node:test';
import { clientNodeForwarding } from '../../src/portForward/clientNodeForwarding';
import { silentLogger } from '../../src/shared/logger';
import { attachPortForward, type PortForwardEndpoint } from '../fixtures/portForwardEndpoint';

let api: ReturnType<typeof createHttpServer>;
let endpoint: PortForwardEndpoint;
let echo: Server;
let echoPort = 0;
let apiPort = 0;

async function listen(server: Server): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  assert.ok(address && typeof address === 'object');
  return address.port;
}

before(async () => {
  echo = createServer((socket) => socket.on('data', (data) => socket.write(`pod:${data.toString()}`)));
  echoPort = await listen(echo);
  api = createHttpServer((_request, response) => response.writeHead(404).end());
  endpoint = attachPortForward(api, (namespace, pod, port) =>
    namespace === 'staging-infra' && pod === 'postgres-0' && port === 5432 ? echoPort : undefined,
  );
  apiPort = await listen(api);
});

after(async () => {
  endpoint.close();
  await new Promise((resolve) => api.close(resolve));
  await new Promise((resolve) => echo.close(resolve));
});

async function kubeConfig() {
  const k8s = await import('@kubernetes/client-node');
  const config = new k8s.KubeConfig();
  config.loadFromOptions({
    clusters: [{ name: 'fake', server: `http://127.0.0.1:${apiPort}`, skipTLSVerify: true }],
    users: [{ name: 'fake' }],
    contexts: [{ name: 'kind-wright-staging', cluster: 'fake', user: 'fake' }],
    currentContext: 'kind-wright-staging',
  });
  return config;
}

/** A local socket pair: `inside` is what the forward hands to the tunnel, `outside` is the user's client. */
async function socketPair(): Promise<{ inside: Socket; outside: Socket; close: () => void }> {
  const server = createServer();
  const port = await listen(server);
  const insidePromise = new Promise<Socket>((resolve) => server.once('connection', resolve));
  const outside = connect(port, '127.0.0.1');
  const inside = await insidePromise;
  return { inside, outside, close: () => server.close() };
}

function nextData(socket: Socket): Promise<string> {
  return new Promise((resolve, reject) => {
    socket.once('data', (data) => resolve(data.toString()));
    socket.once('close', () => reject(new Error('closed')));
  });
}

test('client-node tunnels bytes to the pod port through the API server', async () => {
  const { openTunnel } = await clientNodeForwarding(await kubeConfig(), silentLogger);
  const pair = await socketPair();
  await openTunnel('staging-infra', { pod: 'postgres-0', port: 5432 }, pair.inside);
  const reply = nextData(pair.outside);
  pair.outside.write('select 1');
  assert.equal(await reply, 'pod:select 1');
  assert.equal(endpoint.openTunnels(), 1);

  pair.outside.destroy();
  await waitFor(() => endpoint.openTunnels() === 0, 'the tunnel closes when the local connection does');
  pair.close();
});

test('a tunnel the API server drops closes the local connection', async () => {
  const { openTunnel } = await clientNodeForwarding(await kubeConfig(), silentLogger);
  const pair = await socketPair();
  await openTunnel('staging-infra', { pod: 'postgres-0', port: 5432 }, pair.inside);
  const closed = new Promise((resolve) => pair.outside.once('close', resolve));
  endpoint.dropAll();
  await closed;
  pair.close();
});

test('a pod that does not listen on the port closes the connection', async () => {
  const { openTunnel } = await clientNodeForwarding(await kubeConfig(), silentLogger);
  const pair = await socketPair();
  const closed = new Promise((resolve) => pair.outside.once('close', resolve));
  await openTunnel('staging-infra', { pod: 'missing-0', port: 5432 }, pair.inside);
  await closed;
  pair.close();
});

async function waitFor(condition: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if (condition()) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  assert.fail(`timed out: ${what}`);
}
