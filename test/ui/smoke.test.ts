// UI smoke test of the packaged extension: the .vsix installs into a fresh code-server, the WRight icon opens the
// view with its welcome content, and "WRight: Show Logs" opens the WRight Output channel. Screenshots go to
// .test-output/ui/. Expected texts come from package.json, so the test follows the manifest as it grows.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { repoRoot } from '../harness/testTools';
import { packagedApiProbe } from './packagedVsix';
import { openPackagedWorkbench, type PackagedWorkbench } from './packagedWorkbench';
import { escapeRegExp, type Workbench } from './workbench';

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
  let opened: PackagedWorkbench | undefined;
  let workbench: Workbench;
  let probeOut: string;

  before(async () => {
    const scratch = mkdtempSync(join(tmpdir(), 'wright-ui-'));
    mkdirSync(join(scratch, 'probe'));
    probeOut = join(scratch, 'api-probe.json');
    const probe = packagedApiProbe(join(scratch, 'probe'));
    opened = await openPackagedWorkbench({ scratch, screenshotDir, alsoInstall: [probe], workspace: join(scratch, 'workspace'), env: { WRIGHT_API_PROBE_OUT: probeOut } });
    workbench = opened.workbench;
  });

  after(() => opened?.close());

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

  test('another extension that activates WRight gets nothing from it (the API is for its own tests only)', async () => {
    // The probe extension (test/fixtures/apiProbe) activates on start-up, activates WRight and records the result.
    const deadline = Date.now() + 30_000;
    while (!existsSync(probeOut) && Date.now() < deadline) await new Promise((resolveWait) => setTimeout(resolveWait, 250));
    assert.ok(existsSync(probeOut), 'the API probe extension recorded nothing');
    const probe = JSON.parse(readFileSync(probeOut, 'utf8')) as { found: boolean; isActive?: boolean; exportKeys?: string[] | null };
    assert.deepEqual(probe, { found: true, isActive: true, exportKeys: null });
  });
});
