// Every argument is checked before anything changes, with WRight's own message and exit 2 (usage) or 3 (a
// cluster name WRight cannot use); a foreign cluster is changed only with --adopt; --timeout bounds every wait.
// Real processes against the fake tools.
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, test } from 'node:test';
import { parseCliArgs } from '../../src/cli/args';
import { EXIT } from '../../src/cli/exitCodes';
import { World } from '../fixtures/lifecycle/world';
import { runWright } from '../fixtures/cliProcess';

let world: World | undefined;
afterEach(() => {
  world?.dispose();
  world = undefined;
});

const fakeEnv = (w: World): Record<string, string> => ({ WRIGHT_FAKE_STATE: w.fakeState, WRIGHT_FAKE_LOG: w.fakeLog, HOME: w.home });
// Image caches off: these tests are about arguments and adoption; port 5001 is not theirs (cliImages.test.ts runs caches).
const PORTS = ['--http-port', '18080', '--https-port', '18443', '--no-image-cache'];

test('an unusable cluster name stops status, deploy and down before any tool runs (exit 3)', { timeout: 120_000 }, async () => {
  const w = (world = new World());
  for (const command of ['status', 'deploy', 'down']) {
    const run = await runWright(w, [command, '--cluster-name', 'Bad_Name!', '--yes'], { env: fakeEnv(w) });
    assert.equal(run.code, EXIT.prerequisites, `${command}: ${run.stderr}`);
    assert.match(run.stderr, /"Bad_Name!" is not a valid kind cluster name/);
  }
  assert.deepEqual(w.calls(), [], 'no tool ran');
});

test('up --manifests with a missing folder fails before the cluster is made (exit 2)', { timeout: 60_000 }, async () => {
  const w = (world = new World());
  const run = await runWright(w, ['up', ...PORTS, '--cluster-name', 'args-test', '--manifests', '/nonexistent/k8s'], { env: fakeEnv(w) });
  assert.equal(run.code, EXIT.usage, run.stderr);
  assert.match(run.stderr, /^error: --manifests: the folder \/nonexistent\/k8s does not exist$/m);
  assert.deepEqual(w.fakeClusters(), {});
  assert.deepEqual(w.calls(), []);
});

test('same port twice, --timeout Infinity, --timeout -1: WRight\'s own usage errors (exit 2)', { timeout: 60_000 }, async () => {
  const w = (world = new World());
  const cases: Array<[string[], RegExp]> = [
    [['up', '--http-port', '8080', '--https-port', '8080'], /--http-port and --https-port must be different ports \(both are 8080\)/],
    [['up', ...PORTS, '--timeout', 'Infinity'], /--timeout must be a whole number of seconds from 1 to 86400, not "Infinity"/],
    [['up', ...PORTS, '--timeout', '-1'], /--timeout must be a whole number of seconds from 1 to 86400, not "-1"/],
  ];
  for (const [args, message] of cases) {
    const run = await runWright(w, args, { env: fakeEnv(w) });
    assert.equal(run.code, EXIT.usage, run.stderr);
    assert.match(run.stderr, message);
    assert.doesNotMatch(run.stderr, /ambiguous|already in use/);
  }
  assert.deepEqual(w.calls(), []);
});

test('--timeout bounds creating the cluster too, not only readiness', () => {
  const args = parseCliArgs(['up', '--timeout', '45'], {});
  assert.deepEqual(args.settings.timeouts, { createSeconds: 45, readySeconds: 45 });
});

test('--create-timeout sets the creation\'s own limit, with or without --timeout', () => {
  assert.deepEqual(parseCliArgs(['up', '--create-timeout', '900'], {}).settings.timeouts, { createSeconds: 900, readySeconds: 600 });
  assert.deepEqual(parseCliArgs(['up', '--timeout', '45', '--create-timeout', '900'], {}).settings.timeouts, { createSeconds: 900, readySeconds: 45 });
});

test('the flags of up, verify and status --watch are checked the same way: WRight\'s message, exit 2, no tool run', { timeout: 120_000 }, async () => {
  const w = (world = new World());
  const cases: Array<[string[], RegExp]> = [
    [['up', ...PORTS, '--create-timeout', '-5'], /--create-timeout must be a whole number of seconds from 1 to 86400, not "-5"/],
    [['up', ...PORTS, '--create-timeout', '1.5'], /--create-timeout must be a whole number of seconds from 1 to 86400, not "1\.5"/],
    [['verify', '--samples', '-1'], /--samples must be a whole number from 1 to 1000, not "-1"/],
    [['deploy', '--watch'], /--watch goes with status only/],
    [['status', '--restart'], /--restart and --samples belong to wright verify/],
  ];
  for (const [args, message] of cases) {
    const run = await runWright(w, args, { env: fakeEnv(w) });
    assert.equal(run.code, EXIT.usage, `${args.join(' ')}: ${run.stderr}`);
    assert.match(run.stderr, message);
    assert.doesNotMatch(run.stderr, /ambiguous/);
  }
  assert.deepEqual(w.calls(), []);
});

test('an unusable cluster name stops verify and status --watch before any tool runs, in JSON too (exit 3)', { timeout: 120_000 }, async () => {
  const w = (world = new World());
  for (const args of [['verify', '--json'], ['status', '--watch', '--json']]) {
    const run = await runWright(w, [...args, '--cluster-name', 'Bad_Name!'], { env: fakeEnv(w) });
    assert.equal(run.code, EXIT.prerequisites, `${args.join(' ')}: ${run.stderr}`);
    const document = JSON.parse(run.stdout) as { ok: boolean; error: { code: string; message: string } };
    assert.equal(document.ok, false);
    assert.equal(document.error.code, 'invalid-cluster-name');
    assert.match(document.error.message, /"Bad_Name!" is not a valid kind cluster name/);
  }
  assert.deepEqual(w.calls(), []);
});

test('up on a cluster WRight did not create changes nothing without --adopt, and adopts with it', { timeout: 120_000 }, async () => {
  const w = (world = new World());
  // A cluster made by hand: the fake kind knows it, WRight has no record and it carries no marker.
  mkdirSync(w.fakeState, { recursive: true });
  writeFileSync(join(w.fakeState, 'clusters.json'), JSON.stringify({ 'foreign-test': { pid: 1, ready: true, createdAt: new Date().toISOString() } }));
  const refused = await runWright(w, ['up', ...PORTS, '--cluster-name', 'foreign-test', '--no-deploy'], { env: fakeEnv(w) });
  assert.equal(refused.code, EXIT.clusterState, refused.stderr);
  assert.match(refused.stderr, /exists but was not created by WRight, so WRight leaves it unchanged\. .*adopt it \(wright up --adopt\)/);
  assert.equal(w.calls().some((c) => c.argv.includes('apply')), false, 'nothing was applied');
  const adopted = await runWright(w, ['up', ...PORTS, '--cluster-name', 'foreign-test', '--no-deploy', '--adopt'], { env: fakeEnv(w) });
  assert.equal(adopted.code, EXIT.ok, adopted.stderr);
  assert.match(adopted.stdout, /Reused the cluster "foreign-test"/);
});
