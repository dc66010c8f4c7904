// The `wright` command as a new user meets it, run as a real process (the esbuild bundle) with the fake tools: every failed
// prerequisite at once, one JSON document on stdout with --json (failures included), --json refused where it is not
// supported, terminal wording (flags and environment variables, never VS Code settings), the doctor on a fresh
// machine, the verbose log; and `wright status --json` counting a deployed StatefulSet deleted from the fake API server.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, afterEach, before, test } from 'node:test';
import { EXIT } from '../../src/cli/exitCodes';
import { bundleCli, type CliBundle } from '../fixtures/cliBundle';
import { seedBaseCluster } from '../fixtures/fakeApiServer/scenarios';
import { FakeApiServer } from '../fixtures/fakeApiServer/server';
import { FAKE_BIN, TEST_MANIFESTS, World } from '../fixtures/lifecycle/world';

const TIMEOUT = { timeout: 120_000 };

// The CLI built as `npm run build` builds it: each run is then a plain `node dist/cli.js` (tsx would add a second).
let bundle: CliBundle;
before(async () => {
  bundle = await bundleCli();
});
after(() => bundle.dispose());

let world: World | undefined;
afterEach(() => {
  world?.dispose();
  world = undefined;
});

interface Run {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** `wright <argv>` as a child process in the world's workspace, with the fake tools unless `env` says otherwise. */
function wright(w: World, argv: readonly string[], env: Record<string, string> = {}): Promise<Run> {
  mkdirSync(w.workspace, { recursive: true });
  const child = spawn(process.execPath, [bundle.cli, ...argv], {
    cwd: w.workspace,
    env: {
      ...process.env,
      WRIGHT_HOME: w.stateDir,
      WRIGHT_KIND: join(FAKE_BIN, 'kind'),
      WRIGHT_KUBECTL: join(FAKE_BIN, 'kubectl'),
      WRIGHT_DOCKER: join(FAKE_BIN, 'docker'),
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => void (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => void (stderr += chunk.toString()));
  return new Promise((done) => child.on('close', (code) => done({ code, stdout, stderr })));
}

// High free ports and the small test overlay: the machine's 80/443 are not the test's business.
// Image caches off: the 5 s budget is for the CLI's own behaviour (test/unit/cliImages.test.ts runs them on).
const FLAGS = ['--http-port', '18180', '--https-port', '18543', '--cluster-name', 'cli-out', '--timeout', '5', '--no-image-cache', '--manifests', join(TEST_MANIFESTS, 'overlays', 'local')];
const NO_KIND = { WRIGHT_KIND: '/nonexistent/kind', WRIGHT_FAKE_DOCKER: 'down' };
/** What a terminal must never say: VS Code's settings ids or the word "settings". */
const VS_CODE_WORDING = /wright\.(tools|timeouts|clusterName|manifests|ingress|envFile|kubeconfig)|\bsettings?\b/i;

/** stdout holds exactly one JSON document (JSON.parse refuses trailing text). */
function onlyJson(run: Run): Record<string, unknown> {
  assert.ok(run.stdout.trim().startsWith('{'), `stdout is not one JSON document: ${JSON.stringify(run.stdout)}`);
  return JSON.parse(run.stdout) as Record<string, unknown>;
}

test('up and deploy report every failed prerequisite at once, like doctor (Docker down and kind missing)', TIMEOUT, async () => {
  const w = (world = new World());
  for (const command of ['up', 'deploy']) {
    const run = await wright(w, [command, ...FLAGS], NO_KIND);
    assert.equal(run.code, EXIT.prerequisites, `${command}: ${run.stderr}`);
    assert.match(run.stderr, /error: 2 prerequisites are not met:\n {2}✗ Docker is not running[^\n]*\n(?: {6}[^\n]*\n)* {2}✗ kind was not found/, `${command}: ${run.stderr}`);
    assert.match(run.stderr, /see https:\/\/kind\.sigs\.k8s\.io/);
    assert.equal(run.stdout, '');
  }
  const doctor = await wright(w, ['doctor', ...FLAGS], NO_KIND);
  assert.match(doctor.stdout, /✗ Docker is not running[\s\S]*✗ kind was not found/);
  assert.ok(!w.calls().some((call) => call.tool === 'kind'), 'no kind command ran (it is missing)');
});

test('--json: one JSON document on stdout, failures included, for status and doctor', TIMEOUT, async () => {
  const w = (world = new World());
  const status = await wright(w, ['status', '--cluster-name', 'cli-out', '--json'], NO_KIND);
  assert.equal(status.code, EXIT.prerequisites, status.stderr);
  const failure = onlyJson(status);
  assert.deepEqual(Object.keys(failure), ['ok', 'error']);
  assert.equal(failure.ok, false);
  const error = failure.error as { code: string; message: string };
  assert.equal(error.code, 'tool-missing');
  assert.match(error.message, /^kind was not found\. .*WRIGHT_KIND/);
  assert.match(status.stderr, /^error: kind was not found/m, 'the human message still goes to stderr');

  // A bad command line of a JSON command is answered in JSON too.
  const usage = await wright(w, ['doctor', '--json', '--http-port', 'eighty']);
  assert.equal(usage.code, EXIT.usage);
  assert.deepEqual(onlyJson(usage), { ok: false, error: { code: 'usage', message: '--http-port must be a port number (1-65535), not "eighty"' } });

  // Success: the document says ok, as the exit code does.
  const doctor = await wright(w, ['doctor', ...FLAGS, '--json']);
  assert.equal(doctor.code, EXIT.ok, doctor.stderr);
  assert.equal(onlyJson(doctor).ok, true);
  const absent = await wright(w, ['status', '--cluster-name', 'cli-out', '--json']);
  assert.equal(absent.code, EXIT.clusterState);
  assert.deepEqual([onlyJson(absent).ok, onlyJson(absent).exists], [false, false]);
});

test('--json on a command that does not support it is a usage error (exit 2), not ignored', TIMEOUT, async () => {
  const w = (world = new World());
  for (const argv of [['up', ...FLAGS, '--json'], ['down', '--yes', '--json'], ['forward', 'postgres', '--json']]) {
    const run = await wright(w, argv);
    assert.equal(run.code, EXIT.usage, `${argv[0]}: ${run.stderr}`);
    assert.match(run.stderr, new RegExp(`--json is not supported by "wright ${argv[0]}" \\(only by status, doctor, verify, oidc, images\\)`));
    assert.equal(run.stdout, '');
  }
  assert.deepEqual(w.calls(), [], 'nothing ran');
});

test('terminal messages name flags and environment variables, never VS Code settings', TIMEOUT, async () => {
  const w = (world = new World());
  const kind = await wright(w, ['up', ...FLAGS], { WRIGHT_KIND: '/nonexistent/kind' });
  assert.equal(kind.code, EXIT.prerequisites);
  assert.match(kind.stderr, /kind was not found\. Install it \(on PATH\), or set its path in the environment variable WRIGHT_KIND\./);
  assert.match(kind.stderr, /or set WRIGHT_KIND to its path, or put kind on PATH/);

  const name = await wright(w, ['up', ...FLAGS, '--cluster-name', 'Bad_Name']);
  assert.equal(name.code, EXIT.prerequisites);
  assert.match(name.stderr, /choose another name: --cluster-name <name>/);

  assert.equal((await wright(w, ['up', ...FLAGS, '--no-deploy'])).code, EXIT.ok);
  const slow = await wright(w, ['deploy', ...FLAGS, '--timeout', '1'], { WRIGHT_FAKE_READY: 'never' });
  assert.equal(slow.code, EXIT.notReady, slow.stderr);
  assert.match(slow.stderr, /Timed out after 1 s[\s\S]*allow more time: --timeout <seconds>/);

  // A missing --manifests folder is a bad command line, found before anything runs (exit 2), with the way forward.
  const manifests = await wright(w, ['deploy', ...FLAGS, '--manifests', join(w.workspace, 'nowhere')], { WRIGHT_FAKE_READY: 'never' });
  assert.equal(manifests.code, EXIT.usage, manifests.stderr);
  assert.match(manifests.stderr, /--manifests <dir>/);

  for (const run of [kind, name, slow, manifests]) assert.doesNotMatch(run.stderr, VS_CODE_WORDING);
});

test('doctor on a fresh machine: the kubeconfig and .env are "not created yet", then usable once up made them', TIMEOUT, async () => {
  const w = (world = new World());
  const fresh = await wright(w, ['doctor', ...FLAGS]);
  assert.equal(fresh.code, EXIT.ok, fresh.stdout);
  assert.match(fresh.stdout, new RegExp(`✓ Kubeconfig ${join(w.stateDir, 'kubeconfig')}: not created yet \\(WRight creates it on \`wright up\`\\)`));
  assert.match(fresh.stdout, new RegExp(`✓ ${join(w.workspace, '.env')}: not created yet \\(WRight creates it on \`wright up\`\\)`));
  assert.doesNotMatch(fresh.stdout, /is usable|0 values/);

  const up = await wright(w, ['up', ...FLAGS]);
  assert.equal(up.code, EXIT.ok, up.stderr);
  const after = await wright(w, ['doctor', ...FLAGS]);
  assert.match(after.stdout, /✓ Kubeconfig \S+ is usable/);
  assert.match(after.stdout, /\.env: \d+ values/);
});

test('up -v: each step once, every command line names its command, tool output indented under its step', TIMEOUT, async () => {
  const w = (world = new World({ WRIGHT_FAKE_KIND_CREATE: 'fail' }));
  const run = await wright(w, ['up', ...FLAGS, '-v'], { WRIGHT_FAKE_KIND_CREATE: 'fail' });
  assert.equal(run.code, EXIT.failed, run.stderr);
  const lines = run.stderr.split('\n').filter((line) => line !== '');
  assert.equal(lines.filter((line) => line.includes('Checking prerequisites')).length, 1, run.stderr);
  assert.equal(lines.filter((line) => line.includes('Creating the kind cluster')).length, 1, run.stderr);
  const exits = lines.filter((line) => /exit \d+ in \d+ ms/.test(line));
  assert.ok(exits.length >= 4, run.stderr);
  for (const line of exits) assert.match(line, /^ {4}(kind|kubectl|docker) [a-z]+: exit \d+ in \d+ ms$/);
  // Between the first step and the final error, everything but a step and a warning is indented under its step.
  const body = lines.slice(lines.findIndex((line) => line.startsWith('• ')), lines.findIndex((line) => line.startsWith('error: ')));
  for (const line of body) assert.match(line, /^(• |warning: | {4})/, `not under a step: ${JSON.stringify(line)}`);
  // kind's own stderr, from the failure's log entry, sits under the line naming the failed command.
  const failed = body.findIndex((line) => /^ {4}\S*kind create cluster .* failed after \d+ ms \(exit code 1\)$/.test(line));
  assert.ok(failed >= 0, run.stderr);
  const output: string[] = [];
  for (const line of body.slice(failed + 1)) {
    if (!line.startsWith('      ')) break;
    output.push(line);
  }
  assert.match(output[0] ?? '', /^ {6}Creating cluster "cli-out" \.\.\.$/, run.stderr);
  assert.ok(output.some((line) => line.startsWith('      ERROR: failed to create cluster')), run.stderr);
});

test('status --json counts a deployed StatefulSet deleted from the fake API server as missing', TIMEOUT, async () => {
  const server = new FakeApiServer({ podReadyDelayMs: 20 });
  seedBaseCluster(server.cluster);
  await server.start();
  try {
    const w = (world = new World({ WRIGHT_FAKE_API_URL: server.url }));
    const api = { WRIGHT_FAKE_API_URL: server.url };
    // The bundled overlay (postgres, redis, Authentik) through the real kubectl into the fake API server.
    const up = await wright(w, ['up', '--http-port', '18180', '--https-port', '18543', '--cluster-name', 'cli-out', '--timeout', '60'], api);
    assert.equal(up.code, EXIT.ok, up.stderr);
    const before = onlyJson(await wright(w, ['status', '--cluster-name', 'cli-out', '--json'], api)) as { ok: boolean; ready: number; total: number; missing: unknown[] };
    assert.equal(before.ok, true);
    assert.equal(before.ready, before.total);
    assert.deepEqual(before.missing, []);

    const deleted = await fetch(`${server.url}/apis/apps/v1/namespaces/staging-infra/statefulsets/redis`, { method: 'DELETE' });
    assert.equal(deleted.status, 200);

    const run = await wright(w, ['status', '--cluster-name', 'cli-out', '--json'], api);
    assert.equal(run.code, EXIT.notReady);
    const status = onlyJson(run) as { ok: boolean; ready: number; total: number; missing: unknown[]; workloads: Array<{ name: string; kind: string; isReady: boolean; summary: string }> };
    assert.equal(status.ok, false);
    assert.deepEqual([status.ready, status.total], [before.total - 1, before.total], 'still counted: one of the same total is not ready');
    assert.deepEqual(status.missing, [{ kind: 'StatefulSet', namespace: 'staging-infra', name: 'redis' }]);
    const redis = status.workloads.find((workload) => workload.name === 'redis');
    assert.deepEqual([redis?.kind, redis?.isReady, redis?.summary], ['StatefulSet', false, 'missing: it was deployed and no longer exists']);

    const human = await wright(w, ['status', '--cluster-name', 'cli-out'], api);
    assert.match(human.stdout, new RegExp(`Workloads +${before.total - 1}/${before.total} ready`));
    assert.match(human.stdout, /✗ staging-infra\/redis \(StatefulSet\) is missing: it was deployed and no longer exists\n +create what is missing again: wright deploy/);
  } finally {
    await server.dispose();
  }
});
