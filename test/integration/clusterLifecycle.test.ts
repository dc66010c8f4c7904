// Issue 4 in a real VS Code: "WRight: Create Staging Cluster" end to end with the fake kind/docker/kubectl first on
// PATH and a fake API server behind the kubeconfig that the fake kind writes (the real kubectl applies the bundled
// manifests to it). Checked: the tools' argv (isolated kubeconfig and context on every call), the steps in the
// Output log, the cluster becoming present in the context key, view and status bar, no generated secret in any
// log, ~/.kube/config untouched, Docker being down reported in the log, and a port-forward on the deployed stack
// stopped by the teardown. Teardown runs through the engine the extension exposes: its modal confirmation cannot
// be answered from the extension host, so clicking it is the UI journey test's part (test/ui).
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import * as vscode from 'vscode';
import { readSettings } from '../../src/vscode/settings';
import type { WrightApi } from '../../src/vscode/extensionApi';
import { FakeCluster } from './support/fakeCluster';
import { FakeTools, flagValue } from './support/fakeTools';
import { roundTrip } from './support/tcp';
import { configure, eventually, findItem, freePort, outline, outputLog, setEnv, waitForOutput, wrightApi } from './support/wright';

const CLUSTER = 'wright-it';
const CONTEXT = `kind-${CLUSTER}`;
const WRIGHT_NAMESPACES = ['staging-infra', 'staging-core', 'staging-ai', 'staging-web'];

/** What ~/.kube/config holds (undefined: no file), to prove WRight leaves it alone. */
function homeKubeconfig(): string | undefined {
  const file = join(homedir(), '.kube', 'config');
  return existsSync(file) ? readFileSync(file, 'utf8') : undefined;
}

/** The secret-looking values of the workspace .env that Create generated. */
function envSecrets(): string[] {
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
  assert.ok(folder, 'no workspace folder is open');
  const file = join(folder, '.env');
  assert.ok(existsSync(file), `Create wrote no ${file}`);
  return readFileSync(file, 'utf8')
    .split('\n')
    .map((line) => /^\s*(?:export\s+)?([A-Z0-9_]+)\s*=\s*"?([^"\n]*)"?\s*$/.exec(line))
    .filter((match): match is RegExpExecArray => match !== null && /PASSWORD|SECRET|KEY|TOKEN/.test(match[1] ?? ''))
    .map((match) => match[2] ?? '')
    .filter((value) => value.length >= 8);
}

/** True when every string occurs in `text`, each after the previous one. */
function inOrder(text: string, parts: readonly string[]): boolean {
  let at = 0;
  for (const part of parts) {
    const found = text.indexOf(part, at);
    if (found < 0) return false;
    at = found + part.length;
  }
  return true;
}

