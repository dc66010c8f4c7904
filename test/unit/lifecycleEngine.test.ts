// The lifecycle engine end to end against the fake kind/docker/kubectl executables, through the real process
// runner: argv, kubeconfig isolation, secrets, idempotence, cancellation, the lock and each failure's message.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { join } from 'node:path';
import { afterEach, test } from 'node:test';
import { parse as parseYaml } from 'yaml';
import { anyFreePort } from '../../src/portForward/localPorts';
import { CancelledError } from '../../src/process/errors';
import { failureCode, type UserFacingError } from '../../src/shared/failures';
import { isAlive, waitForPid } from '../fixtures/pidFile';
import { World } from '../fixtures/lifecycle/world';

let world: World | undefined;
afterEach(() => {
  world?.dispose();
  world = undefined;
});

function newWorld(env: Record<string, string> = {}): World {
  world = new World(env);
  return world;
}

async function rejectsWithCode(promise: Promise<unknown>, code: string): Promise<UserFacingError> {
  try {
    await promise;
  } catch (error) {
    assert.equal(failureCode(error), code, `expected ${code}, got ${String(error)}`);
    return error as UserFacingError;
  }
  assert.fail(`expected a ${code} failure`);
}

function assertIsolated(w: World): void {
  const calls = w.calls();
  assert.ok(calls.length > 0);
  for (const call of calls) {
    if (call.tool === 'kubectl') {
      const k = call.argv.indexOf('--kubeconfig');
      const c = call.argv.indexOf('--context');
      assert.ok(k >= 0 && c >= 0, `kubectl without --kubeconfig/--context: ${call.argv.join(' ')}`);
      assert.ok(call.argv[c + 1] === 'kind-wright-test', call.argv.join(' '));
    }
    if (call.tool === 'kind' && ['create', 'delete', 'export'].includes(call.argv[0]!)) {
      assert.ok(call.argv.includes('--kubeconfig'), `kind without --kubeconfig: ${call.argv.join(' ')}`);
    }
  }
  assert.equal(existsSync(join(w.home, '.kube', 'config')), false, '~/.kube/config was written');
}

test('create: preflight, kind create into the isolated kubeconfig, ingress, deploy with secrets on stdin only', async () => {
  const w = newWorld();
  const outcome = await w.engine.create(w.options());
  // kustomize orders Deployments before StatefulSets.
  assert.equal(outcome.reused, false);
  assert.deepEqual(outcome.workloads?.map((s) => `${s.name}:${s.isReady}`), ['authentik-server:true', 'postgres:true']);
  assertIsolated(w);

  const create = w.calls().find((c) => c.tool === 'kind' && c.argv[0] === 'create')!;
  assert.deepEqual(create.argv.slice(0, 4), ['create', 'cluster', '--name', 'wright-test']);
  assert.equal(create.argv[create.argv.indexOf('--kubeconfig') + 1], w.kubeconfig);
  assert.equal(create.argv[create.argv.indexOf('--wait') + 1], '60s');
  const kubeconfig = parseYaml(readFileSync(w.kubeconfig, 'utf8')) as { contexts: Array<{ name: string }> };
  assert.deepEqual(kubeconfig.contexts.map((c) => c.name), ['kind-wright-test']);

  // The rendered kind config reached kind with loopback-only mappings.
  const config = readFileSync(join(w.fakeState, 'created-config-wright-test.yaml'), 'utf8');
  assert.match(config, /listenAddress: 127\.0\.0\.1/);

  // The .env was created 0600 with generated values; every secret is absent from argv and logs.
  const envPath = join(w.workspace, '.env');
  assert.equal(statSync(envPath).mode & 0o777, 0o600);
  const env = readFileSync(envPath, 'utf8');
  const password = /^POSTGRES_PASSWORD=(.+)$/m.exec(env)?.[1];
  const secretKey = /^AUTHENTIK_SECRET_KEY=(.+)$/m.exec(env)?.[1];
  assert.ok(password && password.length >= 32 && secretKey && secretKey.length >= 50);
  const everything = [readFileSync(w.fakeLog, 'utf8'), ...w.logLines, ...w.progress.flat().map(String)].join('\n');
  for (const secret of [password, secretKey]) assert.equal(everything.includes(secret), false, 'a secret leaked into argv, log or progress');

  // The apply stream: Namespace first, then the Secrets, then the rest; the secret values are in it.
  const applied = w.applies().find((docs) => docs.some((d) => d.kind === 'StatefulSet'))!;
  assert.deepEqual(applied.slice(0, 5).map((d) => d.kind), ['Namespace', 'Secret', 'Secret', 'Secret', 'Secret']);
  const pg = applied.find((d) => d.kind === 'Secret' && d.metadata.name === 'postgres-credentials')!;
  assert.equal(pg.stringData?.POSTGRES_PASSWORD, password);

  // Progress showed the steps and the per-workload count.
  const steps = w.progress.map(([step]) => step);
  for (const step of ['Checking prerequisites', 'Installing the ingress controller', 'Applying manifests', 'Waiting for services']) assert.ok(steps.includes(step), step);
  assert.ok(w.progress.some(([, detail]) => detail === '2/2 ready'));
});

