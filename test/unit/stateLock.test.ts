// One WRight operation per state folder across processes: two real `wright up` at once run kind create once and
// write one credential block to .env; a live holder makes `wright deploy` wait, name it, and give up with exit 4
// after --timeout; a dead holder's lock is taken over; .env writes replace the file in one step.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { lstatSync, mkdirSync, readdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { afterEach, test } from 'node:test';
import { EXIT } from '../../src/cli/exitCodes';
import { appendEnvEntries } from '../../src/lifecycle/envFile';
import { LOCK_FILE, StateFolderLock } from '../../src/lifecycle/stateLock';
import { World } from '../fixtures/lifecycle/world';
import { runWright } from '../fixtures/cliProcess';

let world: World | undefined;
const children: number[] = [];
afterEach(() => {
  for (const pid of children.splice(0)) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // gone
    }
  }
  world?.dispose();
  world = undefined;
});

const PORTS = ['--http-port', '18080', '--https-port', '18443', '--cluster-name', 'lock-test', '--timeout', '20', '--no-image-cache'];

function fakeEnv(w: World): Record<string, string> {
  return { WRIGHT_FAKE_STATE: w.fakeState, WRIGHT_FAKE_LOG: w.fakeLog, HOME: w.home };
}

function writeLock(w: World, pid: number, operation = 'create'): void {
  mkdirSync(w.stateDir, { recursive: true });
  const startedAt = new Date(2026, 10, 29, 12, 3).toISOString();
  writeFileSync(join(w.stateDir, LOCK_FILE), JSON.stringify({ pid, host: hostname(), operation, cluster: 'lock-test', startedAt, token: 'held-by-test' }));
}

test('two `wright up` at once: one kind create, one generated .env block, both succeed', { timeout: 120_000 }, async () => {
  const w = (world = new World());
  const env = fakeEnv(w);
  const [first, second] = await Promise.all([runWright(w, ['up', ...PORTS], { env }), runWright(w, ['up', ...PORTS], { env })]);
  assert.equal(first.code, EXIT.ok, first.stderr);
  assert.equal(second.code, EXIT.ok, second.stderr);
  const creates = w.calls().filter((c) => c.tool === 'kind' && c.argv[0] === 'create');
  assert.equal(creates.length, 1, 'kind create ran once');
  const dotEnv = readFileSync(join(w.workspace, '.env'), 'utf8');
  assert.equal(dotEnv.match(/^POSTGRES_PASSWORD=/gm)?.length, 1, dotEnv.replace(/=.*/g, '=…'));
  assert.match(first.stdout + second.stdout, /Reused the cluster "lock-test"/);
  assert.deepEqual(readdirSync(w.stateDir).filter((f) => f.includes('.lock')), [], 'the lock is released');
});

test('a live holder: deploy waits, names it, and gives up after --timeout with exit 4', { timeout: 60_000 }, async () => {
  const w = (world = new World());
  const holder = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
  children.push(holder.pid!);
  writeLock(w, holder.pid!);
  const run = await runWright(w, ['deploy', '--cluster-name', 'lock-test', '--timeout', '1'], { env: fakeEnv(w) });
  assert.equal(run.code, EXIT.clusterState, run.stderr);
  assert.match(run.stderr, new RegExp(`Waiting for another WRight operation \\(pid ${holder.pid}, create, started 12:03\\)`));
  assert.match(run.stderr, new RegExp(`Another WRight operation is running \\(pid ${holder.pid}, create, started 12:03\\)\\. Wait for it to finish`));
  assert.deepEqual(w.calls(), [], 'nothing ran while another operation held the lock');
});

test('a dead holder\'s lock is stale: the next operation takes it over', { timeout: 60_000 }, async () => {
  const w = (world = new World());
  const gone = spawn(process.execPath, ['-e', ''], { stdio: 'ignore' });
  await new Promise((resolve) => gone.on('exit', resolve));
  writeLock(w, gone.pid!);
  const up = await runWright(w, ['up', ...PORTS, '--no-deploy'], { env: fakeEnv(w) });
  assert.equal(up.code, EXIT.ok, up.stderr);
  assert.doesNotMatch(up.stderr, /Waiting for another/);
});

test('in process: the extension (no wait) is refused at once while another process holds the lock', { timeout: 30_000 }, async () => {
  const w = (world = new World());
  const holder = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
  children.push(holder.pid!);
  writeLock(w, holder.pid!, 'teardown');
  await assert.rejects(w.engine.deploy(w.options()), (error: Error & { code?: string }) => error.code === 'busy' && /pid \d+, teardown/.test(error.message));
  const lock = new StateFolderLock(w.stateDir);
  assert.equal((await lock.holder())?.pid, holder.pid, 'the holder keeps its lock');
});

test('.env gets its new block by replacing the file in one step, keeping its mode and a symlink', { timeout: 30_000 }, async () => {
  const w = (world = new World());
  mkdirSync(w.workspace, { recursive: true });
  const real = join(w.workspace, 'real.env');
  writeFileSync(real, 'A=1', { mode: 0o640 });
  symlinkSync(real, join(w.workspace, '.env'));
  const inodeBefore = statSync(real).ino;
  await appendEnvEntries(join(w.workspace, '.env'), [['B', '2']], 'added by a test');
  assert.equal(readFileSync(real, 'utf8'), 'A=1\n\n# added by a test\nB=2\n');
  assert.notEqual(statSync(real).ino, inodeBefore, 'a new file was renamed into place');
  assert.equal(statSync(real).mode & 0o777, 0o640);
  assert.ok(lstatSync(join(w.workspace, '.env')).isSymbolicLink(), 'the symlink stays a symlink');
  assert.deepEqual(readdirSync(w.workspace).sort(), ['.env', 'real.env'], 'no temporary file left');
});
