// Issue 17 in a real VS Code: readiness is counted against what WRight deployed. "Create Staging Cluster" runs end
// to end (fake kind/docker, the real kubectl applying the bundled manifests to a fake API server); then the redis
// StatefulSet is deleted from the API server, as someone with kubectl would. The status bar must read one less than
// the total (warning colour, the tooltip naming redis, a click runs Deploy Services), the tree must show it under
// staging-infra with an error icon, and Deploy Services must bring it back.
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { readSettings } from '../../src/vscode/settings';
import type { WrightApi } from '../../src/vscode/extensionApi';
import { FakeCluster } from './support/fakeCluster';
import { FakeTools } from './support/fakeTools';
import { configure, eventually, findItem, freePort, outline, wrightApi } from './support/wright';

const CLUSTER = 'wright-missing';
const MISSING = 'redis (StatefulSet) is missing: it was deployed and no longer exists';

suite('Missing workloads (issue 17): a deployed StatefulSet deleted from the cluster counts as failing', function () {
  this.timeout(120_000);
  let api: WrightApi;
  let cluster: FakeCluster;
  let tools: FakeTools;
  let restoreSettings: () => Promise<void>;
  let total = 0;

  const explain = async (): Promise<unknown> => ({ status: api.statusBar(), tree: outline(await api.treeItems()) });

  suiteSetup(async () => {
    api = await wrightApi();
    cluster = new FakeCluster();
    await cluster.start();
    tools = new FakeTools(cluster.url);
    restoreSettings = await configure({ clusterName: CLUSTER, 'ingress.httpPort': await freePort(), 'ingress.httpsPort': await freePort(), 'images.registryPort': await freePort() });
  });

  suiteTeardown(async () => {
    // Through the engine: the teardown command's modal confirmation cannot be answered from the extension host.
    if (api && api.lifecycle.activity === 'idle') await api.lifecycle.teardown({ settings: readSettings() }).catch(() => undefined);
    await restoreSettings?.();
    tools?.dispose();
    await cluster?.dispose();
  });

  test('after Create, every deployed pod is counted and ready', async () => {
    await vscode.commands.executeCommand('wright.createCluster');
    await eventually('the cluster to be present', () => (api.clusterState() === 'present' ? true : undefined), { explain: () => api.clusterState() });
    total = await eventually(
      'the status bar to say every pod is ready',
      () => {
        const match = /^\$\(check\) WRight (\d+)\/(\d+)$/.exec(api.statusBar().text);
        return match && match[1] === match[2] && Number(match[2]) > 0 ? Number(match[2]) : undefined;
      },
      { explain },
    );
  });

  test('the redis StatefulSet deleted: the status bar reads one less, warns, names it, and offers Deploy Services', async () => {
    assert.ok(total > 0, 'the previous test found no ready pods');
    const response = await fetch(`${cluster.url}/apis/apps/v1/namespaces/staging-infra/statefulsets/redis`, { method: 'DELETE' });
    assert.equal(response.status, 200, await response.text());
    const status = await eventually(
      `the status bar to read ${total - 1}/${total}`,
      () => {
        const current = api.statusBar();
        return current.text === `$(warning) WRight ${total - 1}/${total}` ? current : undefined;
      },
      { explain },
    );
    assert.equal(status.backgroundColor, 'statusBarItem.warningBackground');
    assert.ok(status.tooltip.includes(MISSING), status.tooltip);
    assert.match(status.tooltip, /Deploy Services/);
    assert.equal(status.command, 'wright.deploy');
  });

  test('the tree shows the missing StatefulSet under staging-infra with an error icon', async () => {
    const item = await eventually('a missing-workload entry for redis', async () => findItem(await api.treeItems(), ['staging-infra', 'StatefulSet redis']), { explain });
    assert.equal(item.node.kind, 'missingWorkload');
    assert.equal(item.description, 'missing');
    assert.equal(item.icon, 'error');
    assert.equal(item.iconColor, 'testing.iconFailed');
    assert.equal(item.contextValue, 'workload.missing');
    const infra = findItem(await api.treeItems(), ['staging-infra']);
    assert.equal(infra?.icon, 'error', 'the namespace shows that something in it is failing');
  });

  test('Deploy Services creates it again: all ready, no missing entry', async () => {
    await vscode.commands.executeCommand('wright.deploy');
    await eventually('the status bar to say every pod is ready again', () => (api.statusBar().text === `$(check) WRight ${total}/${total}` ? true : undefined), { explain });
    assert.equal(findItem(await api.treeItems(), ['staging-infra', 'StatefulSet redis']), undefined);
  });
});
