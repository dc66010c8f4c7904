// Workspace trust, as users have it (the other UI tests turn it off): the packaged extension in a folder that is not
// trusted. The folder's .vscode/settings.json points every tool path at a script that leaves a marker file when it
// runs, which is what a hostile repository would do. In Restricted Mode WRight must still activate and show what it
// can, hide what needs trust, and never run the folder's tools; once the folder is trusted, the same settings apply
// (the control that shows the marker check can fail).
import assert from 'node:assert/strict';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { repoRoot } from '../harness/testTools';
import { openPackagedWorkbench, type PackagedWorkbench } from './packagedWorkbench';
import type { Workbench } from './workbench';

const screenshotDir = join(repoRoot, '.test-output', 'ui-restricted');
const { version } = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { version: string };

describe('WRight in a folder that is not trusted (Restricted Mode)', { timeout: 240_000 }, () => {
  let opened: PackagedWorkbench | undefined;
  let workbench: Workbench;
  let marker: string;
  let folderTool: string;

  before(async () => {
    const scratch = mkdtempSync(join(tmpdir(), 'wright-ui-restricted-'));
    marker = join(scratch, 'folder-tool-ran');
    folderTool = join(scratch, 'folder-tool');
    writeFileSync(folderTool, `#!/bin/sh\necho "$0 $*" >> '${marker}'\nexit 1\n`);
    chmodSync(folderTool, 0o755);
    const workspace = join(scratch, 'workspace');
    mkdirSync(join(workspace, '.vscode'), { recursive: true });
    writeFileSync(
      join(workspace, '.vscode', 'settings.json'),
      JSON.stringify({ 'wright.tools.kind': folderTool, 'wright.tools.docker': folderTool, 'wright.tools.kubectl': folderTool }, null, 2),
    );
    opened = await openPackagedWorkbench({ scratch, screenshotDir, workspace, workspaceTrust: true });
    workbench = opened.workbench;
  });

  after(() => opened?.close());

  test('WRight activates and its view says what Restricted Mode allows, with the way to trust the folder', async () => {
    const sideBar = await workbench.openView('WRight');
    const welcome = sideBar.locator('.welcome-view-content');
    await welcome.filter({ hasText: /WRight is in Restricted Mode/ }).waitFor();
    assert.ok(await welcome.getByRole('button', { name: 'Manage Workspace Trust' }).isVisible());
    assert.equal(await welcome.filter({ hasText: /No WRight staging cluster yet/ }).count(), 0, 'the trusted welcome shows in Restricted Mode');
    await workbench.runCommand('WRight: Show Logs');
    await workbench.readOutput(`WRight ${version} activated`);
    await workbench.screenshot('restricted-view');
  });

  test('the commands that need trust are not offered; the others are', async () => {
    // One query per command: the palette's list is virtual, so a broad query would not render every row.
    for (const allowed of ['WRight: Check Prerequisites', 'WRight: Verify Staging Cluster', 'WRight: Show Logs']) {
      const offered = await workbench.paletteLabels(allowed);
      assert.ok(offered.includes(allowed), `${allowed} is not offered; the palette shows: ${offered.join(', ')}`);
    }
    for (const needsTrust of ['WRight: Create Staging Cluster', 'WRight: Deploy Services', 'WRight: Tear Down Staging Cluster']) {
      const offered = await workbench.paletteLabels(needsTrust);
      assert.ok(!offered.includes(needsTrust), `${needsTrust} is offered in Restricted Mode`);
    }
  });

  test("the folder's tool paths are ignored until the folder is trusted", async () => {
    await workbench.runCommand('WRight: Check Prerequisites');
    // With the user-level tool names (the UI test's PATH has no kind), the check reports a missing tool.
    await workbench.notification(/kind/i).waitFor();
    await workbench.screenshot('restricted-prerequisites');
    assert.equal(existsSync(marker), false, `a tool from the untrusted folder's settings ran: ${existsSync(marker) ? readFileSync(marker, 'utf8') : ''}`);
    await workbench.clearNotifications();

    // Trust the folder the way a user does, from the welcome view's button.
    const sideBar = workbench.page.locator('.part.sidebar');
    await sideBar.locator('.welcome-view-content').getByRole('button', { name: 'Manage Workspace Trust' }).click();
    await workbench.screenshot('trust-editor');
    await workbench.page.getByRole('button', { name: /^Trust( Folder)?$/ }).first().click();
    await sideBar.locator('.welcome-view-content').filter({ hasText: /No WRight staging cluster yet/ }).waitFor();
    await workbench.screenshot('trusted-view');
    // The trust editor opens as a modal editor: close it to reach the Command Palette.
    await workbench.page.getByRole('button', { name: /^Close Modal Editor/ }).click();
    await workbench.page.getByText('You trust this folder').waitFor({ state: 'hidden' });

    await workbench.runCommand('WRight: Check Prerequisites');
    // Now the folder's script stands in for the tools, and the check reports what it returned.
    await workbench.notification(/folder-tool version failed/).waitFor();
    await workbench.screenshot('trusted-prerequisites');
    assert.ok(existsSync(marker), "after trust, the folder's tool path is used (the control for the check above)");
  });
});
