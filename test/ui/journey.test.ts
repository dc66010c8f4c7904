// The whole user journey in a real VS Code (code-server) with the packaged .vsix, driven through the UI the way a
// person uses it: the fake docker/kind/kubectl and the fake Kubernetes API server (its own process) stand in for a
// machine with Docker. Bad paths first (Docker stopped, the ingress port taken), then create, watch, crash-loop,
// restart, open Authentik, port-forward Postgres, tear down, and the Getting Started walkthrough. Each test is one
// step and builds on the previous ones. Screenshots of every step go to .test-output/journey/, and the curated
// crops shown in the README to .test-output/journey/curated/ (copied to docs/images/ by hand when the UI changes).
import assert from 'node:assert/strict';
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { type Page } from 'playwright-core';
import { repoRoot } from '../harness/testTools';
import { startJourneyWorld, type JourneyWorld } from './journeyWorld';
import { type Workbench } from './workbench';

const screenshotDir = join(repoRoot, '.test-output', 'journey');
const curatedDir = join(screenshotDir, 'curated');
const STATUS_ID = 'wright-now.wright-staging.wright.status';
const WRIGHT_NAMESPACES = ['staging-infra', 'staging-core', 'staging-ai', 'staging-web'];
const INFRA_SERVICES = ['authentik-postgres', 'authentik-server', 'postgres', 'redis'];
/** .env keys whose values are secrets (src/lifecycle/secretSpec.ts generates them). */
const SECRET_KEYS = ['POSTGRES_PASSWORD', 'REDIS_PASSWORD', 'AUTHENTIK_POSTGRES_PASSWORD', 'AUTHENTIK_SECRET_KEY', 'AUTHENTIK_BOOTSTRAP_PASSWORD'];
/** What the screenshots for the README show: the side bar and the status bar, without the empty editor area. */
const VIEW_CLIP = { x: 0, y: 0, width: 490, height: 800 };
/** The same, with room for a tooltip beside the tree. */
const WIDE_CLIP = { x: 0, y: 0, width: 800, height: 800 };

interface StatusBarState {
  readonly text: string;
  readonly icon: string;
  readonly kind: 'error' | 'warning' | 'none';
  readonly ariaLabel: string;
}

async function statusBar(workbench: Workbench): Promise<StatusBarState> {
  const item = workbench.statusBarItem(STATUS_ID);
  await item.waitFor();
  const classes = (await item.getAttribute('class')) ?? '';
  const iconClasses = (await item.locator('.codicon').first().getAttribute('class').catch(() => '')) ?? '';
  return {
    text: (await item.innerText()).trim(),
    icon: /codicon-(?!modifier)([\w-]+)/.exec(iconClasses)?.[1] ?? '',
    kind: classes.includes('error-kind') ? 'error' : classes.includes('warning-kind') ? 'warning' : 'none',
    ariaLabel: (await item.getAttribute('aria-label')) ?? '',
  };
}

/** Polls until `check` passes (it throws while not), up to `timeoutMs`; rethrows the last failure. */
async function eventually<T>(check: () => T | Promise<T>, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await check();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolveSleep) => setTimeout(resolveSleep, 200));
    }
  }
}

async function waitForStatus(workbench: Workbench, expected: { text: RegExp; icon: string; kind?: StatusBarState['kind'] }): Promise<StatusBarState> {
  return eventually(async () => {
    const state = await statusBar(workbench);
    assert.match(state.text, expected.text);
    assert.equal(state.icon, expected.icon, `status bar icon (text "${state.text}")`);
    if (expected.kind) assert.equal(state.kind, expected.kind);
    return state;
  });
}

/** Is something listening on 127.0.0.1:port? (A listen attempt that fails with EADDRINUSE.) */
function isListening(port: number): Promise<boolean> {
  return new Promise((resolveProbe) => {
    const probe = createServer();
    probe.once('error', (error: NodeJS.ErrnoException) => resolveProbe(error.code === 'EADDRINUSE'));
    probe.listen({ port, host: '127.0.0.1', exclusive: true }, () => probe.close(() => resolveProbe(false)));
  });
}

