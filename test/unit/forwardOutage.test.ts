// `wright forward` survives an API outage longer than its old give-up point (8 failed attempts, ~12 s): it keeps
// its local port, says "waiting: API server unreachable", and carries traffic again once the API server is back.
// Real process, fake API server with its port-forward endpoint, fake kind saying the cluster still exists.
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { join } from 'node:path';
import { afterEach, test } from 'node:test';
import { anyFreePort } from '../../src/portForward/localPorts';
import { seedStagingStack } from '../fixtures/fakeApiServer/scenarios';
import { FakeApiServer } from '../fixtures/fakeApiServer/server';
import { writeKubeconfig } from '../fixtures/kubeconfig';
import { World } from '../fixtures/lifecycle/world';
import { attachPortForward, type PortForwardEndpoint } from '../fixtures/portForwardEndpoint';
import { listenOnLoopback, roundTrip } from '../fixtures/tcp';
import { startWright } from '../fixtures/cliProcess';

let world: World | undefined;
let server: FakeApiServer | undefined;
let endpoint: PortForwardEndpoint | undefined;
let echo: Server | undefined;
afterEach(async () => {
  endpoint?.close();
  await server?.dispose();
  if (echo) await new Promise((done) => echo!.close(done));
  world?.dispose();
  world = server = endpoint = echo = undefined;
});

test('a forward survives a 20 s API outage and carries traffic again afterwards', { timeout: 120_000 }, async () => {
  const w = (world = new World());
  echo = createServer((socket) => socket.on('data', (data) => socket.write(`postgres:${data.toString()}`)));
  const echoPort = await listenOnLoopback(echo);
  const api = (server = new FakeApiServer({ podReadyDelayMs: 0 }));
  seedStagingStack(api.cluster);
  await api.start();
  const attach = (): PortForwardEndpoint => attachPortForward(api.httpServer!, (ns, pod, port) => (ns === 'staging-infra' && pod === 'postgres-0' && port === 5432 ? echoPort : undefined));
  endpoint = attach();
  mkdirSync(w.fakeState, { recursive: true });
  mkdirSync(w.stateDir, { recursive: true });
  writeFileSync(join(w.fakeState, 'clusters.json'), JSON.stringify({ 'wright-staging': { pid: 1, ready: true, createdAt: new Date().toISOString() } }));
  await writeKubeconfig(w.kubeconfig, api.url);
  const local = await anyFreePort();
  const forward = startWright(w, ['forward', 'postgres', `${local}:5432`], { env: { WRIGHT_FAKE_STATE: w.fakeState, HOME: w.home } });
  await forward.waitForStderr(/connected to pod postgres-0/);
  assert.equal(await roundTrip(local, 'before'), 'postgres:before');

  const back = api.refuseFor(20_000);
  // A connection during the outage makes the forward try (and fail) again and again, as a client would.
  const during = roundTrip(local, 'during').catch(() => 'closed');
  await forward.waitForStderr(/waiting: API server unreachable/);
  await back;
  // The restarted server is a new http.Server: the port-forward endpoint is attached to it again.
  endpoint.close();
  endpoint = attach();
  await during;
  for (;;) {
    const reply = await roundTrip(local, 'after').catch(() => undefined);
    if (reply === 'postgres:after') break;
    assert.equal(forward.child.exitCode, null, `the forward gave up:\n${forward.stderr()}`);
    await new Promise((r) => setTimeout(r, 500));
  }
  assert.doesNotMatch(forward.stderr(), /stopped:/);
  forward.child.kill('SIGINT');
  assert.equal(await forward.exited, 0, forward.stderr());
});
