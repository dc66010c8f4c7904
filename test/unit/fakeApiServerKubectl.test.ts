// The fake API server checked against the REAL kubectl (v1.32; WRIGHT_TEST_KUBECTL overrides the binary): table
// output, JSON output, client-side and server-side apply, delete, rollout restart/status, wait, logs, and the
// bundled local overlay applied whole. Every test gets a fresh --cache-dir (kubectl caches discovery per host:port).
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { resourceNamed } from '../fixtures/fakeApiServer/resources';
import { seedStagingStack } from '../fixtures/fakeApiServer/scenarios';
import { FakeApiServer } from '../fixtures/fakeApiServer/server';
import { writeKubeconfig } from '../fixtures/kubeconfig';
import { realKubectl } from '../fixtures/bin/lib/realKubectl';

const KUBECTL = realKubectl();
const skip = existsSync(KUBECTL) ? false : `no kubectl at ${KUBECTL} (set WRIGHT_TEST_KUBECTL)`;

let dir: string;
let kubeconfigPath: string;
let server: FakeApiServer;
let cacheCount = 0;

interface Result {
  code: number;
  stdout: string;
  stderr: string;
}

/** A kubectl bound to the fake's kubeconfig and a cache dir of its own. */
function kubectlSession(): (args: string[], input?: string) => Promise<Result> {
  const cacheDir = join(dir, `cache-${++cacheCount}`);
  return (args, input) =>
    new Promise((resolve) => {
      const child = execFile(KUBECTL, ['--kubeconfig', kubeconfigPath, '--cache-dir', cacheDir, ...args], { timeout: 60_000 }, (error, stdout, stderr) => {
        resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr });
      });
      child.stdin?.end(input ?? '');
    });
}

async function ok(run: Promise<Result>): Promise<string> {
  const result = await run;
  assert.equal(result.code, 0, `kubectl failed: ${result.stderr}`);
  return result.stdout;
}

before(async () => {
  if (skip) return;
  dir = await mkdtemp(join(tmpdir(), 'wright-fakeapi-kubectl-'));
  server = new FakeApiServer({ podReadyDelayMs: 30 });
  seedStagingStack(server.cluster);
  await server.start();
  kubeconfigPath = (await writeKubeconfig(join(dir, 'kubeconfig'), server.url)).path;
  const kubectl = kubectlSession();
  await ok(kubectl(['wait', '--for=condition=Ready', 'pod', '--all', '-n', 'staging-infra', '--timeout=30s']));
});

after(async () => {
  if (skip) return;
  await server.dispose();
  await rm(dir, { recursive: true, force: true });
});

test('kubectl get pods -A prints the server-side table', { skip }, async () => {
  const out = await ok(kubectlSession()(['get', 'pods', '-A']));
  const [header, ...rows] = out.trim().split('\n');
  assert.deepEqual(header?.split(/\s+/), ['NAMESPACE', 'NAME', 'READY', 'STATUS', 'RESTARTS', 'AGE']);
  const names = rows.map((row) => row.split(/\s+/));
  assert.equal(names.length, 5);
  for (const [namespace, , ready, status, restarts] of names) {
    assert.deepEqual([namespace, ready, status, restarts], ['staging-infra', '1/1', 'Running', '0']);
  }
  assert.deepEqual(names.map((row) => row[1]).filter((name) => !name?.startsWith('authentik-server-') && !name?.startsWith('authentik-worker-')), ['authentik-postgres-0', 'postgres-0', 'redis-0']);
});

test('kubectl get -o json returns a List of full objects; get ingress shows the host', { skip }, async () => {
  const kubectl = kubectlSession();
  const list = JSON.parse(await ok(kubectl(['get', 'pods', '-n', 'staging-infra', '-o', 'json']))) as { kind: string; items: { metadata: { name: string }; status: { phase: string } }[] };
  assert.equal(list.kind, 'List');
  assert.equal(list.items.length, 5);
  assert.ok(list.items.every((pod) => pod.status.phase === 'Running'));
  const ingress = await ok(kubectl(['get', 'ingress', '-n', 'staging-infra', '-o', 'wide']));
  assert.match(ingress, /authentik\s+nginx\s+auth\.wright\.localhost\s+localhost\s+80/);
});

const WEB = `apiVersion: apps/v1
kind: Deployment
metadata: { name: web, namespace: staging-web, labels: { app: web } }
spec:
  replicas: 2
  selector: { matchLabels: { app: web } }
  template:
    metadata: { labels: { app: web } }
    spec:
      containers:
        - name: web
          image: nginx:IMAGE
          ports: [{ name: http, containerPort: 80 }]
---
apiVersion: v1
kind: Service
metadata: { name: web, namespace: staging-web }
spec:
  selector: { app: web }
  ports: [{ name: http, port: 80, targetPort: http }]
`;

test('kubectl apply -f - (client-side) creates, waits Available, then re-applies a change as a patch', { skip }, async () => {
  const kubectl = kubectlSession();
  const created = await ok(kubectl(['apply', '-f', '-'], WEB.replace('IMAGE', '1.27')));
  assert.match(created, /deployment\.apps\/web created/);
  assert.match(created, /service\/web created/);
  assert.match(await ok(kubectl(['wait', '--for=condition=Available', 'deployment/web', '-n', 'staging-web', '--timeout=30s'])), /condition met/);
  const again = await kubectl(['apply', '-f', '-'], WEB.replace('IMAGE', '1.28'));
  assert.equal(again.code, 0, again.stderr);
  assert.match(again.stdout, /deployment\.apps\/web configured/);
  assert.match(again.stdout, /service\/web unchanged/);
  assert.equal(again.stderr, '', 'no warnings (e.g. about OpenAPI)');
  assert.match(await ok(kubectl(['rollout', 'status', 'deployment/web', '-n', 'staging-web', '--timeout=30s'])), /successfully rolled out/);
  const images = await ok(kubectl(['get', 'pods', '-n', 'staging-web', '-l', 'app=web', '-o', 'jsonpath={.items[*].spec.containers[0].image}']));
  assert.deepEqual(images.split(' '), ['nginx:1.28', 'nginx:1.28']);
  const endpoints = await ok(kubectl(['get', 'endpoints', 'web', '-n', 'staging-web', '-o', 'jsonpath={.subsets[0].addresses[*].ip}']));
  assert.equal(endpoints.split(' ').length, 2);
});

