// The lifecycle engine's pure pieces: names, .env parsing and appending, secrets, the kind config, manifest
// assembly, versions, readiness and explanations, ports, paths.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync, chmodSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { parse as parseYaml } from 'yaml';
import { clusterNameProblem } from '../../src/lifecycle/clusterName';
import { appendEnvEntries, parseEnv, readEnvFile } from '../../src/lifecycle/envFile';
import { renderKindConfig } from '../../src/lifecycle/kindConfig';
import { insertSecrets, workloadsIn, type K8sDoc } from '../../src/lifecycle/manifests';
import { OperationLock } from '../../src/lifecycle/operationLock';
import { defaultKubeconfig, defaultStateDir, isolatedKubeconfig } from '../../src/lifecycle/paths';
import { findFreePortPair, probePort } from '../../src/lifecycle/ports';
import { resolveSecrets } from '../../src/lifecycle/secretValues';
import { SECRET_SPECS } from '../../src/lifecycle/secretSpec';
import { judgeKind, judgeKubectl, parseKindVersion, parseKubectlVersion } from '../../src/lifecycle/versions';
import { explainWorkload, podBelongsTo, progressLine, statusesFor, workloadStatus } from '../../src/lifecycle/workloads';
import { failureCode, type UserFacingError } from '../../src/shared/failures';

