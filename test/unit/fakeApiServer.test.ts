// The fake API server checked against the real @kubernetes/client-node 1.x and plain HTTP: lists with selectors
// and pagination, delete with controller recreation, informers (add/update/delete, error after a drop or a stop,
// recovery after a restart on the same port, re-list on 410), discovery, the /__fake/ control endpoint, and the
// standalone process with its state file. Waits are for conditions with a guard timeout, never durations.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type * as ClientNodeModule from '@kubernetes/client-node';
import type { Informer, KubeConfig, ObjectCache, V1Pod } from '@kubernetes/client-node';
import { isPodReady } from '../fixtures/fakeApiServer/controllers';
import { resourceNamed } from '../fixtures/fakeApiServer/resources';
import { seedStagingStack, setPodReady } from '../fixtures/fakeApiServer/scenarios';
import { FakeApiServer } from '../fixtures/fakeApiServer/server';
import { writeKubeconfig } from '../fixtures/kubeconfig';

type ClientNode = typeof ClientNodeModule;

const pods = resourceNamed('pods');
let dir: string;
let server: FakeApiServer;
let k8s: ClientNode;
let kc: KubeConfig;
const logLines: string[] = [];

/** Polls `probe` until it returns something other than undefined; fails after a guard timeout. */
async function eventually<T>(what: string, probe: () => T | undefined | Promise<T | undefined>, guardMs = 10_000): Promise<T> {
  const deadline = Date.now() + guardMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** A raw HTTP request; `body` is parsed JSON typed by the caller (T), or the text when it is not JSON. */
async function request<T = Record<string, never>>(path: string, init: RequestInit = {}): Promise<{ status: number; contentType: string; body: T; text: string }> {
  const response = await fetch(`${server.url}${path}`, init);
  const text = await response.text();
  return { status: response.status, contentType: response.headers.get('content-type') ?? '', body: (/^[[{]/.test(text) ? JSON.parse(text) : undefined) as T, text };
}

interface PodList {
  items: V1Pod[];
  metadata: { continue?: string; remainingItemCount?: number };
}

function control<T = V1Pod>(action: string, body: unknown): Promise<{ status: number; body: T }> {
  return request<T>(`/__fake/${action}`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
}

function stagingPodsReady(): true | undefined {
  const list = server.cluster.store.list(pods, 'staging-infra');
  return list.length === 5 && list.every(isPodReady) ? true : undefined;
}

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'wright-fakeapi-'));
  server = new FakeApiServer({ podReadyDelayMs: 30, log: (line) => logLines.push(line) });
  seedStagingStack(server.cluster);
  await server.start();
  const kubeconfig = await writeKubeconfig(join(dir, 'kubeconfig'), server.url);
  k8s = await import('@kubernetes/client-node');
  kc = new k8s.KubeConfig();
  kc.loadFromFile(kubeconfig.path);
  assert.equal(kc.getCurrentContext(), 'kind-wright-staging');
  await eventually('staging pods ready', stagingPodsReady);
});

after(async () => {
  await server.dispose();
  await rm(dir, { recursive: true, force: true });
});

test('listens on 127.0.0.1 only, and /version reports minor 32', async () => {
  assert.match(server.url, /^http:\/\/127\.0\.0\.1:\d+$/);
  const version = await request<{ minor: string }>('/version');
  assert.equal(version.body.minor, '32');
});

test('client-node lists pods with a label selector and a field selector', async () => {
  const api = kc.makeApiClient(k8s.CoreV1Api);
  const all = await api.listNamespacedPod({ namespace: 'staging-infra' });
  assert.deepEqual(all.items.map((pod) => pod.metadata?.name).filter((name) => !name?.startsWith('authentik-')), ['postgres-0', 'redis-0']);
  const redis = await api.listNamespacedPod({ namespace: 'staging-infra', labelSelector: 'app.kubernetes.io/name=redis' });
  assert.deepEqual(redis.items.map((pod) => pod.metadata?.name), ['redis-0']);
  const authentik = await api.listNamespacedPod({ namespace: 'staging-infra', labelSelector: 'app.kubernetes.io/name=authentik,app.kubernetes.io/component in (worker)' });
  assert.equal(authentik.items.length, 1);
  assert.match(authentik.items[0]?.metadata?.name ?? '', /^authentik-worker-[a-z0-9]{10}-[a-z0-9]{5}$/);
  const byName = await api.listPodForAllNamespaces({ fieldSelector: 'metadata.name=postgres-0' });
  assert.deepEqual(byName.items.map((pod) => `${pod.metadata?.namespace}/${pod.metadata?.name}`), ['staging-infra/postgres-0']);
  assert.equal((await api.listNamespacedPod({ namespace: 'staging-core' })).items.length, 0);
});

