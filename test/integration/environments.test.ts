// Issue 15 in a real VS Code: the view follows "WRight: Select Environment" between the local kind cluster (a fake
// API server behind a kind-style kubeconfig) and a remote environment of wright.environments (a second fake API
// server behind a GKE-style context in a kubeconfig of its own). The two clusters differ on purpose (the remote
// one's authentik-worker crash-loops), so the tree and the status bar show which one is watched.
import assert from 'node:assert/strict';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { stringify } from 'yaml';
import type { RenderedTreeItem, WrightApi } from '../../src/vscode/extensionApi';
import type { ConfirmationRule } from '../../src/environments/confirmation';
import { FakeCluster } from './support/fakeCluster';
import { FakeTools } from './support/fakeTools';
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

const argAfter = (argv: readonly string[], flag: string): string | undefined => argv[argv.indexOf(flag) + 1];

interface Recorded {
  readonly method: string;
  readonly path: string;
  readonly query: string;
}

suite('Environments (issue 15): Deploy to Environment shows the diff, asks, then applies the staging overlay', function () {
  this.timeout(180_000);
  let api: WrightApi;
  let cloud: FakeCluster;
  let tools: FakeTools;
  let restoreSettings: () => Promise<void>;
  let envFile: string;
  const writes = async (): Promise<Recorded[]> =>
    (await cloud.control<Recorded[]>('GET', 'requests')).filter((request) => request.method !== 'GET' && !request.query.includes('dryRun=All'));
  const diffTabs = (): vscode.TabInputTextDiff[] =>
    vscode.window.tabGroups.all.flatMap((group) => group.tabs.map((tab) => tab.input)).filter((input): input is vscode.TabInputTextDiff => input instanceof vscode.TabInputTextDiff && input.original.scheme === 'wright-diff');

  suiteSetup(async () => {
    api = await wrightApi();
    cloud = new FakeCluster(30);
    await cloud.start();
    tools = new FakeTools(cloud.url);
    const workspace = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
    assert.ok(workspace, 'a workspace folder is open');
    envFile = join(workspace, '.env.deploy-gke');
    writeFileSync(
      envFile,
      ['POSTGRES_PASSWORD', 'REDIS_PASSWORD', 'AUTHENTIK_POSTGRES_PASSWORD', 'AUTHENTIK_SECRET_KEY', 'AUTHENTIK_BOOTSTRAP_PASSWORD', 'AUTHENTIK_BOOTSTRAP_TOKEN', 'AUTHENTIK_OIDC_CLIENT_SECRET']
        .map((key) => `${key}=it-${key.toLowerCase()}-value-0123456789\n`)
        .join(''),
      { mode: 0o600 },
    );
    restoreSettings = await configure({
      'timeouts.readySeconds': 120,
      environments: [{ name: 'deploy-gke', kubeconfig: cloudKubeconfig(cloud.dir, cloud.url), context: CONTEXT, overlay: 'staging' }],
    });
    await vscode.commands.executeCommand('wright.selectEnvironment', 'deploy-gke');
  });

  suiteTeardown(async () => {
    api?.answerDeployConfirmations(undefined);
    await vscode.commands.executeCommand('wright.selectEnvironment', 'local');
    await restoreSettings?.();
    if (envFile) rmSync(envFile, { force: true });
    tools?.dispose();
    await cloud?.dispose();
  });

  test('declined: the diff editor was open and nothing had been written when it asked; nothing is written after', async () => {
    const asked: { rule: ConfirmationRule; writes: number; diffs: number }[] = [];
    api.answerDeployConfirmations(async (rule) => {
      asked.push({ rule, writes: (await writes()).length, diffs: diffTabs().length });
      return false;
    });
    const outcome = await vscode.commands.executeCommand<{ applied: boolean; changed: boolean }>('wright.deployToEnvironment');
    assert.deepEqual(outcome, { environment: 'deploy-gke', applied: false, changed: true });
    assert.equal(asked.length, 1);
    assert.equal(asked[0]?.rule.kind, 'yes-no');
    assert.match(asked[0]?.rule.question ?? '', new RegExp(`context "${CONTEXT}" at http://127\\.0\\.0\\.1:\\d+ \\(environment deploy-gke\\)`));
    assert.equal(asked[0]?.writes, 0, 'nothing written before the answer');
    assert.equal(asked[0]?.diffs, 1, 'the diff editor was open when it asked');
    const diff = diffTabs()[0]!;
    const after = (await vscode.workspace.openTextDocument(diff.modified)).getText();
    assert.match(after, /kind: StatefulSet[\s\S]*storageClassName: standard-rwo/);
    assert.match(after, /POSTGRES_PASSWORD: "\*\*\*"/);
    assert.doesNotMatch(after, /it-postgres_password/);
    assert.equal((await writes()).length, 0, 'declined: nothing written');
  });

  test('confirmed: the staging overlay lands in the remote cluster, with no kind or docker call', async () => {
    api.answerDeployConfirmations(() => Promise.resolve(true));
    const outcome = await vscode.commands.executeCommand<{ applied: boolean }>('wright.deployToEnvironment');
    assert.deepEqual(outcome, { environment: 'deploy-gke', applied: true, changed: true });
    const snapshot = await cloud.control<{ objects: { object: { kind?: string; metadata: { name: string; namespace?: string } } }[] }>('GET', 'snapshot');
    const has = (kind: string, namespace: string, name: string): boolean =>
      snapshot.objects.some(({ object }) => object.kind === kind && object.metadata.namespace === namespace && object.metadata.name === name);
    assert.ok(has('StatefulSet', 'staging-infra', 'postgres'), 'postgres StatefulSet in the remote cluster');
    assert.ok(has('Secret', 'staging-infra', 'authentik-secrets'), 'Secret from .env.deploy-gke');
    assert.deepEqual(tools.calls().filter((call) => call.tool !== 'kubectl'), [], 'no kind or docker call');
    // The fake kubectl on PATH logs each call and hands it to the real kubectl: every one names the environment.
    const kubectlCalls = tools.calls().filter((call) => call.argv[0] !== 'version');
    assert.ok(kubectlCalls.some((call) => call.argv.includes('diff')) && kubectlCalls.some((call) => call.argv.join(' ').includes('apply -f -')));
    for (const call of kubectlCalls) assert.deepEqual([argAfter(call.argv, '--context'), argAfter(call.argv, '--kubeconfig')?.endsWith('cloud-kubeconfig')], [CONTEXT, true], call.argv.join(' '));
    await eventually('the view showing the remote cluster with its pods', () => (/WRight deploy-gke \d+\/\d+/.test(api.statusBar().text) ? true : undefined), { timeoutMs: 30_000 });
  });
});
