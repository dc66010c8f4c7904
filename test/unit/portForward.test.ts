// Port-forward supervision over real TCP: each "pod" is a local echo server that prefixes replies with its name,
// the resolver is a switch the test flips, and the tunnel is a plain TCP pipe to the chosen pod's server.
import assert from 'node:assert/strict';
import { connect, createServer, type Server, type Socket } from 'node:net';
import { after, test } from 'node:test';
import { PortForwardManager } from '../../src/portForward/portForwardManager';
import { anyFreePort, isPortFree } from '../../src/portForward/localPorts';
import type { ForwardState } from '../../src/portForward/supervisedForward';
import type { OpenTunnel, PodResolver, ResolvedPod } from '../../src/portForward/target';
import { silentLogger } from '../../src/shared/logger';
import { roundTrip } from '../fixtures/tcp';

const FAST = { initialBackoffMs: 10, maxBackoffMs: 40, connectionWaitMs: 5000, maxConsecutiveFailures: 4 };
const target = { namespace: 'staging-infra', service: 'postgres', servicePort: 5432 };

class FakePod {
  private readonly sockets = new Set<Socket>();
  private constructor(
    readonly name: string,
    readonly server: Server,
    readonly port: number,
  ) {
    server.on('connection', (socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
      socket.on('data', (data) => socket.write(`${name}:${data.toString()}`));
    });
  }

  static async start(name: string): Promise<FakePod> {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    assert.ok(address && typeof address === 'object');
    return new FakePod(name, server, address.port);
  }

  /** Like a pod being killed: its connections drop and nothing listens any more. */
  async kill(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise((resolve) => this.server.close(resolve));
  }
}

/** The cluster as the forward sees it: which pod is ready now (or none), or an API failure. */
class FakeCluster {
  ready: FakePod | undefined;
  failure: Error | undefined;
  readonly pods = new Map<string, FakePod>();
  resolveCalls = 0;

  readonly resolver: PodResolver = {
    resolve: () => {
      this.resolveCalls += 1;
      if (this.failure) return Promise.reject(this.failure);
      return Promise.resolve(this.ready ? { pod: this.ready.name, port: this.ready.port } : undefined);
    },
  };

  readonly openTunnel: OpenTunnel = (_namespace, pod: ResolvedPod, socket: Socket) =>
    new Promise<void>((resolve, reject) => {
      const upstream = connect(pod.port, '127.0.0.1');
      upstream.once('connect', () => {
        socket.pipe(upstream).pipe(socket);
        upstream.on('close', () => socket.destroy());
        socket.on('close', () => upstream.destroy());
        resolve();
      });
      upstream.once('error', reject);
    });

  async addPod(name: string): Promise<FakePod> {
    const pod = await FakePod.start(name);
    this.pods.set(name, pod);
    return pod;
  }
}


function waitForState(forwardStates: ForwardState[], kind: ForwardState['kind']): Promise<void> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const check = (): void => {
      if (forwardStates.some((state) => state.kind === kind)) resolve();
      else if (Date.now() - started > 5000) reject(new Error(`never reached state ${kind}: ${JSON.stringify(forwardStates)}`));
      else setTimeout(check, 5);
    };
    check();
  });
}

const managers: PortForwardManager[] = [];
function manager(cluster: FakeCluster): PortForwardManager {
  const created = new PortForwardManager(() => Promise.resolve(cluster), silentLogger, FAST);
  managers.push(created);
  return created;
}
after(async () => {
  for (const created of managers) await created.stopAll();
});

test('a forward carries a TCP round trip to a ready pod', async () => {
  const cluster = new FakeCluster();
  cluster.ready = await cluster.addPod('postgres-0');
  const { forward } = await manager(cluster).start({ target, localPort: await anyFreePort() });
  assert.deepEqual(forward.state, { kind: 'active', pod: 'postgres-0' });
  assert.equal(await roundTrip(forward.localPort, 'ping'), 'postgres-0:ping');
  await cluster.ready.kill();
});

test('when the pod restarts, the next connection reaches the new pod without any user action', async () => {
  const cluster = new FakeCluster();
  const first = await cluster.addPod('postgres-0');
  cluster.ready = first;
  const { forward } = await manager(cluster).start({ target, localPort: await anyFreePort() });
  const states: ForwardState[] = [];
  forward.onDidChange((state) => states.push(state));
  assert.equal(await roundTrip(forward.localPort, 'before'), 'postgres-0:before');

  // The pod dies and, for a while, nothing is ready; a client connecting now waits instead of failing.
  cluster.ready = undefined;
  await first.kill();
  const pending = roundTrip(forward.localPort, 'after');
  await waitForState(states, 'waiting');
  const replacement = await cluster.addPod('postgres-0-new');
  cluster.ready = replacement;

  assert.equal(await pending, 'postgres-0-new:after');
  assert.deepEqual(forward.state, { kind: 'active', pod: 'postgres-0-new' });
  assert.equal(await roundTrip(forward.localPort, 'again'), 'postgres-0-new:again');
  await replacement.kill();
});

