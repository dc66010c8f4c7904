// `wright verify` against real servers: PostgreSQL with pgvector (PGlite over the wire protocol), Debian's
// redis-server, and an HTTP ingress on 127.0.0.1, each reached the way the real cluster is reached, through the
// (fake) API server's pod port-forward and with the credentials read from the cluster's Secrets. One healthy run,
// the --restart run (redis-server really restarts when its pod is deleted), and every failing path the issue names.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { after, afterEach, test } from 'node:test';
import { EXIT } from '../../src/cli/exitCodes';
import { main } from '../../src/cli/main';
import { TimingStore } from '../../src/lifecycle/timings';
import { SecretRedactor } from '../../src/shared/secrets';
import type { VerifyReport } from '../../src/verify/report';
import { verifyCluster } from '../../src/verify/verifyCluster';
import { silentLogger } from '../../src/shared/logger';
import { imagePullErrorPod } from '../fixtures/fakeApiServer/scenarios';
import { SLOW_MS } from '../fixtures/verify/ingressServer';
import { closeSharedPglite } from '../fixtures/verify/pgliteServer';
import { CLUSTER, NAMESPACE, PASSWORDS, VerifyWorld, type WorldOptions } from '../fixtures/verify/verifyWorld';

// The first test starts the shared PGlite servers (10-20 s on a busy 2-core machine).
const TIMEOUT = { timeout: 120_000 };
let world: VerifyWorld | undefined;
afterEach(async () => {
  await world?.dispose();
  world = undefined;
});
after(closeSharedPglite);

async function start(options: WorldOptions = {}): Promise<VerifyWorld> {
  world = await VerifyWorld.start(options);
  return world;
}

