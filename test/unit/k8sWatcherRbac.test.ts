// The live view for an account limited to some namespaces (RBAC on a shared cluster), against the fake API
// server's namespace-limited user: cluster-wide lists are refused (403), so each kind is watched namespace by
// namespace; a namespace the account may not list is "no access", the view stays connected, and the refused
// namespace is not asked again and again (no error loop).
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { stringify } from 'yaml';
import { ClusterViewModel } from '../../src/k8s/clusterViewModel';
import { namespacedPath } from '../../src/k8s/clusterWatcher';
import { nodeText } from '../../src/k8s/nodePresentation';
import { seedStagingStack, setPodReady } from '../fixtures/fakeApiServer/scenarios';
import { FakeApiServer } from '../fixtures/fakeApiServer/server';

let dir: string;
let server: FakeApiServer;
let model: ClusterViewModel;

function until(what: string, predicate: () => boolean, guardMs = 15_000): Promise<void> {
  if (predicate()) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const guard = setTimeout(() => {
      off();
      reject(new Error(`Timed out waiting for: ${what} (state ${model.state.kind})`));
    }, guardMs);
    const off = model.onDidUpdate(() => {
      if (!predicate()) return;
      clearTimeout(guard);
      off();
      resolve();
    });
  });
}

const namespace = (name: string) => model.namespaces().find((node) => node.name === name);
const refusals = (path: string): number => server.requests.filter((request) => request.path === path && request.status === 403).length;

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'wright-rbac-'));
  server = new FakeApiServer({ podReadyDelayMs: 30 });
  seedStagingStack(server.cluster);
  server.rbac.restrict({ user: 'alice', namespaces: ['staging-infra', 'staging-core'] });
  await server.start();
  const kubeconfig = join(dir, 'kubeconfig');
  await writeFile(
    kubeconfig,
    stringify({
      apiVersion: 'v1',
      kind: 'Config',
      'current-context': 'team',
      clusters: [{ name: 'shared', cluster: { server: server.url, 'insecure-skip-tls-verify': true } }],
      contexts: [{ name: 'team', context: { cluster: 'shared', user: 'alice' } }],
      users: [{ name: 'alice', user: { as: 'alice' } }],
    }),
  );
  model = new ClusterViewModel({ kubeconfigPath: kubeconfig, context: 'team' }, { options: { showAllNamespaces: false, ingressPorts: { httpPort: 80, httpsPort: 443 } } });
  model.start();
});

after(async () => {
  await model?.stop();
  await server?.dispose();
  await rm(dir, { recursive: true, force: true });
});

test('namespaced paths', () => {
  assert.equal(namespacedPath('/api/v1/pods', 'staging-web'), '/api/v1/namespaces/staging-web/pods');
  assert.equal(namespacedPath('/apis/apps/v1/statefulsets', 'a'), '/apis/apps/v1/namespaces/a/statefulsets');
});

test('a namespace the account may not list shows "no access"; the others are watched one by one; the view stays connected', { timeout: 60_000 }, async () => {
  await until('the view synced with staging-infra ready', () => model.state.kind === 'connected' && model.complete && (namespace('staging-infra')?.summary.ready ?? 0) >= 5);
  const infra = namespace('staging-infra');
  assert.equal(infra?.exists, true);
  assert.equal(infra?.noAccess, false);
  assert.ok(infra?.children.some((child) => child.kind === 'service' && child.service.name === 'redis'));
  assert.equal(namespace('staging-core')?.noAccess, false);
  assert.equal(namespace('staging-core')?.exists, true, 'known to exist because it could be listed (namespaces themselves cannot be)');
  for (const name of ['staging-ai', 'staging-web']) {
    const node = namespace(name);
    assert.equal(node?.noAccess, true, name);
    assert.equal(node && nodeText(node, Date.now()).description, 'no access');
    assert.deepEqual(node?.children.map((child) => child.kind === 'message' && child.text), ['No access: your account may not list this namespace']);
  }
  assert.equal(refusals('/api/v1/pods'), 1, 'the cluster-wide list was refused once');
  const refusedBefore = refusals('/api/v1/namespaces/staging-web/pods');
  assert.equal(refusedBefore, 1);

  // Life goes on in the namespaces it may watch, and the refused one is not asked again meanwhile.
  setPodReady(server.cluster, 'staging-infra', 'redis-0', false);
  await until('redis-0 not ready in the view', () => (namespace('staging-infra')?.summary.ready ?? 0) < (infra?.summary.expected ?? 0));
  setPodReady(server.cluster, 'staging-infra', 'redis-0', true);
  await until('redis-0 ready again', () => namespace('staging-infra')?.summary.ready === namespace('staging-infra')?.summary.expected);
  assert.equal(model.state.kind, 'connected');
  assert.equal(refusals('/api/v1/namespaces/staging-web/pods'), refusedBefore, 'no retry loop on a refused namespace');
  assert.equal(refusals('/api/v1/pods'), 1);
});
