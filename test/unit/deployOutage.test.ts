// `wright deploy` when the API server goes away (the fake API server through the real kubectl): at apply, the
// outage is named and kubectl's "turn validation off with --validate=false" is never passed on; during the wait,
// the outage is reported with its time and the last known states are kept ("pods unknown", never "no pods yet").
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, test } from 'node:test';
import { EXIT } from '../../src/cli/exitCodes';
import { withoutValidateAdvice } from '../../src/lifecycle/kubectlAdvice';
import { FakeApiServer } from '../fixtures/fakeApiServer/server';
import { writeKubeconfig } from '../fixtures/kubeconfig';
import { World } from '../fixtures/lifecycle/world';
import { runWright, startWright } from '../fixtures/cliProcess';

const NAME = 'outage-test';
let world: World | undefined;
let server: FakeApiServer | undefined;
afterEach(async () => {
  await server?.dispose();
  server = undefined;
  world?.dispose();
  world = undefined;
});

async function clusterOnFakeApi(podReadyDelayMs: number): Promise<{ w: World; api: FakeApiServer; env: Record<string, string> }> {
  const w = (world = new World());
  const api = (server = new FakeApiServer({ podReadyDelayMs }));
  await api.start();
  mkdirSync(w.fakeState, { recursive: true });
  mkdirSync(w.stateDir, { recursive: true });
  writeFileSync(join(w.fakeState, 'clusters.json'), JSON.stringify({ [NAME]: { pid: 1, ready: true, createdAt: new Date().toISOString() } }));
  await writeKubeconfig(w.kubeconfig, api.url, NAME);
  const env = { WRIGHT_FAKE_API_URL: api.url, WRIGHT_FAKE_STATE: w.fakeState, WRIGHT_FAKE_LOG: w.fakeLog, HOME: w.home, KUBECACHEDIR: join(w.root, 'kubecache') };
  return { w, api, env };
}

test("kubectl's advice to turn validation off is removed", () => {
  const stderr = 'error: error validating "STDIN": error validating data: failed to download openapi: Get "http://127.0.0.1:1/openapi/v2?timeout=32s": dial tcp 127.0.0.1:1: connect: connection refused; if you choose to ignore these errors, turn validation off with --validate=false\n';
  assert.equal(withoutValidateAdvice(stderr).includes('--validate=false'), false);
  assert.match(withoutValidateAdvice(stderr), /connection refused$/m);
});

test('deploy while the API server refuses: the outage is named, --validate=false is never suggested (exit 5)', { timeout: 120_000 }, async () => {
  const { w, api, env } = await clusterOnFakeApi(0);
  await api.stop();
  const run = await runWright(w, ['deploy', '--cluster-name', NAME, '--timeout', '5'], { env });
  assert.equal(run.code, EXIT.notReady, run.stderr);
  assert.match(run.stderr, /The API server of "outage-test" stopped answering while the manifests were applied/);
  assert.doesNotMatch(run.stdout + run.stderr, /validate=false|turn validation off/);
});

test('an outage during the wait is reported with its time; the last known states are kept', { timeout: 120_000 }, async () => {
  // Pods never become ready: the wait is still running when the server goes away.
  const { w, api, env } = await clusterOnFakeApi(3_600_000);
  const deploy = startWright(w, ['deploy', '--cluster-name', NAME, '--timeout', '8'], { env });
  const polled = (): boolean => api.requests.some((r) => r.method === 'GET' && /^\/apis\/apps\/v1\/namespaces\/[^/]+\/(deployments|statefulsets)$/.test(r.path));
  while (!polled()) {
    if (deploy.child.exitCode !== null) break;
    await new Promise((r) => setTimeout(r, 50));
  }
  await api.stop();
  const code = await deploy.exited;
  const stderr = deploy.stderr();
  assert.equal(code, EXIT.notReady, stderr);
  assert.match(stderr, /the API server stopped answering at \d\d:\d\d:\d\d, still down \(last known: 0\/\d+ ready/);
  assert.match(stderr, /Timed out after 8 s: \d+ of \d+ not ready .*The API server stopped answering at \d\d:\d\d:\d\d and is still down; these are the last known states\./);
  assert.match(stderr, /pods unknown: the API server did not answer/);
  assert.doesNotMatch(stderr, /no pods yet/);
});
