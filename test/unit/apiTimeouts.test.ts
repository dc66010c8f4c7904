// Bounded time against a sick API server (the fake in "accept and never answer" and "refuse" modes, through the
// real kubectl): `wright status` answers with the cause and exit 5 instead of hanging, SIGTERM leaves no kubectl
// behind, kubectl missing or WRight's kubeconfig broken are prerequisites (exit 3), and client-node requests end.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, test } from 'node:test';
import { EXIT } from '../../src/cli/exitCodes';
import { loadClient } from '../../src/k8s/kubeClient';
import { timedApiClient } from '../../src/k8s/timedApiClient';
import { FakeApiServer } from '../fixtures/fakeApiServer/server';
import { writeKubeconfig } from '../fixtures/kubeconfig';
import { World } from '../fixtures/lifecycle/world';
import { runWright, startWright } from '../fixtures/cliProcess';

const NAME = 'api-test';
let world: World | undefined;
let server: FakeApiServer | undefined;
afterEach(async () => {
  await server?.dispose();
  server = undefined;
  world?.dispose();
  world = undefined;
});

/** A kind cluster the fake kind knows, whose kubeconfig (WRight's) points at a fake API server. */
async function clusterOnFakeApi(): Promise<{ w: World; api: FakeApiServer; env: Record<string, string> }> {
  const w = (world = new World());
  const api = (server = new FakeApiServer({ podReadyDelayMs: 0 }));
  await api.start();
  mkdirSync(w.fakeState, { recursive: true });
  mkdirSync(w.stateDir, { recursive: true });
  writeFileSync(join(w.fakeState, 'clusters.json'), JSON.stringify({ [NAME]: { pid: 1, ready: true, createdAt: new Date().toISOString() } }));
  await writeKubeconfig(w.kubeconfig, api.url, NAME);
  const env = { WRIGHT_FAKE_API_URL: api.url, WRIGHT_FAKE_STATE: w.fakeState, WRIGHT_FAKE_LOG: w.fakeLog, HOME: w.home, KUBECACHEDIR: join(w.root, 'kubecache') };
  return { w, api, env };
}

/** Processes whose command line mentions `text` (Linux /proc). */
function processesMentioning(text: string): number[] {
  const found: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (readFileSync(`/proc/${entry}/cmdline`, 'utf8').includes(text)) found.push(Number(entry));
    } catch {
      // gone meanwhile
    }
  }
  return found;
}

test('status on an API server that accepts and never answers: exit 5, "the API server does not answer"', { timeout: 90_000 }, async () => {
  const { w, api, env } = await clusterOnFakeApi();
  const healthy = await runWright(w, ['status', '--cluster-name', NAME], { env });
  assert.match(healthy.stdout, /API server {2}reachable/, healthy.stderr);
  api.hang(true);
  const hung = await runWright(w, ['status', '--cluster-name', NAME], { env });
  assert.equal(hung.code, EXIT.notReady, hung.stderr);
  assert.match(hung.stdout, /API server {2}NOT reachable: the API server does not answer \(no reply within 5 s\)/);
  assert.ok(api.requests.some((r) => r.path === '/readyz'), 'kubectl did reach the server');
  assert.deepEqual(processesMentioning(w.root), [], 'no kubectl left behind');
});

test('SIGTERM while status waits on a hung API server ends kubectl too (exit 143, no orphan)', { timeout: 90_000 }, async () => {
  const { w, api, env } = await clusterOnFakeApi();
  api.hang(true);
  const status = startWright(w, ['status', '--cluster-name', NAME], { env });
  while (!api.requests.some((r) => r.path === '/readyz')) await new Promise((r) => setTimeout(r, 50));
  status.child.kill('SIGTERM');
  assert.equal(await status.exited, 143, status.stderr());
  // The group is signalled, then given its grace period: wait for it without a clock assertion.
  while (processesMentioning(w.root).length > 0) await new Promise((r) => setTimeout(r, 100));
});

test('status on a refusing API server names it and how to start the node (exit 5)', { timeout: 60_000 }, async () => {
  const { w, api, env } = await clusterOnFakeApi();
  await api.stop();
  const refused = await runWright(w, ['status', '--cluster-name', NAME], { env });
  assert.equal(refused.code, EXIT.notReady, refused.stderr);
  assert.match(refused.stdout, /NOT reachable: the API server refuses connections: the node container may be stopped\. Start it with: docker start api-test-control-plane/);
});

test('status with kubectl missing or WRight\'s kubeconfig broken names the cause, exit 3', { timeout: 60_000 }, async () => {
  const { w, env } = await clusterOnFakeApi();
  const missing = await runWright(w, ['status', '--cluster-name', NAME], { env: { ...env, WRIGHT_KUBECTL: join(w.root, 'no-such-kubectl') } });
  assert.equal(missing.code, EXIT.prerequisites, missing.stderr);
  assert.match(missing.stdout, /NOT reachable: no-such-kubectl was not found/);
  writeFileSync(w.kubeconfig, 'clusters: [\n  - broken: {\n');
  const broken = await runWright(w, ['status', '--cluster-name', NAME], { env });
  assert.equal(broken.code, EXIT.prerequisites, broken.stdout + broken.stderr);
  assert.match(broken.stdout, /NOT reachable: the kubeconfig \S+ cannot be used/);
});

test('client-node requests have a time limit: a hung API server fails them instead of waiting forever', { timeout: 30_000 }, async () => {
  const w = (world = new World());
  const api = (server = new FakeApiServer());
  await api.start();
  mkdirSync(w.root, { recursive: true });
  const kubeconfig = await writeKubeconfig(join(w.root, 'kubeconfig'), api.url, NAME);
  const { k8s, kc } = await loadClient({ kubeconfigPath: kubeconfig.path, context: kubeconfig.context });
  const namespaces = await timedApiClient(k8s, kc, k8s.CoreV1Api, 1000).listNamespace();
  assert.ok(namespaces.items.some((ns) => ns.metadata?.name === 'default'));
  api.hang(true);
  await assert.rejects(timedApiClient(k8s, kc, k8s.CoreV1Api, 1000).listNamespace(), /abort/i);
});

test('the fake API server refuses connections for a while, then serves the same state on the same port', { timeout: 30_000 }, async () => {
  const api = (server = new FakeApiServer());
  await api.start();
  const url = `${api.url}/api/v1/namespaces/default`;
  assert.equal((await fetch(url)).status, 200);
  const back = api.refuseFor(300);
  await assert.rejects(fetch(url), (error: Error & { cause?: { code?: string } }) => error.cause?.code === 'ECONNREFUSED');
  await back;
  assert.equal((await fetch(url)).status, 200);
});
