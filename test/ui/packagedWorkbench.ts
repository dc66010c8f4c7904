// What each UI test file starts from: the packaged .vsix (plus any other extension) installed into a fresh
// code-server, opened in Chromium as a user would. close() stops both and removes the scratch folder.
import { rmSync } from 'node:fs';
import { launchBrowser, type Browser } from '../harness/browser';
import { startCodeServer, type CodeServer, type CodeServerOptions } from '../harness/codeServer';
import { ensureTestTools } from '../harness/testTools';
import { packagedVsix } from './packagedVsix';
import { Workbench } from './workbench';

export interface PackagedWorkbench {
  readonly workbench: Workbench;
  readonly server: CodeServer;
  close(): Promise<void>;
}

export interface PackagedWorkbenchOptions extends Omit<CodeServerOptions, 'tools' | 'installVsix'> {
  /** The scratch folder the test made (mkdtemp); removed by close(). */
  readonly scratch: string;
  readonly screenshotDir: string;
  /** Extensions installed next to WRight. */
  readonly alsoInstall?: readonly string[];
  readonly viewport?: { readonly width: number; readonly height: number };
}

export async function openPackagedWorkbench(options: PackagedWorkbenchOptions): Promise<PackagedWorkbench> {
  const { scratch, screenshotDir, alsoInstall = [], viewport, ...serverOptions } = options;
  const tools = ensureTestTools();
  const vsix = packagedVsix();
  rmSync(screenshotDir, { recursive: true, force: true });
  let server: CodeServer | undefined;
  let browser: Browser | undefined;
  const close = async (): Promise<void> => {
    await browser?.close();
    await server?.stop();
    rmSync(scratch, { recursive: true, force: true, maxRetries: 3 });
  };
  try {
    server = await startCodeServer({ ...serverOptions, tools, installVsix: [vsix, ...alsoInstall] });
    browser = await launchBrowser(tools.chromium);
    if (viewport) await browser.page.setViewportSize(viewport);
    const workbench = await Workbench.open(browser.page, server.url, server.workspace, screenshotDir);
    return { workbench, server, close };
  } catch (error) {
    await close();
    throw error;
  }
}
