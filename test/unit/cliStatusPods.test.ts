// `wright status` names each unhealthy pod with its reason (CrashLoopBackOff and the last exit code), as
// `deploy` does on a timeout, instead of a bare "starting". The real CLI through the real kubectl, fake API server.
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, test } from 'node:test';
import { EXIT } from '../../src/cli/exitCodes';
import { resourceNamed } from '../fixtures/fakeApiServer/resources';
import { crashLoopPod, seedStagingStack } from '../fixtures/fakeApiServer/scenarios';
import { FakeApiServer } from '../fixtures/fakeApiServer/server';
import { writeKubeconfig } from '../fixtures/kubeconfig';
import { World } from '../fixtures/lifecycle/world';
import { runWright } from '../fixtures/cliProcess';

let world: World | undefined;
let server: FakeApiServer | undefined;
afterEach(async () => {
  await server?.dispose();
  server = undefined;
  world?.dispose();
  world = undefined;
});

test('status names a crash-looping pod, its reason and last exit code (exit 5)', { timeout: 90_000 }, async () => {
  const w = (world = new World());
  const api = (server = new FakeApiServer({ podReadyDelayMs: 0 }));
  seedStagingStack(api.cluster);
  await api.start();
  // Let the fake controllers make the pods and mark them ready.
  const pods = resourceNamed('pods');
  const authentikPod = (): boolean => api.cluster.store.list(pods, 'staging-infra').some((p) => p.metadata.name.startsWith('authentik-server-'));
  while (!authentikPod()) await new Promise((r) => setTimeout(r, 50));
  const pod = crashLoopPod(api.cluster, 'staging-infra', 'authentik-server');
  mkdirSync(w.fakeState, { recursive: true });
  mkdirSync(w.stateDir, { recursive: true });
  writeFileSync(join(w.fakeState, 'clusters.json'), JSON.stringify({ 'wright-staging': { pid: 1, ready: true, createdAt: new Date().toISOString() } }));
  await writeKubeconfig(w.kubeconfig, api.url, 'wright-staging');
  const env = { WRIGHT_FAKE_API_URL: api.url, WRIGHT_FAKE_STATE: w.fakeState, WRIGHT_FAKE_LOG: w.fakeLog, HOME: w.home, KUBECACHEDIR: join(w.root, 'kubecache') };
  const run = await runWright(w, ['status'], { env });
  assert.equal(run.code, EXIT.notReady, run.stderr);
  assert.match(run.stdout, new RegExp(`pod ${pod.metadata.name}: container \\S+ waiting: CrashLoopBackOff .*last exit 1 Error`));
});