interface Run {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

async function wright(w: VerifyWorld, extra: string[] = [], signal = new AbortController().signal): Promise<Run> {
  let stdout = '';
  let stderr = '';
  const code = await main(['verify', '--cluster-name', CLUSTER, '--http-port', String(w.ingress.port), '--samples', '5', ...extra], {
    stdout: (t) => void (stdout += t),
    stderr: (t) => void (stderr += t),
    env: { ...process.env, WRIGHT_HOME: w.stateDir },
    cwd: w.workspace,
    signal,
    manifestsDir: 'unused',
    version: '0.1.0',
  });
  return { code, stdout, stderr };
}

async function report(w: VerifyWorld, extra: string[] = []): Promise<{ run: Run; report: VerifyReport }> {
  const run = await wright(w, ['--json', ...extra]);
  return { run, report: JSON.parse(run.stdout) as VerifyReport };
}

function check(r: VerifyReport, id: string) {
  const found = r.checks.find((c) => c.id === id);
  assert.ok(found, `no check ${id} in ${r.checks.map((c) => c.id).join(', ')}`);
  return found;
}

function assertNoPassword(text: string): void {
  for (const password of Object.values(PASSWORDS)) assert.ok(!text.includes(password), `a password leaked into: ${text}`);
}

test('a healthy stack passes every check; the table shows the measured values; nothing is left forwarded', TIMEOUT, async () => {
  const w = await start();
  const run = await wright(w);
  assert.equal(run.code, EXIT.ok, run.stdout + run.stderr);
  assert.match(run.stdout, /✓ API server\s+Kubernetes v1\.32\.\d+\S* answered in \d+ ms/);
  assert.match(run.stdout, /✓ Namespaces\s+4\/4 present/);
  assert.match(run.stdout, /✓ Workloads ready\s+5\/5 ready; restarts: authentik-postgres-0 0, authentik-server-\w+-\w+ 0, authentik-worker-\w+-\w+ 0, postgres-0 0, redis-0 0/);
  assert.match(run.stdout, /✓ Probes and resources\s+5\/5 containers complete in 5 workloads/);
  assert.match(run.stdout, /✓ PostgreSQL \(app\)\s+SELECT 1 ok; vector 0\.8\.\d+; distance 5\.196/);
  assert.match(run.stdout, /✓ PostgreSQL \(Authentik\)\s+SELECT 1 ok; PostgreSQL \d+/);
  assert.match(run.stdout, /✓ Redis\s+AUTH ok; PONG; SET\/GET ok; appendonly yes/);
  assert.match(run.stdout, /✓ Ingress routes\s+5\/5 answers 2xx \(HTTP 200\)/);
  assert.match(run.stdout, /✓ Ingress latency\s+p50 [\d.]+ ms, p95 [\d.]+ ms over 5 requests\s+p95 ≤ 100 ms/);
  assert.match(run.stdout, /- Data survives restarts\s+not run[\s\S]*wright verify --restart/);
  assert.match(run.stdout, /- Cluster creation time\s+not recorded/);
  assert.match(run.stdout, /Verified verify-test: 9 passed, 4 skipped\./);
  assert.match(run.stderr, /• PostgreSQL \(app\) \(5\/13\)/);
  assert.equal(w.ingress.hits(), 6, 'one warm-up and five timed samples');
  assertNoPassword(run.stdout + run.stderr);
  assert.equal(w.endpoint.openTunnels(), 0);
});

test('--json: one document with every check, its criterion, measured value, threshold and status', TIMEOUT, async () => {
  const w = await start();
  const { run, report: r } = await report(w);
  assert.equal(run.code, EXIT.ok, run.stdout);
  assert.equal(r.ok, true);
  assert.equal(r.cluster, CLUSTER);
  assert.equal(r.context, `kind-${CLUSTER}`);
  assert.deepEqual(r.counts, { pass: 9, fail: 0, skipped: 4 });
  for (const c of r.checks) {
    assert.ok(c.criterion.length > 20 && c.threshold && c.measured && typeof c.durationMs === 'number', JSON.stringify(c));
  }
  assert.equal(check(r, 'postgres').values?.distance !== undefined, true);
  assert.equal(typeof check(r, 'ingress-latency').values?.p95Ms, 'number');
  assert.equal(run.stderr, '', 'no progress lines with --json');
});

test('--restart: a marker row and key survive deleting the postgres and redis pods (redis-server really restarts), then are removed', TIMEOUT, async () => {
  const w = await start();
  const before = w.server.cluster.store.list({ group: '', version: 'v1', resource: 'pods' } as never, NAMESPACE);
  const uids = new Set(before.map((p) => p.metadata.uid));
  const { run, report: r } = await report(w, ['--restart']);
  const persistence = check(r, 'persistence');
  assert.equal(persistence.status, 'pass', JSON.stringify(persistence));
  assert.match(persistence.measured, /postgres-0 back in [\d.]+ s, redis-0 back in [\d.]+ s; row read back, key read back/);
  assert.equal(run.code, EXIT.ok);
  await w.redisRestarted();
  const after = w.server.cluster.store.list({ group: '', version: 'v1', resource: 'pods' } as never, NAMESPACE);
  assert.ok(!uids.has(after.find((p) => p.metadata.name === 'redis-0')?.metadata.uid), 'redis-0 was replaced');
  // The markers are gone: WRight's table dropped, no verify key left in Redis.
  const table = await w.appPg.db.query("SELECT to_regclass('public.wright_verify') AS t");
  assert.equal((table.rows[0] as { t: unknown }).t, null);
  const pods = (await import('ioredis')).Redis;
  const redis = new pods({ port: w.redis.port, host: '127.0.0.1', password: PASSWORDS.redis, lazyConnect: true });
  await redis.connect();
  assert.deepEqual(await redis.keys('wright:verify:*'), []);
  redis.disconnect();
});

test('PostgreSQL without the vector extension fails the postgres check, with the way forward', TIMEOUT, async () => {
  const w = await start({ vector: false });
  const { run, report: r } = await report(w);
  assert.equal(run.code, EXIT.notReady);
  assert.equal(r.ok, false);
  const pg = check(r, 'postgres');
  assert.equal(pg.status, 'fail');
  assert.equal(pg.measured, 'SELECT 1 ok; vector not installed');
  assert.match(pg.reason ?? '', /vector extension is not installed in the database wright/);
  assert.match(pg.fix ?? '', /CREATE EXTENSION vector/);
  assert.equal(check(r, 'authentik-postgres').status, 'pass');
});

test('a wrong password in the Secret: Redis refuses AUTH, and the password is never printed', TIMEOUT, async () => {
  const wrong = 'not-the-Redis-password-91c2';
  const w = await start({ secretRedisPassword: wrong });
  const table = await wright(w);
  assert.equal(table.code, EXIT.notReady);
  assert.match(table.stdout, /✗ Redis\s+AUTH refused[\s\S]*AUTH failed: WRONGPASS[\s\S]*→ the password in the Secret staging-infra\/redis-credentials/);
  assert.ok(!table.stdout.includes(wrong) && !table.stderr.includes(wrong), 'the Secret value is masked');
  const { report: r } = await report(w);
  assert.equal(check(r, 'redis').status, 'fail');
  assertNoPassword(JSON.stringify(r));
});

test('Redis with persistence off (appendonly no) fails the redis check', TIMEOUT, async () => {
  const w = await start({ appendonly: false });
  const { run, report: r } = await report(w);
  assert.equal(run.code, EXIT.notReady);
  const redis = check(r, 'redis');
  assert.equal(redis.status, 'fail');
  assert.match(redis.measured, /appendonly no/);
  assert.match(redis.reason ?? '', /persistence is off/);
});

test('an ingress answering 503 fails the ingress check and skips the latency check', TIMEOUT, async () => {
  const w = await start({ ingress: 'unavailable' });
  const { run, report: r } = await report(w);
  assert.equal(run.code, EXIT.notReady);
  const ingress = check(r, 'ingress');
  assert.equal(ingress.status, 'fail');
  assert.equal(ingress.measured, '0/5 answers 2xx (HTTP 503)');
  assert.match(ingress.fix ?? '', /no ready Authentik pod/);
  assert.equal(check(r, 'ingress-latency').status, 'skipped');
});

test(`a slow ingress (${SLOW_MS} ms an answer) fails the latency check with the measured p95`, TIMEOUT, async () => {
  const w = await start({ ingress: 'slow' });
  const { run, report: r } = await report(w);
  assert.equal(run.code, EXIT.notReady);
  assert.equal(check(r, 'ingress').status, 'pass');
  const latency = check(r, 'ingress-latency');
  assert.equal(latency.status, 'fail');
  assert.ok(Number(latency.values?.p95Ms) >= SLOW_MS, JSON.stringify(latency));
  assert.match(latency.reason ?? '', /^p95 \d+ ms is over the 100 ms target$/);
});

test('--restart with a pod that does not come back: the persistence check fails, says which, and cleans what it can', TIMEOUT, async () => {
  const w = await start({ restartRedisWithPod: false });
  // The replacement redis pod never starts (its image cannot be pulled).
  const off = w.server.cluster.store.subscribe((event) => {
    if (event.type === 'ADDED' && event.object.kind === 'Pod' && event.object.metadata.name === 'redis-0') {
      queueMicrotask(() => imagePullErrorPod(w.server.cluster, NAMESPACE, 'redis-0'));
    }
  });
  const redactor = new SecretRedactor();
  const r = await verifyCluster({
    target: { kubeconfigPath: w.kubeconfigPath, context: `kind-${CLUSTER}` },
    clusterName: CLUSTER,
    ingressPort: w.ingress.port,
    samples: 2,
    restart: true,
    timings: undefined,
    redactor,
    logger: silentLogger,
    restartTimeoutMs: 2_000,
    forwardTiming: { connectionWaitMs: 1_000, initialBackoffMs: 50, maxBackoffMs: 200 },
  });
  off();
  const persistence = r.checks.find((c) => c.id === 'persistence');
  assert.equal(persistence?.status, 'fail', JSON.stringify(persistence));
  assert.match(persistence?.measured ?? '', /postgres-0 back in [\d.]+ s; redis not back/);
  assert.match(persistence?.reason ?? '', /redis: no ready replacement after 2 s \(redis-0 Pending \(ImagePullBackOff\)\)/);
  assert.match(persistence?.reason ?? '', /Markers left behind: Redis key wright:verify:verify-/);
  assert.doesNotMatch(persistence?.reason ?? '', /table wright_verify/, 'the PostgreSQL marker was removed');
  assert.equal(r.ok, false);
});

test('no cluster: exit 4 with the way forward; --json prints {ok:false,error}', TIMEOUT, async () => {
  const w = await start();
  const run = await main(['verify', '--cluster-name', 'nothing-here'], {
    stdout: () => undefined,
    stderr: (t) => assert.match(t, /There is no WRight cluster "nothing-here" to verify[\s\S]*create it: wright up/),
    env: { ...process.env, WRIGHT_HOME: w.stateDir },
    cwd: w.workspace,
    signal: new AbortController().signal,
    manifestsDir: 'unused',
    version: '0.1.0',
  });
  assert.equal(run, EXIT.clusterState);
  let out = '';
  const json = await main(['verify', '--json', '--cluster-name', 'nothing-here'], {
    stdout: (t) => void (out += t),
    stderr: () => undefined,
    env: { ...process.env, WRIGHT_HOME: w.stateDir },
    cwd: w.workspace,
    signal: new AbortController().signal,
    manifestsDir: 'unused',
    version: '0.1.0',
  });
  assert.equal(json, EXIT.clusterState);
  const parsed = JSON.parse(out) as { ok: boolean; error: { code: string; message: string } };
  assert.equal(parsed.ok, false);
  assert.equal(parsed.error.code, 'cluster-absent');
  assert.match(parsed.error.message, /no WRight cluster "nothing-here"/);
});

test('an API server that does not answer fails the api check and skips what needs it', TIMEOUT, async () => {
  const w = await start();
  await w.server.stop();
  const { run, report: r } = await report(w);
  assert.equal(run.code, EXIT.notReady);
  assert.equal(check(r, 'api').status, 'fail');
  assert.equal(check(r, 'postgres').status, 'skipped');
  assert.equal(check(r, 'postgres').reason, 'the API server did not answer (see check api)');
});

test('timings recorded by create and deploy are held against 2/5/5 minutes', TIMEOUT, async () => {
  const w = await start();
  await new TimingStore(w.stateDir).record(CLUSTER, { clusterCreationMs: 95_000, clusterCreatedAt: '2026-11-29T10:00:00.000Z', deploymentMs: 330_000, allHealthyMs: 200_000, deployedAt: '2026-11-29T10:05:00.000Z' });
  const { run, report: r } = await report(w);
  assert.equal(run.code, EXIT.notReady);
  assert.equal(check(r, 'timing-create').status, 'pass');
  assert.match(check(r, 'timing-create').measured, /^95 s \(recorded 2026-11-29T10:00:00.000Z\)$/);
  assert.equal(check(r, 'timing-deploy').status, 'fail');
  assert.match(check(r, 'timing-deploy').reason ?? '', /took 5 min 30 s, over the 5 min target/);
  assert.equal(check(r, 'timing-healthy').status, 'pass');
});

test('cancelling stops the port-forwards', TIMEOUT, async () => {
  const w = await start({ ingress: 'slow' });
  const controller = new AbortController();
  const running = wright(w, ['--samples', '200'], controller.signal);
  while (w.ingress.hits() === 0) await new Promise((r) => setTimeout(r, 10));
  controller.abort();
  const run = await running;
  assert.equal(run.code, EXIT.cancelled);
  assert.match(run.stderr, /Cancelled/);
  assert.equal(w.endpoint.openTunnels(), 0);
  assert.ok(existsSync(w.stateDir));
});

test('a wrong password in the Secret: a real PostgreSQL (Debian\'s) refuses it, and the way forward explains the first-password rule', TIMEOUT, async () => {
  const wrong = 'not-the-Postgres-password-5e0b';
  const w = await start({ authentikOnDebianPostgres: true, secretAuthentikPassword: wrong });
  const { run, report: r } = await report(w);
  assert.equal(run.code, EXIT.notReady);
  const pg = check(r, 'authentik-postgres');
  assert.equal(pg.status, 'fail');
  assert.equal(pg.measured, 'no connection');
  assert.match(pg.reason ?? '', /password authentication failed for user "authentik"/);
  assert.match(pg.fix ?? '', /the password in the Secret staging-infra\/authentik-postgres-credentials is not the one the database was initialised with/);
  assert.ok(!run.stdout.includes(wrong) && !run.stderr.includes(wrong), 'the Secret value is masked');
  assertNoPassword(run.stdout + run.stderr);
});
