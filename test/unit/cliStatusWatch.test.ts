// `wright status --watch` as a real process against the fake API server: with --json, one complete snapshot once
// synced, then a JSON line for a pod that turns unready; without, a line per change; Ctrl-C ends it with exit 0;
// no cluster is exit 4; --watch on another command is a usage error.
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, before, test } from 'node:test';
import { parseCliArgs, UsageError } from '../../src/cli/args';
import { seedStagingStack, setPodReady } from '../fixtures/fakeApiServer/scenarios';
import { FakeApiServer } from '../fixtures/fakeApiServer/server';
import { writeKubeconfig } from '../fixtures/kubeconfig';

const CLI = resolve(__dirname, '../../src/cli.ts');
const GUARD_MS = 30_000;
let server: FakeApiServer;
let home: string;

before(async () => {
  home = mkdtempSync(join(tmpdir(), 'wright-cli-watch-'));
  server = new FakeApiServer({ podReadyDelayMs: 0 });
  seedStagingStack(server.cluster);
  await server.start();
  await writeKubeconfig(join(home, 'kubeconfig'), server.url);
});

after(async () => {
  await server.dispose();
  rmSync(home, { recursive: true, force: true });
});

interface Running {
  readonly child: ChildProcess;
  readonly lines: string[];
  readonly exited: Promise<number | null>;
  stderr: string;
}

function wright(args: string[], home: string): Running {
  // Never spawnSync here: the fake API server runs in this process's event loop.
  const child = spawn(process.execPath, ['--import', 'tsx', CLI, ...args], { env: { ...process.env, WRIGHT_HOME: home }, stdio: ['ignore', 'pipe', 'pipe'] });
  const running: Running = { child, lines: [], stderr: '', exited: new Promise((done) => child.once('exit', (code) => done(code))) };
  let partial = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    const parts = (partial + chunk.toString()).split('\n');
    partial = parts.pop() ?? '';
    running.lines.push(...parts);
  });
  child.stderr?.on('data', (chunk: Buffer) => (running.stderr += chunk.toString()));
  return running;
}

async function until<T>(what: string, running: Running, find: () => T | undefined): Promise<T> {
  const end = Date.now() + GUARD_MS;
  for (;;) {
    const found = find();
    if (found !== undefined) return found;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}; stdout:\n${running.lines.join('\n')}\nstderr:\n${running.stderr}`);
    await new Promise((done) => setTimeout(done, 25));
  }
}

test('--json: one snapshot once synced, then a change line for a pod that turns unready; Ctrl-C ends it with 0', { timeout: GUARD_MS * 3 }, async () => {
  const running = wright(['status', '--watch', '--json'], home);
  try {
    const snapshot = await until('the snapshot', running, () => running.lines.map((line) => JSON.parse(line) as { type: string }).find((line) => line.type === 'snapshot')) as unknown as {
      state: string;
      health: { counted: number; ready: number };
      namespaces: { name: string; groups: { name: string }[] }[];
    };
    assert.equal(snapshot.state, 'connected');
    assert.equal(snapshot.health.counted, 5);
    assert.deepEqual(snapshot.namespaces.map((ns) => ns.name), ['staging-infra', 'staging-core', 'staging-ai', 'staging-web']);
    assert.deepEqual(snapshot.namespaces[0]!.groups.map((group) => group.name), ['authentik-postgres', 'authentik-server', 'postgres', 'redis', 'Other pods']);
    assert.equal(running.lines.length, 1, 'nothing but the snapshot before the first change');

    setPodReady(server.cluster, 'staging-infra', 'redis-0', false);
    const change = await until('the change line', running, () =>
      running.lines
        .map((line) => JSON.parse(line) as { type: string; changed?: { kind: string; name: string; health?: string }[]; health?: { ready: number } })
        .find((line) => line.type === 'change' && line.changed?.some((node) => node.kind === 'pod' && node.name === 'redis-0' && node.health !== 'ready')),
    );
    assert.equal(change.health?.ready, 4);
    assert.ok(change.changed?.some((node) => node.kind === 'service' && node.name === 'redis'), 'the service the pod is under changed too');
  } finally {
    setPodReady(server.cluster, 'staging-infra', 'redis-0', true);
    running.child.kill('SIGINT');
  }
  assert.equal(await running.exited, 0);
});

test('plain output: a line when it is synced, and a line naming a pod that changes', { timeout: GUARD_MS * 3 }, async () => {
  const running = wright(['status', '--watch'], home);
  try {
    await until('the first line', running, () => running.lines.find((line) => / 5\/5 pods ready$/.test(line)));
    setPodReady(server.cluster, 'staging-infra', 'postgres-0', false);
    await until('the pod line', running, () => running.lines.find((line) => / pod staging-infra\/postgres-0: /.test(line)));
    await until('the new headline', running, () => running.lines.find((line) => / 4\/5 pods ready, 1 starting$/.test(line)));
  } finally {
    setPodReady(server.cluster, 'staging-infra', 'postgres-0', true);
    running.child.kill('SIGINT');
  }
  assert.equal(await running.exited, 0);
});

test('no cluster to watch: exit 4 with the way forward', { timeout: GUARD_MS }, async () => {
  const empty = mkdtempSync(join(tmpdir(), 'wright-cli-watch-empty-'));
  try {
    const running = wright(['status', '--watch'], empty);
    assert.equal(await running.exited, 4);
    assert.match(running.stderr, /there is no WRight cluster "wright-staging"[\s\S]*wright up/);
  } finally {
    rmSync(empty, { recursive: true, force: true });
  }
});

test('--watch belongs to status', () => {
  assert.equal(parseCliArgs(['status', '--watch'], {}).watch, true);
  assert.throws(() => parseCliArgs(['deploy', '--watch'], {}), (error: unknown) => error instanceof UsageError && /--watch goes with status only/.test(error.message));
});
