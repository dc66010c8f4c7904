// Issue 15 in a real VS Code: the view follows "WRight: Select Environment" between the local kind cluster (a fake
// API server behind a kind-style kubeconfig) and a remote environment of wright.environments (a second fake API
// server behind a GKE-style context in a kubeconfig of its own). The two clusters differ on purpose (the remote
// one's authentik-worker crash-loops), so the tree and the status bar show which one is watched.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { stringify } from 'yaml';
import type { RenderedTreeItem, WrightApi } from '../../src/vscode/extensionApi';
import { FakeCluster } from './support/fakeCluster';
import { configure, eventually, findItem, outline, wrightApi } from './support/wright';

const CLUSTER = 'wright-env';
const CONTEXT = 'gke_acme_europe-west1_staging';

function cloudKubeconfig(dir: string, server: string): string {
  const path = join(dir, 'cloud-kubeconfig');
  const config = {
    apiVersion: 'v1',
    kind: 'Config',
    'current-context': CONTEXT,
    clusters: [{ name: CONTEXT, cluster: { server, 'insecure-skip-tls-verify': true } }],
    contexts: [{ name: CONTEXT, context: { cluster: CONTEXT, user: CONTEXT } }],
    users: [{ name: CONTEXT, user: {} }],
  };
  writeFileSync(path, stringify(config), { mode: 0o600 });
  return path;
}

const worker = (items: readonly RenderedTreeItem[]): RenderedTreeItem | undefined =>
  findItem(items, ['staging-infra'])
    ?.children.flatMap((child) => [child, ...child.children])
    .find((item) => item.node.kind === 'pod' && item.label.startsWith('authentik-worker-'));

suite('Environments (issue 15): the view switches between the kind cluster and a remote environment', function () {
  this.timeout(90_000);
  let api: WrightApi;
  let kind: FakeCluster;
  let cloud: FakeCluster;
  let restoreSettings: () => Promise<void>;
  const explain = async (): Promise<unknown> => ({ tree: outline(await api.treeItems()), status: api.statusBar() });

  suiteSetup(async () => {
    api = await wrightApi();
    kind = new FakeCluster();
    cloud = new FakeCluster();
    await kind.start();
    await cloud.start();
    await kind.control('POST', 'seed', { scenario: 'staging' });
    await cloud.control('POST', 'seed', { scenario: 'staging' });
    restoreSettings = await configure({
      kubeconfig: await kind.kubeconfig(CLUSTER),
      clusterName: CLUSTER,
      environments: [{ name: 'staging-gke', kubeconfig: cloudKubeconfig(cloud.dir, cloud.url), context: CONTEXT, overlay: 'staging' }],
    });
    await vscode.commands.executeCommand('wright.cluster.focus');
  });

  suiteTeardown(async () => {
    await vscode.commands.executeCommand('wright.selectEnvironment', 'local');
    await restoreSettings?.();
    await kind?.dispose();
    await cloud?.dispose();
  });

  test('local first: the kind cluster, all ready, the status bar without an environment name', async () => {
    await vscode.commands.executeCommand('wright.selectEnvironment', 'local');
    const status = await eventually('the kind cluster ready in the status bar', () => (/^\$\(check\) WRight \d+\/\d+$/.test(api.statusBar().text) ? api.statusBar() : undefined), { explain });
    assert.doesNotMatch(status.tooltip, /Environment/);
  });

  test('selecting staging-gke watches the remote cluster: its crash-looping worker, WRight staging-gke in the status bar', async () => {
    await cloud.control('POST', 'pods/crashloop', { namespace: 'staging-infra', pod: 'authentik-worker' });
    const chosen = await vscode.commands.executeCommand<string>('wright.selectEnvironment', 'staging-gke');
    assert.equal(chosen, 'staging-gke');
    const item = await eventually('the remote worker crash-looping in the tree', async () => {
      const pod = worker(await api.treeItems());
      return pod?.icon === 'error' ? pod : undefined;
    }, { explain });
    assert.match(item.description ?? '', /CrashLoopBackOff/);
    const status = await eventually('the status bar naming the environment', () => (/WRight staging-gke \d+\/\d+/.test(api.statusBar().text) ? api.statusBar() : undefined), { explain });
    assert.match(status.tooltip, /Environment staging-gke\*\* \(context gke\\_acme\\_europe-west1\\_staging, overlay staging\)/);
    const watched = (await cloud.requests()).filter((request) => request.path.startsWith('/api/v1/pods') || request.path.startsWith('/apis/apps/v1/deployments'));
    assert.ok(watched.length > 0, 'the remote API server is listed and watched');
  });

  test('back to local: the kind cluster again, the worker healthy, no environment name', async () => {
    await vscode.commands.executeCommand('wright.selectEnvironment', 'local');
    await eventually('the kind cluster in the status bar', () => (/^\$\(check\) WRight \d+\/\d+$/.test(api.statusBar().text) ? true : undefined), { explain });
    const item = await eventually('the local worker ready', async () => {
      const pod = worker(await api.treeItems());
      return pod?.icon === 'pass-filled' ? pod : undefined;
    }, { explain });
    assert.doesNotMatch(item.description ?? '', /CrashLoopBackOff/);
  });
});