test('per-workload progress counts up while workloads start', async () => {
  const w = newWorld({ WRIGHT_FAKE_READY: 'after:3' });
  await w.engine.create(w.options());
  const details = w.progress.filter(([step]) => step === 'Waiting for services').map(([, d]) => d);
  assert.deepEqual(details, ['0/2 ready: authentik-server starting', '2/2 ready']);
});

test('progress listeners hear every step of an operation started by someone else', async () => {
  const w = newWorld();
  const heard: Array<[string, string | undefined]> = [];
  const off = w.engine.onDidProgress((step, detail) => void heard.push([step, detail]));
  await w.engine.create(w.options());
  off();
  assert.ok(heard.length > 3);
  assert.deepEqual(heard, w.progress);
  const count = heard.length;
  await w.engine.deploy(w.options());
  assert.ok(w.progress.length > count, 'the deploy reported steps');
  assert.equal(heard.length, count, 'an unsubscribed listener hears nothing more');
});

test('idempotence: create again asks, reuse works, deploy twice keeps .env and secrets stable', async () => {
  const w = newWorld();
  mkdirSync(w.workspace, { recursive: true });
  writeFileSync(join(w.workspace, '.env'), '# my settings\nAPP_MODE=dev\nREDIS_PASSWORD=my-own-redis-pass\n');
  await w.engine.create(w.options());
  const envAfterFirst = readFileSync(join(w.workspace, '.env'), 'utf8');
  assert.ok(envAfterFirst.startsWith('# my settings\nAPP_MODE=dev\nREDIS_PASSWORD=my-own-redis-pass\n'), 'user content kept in place');
  assert.equal(envAfterFirst.match(/REDIS_PASSWORD=/g)?.length, 1, 'an existing value is not added again');

  const error = await rejectsWithCode(w.engine.create(w.options()), 'cluster-exists');
  assert.deepEqual(error.actions.map((a) => a.title), ['Reuse', 'Re-create']);

  const again = await w.engine.create({ ...w.options(), ifExists: 'reuse' });
  assert.equal(again.reused, true);
  await w.engine.deploy(w.options());
  assert.equal(readFileSync(join(w.workspace, '.env'), 'utf8'), envAfterFirst, '.env unchanged by later deploys');
  const streams = w.applies().filter((docs) => docs.some((d) => d.kind === 'StatefulSet'));
  assert.ok(streams.length >= 2);
  const passwords = streams.map((docs) => docs.find((d) => d.metadata.name === 'redis-credentials')!.stringData?.REDIS_PASSWORD);
  assert.ok(passwords.every((p) => p === 'my-own-redis-pass'));
  assertIsolated(w);
});

