// Issue 13 in a real VS Code: "WRight: Copy OIDC Settings" against a fake API server holding the Secret oidc-client
// the deploy step writes. The quick pick is answered with VS Code's own quick-open commands once the command says
// it is asking; the clipboard is read back through VS Code's clipboard API. The secret reaches the clipboard only
// on the explicit second choice, and never the Output log.
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { FakeCluster } from './support/fakeCluster';
import { configure, eventually, outputLog, waitForOutput, wrightApi } from './support/wright';

const CLUSTER = 'wright-oidc';
const ISSUER = 'http://auth.wright.localhost/application/o/wright-staging/';
const CLIENT_SECRET = 'oidc-client-secret-for-the-integration-test-0123';

suite('Copy OIDC Settings (issue 13)', function () {
  this.timeout(60_000);
  let cluster: FakeCluster;
  let restoreSettings: () => Promise<void>;

  suiteSetup(async () => {
    await wrightApi();
    cluster = new FakeCluster();
    await cluster.start();
    await cluster.control('POST', 'seed', { scenario: 'staging' });
    const data = {
      OIDC_ISSUER: ISSUER,
      OIDC_DISCOVERY_URL: `${ISSUER}.well-known/openid-configuration`,
      OIDC_CLIENT_ID: 'wright-staging',
      OIDC_CLIENT_SECRET: CLIENT_SECRET,
      OIDC_INTERNAL_BASE_URL: 'http://authentik-server.staging-infra.svc.cluster.local',
    };
    const object = {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 'oidc-client', namespace: 'staging-core' },
      type: 'Opaque',
      data: Object.fromEntries(Object.entries(data).map(([key, value]) => [key, Buffer.from(value).toString('base64')])),
    };
    await cluster.control('POST', 'objects', { object });
    restoreSettings = await configure({ kubeconfig: await cluster.kubeconfig(CLUSTER), clusterName: CLUSTER });
  });

  suiteTeardown(async () => {
    await restoreSettings?.();
    await cluster?.dispose();
  });

  /** The Output log's document, already open (reading it must not reveal the panel: that would close the quick pick). */
  function outputDocument(): vscode.TextDocument {
    const document = vscode.workspace.textDocuments.find((doc) => doc.uri.scheme === 'output' && doc.uri.path.includes('.WRight'));
    assert.ok(document, 'the WRight Output document is open');
    return document;
  }

  /** Runs the command and picks the quick pick's item `index` once the command has asked. */
  async function copyOidcSettings(index: number): Promise<string> {
    await vscode.env.clipboard.writeText('before');
    const from = (await outputLog()).length;
    let settled = false;
    const done = Promise.resolve(vscode.commands.executeCommand('wright.copyOidcSettings')).finally(() => (settled = true));
    await eventually('the command to ask which settings to copy', () => (outputDocument().getText().slice(from).includes('Asking which OIDC settings') ? true : undefined));
    // The quick pick opens right after that line; until it is there, the quick-open commands do nothing.
    while (!settled) {
      for (let i = 0; i < index; i++) await vscode.commands.executeCommand('workbench.action.quickOpenSelectNext');
      await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
      await Promise.race([done, new Promise((resolve) => setTimeout(resolve, 200))]);
    }
    await done;
    return vscode.env.clipboard.readText();
  }

  test('the first choice copies issuer, discovery URL and client id, without the secret', async () => {
    const copied = await copyOidcSettings(0);
    assert.match(copied, new RegExp(`^OIDC_ISSUER=${ISSUER.replace(/[.]/g, '\\.')}$`, 'm'));
    assert.match(copied, /^OIDC_DISCOVERY_URL=http:\/\/auth\.wright\.localhost\/application\/o\/wright-staging\/\.well-known\/openid-configuration$/m);
    assert.match(copied, /^OIDC_CLIENT_ID=wright-staging$/m);
    assert.match(copied, /Redirect URIs the application accepts: http:\/\/<name>\.wright\.localhost\[:port\]/);
    assert.ok(!copied.includes(CLIENT_SECRET), 'no client secret on the first choice');
    assert.ok(!copied.includes('OIDC_CLIENT_SECRET'), 'no secret line at all');
  });

  test('the explicit second choice adds the client secret; the log never shows it', async () => {
    const copied = await copyOidcSettings(1);
    assert.match(copied, new RegExp(`^OIDC_CLIENT_SECRET=${CLIENT_SECRET}$`, 'm'));
    assert.match(copied, /^OIDC_CLIENT_ID=wright-staging$/m);
    const log = await waitForOutput('the copy with the secret', (text) => /Copied the OIDC settings \(issuer .*, client wright-staging, with the client secret\) to the clipboard/.test(text));
    assert.ok(!log.includes(CLIENT_SECRET), 'the secret reached the Output log');
  });
});
