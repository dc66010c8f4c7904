// `wright up` as a real process with the BUNDLED manifests, through the REAL kubectl, against the fake API server
// (fake kind and docker only stand in for Docker): the whole stack must be accepted by a server that decodes
// bodies into typed objects, as a real one does. Redis's `--appendonly "yes"` once reached the API server as
// `true` and the StatefulSet was refused, while the old, lenient fake stored whatever it was given.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, test } from 'node:test';
import { anyFreePort } from '../../src/portForward/localPorts';
import { resourceNamed } from '../fixtures/fakeApiServer/resources';
import { seedBaseCluster } from '../fixtures/fakeApiServer/scenarios';
import { FakeApiServer } from '../fixtures/fakeApiServer/server';

const CLI = resolve(__dirname, '../../src/cli.ts');
// The workspace is the CLI's current folder, outside the repository: tsx is imported by its absolute location.
const TSX = pathToFileURL(require.resolve('tsx')).href;
const FAKE_BIN = resolve(__dirname, '../fixtures/bin');
let server: FakeApiServer;
let root: string;

before(async () => {
  root = mkdtempSync(join(tmpdir(), 'wright-up-api-'));
  for (const dir of ['home', 'state', 'workspace', 'fake']) mkdirSync(join(root, dir));
  server = new FakeApiServer({ podReadyDelayMs: 20 });
  seedBaseCluster(server.cluster);
  await server.start();
});

after(async () => {
  await server.dispose();
  rmSync(root, { recursive: true, force: true });
});

test('wright up deploys the whole bundled local overlay through real kubectl to a type-checking API server', { timeout: 240_000 }, async () => {
  const [httpPort, httpsPort] = [await anyFreePort(), await anyFreePort()];
  // Never spawnSync: the fake API server answers from this process's event loop.
  const registryPort = await anyFreePort();
  const child = spawn(process.execPath, ['--import', TSX, CLI, 'up', '--http-port', String(httpPort), '--https-port', String(httpsPort), '--registry-port', String(registryPort), '--timeout', '180'], {
    cwd: join(root, 'workspace'),
    env: {
      ...process.env,
      PATH: `${FAKE_BIN}${delimiter}${process.env.PATH ?? ''}`,
      HOME: join(root, 'home'),
      KUBECONFIG: '',
      WRIGHT_HOME: join(root, 'state'),
      WRIGHT_FAKE_STATE: join(root, 'fake'),
      WRIGHT_FAKE_API_URL: server.url,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const code = await new Promise<number | null>((done) => child.once('exit', done));
  assert.equal(code, 0, output);
  assert.match(output, /Created the cluster "wright-staging" and deployed \d+ workloads, all ready\./);

  const redis = server.cluster.store.get(resourceNamed('apps/statefulsets'), 'staging-infra', 'redis') as { spec: { template: { spec: { containers: { args?: unknown[] }[] } } } } | undefined;
  assert.ok(redis, 'the Redis StatefulSet was created');
  const args = redis.spec.template.spec.containers[0]?.args ?? [];
  assert.ok(args.every((arg) => typeof arg === 'string'), `every arg a string: ${JSON.stringify(args)}`);
  assert.ok(args.includes('yes'), 'appendonly "yes" arrived as the string it is');
  // The image caches' ConfigMap (KEP-1755) went through real kubectl to a server that type-checks it.
  const hosting = server.cluster.store.get(resourceNamed('configmaps'), 'kube-public', 'local-registry-hosting') as { data?: Record<string, string> } | undefined;
  assert.equal(hosting?.data?.['localRegistryHosting.v1'], `host: "localhost:${registryPort}"\nhostFromClusterNetwork: "wright-registry:5000"\nhelp: "https://kind.sigs.k8s.io/docs/user/local-registry/"\n`);
  for (const [resource, namespace, name] of [
    ['apps/statefulsets', 'staging-infra', 'postgres'],
    ['apps/statefulsets', 'staging-infra', 'authentik-postgres'],
    ['apps/deployments', 'staging-infra', 'authentik-server'],
    ['apps/deployments', 'staging-infra', 'authentik-worker'],
    ['apps/deployments', 'ingress-nginx', 'ingress-nginx-controller'],
    ['secrets', 'staging-infra', 'postgres-credentials'],
  ] as const) {
    assert.ok(server.cluster.store.get(resourceNamed(resource), namespace, name), `${resource} ${namespace}/${name} exists`);
  }
});