function readEnvFile(path: string): Map<string, string> {
  const values = new Map<string, string>();
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    const match = /^([A-Z0-9_]+)=(.*)$/.exec(line.trim());
    if (match) values.set(match[1]!, match[2]!.replace(/^"(.*)"$/, '$1'));
  }
  return values;
}

/** Collects the pages the workbench opens (VS Code's openExternal opens a window), answering them locally. */
function watchPopups(page: Page): { urls: string[] } {
  const opened = { urls: [] as string[] };
  page.context().on('page', (popup) => {
    opened.urls.push(popup.url());
    popup.on('framenavigated', (frame) => {
      if (frame === popup.mainFrame()) opened.urls.push(frame.url());
    });
  });
  return opened;
}

describe('the WRight user journey in code-server (packaged .vsix, fake tools and API server)', () => {
  let world: JourneyWorld;
  let workbench: Workbench;
  let popups: { urls: string[] };
  let ports: { http: number; https: number };

  const curate = async (name: string, clip?: typeof VIEW_CLIP): Promise<void> => {
    const path = await workbench.screenshot(name, clip);
    mkdirSync(curatedDir, { recursive: true });
    copyFileSync(path, join(curatedDir, `${name}.png`));
  };

  before(async () => {
    rmSync(screenshotDir, { recursive: true, force: true });
    world = await startJourneyWorld(screenshotDir);
    workbench = world.workbench;
    // No network: external pages the product opens are answered here, and their URLs recorded.
    await world.browser.context.route(/^https?:\/\/(?!127\.0\.0\.1)/, (route) =>
      route.fulfill({ status: 200, contentType: 'text/html', body: '<title>opened by the journey test</title>' }),
    );
    popups = watchPopups(world.browser.page);
  });

  after(async () => {
    await world?.stop();
  });

  test('1. the WRight view shows its welcome content with "Create Staging Cluster"', async () => {
    const sideBar = await workbench.openView('WRight');
    await workbench.setSideBarWidth(440);
    const welcome = sideBar.locator('.welcome-view-content');
    await welcome.filter({ hasText: 'No WRight staging cluster yet' }).waitFor();
    const buttons = await welcome.locator('.monaco-button').allInnerTexts();
    assert.ok(buttons.some((label) => label.trim() === 'Create Staging Cluster'), `welcome buttons: ${buttons.join(', ')}`);
    const status = await statusBar(workbench);
    assert.equal(status.text, 'WRight');
    assert.equal(status.icon, 'server-environment');
    await workbench.screenshot('welcome');
  });

  test('bad path: Docker not running -> an error notification with its action', async () => {
    writeFileSync(world.dockerDownFile, '');
    try {
      await workbench.runCommand('WRight: Create Staging Cluster');
      const error = await workbench.readNotification('Docker is not running');
      assert.match(error.icon, /codicon-error/);
      assert.deepEqual(error.buttons, ['How to start Docker', 'Show Logs']);
      await workbench.screenshot('docker-not-running');

      // The action opens Docker's page, after VS Code asks whether to open an external website.
      const before = popups.urls.length;
      await workbench.clickNotificationButton('Docker is not running', 'How to start Docker');
      const dialog = await workbench.readDialog();
      assert.match(dialog.text, /docs\.docker\.com/);
      await workbench.clickDialogButton('Open');
      await eventually(() => assert.ok(popups.urls.slice(before).some((url) => url.startsWith('https://docs.docker.com/engine/daemon/start')), popups.urls.join(', ')));
      for (const page of world.browser.context.pages()) if (page !== world.browser.page) await page.close();
      await world.browser.page.bringToFront();
      await workbench.clearNotifications();
    } finally {
      rmSync(world.dockerDownFile, { force: true });
    }
  });

  test('bad path: the ingress port is taken -> other ports offered; 2. Create shows progress and logs every command, no secret', async () => {
    await workbench.runCommand('WRight: Create Staging Cluster');
    const busy = await workbench.readNotification(`Port ${world.busyHttpPort} is already in use`);
    const offered = /Ports (\d+)\/(\d+) are free/.exec(busy.text);
    assert.ok(offered, busy.text);
    ports = { http: Number(offered[1]), https: Number(offered[2]) };
    assert.ok(busy.buttons.includes(`Use ports ${ports.http}/${ports.https}`), busy.buttons.join(', '));
    // The failed run's progress notification closes: only the error stays.
    await workbench.notification(/Creating the staging cluster/).waitFor({ state: 'hidden' });
    await curate('ports-busy');

    await workbench.clickNotificationButton(`Port ${world.busyHttpPort} is already in use`, `Use ports ${ports.http}/${ports.https}`);
    // 2. The progress notification names the steps, and the status bar says what is going on.
    await workbench.notification(/Creating the staging cluster "wright-staging": Installing the ingress controller/).waitFor();
    // The status bar spins and names the step too.
    const creating = await statusBar(workbench);
    assert.match(creating.text, /^WRight: \S/);
    assert.equal(creating.icon, 'sync');
    await workbench.notification(/Creating the staging cluster "wright-staging": Waiting for services/).waitFor();
    // 3 (during the deploy): the view already shows the pods coming up, not the "no cluster yet" welcome.
    const infra = workbench.treeItem('staging-infra');
    await eventually(async () => assert.equal(await workbench.treeItemIcon(infra), 'loading'));
    const deploying = await statusBar(workbench);
    assert.equal(deploying.icon, 'sync', `still busy: "${deploying.text}"`);
    await curate('progress');

    const done = await workbench.readNotification(/the staging cluster "wright-staging" is ready/);
    assert.match(done.text, /all \d+ workloads ready/);
    assert.deepEqual(done.buttons, [`Save ports ${ports.http}/${ports.https} in Settings`]);
    await workbench.clickNotificationButton(/is ready/, `Save ports ${ports.http}/${ports.https} in Settings`);
    // The ports offered are the ones used: in the kind config the fake kind was given, and now in the settings.
    const kindConfig = readFileSync(join(world.fakeState, 'created-config-wright-staging.yaml'), 'utf8');
    assert.match(kindConfig, new RegExp(`hostPort: ${ports.http}\\b`));
    assert.match(kindConfig, new RegExp(`hostPort: ${ports.https}\\b`));
    await eventually(() => {
      const settings = JSON.parse(readFileSync(join(world.server.baseDir, 'user-data', 'User', 'settings.json'), 'utf8')) as Record<string, unknown>;
      assert.equal(settings['wright.ingress.httpPort'], ports.http);
      assert.equal(settings['wright.ingress.httpsPort'], ports.https);
    });

    // The Output channel logs the commands run, and none of the secrets the deploy generated into .env.
    const env = readEnvFile(join(world.server.workspace, '.env'));
    const secrets = SECRET_KEYS.map((key) => env.get(key) ?? '');
    for (const [i, secret] of secrets.entries()) assert.ok(secret.length >= 16, `${SECRET_KEYS[i]} in .env: "${secret.length} chars"`);
    const log = world.outputChannelText();
    for (const command of [/\$ docker info/, /\$ kind create cluster --name wright-staging/, /\$ kubectl .* apply -k .*ingress-nginx/, /\$ kubectl .* apply -f -/]) {
      assert.match(log, command);
    }
    for (const [i, secret] of secrets.entries()) assert.ok(!log.includes(secret), `the Output channel contains ${SECRET_KEYS[i]}`);
    // ...although they did reach the cluster (through kubectl's stdin): the check above is not vacuous.
    const snapshot = JSON.stringify(await world.fake.control('snapshot'));
    const postgresPassword = secrets[0]!;
    assert.ok(snapshot.includes(postgresPassword) || snapshot.includes(Buffer.from(postgresPassword).toString('base64')), 'POSTGRES_PASSWORD is not in the cluster');

    await workbench.runCommand('WRight: Show Logs');
    // Monaco renders spaces as non-breaking spaces, which \s matches.
    const output = await workbench.readOutput(/Waiting\sfor\sservices:\s6\/6\sready/);
    assert.equal(output.channel, 'WRight');
    for (const [i, secret] of secrets.entries()) assert.ok(!output.text.includes(secret), `the Output panel shows ${SECRET_KEYS[i]}`);
    await workbench.screenshot('output-channel');
    await workbench.runCommand('View: Hide Panel');
  });

  test('3. the tree shows the four namespaces, the staging-infra services and pods with health icons; the status bar says 5/5', async () => {
    await workbench.clearNotifications();
    const status = await waitForStatus(workbench, { text: /^WRight 5\/5$/, icon: 'check', kind: 'none' });
    assert.match(status.ariaLabel, /All 5 pods ready/);
    for (const name of WRIGHT_NAMESPACES) await workbench.treeItem(name).waitFor();
    assert.equal(await workbench.treeItemIcon(workbench.treeItem('staging-infra')), 'pass-filled');
    assert.match((await workbench.treeItem('staging-infra').getAttribute('aria-label')) ?? '', /5\/5 ready/);
    assert.equal(await workbench.treeItemIcon(workbench.treeItem('staging-core')), 'circle-outline');
    for (const service of INFRA_SERVICES) {
      const row = workbench.treeItem(service);
      await eventually(async () => assert.equal(await workbench.treeItemIcon(row), 'pass-filled', service));
      assert.match((await row.getAttribute('aria-label')) ?? '', /1\/1 ready/);
    }
    // A service's pods are its children.
    await workbench.treeItem('postgres').click();
    await world.browser.page.keyboard.press('ArrowRight');
    const pod = workbench.treeItem('postgres-0');
    await pod.waitFor();
    assert.equal(await workbench.treeItemIcon(pod), 'pass-filled');
    assert.match((await pod.getAttribute('aria-label')) ?? '', /Running 1\/1/);
    await workbench.dismissHovers();
    await curate('cluster-view', VIEW_CLIP);
  });

  test('4. a crash-looping pod turns its service, namespace and the status bar to failing; its tooltip says why', async () => {
    await world.fake.control('pods/crashloop', { namespace: 'staging-infra', pod: 'authentik-server' });
    const status = await waitForStatus(workbench, { text: /^WRight 4\/5$/, icon: 'error', kind: 'error' });
    assert.match(status.ariaLabel, /staging-infra\/authentik-server has no ready pod/);
    assert.match(status.ariaLabel, /CrashLoopBackOff/);
    const service = workbench.treeItem('authentik-server');
    await eventually(async () => assert.equal(await workbench.treeItemIcon(service), 'error'));
    assert.match((await service.getAttribute('aria-label')) ?? '', /0\/1 ready, 1 failing/);
    assert.equal(await workbench.treeItemIcon(workbench.treeItem('staging-infra')), 'error');
    // Open the service (VS Code remembers whether it was open before) to see its pod.
    if ((await service.getAttribute('aria-expanded')) !== 'true') {
      await service.click();
      await world.browser.page.keyboard.press('ArrowRight');
    }
    const pod = workbench.treeItemStartingWith('authentik-server-');
    await pod.waitFor();
    assert.equal(await workbench.treeItemIcon(pod), 'error');
    const tooltip = await workbench.treeItemTooltip(pod);
    assert.match(tooltip, /CrashLoopBackOff/);
    assert.match(tooltip, /Restarts: 1/);
    await curate('crash-loop', WIDE_CLIP);
  });

  test('5. right-click "Restart Pod": the pod is deleted and comes back; the view and the status bar follow', async () => {
    const pod = workbench.treeItemStartingWith('authentik-server-');
    const oldName = (await pod.locator('.label-name').innerText()).trim();
    const menu = await workbench.openContextMenu(pod);
    assert.deepEqual(menu, ['Show Pod Logs', 'Restart Pod', 'Restart Workload']);
    await curate('context-menu', VIEW_CLIP);
    await workbench.chooseMenuItem('Restart Pod');
    await workbench.readNotification(`Restarting ${oldName}: its ReplicaSet creates a new pod.`);

    // The replacement starts (the status bar "starting"), then is ready: 5/5 again.
    await waitForStatus(workbench, { text: /^WRight 4\/5$/, icon: 'loading', kind: 'none' });
    await waitForStatus(workbench, { text: /^WRight 5\/5$/, icon: 'check', kind: 'none' });
    await eventually(async () => {
      const names = await world.browser.page.locator('.part.sidebar .monaco-list-row .label-name').allInnerTexts();
      const pods = names.map((name) => name.trim()).filter((name) => name.startsWith('authentik-server-'));
      assert.equal(pods.length, 1, pods.join(', '));
      assert.notEqual(pods[0], oldName);
    });
    await eventually(async () => assert.equal(await workbench.treeItemIcon(workbench.treeItem('authentik-server')), 'pass-filled'));
    const log = world.outputChannelText();
    assert.match(log, new RegExp(`Deleting pod staging-infra/${oldName} to restart it`));
  });

  test('5b. a pod pulling its image says which image and for how long; ready again once pulled', async () => {
    await workbench.clearNotifications();
    // The kubelet has been pulling Redis's image for 42 s (the pod's sandbox came up then).
    await world.fake.control('pods/pulling', { namespace: 'staging-infra', pod: 'redis-0', sinceSeconds: 42 });
    const service = workbench.treeItem('redis');
    if ((await service.getAttribute('aria-expanded')) !== 'true') {
      await service.click();
      await world.browser.page.keyboard.press('ArrowRight');
    }
    const pod = workbench.treeItem('redis-0');
    await pod.waitFor();
    // The description, as the row shows it: "pulling <image> · 42 s" (a few seconds more if the view updates late).
    const description = await eventually(async () => {
      const text = (await pod.locator('.label-description').innerText()).trim();
      assert.match(text, /^pulling redis:8\.4\.0-alpine · (4[2-9]|[5-9]\d) s 0\/1 · /);
      return text;
    });
    assert.equal(await workbench.treeItemIcon(pod), 'loading');
    // (The tooltip's "Pulling:" line is checked by test/unit/imagePull.test.ts.)
    await workbench.dismissHovers();
    await curate('image-pulling', VIEW_CLIP);
    await world.fake.control('pods/pulled', { namespace: 'staging-infra', pod: 'redis-0' });
    await eventually(async () => assert.doesNotMatch((await pod.locator('.label-description').innerText()).trim(), /pulling/, description));
    await waitForStatus(workbench, { text: /^WRight 5\/5$/, icon: 'check', kind: 'none' });
  });

  test('6. "Open Ingress URL" on Authentik opens its URL on the ingress port in use', async () => {
    await workbench.clearNotifications();
    const before = popups.urls.length;
    await workbench.openContextMenu(workbench.treeItem('authentik-server'));
    await workbench.chooseMenuItem('Open Ingress URL');
    const expected = `http://auth.wright.localhost:${ports.http}/`;
    await eventually(() => assert.ok(popups.urls.slice(before).includes(expected), `opened: ${popups.urls.slice(before).join(', ') || 'nothing'}`));
    for (const page of world.browser.context.pages()) if (page !== world.browser.page) await page.close();
    await world.browser.page.bringToFront();
    assert.match(world.outputChannelText(), new RegExp(`Opening ${expected.replace(/[.]/g, '\\.')}`));
  });

  test('7. port-forward Postgres: listed on the service and in the status bar tooltip, then stopped', async () => {
    const service = workbench.treeItem('postgres');
    const menu = await workbench.openContextMenu(service);
    assert.ok(menu.includes('Port-Forward Service...'), menu.join(', '));
    await workbench.chooseMenuItem('Port-Forward Service...');
    const started = await workbench.readNotification(/Forwarding staging-infra\/postgres:5432 on 127\.0\.0\.1:\d+/);
    const address = /127\.0\.0\.1:(\d+)/.exec(started.text);
    assert.ok(address, started.text);
    const localPort = Number(address[1]);
    assert.deepEqual(started.buttons, ['Copy Address', 'Stop']);
    assert.ok(await isListening(localPort), `nothing listens on 127.0.0.1:${localPort}`);
    await eventually(async () => assert.match((await service.getAttribute('aria-label')) ?? '', new RegExp(`→ 127\\.0\\.0\\.1:${localPort}`)));
    const status = await statusBar(workbench);
    assert.match(status.ariaLabel, new RegExp(`staging-infra/postgres:5432 → 127\\.0\\.0\\.1:${localPort}`));
    await workbench.dismissHovers();
    await curate('port-forward', VIEW_CLIP);

    const withForward = await workbench.openContextMenu(service);
    assert.ok(withForward.includes('Stop Port-Forward'), withForward.join(', '));
    await workbench.chooseMenuItem('Stop Port-Forward');
    await workbench.readNotification(`Stopped the port-forward of staging-infra/postgres:5432 (127.0.0.1:${localPort}).`);
    await eventually(async () => assert.doesNotMatch((await service.getAttribute('aria-label')) ?? '', /→/));
    await eventually(async () => assert.equal(await isListening(localPort), false, `127.0.0.1:${localPort} still listens`));
  });

  test('8. "WRight: Tear Down Staging Cluster", confirmed: the view returns to its welcome content', async () => {
    await workbench.clearNotifications();
    await workbench.runCommand('WRight: Tear Down Staging Cluster');
    const dialog = await workbench.readDialog();
    assert.match(dialog.text, /Tear down the staging cluster "wright-staging"\?/);
    assert.match(dialog.text, /data volumes/);
    assert.ok(dialog.buttons.includes('Tear Down'), dialog.buttons.join(', '));
    // The image caches stay unless the second choice is taken (docs/images.md).
    assert.ok(dialog.buttons.includes('Tear Down and Remove Image Caches'), dialog.buttons.join(', '));
    assert.match(dialog.text, /image caches and the local registry are kept/);
    await workbench.clickDialogButton('Tear Down');
    await workbench.readNotification(/^WRight: Deleted the cluster "wright-staging"\. The image caches and the local registry were kept/);
    await world.browser.page.locator('.part.sidebar .welcome-view-content').filter({ hasText: 'No WRight staging cluster yet' }).waitFor();
    await waitForStatus(workbench, { text: /^WRight$/, icon: 'server-environment', kind: 'none' });
    assert.match(world.outputChannelText(), /\$ kind delete cluster --name wright-staging/);
    assert.equal(existsSync(join(world.server.workspace, '.env')), true, 'teardown must keep the .env');
  });

  test('the "Get started with WRight" walkthrough renders its four steps; a step\'s button runs its command and checks it', async () => {
    await workbench.clearNotifications();
    // Without the side bar the editor is wide enough for the walkthrough's Markdown column beside the steps.
    await workbench.runCommand('View: Close Primary Side Bar');
    await workbench.runCommand('Welcome: Open Walkthrough...', { asks: true });
    await workbench.pickQuickInput('Get started with WRight');
    const walkthrough = world.browser.page.locator('.gettingStartedContainer');
    await walkthrough.locator('.category-title:visible', { hasText: 'Get started with WRight' }).first().waitFor();
    const steps = walkthrough.locator('.getting-started-step');
    const titles = (await steps.locator('.step-title').allInnerTexts()).map((title) => title.trim());
    assert.deepEqual(titles, ['Check the prerequisites', 'Create the staging cluster', 'Open Authentik', 'Port-forward Postgres']);
    const prerequisites = walkthrough.locator('.getting-started-step[data-step-id$="#wright.checkPrerequisites"]');
    assert.equal(await prerequisites.getAttribute('aria-checked'), 'false');
    // The first step is open: its explanation and its command as a button; its Markdown page beside it.
    await prerequisites.locator('.monaco-button', { hasText: 'Check Prerequisites' }).waitFor();
    // The Markdown is rendered in a webview: a frame of the page.
    await eventually(async () => {
      const texts = await Promise.all(world.browser.page.frames().map((frame) => frame.locator('body').innerText().catch(() => '')));
      assert.ok(texts.some((text) => text.includes('WRight runs a kind cluster on your machine')), 'the step\'s Markdown is not shown');
    });
    await curate('walkthrough');

    // The button runs "Check Prerequisites" (completionEvents onCommand): the step is checked, and the check
    // passes now that the settings hold the free ports saved in step 2.
    await prerequisites.locator('.monaco-button', { hasText: 'Check Prerequisites' }).click();
    await eventually(async () => assert.equal(await prerequisites.getAttribute('aria-checked'), 'true'));
    const checked = await workbench.readNotification('WRight: all prerequisites are met');
    assert.deepEqual(checked.buttons, ['Create Staging Cluster']);
  });
});
