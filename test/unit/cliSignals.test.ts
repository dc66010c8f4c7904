// SIGTERM (timeout, CI cancel, kill) and SIGHUP (terminal closed) stop a real `wright up` exactly like Ctrl-C:
// kind and its children ended, the half-made cluster and its kind config removed, exit 128 + the signal's number.
// And a create killed beyond any clean-up (SIGKILL) leaves a cluster that `wright down` can still remove,
// because WRight records it as its own before `kind create` runs.
import assert from 'node:assert/strict';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, test } from 'node:test';
import { EXIT } from '../../src/cli/exitCodes';
import { World } from '../fixtures/lifecycle/world';
import { runWright, startWright } from '../fixtures/cliProcess';
import { isAlive, waitForPid } from '../fixtures/pidFile';

let world: World | undefined;
const leftovers: number[] = [];
afterEach(() => {
  for (const pid of leftovers.splice(0)) {
    try {
      process.kill(-pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
  world?.dispose();
  world = undefined;
});

const UP = ['up', '--http-port', '18080', '--https-port', '18443', '--cluster-name', 'sig-test', '--timeout', '5', '--no-image-cache'];

for (const [signal, code] of [['SIGTERM', 143], ['SIGHUP', 129]] as const) {
  test(`${signal} on a real \`wright up\` cancels like Ctrl-C and exits ${code}`, { timeout: 60_000 }, async () => {
    const w = (world = new World({ WRIGHT_FAKE_KIND_CREATE: 'slow' }));
    const up = startWright(w, UP, { env: { WRIGHT_FAKE_KIND_CREATE: 'slow', WRIGHT_FAKE_STATE: w.fakeState, WRIGHT_FAKE_LOG: w.fakeLog, HOME: w.home } });
    const grandchild = await waitForPid(join(w.fakeState, 'grandchild.pid'));
    const kind = await waitForPid(join(w.fakeState, 'kind-create.pid'));
    leftovers.push(kind);
    up.child.kill(signal);
    assert.equal(await up.exited, code, up.stderr());
    assert.match(up.stderr(), new RegExp(`Cancelling \\(send ${signal} again to quit at once\\)`));
    assert.match(up.stderr(), /Cancelled\. Cluster creation cancelled; the half-made cluster was removed\./);
    assert.deepEqual(w.fakeClusters(), {}, 'the half-made cluster is gone');
    assert.equal(isAlive(kind), false, 'kind create was ended');
    assert.equal(isAlive(grandchild), false, "kind's child was ended");
    const stateFiles = existsSync(w.stateDir) ? readdirSync(w.stateDir) : [];
    assert.deepEqual(stateFiles.filter((f) => f.startsWith('kind-config-')), [], 'the kind config was removed');
  });
}

test('a create killed outright (SIGKILL) is still WRight\'s: `wright down --yes` removes it', { timeout: 60_000 }, async () => {
  const w = (world = new World());
  const env = { WRIGHT_FAKE_KIND_CREATE: 'slow', WRIGHT_FAKE_STATE: w.fakeState, WRIGHT_FAKE_LOG: w.fakeLog, HOME: w.home };
  const up = startWright(w, UP, { env });
  await waitForPid(join(w.fakeState, 'grandchild.pid'));
  // kind runs in a process group of its own: SIGKILL of wright leaves it running, as a crash would.
  leftovers.push(await waitForPid(join(w.fakeState, 'kind-create.pid')));
  up.child.kill('SIGKILL');
  await up.exited;
  assert.ok('sig-test' in w.fakeClusters(), 'the half-made cluster is still there');

  const down = await runWright(w, ['down', '--cluster-name', 'sig-test', '--yes'], { env });
  assert.equal(down.code, EXIT.ok, down.stderr);
  assert.match(down.stdout, /Deleted the cluster "sig-test"/);
  assert.deepEqual(w.fakeClusters(), {});
});