test('kubectl apply --server-side creates and updates', { skip }, async () => {
  const kubectl = kubectlSession();
  const configMap = (value: string): string => `apiVersion: v1\nkind: ConfigMap\nmetadata: { name: settings, namespace: staging-core }\ndata: { level: ${value} }\n`;
  assert.match(await ok(kubectl(['apply', '--server-side', '-f', '-'], configMap('info'))), /configmap\/settings serverside-applied/);
  await ok(kubectl(['apply', '--server-side', '-f', '-'], configMap('debug')));
  assert.equal(await ok(kubectl(['get', 'configmap', 'settings', '-n', 'staging-core', '-o', 'jsonpath={.data.level}'])), 'debug');
});

test('kubectl delete pod: the StatefulSet brings back a new redis-0', { skip }, async () => {
  const kubectl = kubectlSession();
  const uidBefore = server.cluster.store.get(resourceNamed('pods'), 'staging-infra', 'redis-0')?.metadata.uid;
  assert.match(await ok(kubectl(['delete', 'pod', 'redis-0', '-n', 'staging-infra'])), /pod "redis-0" deleted/);
  await ok(kubectl(['wait', '--for=condition=Ready', 'pod/redis-0', '-n', 'staging-infra', '--timeout=30s']));
  const uidAfter = await ok(kubectl(['get', 'pod', 'redis-0', '-n', 'staging-infra', '-o', 'jsonpath={.metadata.uid}']));
  assert.notEqual(uidAfter, uidBefore);
});

test('kubectl rollout restart replaces the pods of a Deployment and of a StatefulSet', { skip }, async () => {
  const kubectl = kubectlSession();
  const serverPods = async (): Promise<string> => ok(kubectl(['get', 'pods', '-n', 'staging-infra', '-l', 'app.kubernetes.io/component=server', '-o', 'jsonpath={.items[*].metadata.name}']));
  const before = await serverPods();
  assert.match(await ok(kubectl(['rollout', 'restart', 'deployment/authentik-server', '-n', 'staging-infra'])), /restarted/);
  assert.match(await ok(kubectl(['rollout', 'status', 'deployment/authentik-server', '-n', 'staging-infra', '--timeout=30s'])), /successfully rolled out/);
  const after = await serverPods();
  assert.equal(after.split(' ').length, 1);
  assert.notEqual(after, before);
  const restartedAt = await ok(kubectl(['get', 'deployment', 'authentik-server', '-n', 'staging-infra', '-o', "jsonpath={.spec.template.metadata.annotations['kubectl\\.kubernetes\\.io/restartedAt']}"]));
  assert.match(restartedAt, /^\d{4}-\d{2}-\d{2}T/);
  assert.match(await ok(kubectl(['wait', '--for=condition=Available', 'deployment/authentik-server', '-n', 'staging-infra', '--timeout=30s'])), /condition met/);

  const uidBefore = server.cluster.store.get(resourceNamed('pods'), 'staging-infra', 'postgres-0')?.metadata.uid;
  await ok(kubectl(['rollout', 'restart', 'statefulset/postgres', '-n', 'staging-infra']));
  assert.match(await ok(kubectl(['rollout', 'status', 'statefulset/postgres', '-n', 'staging-infra', '--timeout=30s'])), /roll out complete: 1 new pods have been updated/, 'as on a real cluster, whose API defaults partition: 0');
  assert.notEqual(server.cluster.store.get(resourceNamed('pods'), 'staging-infra', 'postgres-0')?.metadata.uid, uidBefore);
});

test('kubectl logs reads a pod and a deployment', { skip }, async () => {
  const kubectl = kubectlSession();
  assert.match(await ok(kubectl(['logs', 'redis-0', '-n', 'staging-infra'])), /^redis started/m);
  assert.match(await ok(kubectl(['logs', 'deployment/authentik-worker', '-n', 'staging-infra'])), /^worker started/m);
  const missing = await kubectl(['logs', 'nope', '-n', 'staging-infra']);
  assert.notEqual(missing.code, 0);
  assert.match(missing.stderr, /pods "nope" not found/);
});

test('the bundled local overlay applies whole, and every Deployment becomes Available', { skip }, async () => {
  const kubectl = kubectlSession();
  const manifests = await ok(kubectl(['kustomize', 'manifests/overlays/local']));
  const applied = await kubectl(['apply', '-f', '-'], manifests);
  assert.equal(applied.code, 0, applied.stderr);
  assert.match(applied.stdout, /deployment\.apps\/ingress-nginx-controller created/);
  assert.match(await ok(kubectl(['wait', '--for=condition=Available', 'deployment', '--all', '-n', 'ingress-nginx', '--timeout=30s'])), /condition met/);
  assert.match(await ok(kubectl(['rollout', 'status', 'statefulset/authentik-postgres', '-n', 'staging-infra', '--timeout=30s'])), /complete/);
});
