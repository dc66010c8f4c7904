// UI smoke test of the packaged extension: the .vsix installs into a fresh code-server, the WRight icon opens the
// view with its welcome content, and "WRight: Show Logs" opens the WRight Output channel. Screenshots go to
// .test-output/ui/. Expected texts come from package.json, so the test follows the manifest as it grows.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { launchBrowser, type Browser } from '../harness/browser';
import { startCodeServer, type CodeServer } from '../harness/codeServer';
import { ensureTestTools, repoRoot } from '../harness/testTools';
import { packagedVsix } from './packagedVsix';
import { escapeRegExp, Workbench } from './workbench';

interface Manifest {
  version: string;
  contributes: {
    viewsContainers: { activitybar: { id: string; title: string }[] };
    viewsWelcome: { view: string; contents: string }[];
    commands: { command: string; title: string; category?: string }[];
  };
}

const manifest = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as Manifest;
const screenshotDir = join(repoRoot, '.test-output', 'ui');

function commandLabel(id: string): string {
  const command = manifest.contributes.commands.find((entry) => entry.command === id);
  assert.ok(command, `package.json does not declare ${id}`);
  return command.category ? `${command.category}: ${command.title}` : command.title;
}

/** The first line of each welcome entry of the view, as rendered: Markdown links become their label. */
function welcomeFirstLines(view: string): string[] {
  return manifest.contributes.viewsWelcome
    .filter((entry) => entry.view === view)
    .map((entry) => (entry.contents.split('\n')[0] ?? '').replace(/\[([^\]]*)\]\([^)]*\)/g, '$1').trim())
    .filter((line) => line !== '');
}

describe('WRight in code-server (packaged .vsix)', () => {
  let server: CodeServer | undefined;
  let browser: Browser | undefined;
  let workbench: Workbench;
  let scratch: string;

  before(async () => {
    const tools = ensureTestTools();
    const vsix = packagedVsix();

    rmSync(screenshotDir, { recursive: true, force: true });
    scratch = mkdtempSync(join(tmpdir(), 'wright-ui-'));
    server = await startCodeServer({ tools, installVsix: [vsix], workspace: join(scratch, 'workspace') });
    browser = await launchBrowser(tools.chromium);
    workbench = await Workbench.open(browser.page, server.url, server.workspace, screenshotDir);
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
    if (scratch) rmSync(scratch, { recursive: true, force: true, maxRetries: 3 });
  });

  test('the WRight activity bar icon opens the view with its welcome content', async () => {
    const container = manifest.contributes.viewsContainers.activitybar.find((entry) => entry.id === 'wright');
    assert.ok(container, 'package.json has no "wright" view container');
    const sideBar = await workbench.openView(container.title);
    const expected = welcomeFirstLines('wright.cluster');
    assert.ok(expected.length > 0, 'package.json has no welcome content for wright.cluster');
    const welcome = sideBar.locator('.welcome-view-content');
    await welcome.filter({ hasText: new RegExp(expected.map(escapeRegExp).join('|')) }).first().waitFor();
    await workbench.screenshot('wright-view');
  });

  test('"WRight: Show Logs" from the Command Palette opens the WRight Output channel', async () => {
    await workbench.runCommand(commandLabel('wright.showOutput'));
    const output = await workbench.readOutput(`WRight ${manifest.version} activated`);
    assert.equal(output.channel, 'WRight');
    assert.match(output.text, /\[info\] WRight \S+ activated/);
    await workbench.screenshot('wright-output');
  });
});