test('limit and continue page through a list without losing or repeating items', async () => {
  const first = await request<PodList>('/api/v1/pods?limit=2');
  assert.equal(first.body.items.length, 2);
  assert.equal(first.body.metadata.remainingItemCount, 3);
  const second = await request<PodList>(`/api/v1/pods?limit=2&continue=${encodeURIComponent(first.body.metadata.continue ?? '')}`);
  const third = await request<PodList>(`/api/v1/pods?limit=2&continue=${encodeURIComponent(second.body.metadata.continue ?? '')}`);
  assert.equal(third.body.metadata.continue, undefined);
  const names = [...first.body.items, ...second.body.items, ...third.body.items].map((pod) => pod.metadata?.name);
  assert.equal(new Set(names).size, 5);
});

test('errors are Status objects: unknown pod is 404, duplicate create is 409, create in a missing namespace is 404', async () => {
  const api = kc.makeApiClient(k8s.CoreV1Api);
  await assert.rejects(api.readNamespacedPod({ name: 'nope', namespace: 'staging-infra' }), (error: { code?: number }) => error.code === 404);
  const body = { metadata: { name: 'cm1' }, data: { a: '1' } };
  await api.createNamespacedConfigMap({ namespace: 'staging-web', body });
  await assert.rejects(api.createNamespacedConfigMap({ namespace: 'staging-web', body }), (error: { code?: number }) => error.code === 409);
  await assert.rejects(api.createNamespacedConfigMap({ namespace: 'no-such-ns', body }), (error: { code?: number }) => error.code === 404);
  const missing = await request<{ kind: string; reason: string }>('/api/v1/namespaces/staging-infra/pods/nope');
  assert.equal(missing.body.kind, 'Status');
  assert.equal(missing.body.reason, 'NotFound');
});

test('a PUT with a stale resourceVersion is a 409 Conflict', async () => {
  const api = kc.makeApiClient(k8s.CoreV1Api);
  const cm = await api.createNamespacedConfigMap({ namespace: 'staging-web', body: { metadata: { name: 'cm-conflict' }, data: { a: '1' } } });
  await api.replaceNamespacedConfigMap({ name: 'cm-conflict', namespace: 'staging-web', body: { ...cm, data: { a: '2' } } });
  await assert.rejects(api.replaceNamespacedConfigMap({ name: 'cm-conflict', namespace: 'staging-web', body: { ...cm, data: { a: '3' } } }), (error: { code?: number }) => error.code === 409);
});

test('deleteNamespacedPod: the StatefulSet recreates the same name, the Deployment a new name', async () => {
  const api = kc.makeApiClient(k8s.CoreV1Api);
  const before = await api.readNamespacedPod({ name: 'redis-0', namespace: 'staging-infra' });
  await api.deleteNamespacedPod({ name: 'redis-0', namespace: 'staging-infra' });
  const recreated = await eventually('redis-0 recreated', () => {
    const pod = server.cluster.store.get(pods, 'staging-infra', 'redis-0');
    return pod && pod.metadata.uid !== before.metadata?.uid ? pod : undefined;
  });
  assert.equal(recreated.metadata.ownerReferences?.[0]?.kind, 'StatefulSet');

  const [server0] = (await api.listNamespacedPod({ namespace: 'staging-infra', labelSelector: 'app.kubernetes.io/component=server' })).items;
  await api.deleteNamespacedPod({ name: server0?.metadata?.name ?? '', namespace: 'staging-infra' });
  const replacement = await eventually('authentik-server replaced', () => server.cluster.store.list(pods, 'staging-infra').find((pod) => pod.metadata.name.startsWith('authentik-server-') && pod.metadata.name !== server0?.metadata?.name));
  assert.equal(replacement.metadata.labels?.['pod-template-hash'], server0?.metadata?.labels?.['pod-template-hash']);
  await eventually('all ready again', stagingPodsReady);
});

