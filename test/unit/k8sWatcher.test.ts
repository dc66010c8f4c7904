// The ClusterWatcher against the fake API server (real HTTP, real client-node informers): sync, live changes,
// dropped watches, a server restart on the same port, and 410 Gone. Waits are for conditions (with a generous
// guard timeout), never assertions on how long something took.
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { ClusterActions } from '../../src/k8s/clusterActions';
import type { ServiceNode } from '../../src/k8s/clusterTree';
import { buildNamespaces } from '../../src/k8s/clusterTreeModel';
import { ClusterWatcher } from '../../src/k8s/clusterWatcher';
import { ManualScheduler } from './k8sManualScheduler';
import type { ConnectionState } from '../../src/k8s/connectionState';
import { crashLoopPod, resolvePod, seedStagingStack, setPodReady } from '../fixtures/fakeApiServer/scenarios';
import { FakeApiServer } from '../fixtures/fakeApiServer/server';
import { writeKubeconfig } from '../fixtures/kubeconfig';

const OPTIONS = { showAllNamespaces: false, ingressPorts: { httpPort: 8080, httpsPort: 8443 } };
// Short retries keep the test quick, yet longer than the 50 ms coalescing window so that a disconnect is seen
// (shorter blips are coalesced away, as in the view). The backoff's growth is covered by k8sTiming.test.ts.
const BACKOFF = { initialMs: 200, maxMs: 1000, jitter: 0 };

let dir: string;
let server: FakeApiServer;
let watcher: ClusterWatcher;
const states: ConnectionState['kind'][] = [];

/** Resolves when `predicate` holds after a change event (or right away); fails after a guard timeout. */
function until(what: string, predicate: () => boolean, guardMs = 10_000): Promise<void> {
  if (predicate()) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const guard = setTimeout(() => {
      unsubscribe();
      reject(new Error(`Timed out waiting for: ${what} (state ${watcher.state.kind})`));
    }, guardMs);
    const unsubscribe = watcher.onDidChange(() => {
      if (!predicate()) return;
      clearTimeout(guard);
      unsubscribe();
      resolve();
    });
  });
}

function pod(namespace: string, prefix: string) {
  return [...watcher.snapshot().pods.values()].find((p) => p.namespace === namespace && (p.name === prefix || p.name.startsWith(`${prefix}-`)));
}

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'wright-watcher-'));
  server = new FakeApiServer({ podReadyDelayMs: 50 });
  seedStagingStack(server.cluster);
  await server.start();
  const kubeconfig = await writeKubeconfig(join(dir, 'kubeconfig'), server.url);
  watcher = new ClusterWatcher({ kubeconfigPath: kubeconfig.path, context: kubeconfig.context }, { backoff: BACKOFF, stableMs: 60_000 });
  watcher.onDidChange(() => {
    const kind = watcher.state.kind;
    if (states[states.length - 1] !== kind) states.push(kind);
  });
  watcher.start();
});

after(async () => {
  await watcher.stop();
  await server.dispose();
  await rm(dir, { recursive: true, force: true });
});

test('syncs the staging stack into the tree model, with every pod ready', async () => {
  await until('all staging pods ready', () => {
    const pods = [...watcher.snapshot().pods.values()].filter((p) => p.namespace === 'staging-infra');
    return watcher.state.kind === 'connected' && pods.length === 5 && pods.every((p) => p.health === 'ready');
  });
  assert.equal(watcher.synced, true);
  const infra = buildNamespaces(watcher.snapshot(), OPTIONS)[0]!;
  const services = infra.children.filter((c): c is ServiceNode => c.kind === 'service');
  assert.deepEqual(services.map((s) => s.service.name), ['authentik-postgres', 'authentik-server', 'postgres', 'redis']);
  assert.ok(services.every((s) => s.children.length === 1), 'each service selects its one pod');
  assert.deepEqual(services.find((s) => s.service.name === 'authentik-server')!.urls, ['http://auth.wright.localhost:8080/']);
  const other = infra.children.find((c) => c.kind === 'podGroup')!;
  assert.deepEqual(other.children.map((c) => c.kind === 'pod' && c.pod.owner?.kind), ['ReplicaSet'], 'authentik-worker is under Other pods');
  const core = buildNamespaces(watcher.snapshot(), OPTIONS)[1]!;
  assert.equal(core.exists, true);
  assert.equal(core.children[0]!.kind === 'message' && core.children[0]!.text, 'Nothing deployed yet');
});