test('re-create deletes and recreates a cluster WRight made', async () => {
  const w = newWorld();
  await w.engine.create(w.options({ deployOnCreate: false }));
  await w.engine.create({ ...w.options({ deployOnCreate: false }), ifExists: 'recreate' });
  const kinds = w.calls().filter((c) => c.tool === 'kind' && ['create', 'delete'].includes(c.argv[0]!)).map((c) => c.argv[0]);
  assert.deepEqual(kinds, ['create', 'delete', 'create']);
  assert.ok('wright-test' in w.fakeClusters());
});

test('docker daemon down: "Docker is not running" and nothing is created', async () => {
  const w = newWorld({ WRIGHT_FAKE_DOCKER: 'down' });
  const error = await rejectsWithCode(w.engine.create(w.options()), 'docker-not-running');
  assert.match(error.message, /^Docker is not running/);
  assert.equal(w.calls().some((c) => c.argv[0] === 'create'), false);
});

test('docker daemon down: deploy, teardown and status say "Docker is not running", not kind\'s list error', async () => {
  const w = newWorld();
  await w.engine.create(w.options({ deployOnCreate: false }));
  w.setEnv({ WRIGHT_FAKE_DOCKER: 'down' });
  for (const run of [() => w.engine.deploy(w.options()), () => w.engine.teardown(w.options()), () => w.engine.status(w.options())]) {
    const error = await rejectsWithCode(run(), 'docker-not-running');
    assert.match(error.message, /^Docker is not running/);
  }
  assert.ok('wright-test' in w.fakeClusters());
});

test('a missing tool names itself and the install link', async () => {
  const w = newWorld();
  const settings = w.settings();
  const error = await rejectsWithCode(w.engine.create(w.options({ tools: { ...settings.tools, kind: join(w.root, 'no-such-kind') } })), 'tool-missing');
  assert.match(error.message, /no-such-kind was not found/);
});

