// Everything the journey test runs against, started and stopped together: the fake API server (its own process),
// a confined code-server with the packaged .vsix installed, the fake kind/docker/kubectl first on the extension
// host's PATH, and Debian's Chromium showing the workbench. Also a real listening socket on 127.0.0.1 that holds
// the configured ingress HTTP port, so the preflight finds it busy.
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launchBrowser, type Browser } from '../harness/browser';
import { freePort, startCodeServer, type CodeServer } from '../harness/codeServer';
import { ensureTestTools, repoRoot } from '../harness/testTools';
import { startFakeCluster, type FakeClusterProcess } from './fakeClusterProcess';
import { packagedVsix } from './packagedVsix';
import { Workbench } from './workbench';

export interface JourneyWorld {
  readonly root: string;
  readonly fake: FakeClusterProcess;
  readonly server: CodeServer;
  readonly browser: Browser;
  readonly workbench: Workbench;
  /** The ingress ports in the user settings; `busyHttpPort` is held by `holder` until released. */
  readonly busyHttpPort: number;
  readonly httpsPort: number;
  /** While this file exists, the fake docker (and kind) see the Docker daemon as stopped. */
  readonly dockerDownFile: string;
  /** Where the fake kind keeps its world (rendered kind configs, clusters). */
  readonly fakeState: string;
  releaseBusyPort(): Promise<void>;
  /** The WRight Output channel's whole text: the log file VS Code writes for the LogOutputChannel. */
  outputChannelText(): string;
  stop(): Promise<void>;
}

function listen(port: number): Promise<Server> {
  return new Promise((resolveListen, reject) => {
    const server = createServer((socket) => socket.destroy());
    server.once('error', reject);
    server.listen({ port, host: '127.0.0.1', exclusive: true }, () => resolveListen(server));
  });
}

function findFiles(dir: string, name: string): string[] {
  let found: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) found = [...found, ...findFiles(path, name)];
    else if (entry.name === name) found.push(path);
  }
  return found;
}

export async function startJourneyWorld(screenshotDir: string): Promise<JourneyWorld> {
  const tools = ensureTestTools();
  const vsix = packagedVsix();
  const root = mkdtempSync(join(tmpdir(), 'wright-journey-'));
  const fakeState = join(root, 'fake-state');
  mkdirSync(fakeState, { recursive: true });
  const dockerDownFile = join(root, 'docker-down');
  const stops: (() => Promise<void>)[] = [];
  const stopAll = async (): Promise<void> => {
    for (const stop of stops.reverse()) await stop().catch(() => undefined);
    rmSync(root, { recursive: true, force: true, maxRetries: 3 });
  };

  try {
    // Pods take a few seconds to become ready, long enough to see them starting in the view.
    const fake = await startFakeCluster({ portFile: join(root, 'api-port'), readyDelayMs: 2_500, terminationMs: 1_000 });
    stops.push(() => fake.stop());

    const busyHttpPort = await freePort();
    const holder = await listen(busyHttpPort);
    let holding = true;
    const releaseBusyPort = async (): Promise<void> => {
      if (!holding) return;
      holding = false;
      await new Promise<void>((resolveClose) => holder.close(() => resolveClose()));
    };
    stops.push(releaseBusyPort);
    const httpsPort = await freePort();
    // The local registry of the image caches (docs/images.md) on a free port too: 5001 is not the test's business.
    const registryPort = await freePort();

    const server = await startCodeServer({
      tools,
      installVsix: [vsix],
      baseDir: join(root, 'code-server'),
      workspace: join(root, 'workspace'),
      // The journey's docker/kind wrappers first, then the shared fakes (kubectl, and the fakes the wrappers load).
      pathPrepend: [join(repoRoot, 'test', 'fixtures', 'journey', 'bin'), join(repoRoot, 'test', 'fixtures', 'bin')],
      env: {
        WRIGHT_FAKE_STATE: fakeState,
        WRIGHT_FAKE_LOG: join(root, 'fake-calls.log'),
        WRIGHT_FAKE_API_URL: fake.url,
        WRIGHT_JOURNEY_DOCKER_DOWN: dockerDownFile,
        KUBECONFIG: '',
      },
      settings: {
        'wright.ingress.httpPort': busyHttpPort,
        'wright.ingress.httpsPort': httpsPort,
        'wright.images.registryPort': registryPort,
        'workbench.colorTheme': 'Default Dark Modern',
        // VS Code's own port detection would announce every port the extension forwards: not WRight's UI.
        'remote.autoForwardPorts': false,
      },
    });
    stops.push(() => server.stop());

    const browser = await launchBrowser(tools.chromium);
    stops.push(() => browser.close());
    await browser.page.setViewportSize({ width: 1280, height: 800 });
    const workbench = await Workbench.open(browser.page, server.url, server.workspace, screenshotDir);

    return {
      root,
      fake,
      server,
      browser,
      workbench,
      busyHttpPort,
      httpsPort,
      dockerDownFile,
      fakeState,
      releaseBusyPort,
      outputChannelText: () => {
        const logs = findFiles(join(server.baseDir, 'user-data', 'logs'), 'WRight.log');
        return logs.map((file) => readFileSync(file, 'utf8')).join('\n');
      },
      stop: stopAll,
    };
  } catch (error) {
    await stopAll();
    throw error;
  }
}