suite('Cluster lifecycle (issue 4): commands against the fake tools', function () {
  this.timeout(90_000);
  let api: WrightApi;
  let cluster: FakeCluster;
  let tools: FakeTools;
  let restoreSettings: () => Promise<void>;
  let kubeconfigBefore: string | undefined;

  suiteSetup(async () => {
    api = await wrightApi();
    cluster = new FakeCluster();
    await cluster.start();
    tools = new FakeTools(cluster.url);
    kubeconfigBefore = homeKubeconfig();
    // High free ports: the machine's 80/443 are not this test's business (and need root).
    restoreSettings = await configure({ clusterName: CLUSTER, 'ingress.httpPort': await freePort(), 'ingress.httpsPort': await freePort(), 'images.registryPort': await freePort() });
  });

  suiteTeardown(async () => {
    await restoreSettings?.();
    tools?.dispose();
    await cluster?.dispose();
  });

  test('with Docker down, Create reports "Docker is not running" in the Output log and creates nothing', async () => {
    const from = (await outputLog()).length;
    const restore = setEnv({ WRIGHT_FAKE_DOCKER: 'down' });
    try {
      // Not awaited: after a failure the command waits for the user to answer its error notification.
      void vscode.commands.executeCommand('wright.createCluster');
      const log = await waitForOutput('the Docker failure', (text) => /\[error\] Docker is not running/.test(text), from);
      assert.match(log, /Checking prerequisites/);
    } finally {
      restore();
    }
    assert.deepEqual(
      tools.calls().filter((call) => call.tool === 'kind' && call.argv[0] === 'create'),
      [],
      'kind create ran although Docker is down',
    );
    await eventually('the engine to be idle and the cluster absent', () => (api.clusterState() === 'absent' && api.lifecycle.activity === 'idle' ? true : undefined));
  });

  test('Create runs end to end: isolated kubeconfig and context on every call, steps in the log, cluster present', async () => {
    const from = (await outputLog()).length;
    const callsBefore = tools.calls().length;
    await vscode.commands.executeCommand('wright.createCluster');

    const calls = tools.calls().slice(callsBefore);
    const create = calls.find((call) => call.tool === 'kind' && call.argv[0] === 'create');
    assert.ok(create, `kind create cluster did not run; calls: ${JSON.stringify(calls)}`);
    assert.equal(flagValue(create.argv, '--name'), CLUSTER);
    const kubeconfig = flagValue(create.argv, '--kubeconfig');
    assert.ok(kubeconfig, `kind create without --kubeconfig: ${create.argv.join(' ')}`);
    assert.ok(!kubeconfig.startsWith(join(homedir(), '.kube')), `kind writes into the default kubeconfig folder: ${kubeconfig}`);

    const kubectl = calls.filter((call) => call.tool === 'kubectl');
    assert.ok(kubectl.some((call) => call.argv.includes('apply')), 'kubectl apply never ran');
    for (const call of kubectl) {
      assert.equal(flagValue(call.argv, '--kubeconfig'), kubeconfig, `kubectl without WRight's kubeconfig: ${call.argv.join(' ')}`);
      assert.equal(flagValue(call.argv, '--context'), CONTEXT, `kubectl without --context ${CONTEXT}: ${call.argv.join(' ')}`);
    }

    // The Output document follows the channel's log file a little behind: wait for the steps, in order.
    const steps = ['Checking prerequisites', `Creating the kind cluster "${CLUSTER}"`, 'Installing the ingress controller', 'Applying manifests', 'Waiting for services'];
    await waitForOutput(`the steps ${steps.join(' -> ')}`, (log) => inOrder(log, steps), from);
    assert.equal(api.clusterState(), 'present');
    // New integrated terminals get WRight's kubeconfig, so plain `kubectl` there reaches the staging cluster.
    await eventually('KUBECONFIG for terminals', () => (api.terminalKubeconfig() === kubeconfig ? true : undefined), { explain: () => api.terminalKubeconfig() });
    // ... and WRight's state folder, so `wright` typed there shares the records and the operation lock.
    assert.equal(api.terminalWrightHome(), dirname(kubeconfig), 'terminals get WRIGHT_HOME = the state folder holding the kubeconfig');
  });

  test('"Show Image Cache" lists the three caches and the local registry the create started, each running', async () => {
    const report = await vscode.commands.executeCommand<{ registries: { name: string; state: string }[] } | undefined>('wright.showImageCache', { quiet: true });
    assert.deepEqual(
      report?.registries.map((r) => `${r.name}:${r.state}`),
      ['wright-cache-docker-io:running', 'wright-cache-ghcr-io:running', 'wright-cache-registry-k8s-io:running', 'wright-registry:running'],
    );
  });

  test('the created cluster shows up in the view and the status bar, from the fake API server', async () => {
    const items = await eventually(
      "WRight's four namespaces in the tree",
      async () => {
        const tree = await api.treeItems();
        return WRIGHT_NAMESPACES.every((name) => findItem(tree, [name])) && findItem(tree, ['staging-infra', 'postgres']) ? tree : undefined;
      },
      { explain: async () => outline(await api.treeItems()) },
    );
    assert.deepEqual(items.map((item) => item.label).sort(), [...WRIGHT_NAMESPACES].sort());
    await eventually('the status bar to say every pod is ready', () => {
      const match = /WRight (\d+)\/(\d+)$/.exec(api.statusBar().text);
      return match && match[1] === match[2] && Number(match[2]) > 0 ? true : undefined;
    }, { explain: () => api.statusBar() });
  });

  test("no generated secret reaches the Output log or a tool's argv, and ~/.kube/config is untouched", async () => {
    const secrets = envSecrets();
    assert.ok(secrets.length >= 3, `expected generated secrets in the workspace .env, found ${secrets.length}`);
    const log = await outputLog();
    const argvLog = tools.rawLog();
    for (const secret of secrets) {
      assert.ok(!log.includes(secret), 'a secret from .env appears in the Output log');
      assert.ok(!argvLog.includes(secret), "a secret from .env appears in a tool's argv");
    }
    assert.equal(homeKubeconfig(), kubeconfigBefore, '~/.kube/config changed');
  });

  test('a port-forward to the deployed redis carries a round trip', async () => {
    await cluster.attachEchoPortForward(['redis-0']);
    const redis = findItem(await api.treeItems(), ['staging-infra', 'redis']);
    assert.ok(redis, 'no redis service in the tree');
    await vscode.commands.executeCommand('wright.portForward', redis.node);
    const [forward] = api.portForwards();
    assert.ok(forward, 'no port-forward is running');
    assert.equal(await roundTrip(forward.localPort, 'ping'), 'redis-0:ping');
  });

  test('teardown through the engine: forwards stopped, kind delete with the isolated kubeconfig, the view and context key follow', async () => {
    const forwarded = api.portForwards().map((forward) => forward.localPort);
    assert.equal(forwarded.length, 1, 'the previous test left no forward to stop');
    const callsBefore = tools.calls().length;
    const result = await api.lifecycle.teardown({ settings: readSettings() });
    assert.equal(result.deleted, true, result.message);
    const deletes = tools.calls().slice(callsBefore).filter((call) => call.tool === 'kind' && call.argv[0] === 'delete');
    assert.equal(deletes.length, 1, 'kind delete cluster did not run once');
    const [deleted] = deletes;
    assert.equal(flagValue(deleted!.argv, '--name'), CLUSTER);
    assert.ok(flagValue(deleted!.argv, '--kubeconfig'), 'kind delete without --kubeconfig');

    await eventually('the context key to say absent', () => (api.clusterState() === 'absent' ? true : undefined), { explain: () => api.clusterState() });
    await eventually('terminals to lose KUBECONFIG', () => (api.terminalKubeconfig() === undefined ? true : undefined), { explain: () => api.terminalKubeconfig() });
    await eventually('the tree to be empty (welcome content)', async () => ((await api.treeItems()).length === 0 ? true : undefined));
    assert.match(api.statusBar().text, /^\$\(server-environment\) WRight$/);
    assert.equal(homeKubeconfig(), kubeconfigBefore, '~/.kube/config changed');
    // The extension's teardown hook stopped the forward before the cluster went.
    assert.deepEqual(api.portForwards(), []);
    await assert.rejects(roundTrip(forwarded[0]!, 'ping'), (error: NodeJS.ErrnoException) => error.code === 'ECONNREFUSED');
  });
});
