// Issue 5 in a real VS Code: the live cluster view and status bar against a seeded fake API server (a kind-like
// kubeconfig named by the settings wright.kubeconfig + wright.clusterName). The tree and status bar are read
// through the extension's API, i.e. from the real TreeDataProvider and StatusBarItem; the cluster changes only
// through the fake server's HTTP control endpoint, as another process would change it.
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { RenderedTreeItem, WrightApi } from '../../src/vscode/extensionApi';
import { FakeCluster } from './support/fakeCluster';
import { configure, eventually, findItem, outline, wrightApi } from './support/wright';

const CLUSTER = 'wright-view';
const NAMESPACES = ['staging-infra', 'staging-core', 'staging-ai', 'staging-web'];
const INFRA_SERVICES = ['authentik-postgres', 'authentik-server', 'postgres', 'redis'];

function pods(items: readonly RenderedTreeItem[]): RenderedTreeItem[] {
  const byId = new Map<string, RenderedTreeItem>();
  const visit = (item: RenderedTreeItem): void => {
    if (item.node.kind === 'pod') byId.set(item.id ?? item.label, item);
    item.children.forEach(visit);
  };
  items.forEach(visit);
  return [...byId.values()];
}

suite('Cluster view (issue 5): tree and status bar against a seeded fake API server', function () {
  this.timeout(60_000);
  let api: WrightApi;
  let cluster: FakeCluster;
  let restoreSettings: () => Promise<void>;

  const tree = (): Promise<RenderedTreeItem[]> => api.treeItems();
  const explainTree = async (): Promise<unknown> => ({ tree: outline(await tree()), status: api.statusBar() });
  const podItem = async (service: string, prefix: string): Promise<RenderedTreeItem | undefined> =>
    findItem(await tree(), ['staging-infra', service])?.children.find((item) => item.label.startsWith(prefix));

  suiteSetup(async () => {
    api = await wrightApi();
    cluster = new FakeCluster();
    await cluster.start();
    await cluster.control('POST', 'seed', { scenario: 'staging' });
    restoreSettings = await configure({ kubeconfig: await cluster.kubeconfig(CLUSTER), clusterName: CLUSTER });
    await vscode.commands.executeCommand('wright.cluster.focus');
  });

  suiteTeardown(async () => {
    // Settings first, so the view stops watching before the server goes away.
    await restoreSettings?.();
    await cluster?.dispose();
  });

  test("the tree shows WRight's four namespaces, staging-infra's services with their pods, all ready", async () => {
    const items = await eventually(
      'every staging-infra pod ready in the tree',
      async () => {
        const current = await tree();
        const infra = findItem(current, ['staging-infra']);
        const allReady = pods(current).length >= 5 && pods(current).every((pod) => pod.icon === 'pass-filled');
        return infra && INFRA_SERVICES.every((name) => findItem(current, ['staging-infra', name])) && allReady ? current : undefined;
      },
      { explain: explainTree },
    );
    assert.deepEqual(items.map((item) => item.label).sort(), [...NAMESPACES].sort());
    const infra = findItem(items, ['staging-infra'])!;
    assert.deepEqual(infra.children.filter((child) => child.node.kind === 'service').map((child) => child.label).sort(), INFRA_SERVICES);
    for (const service of INFRA_SERVICES) {
      const item = findItem(items, ['staging-infra', service])!;
      assert.match(item.contextValue ?? '', /^service/);
      assert.equal(item.children.length, 1, `${service} should show the one pod it selects`);
      assert.equal(item.children[0]!.node.kind, 'pod');
    }
    // authentik-worker has no service: it is an entry of its own, named after its Deployment (not "Other pods").
    const worker = findItem(items, ['staging-infra', 'authentik-worker']);
    assert.ok(worker, 'no authentik-worker entry in staging-infra');
    assert.match(worker.description ?? '', /^Deployment · /);
    assert.ok(worker.children.some((child) => child.label.startsWith('authentik-worker-')), 'the entry does not hold the worker pod');
    assert.equal(findItem(items, ['staging-infra', 'Other pods']), undefined, 'the seeded stack has no bare pod: no "Other pods"');
    // The ingress in front of authentik-server makes it an ingress service (the Open Ingress URL menu).
    assert.match(findItem(items, ['staging-infra', 'authentik-server'])!.contextValue ?? '', /^service.*\.ingress/);
    for (const pod of pods(items)) {
      assert.equal(pod.iconColor, 'testing.iconPassed', `${pod.label} icon colour`);
      assert.match(pod.contextValue ?? '', /^pod/);
    }
  });

  test('the status bar says "WRight n/n" with n the pods in the tree', async () => {
    const count = pods(await tree()).length;
    const status = await eventually('the ready status', () => (/^\$\(check\) WRight \d+\/\d+$/.test(api.statusBar().text) ? api.statusBar() : undefined), {
      explain: () => api.statusBar(),
    });
    assert.equal(status.text, `$(check) WRight ${count}/${count}`);
    assert.equal(status.backgroundColor, undefined);
    assert.equal(status.visible, true);
  });

  test('a pod that stops being ready changes its icon and the status bar, and back', async () => {
    const count = pods(await tree()).length;
    await cluster.control('POST', 'pods/ready', { namespace: 'staging-infra', pod: 'redis-0', ready: false });
    const redis = await eventually('redis-0 to show as not ready', async () => {
      const item = await podItem('redis', 'redis-0');
      return item && item.icon !== 'pass-filled' ? item : undefined;
    }, { explain: explainTree });
    assert.equal(redis.icon, 'loading~spin');
    assert.equal(redis.iconColor, 'list.warningForeground');
    // A running pod that is not ready is "starting" (src/k8s/podHealth.ts): the status bar counts it out and
    // names it in the tooltip.
    const status = await eventually('the status bar to count one pod fewer', () => (api.statusBar().text.endsWith(`WRight ${count - 1}/${count}`) ? api.statusBar() : undefined), {
      explain: () => api.statusBar(),
    });
    assert.equal(status.text, `$(loading~spin) WRight ${count - 1}/${count}`);
    assert.match(status.tooltip, /redis-0/);

    await cluster.control('POST', 'pods/ready', { namespace: 'staging-infra', pod: 'redis-0', ready: true });
    await eventually('the status bar to be ready again', () => (api.statusBar().text === `$(check) WRight ${count}/${count}` ? true : undefined), {
      explain: () => api.statusBar(),
    });
    assert.equal((await podItem('redis', 'redis-0'))?.icon, 'pass-filled');
  });

  test('a crash-looping pod shows as failing, in the tree and the status bar', async () => {
    await cluster.control('POST', 'pods/crashloop', { namespace: 'staging-infra', pod: 'authentik-server' });
    const item = await eventually('authentik-server to show as failing', async () => {
      const pod = await podItem('authentik-server', 'authentik-server-');
      return pod?.icon === 'error' ? pod : undefined;
    }, { explain: explainTree });
    assert.equal(item.iconColor, 'testing.iconFailed');
    assert.match(item.description ?? '', /CrashLoopBackOff/);
    const service = findItem(await tree(), ['staging-infra', 'authentik-server'])!;
    assert.equal(service.icon, 'error');
    const status = await eventually('a failing status bar', () => (api.statusBar().text.startsWith('$(error) WRight') ? api.statusBar() : undefined), {
      explain: () => api.statusBar(),
    });
    assert.equal(status.backgroundColor, 'statusBarItem.errorBackground');
    assert.match(status.tooltip, /authentik-server/);
  });

  test('rendering the whole tree makes no API request (served from the watch cache)', async () => {
    await cluster.control('DELETE', 'requests');
    const rendered = await tree();
    assert.ok(pods(rendered).length > 0);
    await tree();
    assert.deepEqual(await cluster.requests(), []);
  });

  test('Restart Pod on a pod node sends the DELETE of that pod', async () => {
    const postgres = await podItem('postgres', 'postgres-0');
    assert.ok(postgres, 'no postgres-0 item');
    await cluster.control('DELETE', 'requests');
    await vscode.commands.executeCommand('wright.restartPod', postgres.node);
    const deletes = (await cluster.requests()).filter((request) => request.method === 'DELETE');
    assert.deepEqual(deletes.map((request) => request.path), ['/api/v1/namespaces/staging-infra/pods/postgres-0']);
  });

  test('Show Pod Logs follows the log in an editor, and stops following when the editor closes', async () => {
    const redis = await podItem('redis', 'redis-0');
    assert.ok(redis, 'no redis-0 item');
    await cluster.control('POST', 'pods/log', { namespace: 'staging-infra', pod: 'redis-0', line: 'Ready to accept connections tcp' });
    await vscode.commands.executeCommand('wright.showPodLogs', redis.node);
    const editor = await eventually('the log editor', () => {
      const active = vscode.window.activeTextEditor;
      return active?.document.uri.scheme === 'wright-logs' && active.document.uri.path.includes('redis-0') ? active : undefined;
    });
    await eventually('the existing line in the editor', () => (editor.document.getText().includes('Ready to accept connections tcp') ? true : undefined), {
      explain: () => editor.document.getText(),
    });
    const followers = async (): Promise<number> => (await cluster.control<{ logFollowers: number }>('GET', 'health')).logFollowers;
    assert.equal(await followers(), 1);

    // Followed: a line written now appears without doing anything.
    await cluster.control('POST', 'pods/log', { namespace: 'staging-infra', pod: 'redis-0', line: 'Background saving started' });
    await eventually('the new line in the editor', () => (editor.document.getText().includes('Background saving started') ? true : undefined), {
      explain: () => editor.document.getText(),
    });

    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
    await eventually('the follow to stop at the API server', async () => ((await followers()) === 0 ? true : undefined));
  });

  test('the API server going down shows "disconnected"; the view recovers by itself when it is back', async () => {
    const count = pods(await tree()).length;
    const before = await eventually('a settled status bar', () => (/WRight \d+\/\d+$/.test(api.statusBar().text) ? api.statusBar().text : undefined));
    await cluster.control('POST', 'restart', { downMs: 2_000 });
    const down = await eventually('the disconnected status', () => (api.statusBar().text === '$(debug-disconnect) WRight' ? api.statusBar() : undefined), {
      explain: () => api.statusBar(),
    });
    assert.equal(down.backgroundColor, 'statusBarItem.warningBackground');
    assert.match(down.tooltip, /Cannot reach the staging cluster/);
    await eventually('the status bar to recover', () => (api.statusBar().text === before ? true : undefined), { timeoutMs: 30_000, explain: () => api.statusBar() });
    assert.equal(pods(await tree()).length, count);
  });
});