test('a busy local port gets another port, and says which was taken', async () => {
  const cluster = new FakeCluster();
  cluster.ready = await cluster.addPod('redis-0');
  const blocker = createServer();
  const busyPort = await anyFreePort();
  await new Promise<void>((resolve) => blocker.listen(busyPort, '127.0.0.1', resolve));
  try {
    const started = await manager(cluster).start({ target, localPort: busyPort });
    assert.equal(started.portWasTaken, busyPort);
    assert.notEqual(started.forward.localPort, busyPort);
    assert.equal(await roundTrip(started.forward.localPort, 'hi'), 'redis-0:hi');
  } finally {
    await new Promise((resolve) => blocker.close(resolve));
    await cluster.ready.kill();
  }
});

test('after repeated API failures the forward stops, says why, and releases its port', async () => {
  const cluster = new FakeCluster();
  cluster.ready = await cluster.addPod('postgres-0');
  const { forward } = await manager(cluster).start({ target, localPort: await anyFreePort() });
  const states: ForwardState[] = [];
  forward.onDidChange((state) => states.push(state));

  cluster.failure = new Error('connect ECONNREFUSED 127.0.0.1:6443');
  await cluster.ready.kill();
  await assert.rejects(roundTrip(forward.localPort, 'x'));
  await waitForState(states, 'failed');
  const failed = forward.state;
  assert.equal(failed.kind, 'failed');
  assert.match(failed.kind === 'failed' ? failed.reason : '', /ECONNREFUSED.*4 attempts in a row failed/);
  assert.equal(await isPortFree(forward.localPort), true);
});

test('starting against an API error rejects with it and leaves the port free', async () => {
  const cluster = new FakeCluster();
  cluster.failure = new Error('services "postgres" not found');
  const port = await anyFreePort();
  await assert.rejects(manager(cluster).start({ target, localPort: port }), /not found/);
  assert.equal(await isPortFree(port), true);
});

test('starting the same forward twice returns the running one', async () => {
  const cluster = new FakeCluster();
  cluster.ready = await cluster.addPod('postgres-0');
  const forwards = manager(cluster);
  const first = await forwards.start({ target, localPort: await anyFreePort() });
  const second = await forwards.start({ target });
  assert.equal(second.existing, true);
  assert.equal(second.forward, first.forward);
  assert.equal(forwards.list().length, 1);
  await cluster.ready.kill();
});

test('two starts of the same forward at once share one listener; stopAll during a start stops it too', async () => {
  const cluster = new FakeCluster();
  cluster.ready = await cluster.addPod('postgres-0');
  const forwards = manager(cluster);
  const port = await anyFreePort();
  // Restoring forwards on activation and a click on the same service can overlap like this.
  const [a, b] = await Promise.all([forwards.start({ target, localPort: port }), forwards.start({ target, localPort: port })]);
  assert.equal(a.forward, b.forward);
  assert.deepEqual([a.existing, b.existing].sort(), [false, true]);
  assert.equal(forwards.list().length, 1);
  await forwards.stopAll();
  assert.equal(await isPortFree(port), true, 'no listener left behind');

  // A teardown's stopAll while a forward is still starting must not leave that forward running.
  const other = await anyFreePort();
  const starting = forwards.start({ target, localPort: other });
  await forwards.stopAll();
  const late = await starting;
  assert.equal(late.forward.state.kind, 'stopped');
  assert.equal(forwards.list().length, 0);
  assert.equal(await isPortFree(other), true, 'the late forward released its port');
  await cluster.ready.kill();
});

test('stop closes the listener and every open connection', async () => {
  const cluster = new FakeCluster();
  cluster.ready = await cluster.addPod('postgres-0');
  const forwards = manager(cluster);
  const { forward } = await forwards.start({ target, localPort: await anyFreePort() });
  const open = connect(forward.localPort, '127.0.0.1');
  await new Promise((resolve) => open.once('connect', resolve));
  const closed = new Promise((resolve) => open.once('close', resolve));
  await new Promise((resolve) => setTimeout(resolve, 20));
  assert.equal(forward.openConnections, 1);

  await forwards.stopAll();
  await closed;
  assert.equal(forward.openConnections, 0);
  assert.equal(forward.state.kind, 'stopped');
  assert.equal(forwards.list().length, 0);
  assert.equal(await isPortFree(forward.localPort), true);
  await cluster.ready.kill();
});

test('with no ready pod the forward starts and waits, then becomes active by itself', async () => {
  const cluster = new FakeCluster();
  const { forward } = await manager(cluster).start({ target, localPort: await anyFreePort() });
  assert.equal(forward.state.kind, 'waiting');
  const callsBefore = cluster.resolveCalls;
  const states: ForwardState[] = [];
  forward.onDidChange((state) => states.push(state));
  cluster.ready = await cluster.addPod('postgres-0');
  await waitForState(states, 'active');
  assert.ok(cluster.resolveCalls > callsBefore);
  await cluster.ready.kill();
});