test('Endpoints and EndpointSlices follow pod readiness', async () => {
  type Subset = { addresses?: unknown[]; notReadyAddresses?: unknown[] };
  const endpointsOf = (): Subset | undefined => (server.cluster.store.get(resourceNamed('endpoints'), 'staging-infra', 'postgres')?.subsets as Subset[] | undefined)?.[0];
  assert.equal(endpointsOf()?.addresses?.length, 1);
  setPodReady(server.cluster, 'staging-infra', 'postgres-0', false);
  await eventually('postgres endpoint not ready', () => (endpointsOf()?.notReadyAddresses?.length === 1 && !endpointsOf()?.addresses ? true : undefined));
  const slice = server.cluster.store.list(resourceNamed('discovery.k8s.io/endpointslices'), 'staging-infra').find((s) => s.metadata.labels?.['kubernetes.io/service-name'] === 'postgres');
  assert.equal((slice?.endpoints as { conditions: { ready: boolean } }[])[0]?.conditions.ready, false);
  setPodReady(server.cluster, 'staging-infra', 'postgres-0', true);
  await eventually('postgres endpoint ready', () => (endpointsOf()?.addresses?.length === 1 ? true : undefined));
});

/** Starts a pod informer and records its events. */
function podInformer(path = '/api/v1/namespaces/staging-infra/pods'): { informer: Informer<V1Pod> & ObjectCache<V1Pod>; events: string[]; errors: unknown[] } {
  const api = kc.makeApiClient(k8s.CoreV1Api);
  const informer = k8s.makeInformer(kc, path, () => api.listNamespacedPod({ namespace: 'staging-infra' }));
  const events: string[] = [];
  const errors: unknown[] = [];
  informer.on('add', (pod) => events.push(`add ${pod.metadata?.name}`));
  informer.on('update', (pod) => events.push(`update ${pod.metadata?.name}`));
  informer.on('delete', (pod) => events.push(`delete ${pod.metadata?.name}`));
  informer.on('error', (error) => errors.push(error));
  return { informer, events, errors };
}

test('makeInformer sees adds, updates and deletes', async () => {
  const { informer, events } = podInformer();
  await informer.start();
  assert.equal(informer.list('staging-infra').length, 5);
  const extra = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'extra' }, spec: { containers: [{ name: 'main', image: 'busybox' }] } };
  await kc.makeApiClient(k8s.CoreV1Api).createNamespacedPod({ namespace: 'staging-infra', body: extra });
  await eventually('add extra', () => (events.includes('add extra') ? true : undefined));
  await eventually('extra started (update)', () => (events.includes('update extra') ? true : undefined));
  await kc.makeApiClient(k8s.CoreV1Api).deleteNamespacedPod({ name: 'extra', namespace: 'staging-infra' });
  await eventually('delete extra', () => (events.includes('delete extra') ? true : undefined));
  await informer.stop();
});

test('dropped watches make the informer fire error (and stop); a clean close makes it resume', async () => {
  const { informer, events, errors } = podInformer();
  await informer.start();
  await eventually('watch open', () => (server.watchCount > 0 ? true : undefined));
  server.closeWatches();
  await eventually('watch reopened after a clean close', () => (server.watchCount > 0 ? true : undefined));
  setPodReady(server.cluster, 'staging-infra', 'redis-0', false);
  await eventually('update after resume', () => (events.includes('update redis-0') ? true : undefined));
  assert.equal(errors.length, 0);
  server.dropWatches();
  await eventually('error after drop', () => (errors.length === 1 ? true : undefined));
  await informer.stop();
  setPodReady(server.cluster, 'staging-infra', 'redis-0', true);
});

test('stop/restart on the same port: informer errors while down, a new start() recovers with the changes made meanwhile', async () => {
  const { informer, events, errors } = podInformer();
  await informer.start();
  const port = server.port;
  await server.stop();
  await eventually('error while down', () => (errors.length > 0 ? true : undefined));
  await assert.rejects(fetch(`${server.url}/version`));
  setPodReady(server.cluster, 'staging-infra', 'postgres-0', false);
  await server.start();
  assert.equal(server.port, port);
  await informer.start();
  await eventually('update seen after restart', () => (events.includes('update postgres-0') ? true : undefined));
  assert.equal(informer.get('postgres-0', 'staging-infra')?.status?.conditions?.find((condition) => condition.type === 'Ready')?.status, 'False');
  await informer.stop();
  setPodReady(server.cluster, 'staging-infra', 'postgres-0', true);
});