test('cluster names: kind\'s character rule, DNS-label shape, length', () => {
  assert.equal(clusterNameProblem('wright-staging'), undefined);
  assert.equal(clusterNameProblem('a1'), undefined);
  assert.match(clusterNameProblem('Upper')!, /kind's rule/);
  assert.match(clusterNameProblem('under_score')!, /kind's rule/);
  assert.match(clusterNameProblem('has.dot')!, /no dots/);
  assert.match(clusterNameProblem('-lead')!, /start and end/);
  assert.match(clusterNameProblem('')!, /empty/);
  assert.match(clusterNameProblem('x'.repeat(41))!, /too long/);
});

test('.env: values, quotes, export, comments; problems carry line numbers', () => {
  const parsed = parseEnv('# c\nA=1\nexport B = two words # note\nC="x \\"y\\"\\n"\nD=\'lit # not comment\'\nE=\n\nbad line\n1X=2\nF="open\nG=\'a\' trailing\n');
  assert.deepEqual(Object.fromEntries(parsed.values), { A: '1', B: 'two words', C: 'x "y"\n', D: 'lit # not comment', E: '' });
  assert.deepEqual(parsed.problems.map((p) => p.line), [8, 9, 10, 11]);
  assert.match(parsed.problems[0]!.message, /expected KEY=value/);
  assert.match(parsed.problems[2]!.message, /unterminated double quote/);
});

test('.env problems never quote the value: a malformed line may hold a password', async (t) => {
  const parsed = parseEnv('POSTGRES_PASSWORD="hunter2"Secret-Tail-42\nREDIS_PASSWORD=\'open-quote-Secret-99\n');
  assert.equal(parsed.problems.length, 2);
  for (const problem of parsed.problems) assert.doesNotMatch(problem.message, /Secret-Tail-42|open-quote-Secret-99|hunter2/);
  assert.match(parsed.problems[0]!.message, /unexpected text after the closing quote/);
  const dir = mkdtempSync(join(tmpdir(), 'wright-env-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const path = join(dir, '.env');
  writeFileSync(path, 'POSTGRES_PASSWORD="hunter2"Secret-Tail-42\n');
  const error = await readEnvFile(path).then(
    () => assert.fail('a malformed .env must be refused'),
    (failure: unknown) => failure as UserFacingError,
  );
  assert.doesNotMatch(`${error.message}\n${error.detail ?? ''}`, /Secret-Tail-42|hunter2/);
  assert.match(error.message, /line 1: unexpected text after the closing quote/);
});

test('.env append keeps the user\'s text byte for byte and creates new files 0600', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'wright-env-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const existing = join(dir, 'existing.env');
  writeFileSync(existing, '# mine\nA=1\nB=2'); // no final newline
  chmodSync(existing, 0o644);
  await appendEnvEntries(existing, [['C', 'abc'], ['D', 'needs quoting #']], 'Added by WRight');
  const text = readFileSync(existing, 'utf8');
  assert.ok(text.startsWith('# mine\nA=1\nB=2\n\n# Added by WRight\nC=abc\n'));
  assert.equal(parseEnv(text).values.get('D'), 'needs quoting #');
  assert.equal(statSync(existing).mode & 0o777, 0o644, 'an existing file keeps its mode');
  const fresh = join(dir, 'sub', 'new.env');
  await appendEnvEntries(fresh, [['X', 'y']], 'header');
  assert.equal(readFileSync(fresh, 'utf8'), '# header\nX=y\n');
  assert.equal(statSync(fresh).mode & 0o777, 0o600);
});

test('secrets: .env values win, defaults fill names, generated values are strong and listed for redaction', () => {
  const resolved = resolveSecrets(new Map([['POSTGRES_PASSWORD', 'from-env-password']]));
  const pg = resolved.objects.find((o) => (o.metadata as { name: string }).name === 'postgres-credentials') as { stringData: Record<string, string> };
  assert.equal(pg.stringData.POSTGRES_PASSWORD, 'from-env-password');
  assert.equal(pg.stringData.POSTGRES_USER, 'wright');
  const persisted = Object.fromEntries(resolved.toPersist);
  assert.equal('POSTGRES_PASSWORD' in persisted, false);
  assert.match(persisted.AUTHENTIK_SECRET_KEY!, /^[A-Za-z0-9_-]{64}$/);
  assert.match(persisted.REDIS_PASSWORD!, /^[A-Za-z0-9_-]{32}$/);
  assert.ok(resolved.secretValues.includes('from-env-password'));
  assert.ok(resolved.secretValues.includes(persisted.AUTHENTIK_SECRET_KEY!));
  assert.equal(resolved.secretValues.includes('wright'), false, 'fixed user names are not secrets');
  assert.equal(resolved.objects.length, SECRET_SPECS.length);
  assert.notEqual(resolveSecrets(new Map()).toPersist.find(([k]) => k === 'REDIS_PASSWORD')![1], persisted.REDIS_PASSWORD);
});

test('kind config: host ports and image substituted, mappings forced onto 127.0.0.1, comments kept', () => {
  const source = readFileSync(join(__dirname, '../fixtures/lifecycle/manifests/kind/cluster.yaml'), 'utf8');
  const rendered = renderKindConfig(source, { httpPort: 8080, httpsPort: 8443, nodeImage: 'kindest/node:v9.9.9' });
  const config = parseYaml(rendered) as { nodes: Array<{ image: string; extraPortMappings: Array<Record<string, unknown>> }> };
  assert.equal(config.nodes[0]!.image, 'kindest/node:v9.9.9');
  assert.deepEqual(config.nodes[0]!.extraPortMappings.map((m) => [m.containerPort, m.hostPort, m.listenAddress]), [[80, 8080, '127.0.0.1'], [443, 8443, '127.0.0.1']]);
  assert.match(rendered, /^# A small kind config/);
  assert.equal(failureCode(catchError(() => renderKindConfig('kind: Cluster\nnodes: []\n', { httpPort: 1, httpsPort: 2, nodeImage: '' }))), 'manifests');
});

function catchError(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  return undefined;
}

test('manifests: secrets go right after the namespaces and replace placeholders of the same name', () => {
  const docs: K8sDoc[] = [
    { kind: 'Namespace', metadata: { name: 'a' } },
    { kind: 'Namespace', metadata: { name: 'b' } },
    { kind: 'Secret', metadata: { name: 's', namespace: 'a' }, stringData: { k: 'placeholder' } },
    { kind: 'Deployment', metadata: { name: 'web', namespace: 'a' } },
    { kind: 'StatefulSet', metadata: { name: 'db', namespace: 'b' } },
  ];
  const out = insertSecrets(docs, [{ kind: 'Secret', metadata: { name: 's', namespace: 'a' }, stringData: { k: 'real' } }]);
  assert.deepEqual(out.map((d) => `${String(d.kind)}:${String(d.metadata?.name)}`), ['Namespace:a', 'Namespace:b', 'Secret:s', 'Deployment:web', 'StatefulSet:db']);
  assert.equal((out[2] as { stringData: { k: string } }).stringData.k, 'real');
  assert.deepEqual(workloadsIn(out), [{ kind: 'Deployment', name: 'web', namespace: 'a' }, { kind: 'StatefulSet', name: 'db', namespace: 'b' }]);
});

test('versions: parse what the tools print, judge against the bundled needs', () => {
  assert.equal(parseKindVersion('kind v0.30.0 go1.24.6 linux/amd64\n')?.text, 'v0.30.0');
  assert.equal(parseKindVersion('kind v0.31.0-alpha.12+abc go1.25 darwin/arm64')?.minor, 31);
  assert.equal(parseKindVersion('something else'), undefined);
  assert.equal(parseKubectlVersion('{"clientVersion":{"major":"1","minor":"32","gitVersion":"v1.32.5"}}')?.minor, 32);
  assert.equal(parseKubectlVersion('not json'), undefined);
  assert.equal(judgeKind(parseKindVersion('kind v0.19.0 go linux/amd64')!).level, 'fail');
  assert.equal(judgeKind(parseKindVersion('kind v0.25.0 go linux/amd64')!).level, 'warn');
  assert.equal(judgeKind(parseKindVersion('kind v0.30.0 go linux/amd64')!).level, 'ok');
  assert.equal(judgeKubectl({ major: 1, minor: 26, patch: 0, text: 'v1.26.0' }).level, 'fail');
  assert.equal(judgeKubectl({ major: 1, minor: 32, patch: 5, text: 'v1.32.5' }).level, 'warn');
  assert.equal(judgeKubectl({ major: 1, minor: 34, patch: 0, text: 'v1.34.0' }).level, 'ok');
});

test('readiness: deployment and statefulset status, stale generations, missing workloads, progress line', () => {
  const dep = (status: Record<string, number>, generation = 1) => ({ kind: 'Deployment', metadata: { name: 'web', namespace: 'a', generation }, spec: { replicas: 1 }, status });
  assert.equal(workloadStatus(dep({ observedGeneration: 1, readyReplicas: 1, updatedReplicas: 1, availableReplicas: 1 }))?.isReady, true);
  assert.equal(workloadStatus(dep({ observedGeneration: 1, readyReplicas: 1, updatedReplicas: 1, availableReplicas: 1 }, 2))?.isReady, false, 'a newer spec not yet observed');
  const sts = { kind: 'StatefulSet', metadata: { name: 'db', namespace: 'a', generation: 1 }, spec: { replicas: 2 }, status: { observedGeneration: 1, readyReplicas: 1, updatedReplicas: 2 } };
  assert.equal(workloadStatus(sts)?.summary, '1/2 ready');
  const statuses = statusesFor(
    [{ kind: 'StatefulSet', name: 'db', namespace: 'a' }, { kind: 'Deployment', name: 'gone', namespace: 'a' }],
    [{ items: [sts] }],
  );
  assert.deepEqual(statuses.map((s) => s.summary), ['1/2 ready', 'not created yet']);
  assert.equal(progressLine(statuses), '0/2 ready: db 1/2 ready');
});

test('explanations: pods matched by owner naming, waiting reasons, crash exits, scheduling, recent events', () => {
  const workload = { kind: 'Deployment' as const, name: 'authentik-server', namespace: 'a', desired: 1, ready: 0, isReady: false, summary: 'starting' };
  assert.ok(podBelongsTo('authentik-server-5d8f7c9b4-x2k4q', workload));
  assert.equal(podBelongsTo('authentik-server-worker-5d8f7c9b4-x2k4q', workload), false);
  assert.ok(podBelongsTo('postgres-0', { kind: 'StatefulSet', name: 'postgres', namespace: 'a' }));
  const pods = {
    items: [
      { metadata: { name: 'authentik-server-5d8f7c9b4-aaaaa' }, status: { containerStatuses: [{ name: 'server', state: { waiting: { reason: 'CrashLoopBackOff' } }, lastState: { terminated: { exitCode: 1, reason: 'Error' } } }] } },
      { metadata: { name: 'authentik-server-5d8f7c9b4-bbbbb' }, status: { conditions: [{ type: 'PodScheduled', status: 'False', reason: 'Unschedulable', message: '0/1 nodes are available' }] } },
      { metadata: { name: 'other-0' }, status: {} },
    ],
  };
  const events = {
    items: [
      { type: 'Warning', reason: 'BackOff', message: 'Back-off restarting', involvedObject: { name: 'authentik-server-5d8f7c9b4-aaaaa' }, lastTimestamp: '2026-01-01T00:00:02Z' },
      { type: 'Normal', reason: 'ScalingReplicaSet', message: 'Scaled up', involvedObject: { name: 'authentik-server' }, lastTimestamp: '2026-01-01T00:00:01Z' },
      { type: 'Warning', reason: 'Failed', message: 'elsewhere', involvedObject: { name: 'other-0' }, lastTimestamp: '2026-01-01T00:00:03Z' },
    ],
  };
  const lines = explainWorkload(workload, pods, events);
  assert.deepEqual(lines, [
    'deployment a/authentik-server: starting',
    '  pod authentik-server-5d8f7c9b4-aaaaa: container server waiting: CrashLoopBackOff, last exit 1 Error',
    '  pod authentik-server-5d8f7c9b4-bbbbb: not scheduled (Unschedulable: 0/1 nodes are available)',
    '  event Normal ScalingReplicaSet on authentik-server: Scaled up',
    '  event Warning BackOff on authentik-server-5d8f7c9b4-aaaaa: Back-off restarting',
  ]);
});

test('ports: a real listener makes its port busy; the free pair skips it', async () => {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  try {
    assert.equal(await probePort(port), 'busy');
    const pair = await findFreePortPair([port, port + 1000]);
    assert.ok(pair && pair[0] !== port);
    assert.equal(await probePort(pair[0]), 'free');
  } finally {
    await new Promise((resolve) => server.close(resolve));
  }
  assert.equal(await probePort(port), 'free');
});

test('paths: WRIGHT_HOME, per-OS defaults, kubeconfig rules', () => {
  assert.equal(defaultStateDir({ WRIGHT_HOME: '/x/y' }, 'linux', '/home/u'), '/x/y');
  assert.equal(defaultStateDir({}, 'linux', '/home/u'), '/home/u/.local/state/wright');
  assert.equal(defaultStateDir({ XDG_STATE_HOME: '/s' }, 'linux', '/home/u'), '/s/wright');
  assert.equal(defaultStateDir({}, 'darwin', '/Users/u'), '/Users/u/Library/Application Support/wright');
  assert.equal(defaultKubeconfig({ KUBECONFIG: '/a:/b' }, '/home/u'), '/a');
  assert.equal(defaultKubeconfig({}, '/home/u'), '/home/u/.kube/config');
  assert.equal(isolatedKubeconfig('', { stateDir: '/state', workspaceDir: '/ws' }), '/state/kubeconfig');
  assert.equal(isolatedKubeconfig('kc/file', { stateDir: '/state', workspaceDir: '/ws' }), '/ws/kc/file');
});

test('the lock refuses a second operation and frees itself after failures', async () => {
  const lock = new OperationLock();
  let release!: () => void;
  const first = lock.run('teardown', () => new Promise<void>((resolve) => (release = resolve)));
  await assert.rejects(lock.run('deploy', () => Promise.resolve()), /WRight is busy tearing down the cluster/);
  release();
  await first;
  await assert.rejects(lock.run('deploy', () => Promise.reject(new Error('boom'))), /boom/);
  assert.equal(await lock.run('create', () => Promise.resolve(42)), 42);
});
