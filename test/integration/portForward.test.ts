// Issue 6 in a real VS Code: a port-forward started from a service node of the tree, listed on that node and in the
// status bar tooltip, carrying a real TCP round trip (through client-node's tunnel, the fake API server's
// port-forward endpoint, to an echo server standing in for the pod), and stopped from the node again.
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { RenderedTreeItem, WrightApi } from '../../src/vscode/extensionApi';
import { FakeCluster } from './support/fakeCluster';
import { roundTrip } from './support/tcp';
import { configure, eventually, findItem, outline, wrightApi } from './support/wright';

const CLUSTER = 'wright-forward';

suite('Port-forwards (issue 6): start and stop from the tree, real round trip', function () {
  this.timeout(60_000);
  let api: WrightApi;
  let cluster: FakeCluster;
  let restoreSettings: () => Promise<void>;
  let port = 0;

  const redisItem = async (): Promise<RenderedTreeItem | undefined> => findItem(await api.treeItems(), ['staging-infra', 'redis']);

  suiteSetup(async () => {
    api = await wrightApi();
    cluster = new FakeCluster();
    await cluster.start();
    await cluster.control('POST', 'seed', { scenario: 'staging' });
    await cluster.attachEchoPortForward(['redis-0', 'postgres-0']);
    restoreSettings = await configure({ kubeconfig: await cluster.kubeconfig(CLUSTER), clusterName: CLUSTER });
    await eventually('a ready redis service in the tree', async () => ((await redisItem())?.icon === 'pass-filled' ? true : undefined), {
      explain: async () => outline(await api.treeItems()),
    });
  });

  suiteTeardown(async () => {
    await restoreSettings?.();
    await cluster?.dispose();
  });

  test('Port-Forward Service... on the redis node starts a forward and resolves without waiting for the notification', async () => {
    const node = (await redisItem())!.node;
    let timer: NodeJS.Timeout | undefined;
    const outcome = await Promise.race([
      Promise.resolve(vscode.commands.executeCommand('wright.portForward', node)).then(() => 'resolved'),
      new Promise<string>((resolve) => (timer = setTimeout(() => resolve('still pending'), 15_000))),
    ]);
    clearTimeout(timer);
    assert.equal(outcome, 'resolved', 'wright.portForward did not resolve once the forward was running');
    const forwards = api.portForwards();
    assert.equal(forwards.length, 1, JSON.stringify(forwards));
    const [forward] = forwards;
    assert.deepEqual(forward!.target, { namespace: 'staging-infra', service: 'redis', servicePort: 6379 });
    assert.equal(forward!.state, 'active');
    assert.equal(forward!.address, `127.0.0.1:${forward!.localPort}`);
    port = forward!.localPort;
  });

  test('the forward is listed on the service node and in the status bar tooltip', async () => {
    assert.ok(port > 0, 'no forward was started');
    const item = await eventually('the redis node to show the forward', async () => {
      const redis = await redisItem();
      return redis?.description?.includes(`→ 127.0.0.1:${port}`) ? redis : undefined;
    }, { explain: async () => outline(await api.treeItems()) });
    assert.match(item.contextValue ?? '', /^service.*\.fwd/);
    assert.match(api.statusBar().tooltip, new RegExp(`staging-infra/redis:6379 → 127\\.0\\.0\\.1:${port}`));
  });

  test('a TCP round trip through the forward reaches the redis pod', async () => {
    assert.ok(port > 0, 'no forward was started');
    assert.equal(await roundTrip(port, 'ping'), 'redis-0:ping');
    assert.equal(await roundTrip(port, 'again'), 'redis-0:again');
  });

  test('Stop Port-Forward on the node closes the listener and clears the badge', async () => {
    assert.ok(port > 0, 'no forward was started');
    assert.equal(api.portForwards().length, 1, 'the forward to stop is not running');
    const node = (await redisItem())!.node;
    await vscode.commands.executeCommand('wright.stopPortForward', node);
    assert.deepEqual(api.portForwards(), []);
    await assert.rejects(roundTrip(port, 'ping'), (error: NodeJS.ErrnoException) => error.code === 'ECONNREFUSED');
    await eventually('the badge to go', async () => ((await redisItem())?.description?.includes('→') === false ? true : undefined));
    assert.doesNotMatch((await redisItem())!.contextValue ?? '', /\.fwd/);
    await eventually('no tunnel left open at the API server', () => (cluster.openTunnels() === 0 ? true : undefined), { explain: () => cluster.openTunnels() });
  });
});