test('expired resourceVersions: a watch gets 410 Gone, the informer re-lists without an error', async () => {
  const { informer, events, errors } = podInformer();
  await informer.start();
  await informer.stop(); // keeps its resourceVersion: start() will watch from it
  errors.length = 0; // client-node reports its own abort on stop() as an error
  await kc.makeApiClient(k8s.CoreV1Api).createNamespacedPod({ namespace: 'staging-infra', body: { metadata: { name: 'after-expiry' }, spec: { containers: [{ name: 'main', image: 'busybox' }] } } });
  const stale = Number((informer as unknown as { latestResourceVersion(): string }).latestResourceVersion());
  server.expireResourceVersions();
  const gone = await request<{ type: string; object: { code: number } }>(`/api/v1/namespaces/staging-infra/pods?watch=true&resourceVersion=${stale}`);
  assert.equal(gone.body.type, 'ERROR');
  assert.equal(gone.body.object.code, 410);
  server.requests.length = 0;
  await informer.start();
  await eventually('add after the re-list', () => (events.includes('add after-expiry') ? true : undefined));
  assert.equal(errors.length, 0);
  // The informer emits the add from its re-list before its new watch reaches the server: wait for that request.
  const calls = await eventually('the watch after the re-list', () => {
    const seen = server.requests.map((r) => (r.query.includes('watch=true') ? 'watch' : 'list'));
    return seen.length >= 3 ? seen : undefined;
  });
  assert.deepEqual(calls.slice(0, 3), ['watch', 'list', 'watch'], 'watch from the old version, 410, list, watch again');
  await informer.stop();
});

test('discovery: aggregated v2 when asked for, legacy documents otherwise', async () => {
  type Discovery = { items: { metadata: { name: string }; versions: { resources: { resource: string }[] }[] }[] };
  const v2 = await request<Discovery>('/apis', { headers: { Accept: 'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json' } });
  assert.equal(v2.contentType, 'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList');
  const apps = v2.body.items.find((group) => group.metadata.name === 'apps');
  assert.ok(apps?.versions[0]?.resources.some((resource) => resource.resource === 'deployments'));
  const legacy = await request<{ kind: string }>('/apis');
  assert.equal(legacy.body.kind, 'APIGroupList');
  const core = await request<{ resources: { name: string }[] }>('/api/v1');
  assert.ok(core.body.resources.some((resource) => resource.name === 'pods/log'));
});

test('secrets: stringData is stored as base64 data, and request logs never carry bodies', async () => {
  const secretValue = 'hunter2-super-secret-value';
  await kc.makeApiClient(k8s.CoreV1Api).createNamespacedSecret({ namespace: 'staging-infra', body: { metadata: { name: 's1' }, stringData: { password: secretValue } } });
  const stored = server.cluster.store.get(resourceNamed('secrets'), 'staging-infra', 's1');
  assert.equal(stored?.stringData, undefined);
  assert.equal(Buffer.from(String((stored?.data as Record<string, string>).password), 'base64').toString(), secretValue);
  assert.ok(logLines.some((line) => line.startsWith('POST /api/v1/namespaces/staging-infra/secrets')));
  assert.ok(!logLines.join('\n').includes(secretValue));
});

test('pod logs, and follow streams lines appended later', async () => {
  const plain = await request('/api/v1/namespaces/staging-infra/pods/redis-0/log');
  assert.match(plain.text, /^redis started/m);
  const controller = new AbortController();
  const response = await fetch(`${server.url}/api/v1/namespaces/staging-infra/pods/redis-0/log?follow=true`, { signal: controller.signal });
  const reader = response.body!.getReader();
  let received = '';
  await control('pods/log', { namespace: 'staging-infra', pod: 'redis-0', line: 'Ready to accept connections' });
  await eventually('followed line', async () => {
    const { value } = await reader.read();
    received += new TextDecoder().decode(value as Uint8Array);
    return received.includes('Ready to accept connections') ? true : undefined;
  });
  controller.abort();
});