test('invalid cluster names are refused with kind\'s rule before anything runs', async () => {
  const w = newWorld();
  for (const [name, pattern] of [['Bad_Name', /kind's rule/], ['.dotted', /start and end/], ['a'.repeat(41), /too long/]] as const) {
    const error = await rejectsWithCode(w.engine.create(w.options({ clusterName: name })), 'invalid-cluster-name');
    assert.match(error.message, pattern);
  }
  assert.equal(w.calls().some((c) => c.argv[0] === 'create'), false);
});

test('a busy host port (a real listening socket) is detected and free alternatives offered', async () => {
  const w = newWorld();
  const server: Server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  try {
    const error = await rejectsWithCode(w.engine.create(w.options({ ingress: { httpPort: port, httpsPort: 0 } })), 'ports-busy');
    assert.match(error.message, new RegExp(`Port ${port} is already in use on 127\\.0\\.0\\.1`));
    const action = error.actions[0]!;
    assert.match(action.title, /^Use ports \d+\/\d+$/);
    assert.equal(action.command, 'wright.createCluster');
  } finally {
    server.close();
  }
  assert.equal(w.calls().some((c) => c.argv[0] === 'create'), false);
});

test('a malformed .env is reported with its line number', async () => {
  const w = newWorld();
  mkdirSync(w.workspace, { recursive: true });
  writeFileSync(join(w.workspace, '.env'), 'A=1\n\nthis line is wrong\nB="unterminated\n');
  const error = await rejectsWithCode(w.engine.create(w.options()), 'env-file');
  assert.match(error.message, /\.env line 3: expected KEY=value \(and 1 more\)/);
  assert.match(error.detail ?? '', /:4: unterminated double quote/);
});

test('a broken kubeconfig is reported clearly', async () => {
  const w = newWorld();
  mkdirSync(w.stateDir, { recursive: true });
  writeFileSync(w.kubeconfig, 'clusters: [\n  - broken: {\n');
  const error = await rejectsWithCode(w.engine.create(w.options()), 'kubeconfig');
  assert.match(error.message, /is not valid YAML/);
});

test('cancelling a slow create kills kind and its children and removes the half-made cluster', async () => {
  const w = newWorld({ WRIGHT_FAKE_KIND_CREATE: 'slow' });
  const controller = new AbortController();
  const grandchildPid = join(w.fakeState, 'grandchild.pid');
  const running = w.engine.create(w.options({}, { signal: controller.signal }));
  // Both pids, complete, before cancelling (kind writes its own after the grandchild's).
  const pids = { 'grandchild.pid': await waitForPid(grandchildPid), 'kind-create.pid': await waitForPid(join(w.fakeState, 'kind-create.pid')) };
  assert.ok('wright-test' in w.fakeClusters(), 'kind registered the half-made cluster');
  controller.abort();
  await assert.rejects(running, CancelledError);
  for (const [file, pid] of Object.entries(pids)) assert.equal(isAlive(pid), false, `process ${file} still alive`);
  assert.deepEqual(w.fakeClusters(), {});
  const deletes = w.calls().filter((c) => c.tool === 'kind' && c.argv[0] === 'delete');
  assert.equal(deletes.length, 1);
  assert.equal(existsSync(w.kubeconfig), false, 'the kubeconfig WRight created is gone');
  assertIsolated(w);
});

test('dispose (the extension deactivating) cancels a running create: kind is killed, the half-made cluster removed', async () => {
  const w = newWorld({ WRIGHT_FAKE_KIND_CREATE: 'slow' });
  const grandchildPid = join(w.fakeState, 'grandchild.pid');
  // No signal of the caller's: a window closing mid-create has no Cancel button to press.
  const running = w.engine.create(w.options());
  // Both pids, complete, before cancelling (kind writes its own after the grandchild's).
  const pids = { 'grandchild.pid': await waitForPid(grandchildPid), 'kind-create.pid': await waitForPid(join(w.fakeState, 'kind-create.pid')) };
  await w.engine.dispose();
  await assert.rejects(running, CancelledError);
  for (const [file, pid] of Object.entries(pids)) assert.equal(isAlive(pid), false, `process ${file} still alive`);
  assert.deepEqual(w.fakeClusters(), {});
  assert.equal(w.engine.activity, 'idle');
});

test('one operation at a time: a second request is told what is running', async () => {
  const w = newWorld({ WRIGHT_FAKE_KIND_CREATE: 'slow' });
  const controller = new AbortController();
  const running = w.engine.create(w.options({}, { signal: controller.signal }));
  assert.equal(w.engine.activity, 'create');
  const error = await rejectsWithCode(w.engine.deploy(w.options()), 'busy');
  assert.match(error.message, /WRight is busy creating the cluster/);
  await rejectsWithCode(w.engine.teardown(w.options()), 'busy');
  controller.abort();
  await assert.rejects(running, CancelledError);
  assert.equal(w.engine.activity, 'idle');
});

test('a failing kind create reports kind\'s error and leaves no cluster', async () => {
  const w = newWorld({ WRIGHT_FAKE_KIND_CREATE: 'fail' });
  await assert.rejects(w.engine.create(w.options()), /kind create failed \(exit code 1\): ERROR: failed to create cluster/);
  assert.deepEqual(w.fakeClusters(), {});
});

test('readiness timeout names the workloads and why their pods are not ready', async () => {
  const w = newWorld();
  await w.engine.create(w.options({ deployOnCreate: false }));
  w.setEnv({ WRIGHT_FAKE_READY: 'never' });
  const error = await rejectsWithCode(w.engine.deploy(w.options({ timeouts: { createSeconds: 30, readySeconds: 0.3 } })), 'timeout');
  assert.match(error.message, /2 of 2 not ready \(authentik-server, postgres\)/);
  assert.match(error.message, /ImagePullBackOff/);
  assert.match(error.detail ?? '', /pod authentik-server-[a-z0-9]+-[a-z0-9]+: container server waiting: ImagePullBackOff/);
  assert.match(error.detail ?? '', /event Warning Failed on postgres-0: Failed to pull image "pgvector\/pgvector:pg16"/);
});

test('the ingress webhook race is retried', async () => {
  const w = newWorld({ WRIGHT_FAKE_WEBHOOK_FAILURES: '2' });
  await w.engine.create(w.options());
  const applies = w.calls().filter((c) => c.tool === 'kubectl' && c.argv.includes('apply') && c.argv.includes('-'));
  // marker + 2 failed + 1 successful apply of the overlay
  assert.equal(applies.length, 4);
});

test('deploy without a cluster says to create one', async () => {
  const w = newWorld();
  const error = await rejectsWithCode(w.engine.deploy(w.options()), 'cluster-absent');
  assert.equal(error.actions[0]?.command, 'wright.createCluster');
});

test('teardown: stops hooks, deletes the cluster and WRight\'s kubeconfig; again says nothing to tear down', async () => {
  const w = newWorld();
  await w.engine.create(w.options({ deployOnCreate: false }));
  let hookRan = 0;
  w.engine.registerTeardownHook(() => void hookRan++);
  const result = await w.engine.teardown(w.options());
  assert.equal(result.deleted, true);
  assert.equal(hookRan, 1);
  assert.deepEqual(w.fakeClusters(), {});
  assert.equal(existsSync(w.kubeconfig), false);
  const second = await w.engine.teardown(w.options());
  assert.equal(second.deleted, false);
  assert.match(second.message, /nothing to tear down/);
  assertIsolated(w);
});

/** A cluster made with kind by hand, into a kubeconfig of the team's own: returns that kubeconfig's path. */
async function makeClusterByHand(w: World): Promise<string> {
  const own = join(w.root, 'team-kubeconfig');
  writeFileSync(own, 'apiVersion: v1\nkind: Config\nclusters: []\ncontexts: []\nusers: []\n');
  const { execFileSync } = await import('node:child_process');
  execFileSync(join(w.settings().tools.kind), ['create', 'cluster', '--name', 'wright-test', '--kubeconfig', own], { env: process.env, stdio: 'ignore' });
  return own;
}

test('teardown refuses a cluster WRight did not create, and keeps a kubeconfig it did not create', async () => {
  const w = newWorld();
  // Someone made the cluster by hand into a kubeconfig of their own that WRight is configured to use.
  const own = await makeClusterByHand(w);
  const error = await rejectsWithCode(w.engine.teardown(w.options({ kubeconfig: own })), 'cluster-exists');
  assert.match(error.message, /was not created by WRight/);
  assert.ok('wright-test' in w.fakeClusters());
  await rejectsWithCode(w.engine.create({ ...w.options({ kubeconfig: own }), ifExists: 'recreate' }), 'cluster-exists');
  assert.ok('wright-test' in w.fakeClusters());
  assert.ok(existsSync(own));
});

test('reusing a cluster WRight did not create is refused with an "Adopt It" answer, which, taken, installs into it', async () => {
  const w = newWorld();
  const own = await makeClusterByHand(w);
  const options = { ...w.options({ kubeconfig: own, deployOnCreate: false }), ifExists: 'reuse' as const };
  const refused = w.calls().length;
  const error = await rejectsWithCode(w.engine.create(options), 'cluster-exists');
  assert.ok(!w.calls().slice(refused).some((call) => call.tool === 'kubectl' && call.argv.includes('apply')), 'the refusal changed the cluster');
  const adopt = error.actions.find((action) => action.title === 'Adopt It');
  assert.equal(adopt?.command, 'wright.createCluster');
  assert.deepEqual(adopt.args, [{ ifExists: 'reuse', adopt: true }]);
  // What the button runs: the same create, with the answer's arguments.
  const adopted = w.calls().length;
  const outcome = await w.engine.create({ ...options, ...(adopt.args?.[0] as { adopt: boolean }) });
  assert.equal(outcome.reused, true);
  assert.ok(w.calls().slice(adopted).some((call) => call.tool === 'kubectl' && call.argv.includes('apply')), 'adopting installs the ingress');
  assert.ok('wright-test' in w.fakeClusters());
});

test('a stale record does not make a cluster made later by hand WRight\'s: teardown and re-create refuse it', async () => {
  const w = newWorld();
  await w.engine.create(w.options({ deployOnCreate: false }));
  // Later (the record is an hour old), the cluster is deleted outside WRight and someone makes one of the same
  // name by hand, into a kubeconfig of their own: no marker in it, and WRight's kubeconfig no longer reaches it.
  const records = join(w.stateDir, 'ownership.json');
  const all = JSON.parse(readFileSync(records, 'utf8')) as Record<string, { createdAt: string }>;
  all['wright-test']!.createdAt = new Date(Date.now() - 3600_000).toISOString();
  writeFileSync(records, JSON.stringify(all));
  const { execFileSync } = await import('node:child_process');
  const kind = w.settings().tools.kind;
  const theirs = join(w.root, 'their-kubeconfig');
  execFileSync(kind, ['delete', 'cluster', '--name', 'wright-test', '--kubeconfig', theirs], { env: process.env, stdio: 'ignore' });
  execFileSync(kind, ['create', 'cluster', '--name', 'wright-test', '--kubeconfig', theirs], { env: process.env, stdio: 'ignore' });
  const error = await rejectsWithCode(w.engine.teardown(w.options()), 'cluster-exists');
  assert.match(error.message, /was not created by WRight/);
  await rejectsWithCode(w.engine.create({ ...w.options(), ifExists: 'recreate' }), 'cluster-exists');
  assert.ok('wright-test' in w.fakeClusters(), 'the hand-made cluster is still there');
  assert.equal(w.calls().filter((c) => c.tool === 'kind' && c.argv[0] === 'delete').length, 1, 'only the hand delete ran');
});

test('the CLI and the extension share clusters: the in-cluster marker proves ownership without a local record', async () => {
  const w = newWorld();
  await w.engine.create(w.options({ deployOnCreate: false }));
  // Another state folder (the other front end) has no record, but finds the marker.
  const other = new World();
  try {
    other.setEnv({ WRIGHT_FAKE_STATE: w.fakeState, WRIGHT_FAKE_LOG: w.fakeLog, HOME: w.home });
    const result = await other.engine.teardown(other.options({ kubeconfig: w.kubeconfig }));
    assert.equal(result.deleted, true);
  } finally {
    other.dispose();
    w.setEnv({});
  }
});

test('opt-in merge into the default kubeconfig adds kind-<name> and teardown removes only that', async () => {
  const w = newWorld();
  const defaultConfig = join(w.home, '.kube', 'config');
  mkdirSync(join(w.home, '.kube'), { recursive: true });
  const mine = 'apiVersion: v1\nkind: Config\nclusters:\n- name: work\n  cluster: {server: "https://work.example:6443"}\ncontexts:\n- name: work\n  context: {cluster: work, user: me}\nusers:\n- name: me\n  user: {token: abc}\ncurrent-context: work\n';
  writeFileSync(defaultConfig, mine);
  await w.engine.create(w.options({ deployOnCreate: false, mergeIntoDefaultKubeconfig: true }));
  const merged = parseYaml(readFileSync(defaultConfig, 'utf8')) as { contexts: Array<{ name: string }> };
  assert.deepEqual(merged.contexts.map((c) => c.name).sort(), ['kind-wright-test', 'work']);
  await w.engine.teardown(w.options({ mergeIntoDefaultKubeconfig: true }));
  const after = parseYaml(readFileSync(defaultConfig, 'utf8')) as { contexts: Array<{ name: string }>; clusters: Array<{ name: string }>; users: Array<{ name: string }> };
  assert.deepEqual(after.contexts.map((c) => c.name), ['work']);
  assert.deepEqual(after.clusters.map((c) => c.name), ['work']);
  assert.deepEqual(after.users.map((c) => c.name), ['me']);
});

test('status: absent, then exists, reachable and x/y ready', async () => {
  const w = newWorld();
  const absent = await w.engine.status(w.options());
  assert.equal(absent.exists, false);
  await w.engine.create(w.options());
  const present = await w.engine.status(w.options());
  assert.equal(present.exists, true);
  assert.equal(present.reachable, true);
  assert.equal(`${present.ready}/${present.total}`, '3/3');
  assert.equal(present.context, 'kind-wright-test');
});

test('doctor reports every check with its level', async () => {
  const w = newWorld({ WRIGHT_FAKE_KUBECTL_VERSION: 'v1.30.2' });
  const report = await w.engine.doctor(w.options());
  const levels = Object.fromEntries(report.checks.map((c) => [c.id, c.level]));
  assert.deepEqual(levels, { clusterName: 'ok', docker: 'ok', kind: 'ok', kubectl: 'warn', kubeconfig: 'ok', envFile: 'ok', ports: 'ok', cluster: 'ok' });
  assert.equal(report.ok, true);
  assert.equal(report.clusterExists, false);
});

test('dry run prints the changing commands and changes nothing', async () => {
  const w = newWorld();
  const printed: string[] = [];
  await w.engine.create(w.options({}, { dryRun: true, print: (line) => void printed.push(line) }));
  assert.deepEqual(w.fakeClusters(), {});
  assert.equal(existsSync(join(w.workspace, '.env')), false);
  const wouldRun = printed.filter((line) => line.startsWith('would run:'));
  assert.match(wouldRun[0]!, /kind create cluster --name wright-test --config \S+ --kubeconfig \S+ --wait 60s/);
  assert.ok(wouldRun.some((line) => / apply -f - --request-timeout=10s +# \d+ documents on stdin, secrets not shown/.test(line)));
  assert.equal(w.calls().some((c) => ['create', 'apply'].includes(c.argv[0]!) || c.argv.includes('apply')), false);
});

test("a user's manifests that fail to build show kustomize's error, and nothing is applied", async () => {
  const w = newWorld();
  await w.engine.create(w.options({ deployOnCreate: false }));
  const broken = join(w.workspace, 'k8s');
  mkdirSync(broken, { recursive: true });
  writeFileSync(
    join(broken, 'kustomization.yaml'),
    'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n  - deployment-that-does-not-exist.yaml\n',
  );
  const appliesBefore = w.calls().filter((c) => c.tool === 'kubectl' && c.argv.includes('apply')).length;

  const error = await rejectsWithCode(w.engine.deploy(w.options({ manifests: 'k8s' })), 'manifests');
  // kustomize's own words reach the user, naming the missing file.
  assert.match(`${error.message}\n${error.detail ?? ''}`, /deployment-that-does-not-exist\.yaml/);
  const appliesAfter = w.calls().filter((c) => c.tool === 'kubectl' && c.argv.includes('apply')).length;
  assert.equal(appliesAfter, appliesBefore, 'something was applied from manifests that do not build');
});

test('the ingress ports a cluster was created with are recorded for the view, and forgotten with the cluster', async () => {
  const w = newWorld();
  const ports = { httpPort: await anyFreePort(), httpsPort: await anyFreePort() };
  await w.engine.create(w.options({ deployOnCreate: false, ingress: ports }));
  // The settings may say otherwise later (the "Use ports" action does not have to save them): the record wins.
  assert.deepEqual(await w.engine.ingressPortsOf('wright-test'), ports);
  await w.engine.teardown(w.options());
  assert.equal(await w.engine.ingressPortsOf('wright-test'), undefined);
});