test('a readiness flip reaches the model as one change with the new health', async () => {
  setPodReady(server.cluster, 'staging-infra', 'redis-0', false);
  await until('redis-0 not ready', () => pod('staging-infra', 'redis-0')?.health === 'starting');
  setPodReady(server.cluster, 'staging-infra', 'redis-0', true);
  await until('redis-0 ready again', () => pod('staging-infra', 'redis-0')?.health === 'ready');
});

test('a crash loop shows as failing with its reason and restart count', async () => {
  crashLoopPod(server.cluster, 'staging-infra', 'postgres-0');
  await until('postgres-0 failing', () => pod('staging-infra', 'postgres-0')?.health === 'failing');
  const info = pod('staging-infra', 'postgres-0')!;
  assert.equal(info.reason, 'CrashLoopBackOff');
  assert.equal(info.restarts, 1);
});

test('dropped watches: disconnected, then connected again by itself', async () => {
  states.length = 0;
  server.dropWatches();
  await until('disconnected', () => states.includes('disconnected'));
  await until('connected again', () => watcher.state.kind === 'connected');
  // A change after the reconnect still arrives.
  setPodReady(server.cluster, 'staging-infra', 'redis-0', false);
  await until('redis-0 not ready after reconnect', () => pod('staging-infra', 'redis-0')?.health === 'starting');
  setPodReady(server.cluster, 'staging-infra', 'redis-0', true);
  await until('redis-0 ready', () => pod('staging-infra', 'redis-0')?.health === 'ready');
});

test('server stopped and restarted on the same port: keeps the last data while down, recovers alone', async () => {
  states.length = 0;
  await server.stop();
  await until('disconnected while the server is down', () => watcher.state.kind === 'disconnected');
  assert.ok(watcher.snapshot().pods.size > 0, 'the last known pods stay visible');
  // Changed while nobody watched: the re-list after the restart must bring it in.
  setPodReady(server.cluster, 'staging-infra', 'redis-0', false);
  await server.start();
  await until('connected after the restart', () => watcher.state.kind === 'connected' && pod('staging-infra', 'redis-0')?.health === 'starting');
  assert.deepEqual(states.slice(0, 1), ['disconnected']);
  setPodReady(server.cluster, 'staging-infra', 'redis-0', true);
  await until('redis-0 ready', () => pod('staging-infra', 'redis-0')?.health === 'ready');
});

test('410 Gone: the informer re-lists (no disconnect) and sees what changed', async () => {
  states.length = 0;
  const lists = (): number => server.requests.filter((r) => r.method === 'GET' && r.path === '/api/v1/pods' && !r.query.includes('watch=true')).length;
  const before = lists();
  server.expireResourceVersions();
  server.closeWatches();
  await until('re-listed pods', () => lists() > before);
  setPodReady(server.cluster, 'staging-infra', 'redis-0', false);
  await until('redis-0 not ready after the re-list', () => pod('staging-infra', 'redis-0')?.health === 'starting');
  assert.ok(!states.includes('disconnected'), `410 is not a disconnect (states: ${states.join(', ')})`);
  setPodReady(server.cluster, 'staging-infra', 'redis-0', true);
  await until('redis-0 ready', () => pod('staging-infra', 'redis-0')?.health === 'ready');
});