test('the control endpoint drives scenarios by pod name prefix, and records API requests', async () => {
  await request('/__fake/requests', { method: 'DELETE' });
  const crashed = await control('pods/crashloop', { namespace: 'staging-infra', pod: 'authentik-server' });
  assert.equal(crashed.status, 200);
  assert.equal(crashed.body.status?.containerStatuses?.[0]?.state?.waiting?.reason, 'CrashLoopBackOff');
  assert.equal(crashed.body.status?.containerStatuses?.[0]?.restartCount, 1);
  const pulled = await control('pods/imagepull', { namespace: 'staging-infra', pod: 'authentik-worker' });
  assert.equal(pulled.body.status?.containerStatuses?.[0]?.state?.waiting?.reason, 'ImagePullBackOff');
  const notFound = await control('pods/ready', { namespace: 'staging-infra', pod: 'nope', ready: true });
  assert.equal(notFound.status, 404);
  await request('/api/v1/namespaces/staging-infra/pods/redis-0', { method: 'DELETE' });
  const recorded = (await request<{ method: string; path: string }[]>('/__fake/requests')).body;
  assert.deepEqual(recorded.map((r) => `${r.method} ${r.path}`), ['DELETE /api/v1/namespaces/staging-infra/pods/redis-0']);
});

test('standalone process: seeds, writes its port, restarts on the same port from its state file', async () => {
  const portFile = join(dir, 'port');
  const stateFile = join(dir, 'state.json');
  const kubeconfigFile = join(dir, 'standalone-kubeconfig');
  const run = async (args: string[]): Promise<{ stop: () => Promise<void> }> => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'test/fixtures/fakeApiServer/main.ts', '--quiet', '--state', stateFile, '--port-file', portFile, ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
    await new Promise<void>((resolve, reject) => {
      child.stdout.on('data', (chunk: Buffer) => (chunk.toString().includes('listening') ? resolve() : undefined));
      child.once('exit', (code) => reject(new Error(`fake API server exited with ${code}`)));
    });
    return { stop: () => new Promise<void>((resolve) => (child.once('exit', () => resolve()), child.kill('SIGTERM'))) };
  };
  const first = await run(['--seed', 'staging', '--kubeconfig', kubeconfigFile]);
  const port = Number(await readFile(portFile, 'utf8'));
  const base = `http://127.0.0.1:${port}`;
  const podNames = async (): Promise<string[]> => ((await (await fetch(`${base}/api/v1/namespaces/staging-infra/pods`)).json()) as { items: V1Pod[] }).items.map((pod) => pod.metadata?.name ?? '');
  await eventually('seeded pods', async () => ((await podNames()).length === 5 ? true : undefined));
  assert.match(await readFile(kubeconfigFile, 'utf8'), new RegExp(`server: ${base}`));
  const beforeRestart = await podNames();
  await first.stop();
  await assert.rejects(fetch(`${base}/version`));
  const second = await run(['--port', String(port)]);
  try {
    assert.deepEqual(await podNames(), beforeRestart);
  } finally {
    await second.stop();
  }
});

test('POST /__fake/restart: answers, goes down, and comes back on the same port', async () => {
  const port = server.port;
  const answer = await control<{ ok: boolean; port: number }>('restart', { downMs: 300 });
  assert.equal(answer.status, 202);
  await eventually('down', async () => ((await fetch(`${server.url}/version`).then(() => false, () => true)) ? true : undefined));
  await eventually('up again', async () => ((await fetch(`${server.url}/version`).then((r) => r.ok, () => false)) ? true : undefined));
  assert.equal(server.port, port);
});

test('graceful deletion: a deleted pod is Terminating first, then replaced', async () => {
  const graceful = new FakeApiServer({ podReadyDelayMs: 10, podTerminationMs: 300 });
  seedStagingStack(graceful.cluster);
  await graceful.start();
  try {
    const gracefulKc = new k8s.KubeConfig();
    gracefulKc.loadFromFile((await writeKubeconfig(join(dir, 'graceful-kubeconfig'), graceful.url)).path);
    const api = gracefulKc.makeApiClient(k8s.CoreV1Api);
    const ready = await eventually('redis-0 ready', () => {
      const pod = graceful.cluster.store.get(pods, 'staging-infra', 'redis-0');
      return pod && isPodReady(pod) ? pod : undefined;
    });
    const deleted = await api.deleteNamespacedPod({ name: 'redis-0', namespace: 'staging-infra' });
    assert.ok(deleted.metadata?.deletionTimestamp, 'the DELETE answers with the terminating pod');
    assert.ok((await api.readNamespacedPod({ name: 'redis-0', namespace: 'staging-infra' })).metadata?.deletionTimestamp);
    await eventually('redis-0 replaced', () => {
      const pod = graceful.cluster.store.get(pods, 'staging-infra', 'redis-0');
      return pod && pod.metadata.uid !== ready.metadata.uid && !pod.metadata.deletionTimestamp ? true : undefined;
    });
  } finally {
    await graceful.dispose();
  }
});