test('a burst of watch events becomes ONE change event', async () => {
  // Time of the coalescing window is driven by hand: events arrive over the network, the flush waits for advance().
  const scheduler = new ManualScheduler();
  const burst = new ClusterWatcher(watcher.target, { scheduler, coalesceMs: 50 });
  let events = 0;
  burst.onDidChange(() => (events += 1));
  burst.start();
  const poll = async (what: string, predicate: () => boolean): Promise<void> => {
    for (let i = 0; i < 500 && !predicate(); i++) await new Promise((resolve) => setTimeout(resolve, 10));
    assert.ok(predicate(), what);
  };
  try {
    await poll('synced', () => burst.synced && burst.state.kind === 'connected');
    scheduler.advance(50);
    events = 0;
    const names = ['redis-0', 'postgres-0', 'authentik-postgres-0'];
    for (const name of names) setPodReady(server.cluster, 'staging-infra', name, false);
    const health = (name: string) => [...burst.snapshot().pods.values()].find((p) => p.name === name)?.health;
    await poll('all three updates received', () => names.every((name) => health(name) !== 'ready'));
    assert.equal(events, 0, 'nothing is emitted before the window ends');
    scheduler.advance(50);
    assert.equal(events, 1);
    for (const name of names) setPodReady(server.cluster, 'staging-infra', name, true);
    await poll('pods ready again', () => names.every((name) => health(name) === 'ready' || health(name) === 'failing'));
  } finally {
    await burst.stop();
  }
});

test('a deleted pod disappears; its controller brings a new one', async () => {
  const actions = new ClusterActions(() => watcher.target);
  const old = pod('staging-infra', 'authentik-server')!;
  await actions.deletePod(old.namespace, old.name);
  assert.ok(server.requests.some((r) => r.method === 'DELETE' && r.path === `/api/v1/namespaces/staging-infra/pods/${old.name}`));
  await until('replacement pod ready', () => {
    const now = pod('staging-infra', 'authentik-server');
    return now !== undefined && now.name !== old.name && now.health === 'ready' && !watcher.snapshot().pods.has(old.key);
  });
});

test('rollout restart patches the Deployment behind a ReplicaSet-owned pod', async () => {
  const actions = new ClusterActions(() => watcher.target);
  const worker = pod('staging-infra', 'authentik-worker')!;
  const workload = await actions.workloadOf(worker);
  assert.deepEqual(workload, { kind: 'Deployment', name: 'authentik-worker', namespace: 'staging-infra' });
  await actions.restartWorkload(workload, new Date('2026-11-26T12:00:00Z'));
  const deployment = server.cluster.store.get(
    { group: 'apps', version: 'v1', resource: 'deployments', kind: 'Deployment', namespaced: true } as never,
    'staging-infra',
    'authentik-worker',
  ) as { spec?: { template?: { metadata?: { annotations?: Record<string, string> } } } } | undefined;
  assert.equal(deployment?.spec?.template?.metadata?.annotations?.['kubectl.kubernetes.io/restartedAt'], '2026-11-26T12:00:00.000Z');
  const statefulSet = await actions.workloadOf(pod('staging-infra', 'redis-0')!);
  assert.deepEqual(statefulSet, { kind: 'StatefulSet', name: 'redis', namespace: 'staging-infra' });
  await assert.rejects(actions.workloadOf({ name: 'bare', namespace: 'staging-core' }), /has no Deployment or StatefulSet/);
  assert.ok(resolvePod(server.cluster, 'staging-infra', 'authentik-worker'));
});

test('stop() ends every watch and goes idle', async () => {
  await watcher.stop();
  assert.equal(watcher.state.kind, 'idle');
  // Poll the server (the watcher no longer emits): watches close asynchronously on the server side.
  for (let i = 0; i < 250 && server.watchCount > 0; i++) await new Promise((resolve) => setTimeout(resolve, 20));
  assert.equal(server.watchCount, 0);
  watcher.start();
  await until('connected again after start()', () => watcher.state.kind === 'connected');
});
