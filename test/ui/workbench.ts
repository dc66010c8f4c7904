// Page helpers that drive VS Code's workbench in code-server the way a user does (activity bar, Command Palette,
// Output panel), shared by the UI tests. Selectors are VS Code's own DOM classes and ARIA labels (VS Code 1.139).
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { type Locator, type Page } from 'playwright-core';

const DEFAULT_TIMEOUT_MS = 30_000;

export class Workbench {
  private shots = 0;

  private constructor(
    readonly page: Page,
    private readonly screenshotDir: string,
  ) {}

  /** Opens `folder` in the workbench at `serverUrl` and waits until the workbench is up. */
  static async open(page: Page, serverUrl: string, folder: string, screenshotDir: string): Promise<Workbench> {
    mkdirSync(screenshotDir, { recursive: true });
    page.setDefaultTimeout(DEFAULT_TIMEOUT_MS);
    await page.goto(`${serverUrl}?folder=${encodeURIComponent(folder)}`);
    await page.locator('.monaco-workbench').waitFor();
    await page.locator('.activitybar').waitFor();
    return new Workbench(page, screenshotDir);
  }

  /** Clicks the activity bar icon of a view container (by its title) and returns the side bar. */
  async openView(containerTitle: string): Promise<Locator> {
    const icon = this.page.locator(`.activitybar [aria-label^="${containerTitle}"]`).first();
    await icon.click();
    const sideBar = this.page.locator('.part.sidebar');
    await sideBar.locator('.composite.title').filter({ hasText: new RegExp(escapeRegExp(containerTitle), 'i') }).waitFor();
    return sideBar;
  }

  /** Runs a command from the Command Palette by its full label, e.g. "WRight: Show Logs". */
  async runCommand(label: string): Promise<void> {
    await this.page.keyboard.press('F1');
    const input = this.page.locator('.quick-input-widget input');
    await input.waitFor();
    await input.fill(`>${label}`);
    // Wait until the exact command is the highlighted row, so Enter cannot run a neighbour.
    await this.page
      .locator('.quick-input-list .monaco-list-row.focused')
      .filter({ hasText: label })
      .first()
      .waitFor();
    await input.press('Enter');
    await this.page.locator('.quick-input-widget').waitFor({ state: 'hidden' });
  }

  /** The Output panel's selected channel name and its visible text once it contains `expected`. */
  async readOutput(expected: string | RegExp): Promise<{ channel: string; text: string }> {
    const lines = this.page.locator('.part.panel .view-lines');
    await lines.filter({ hasText: expected }).first().waitFor();
    // The channel picker is a <select>; its shown text is the channel's name (its value is an internal id).
    const channel = await this.page
      .locator('.part.panel select.monaco-select-box')
      .first()
      // Typed structurally: the tsconfig has no DOM lib, and this function runs in the page.
      .evaluate((select) => {
        const box = select as unknown as { selectedIndex: number; options: ArrayLike<{ text: string }> };
        return box.options[box.selectedIndex]?.text ?? '';
      });
    // Monaco renders spaces as non-breaking spaces.
    const text = (await lines.first().innerText()).replace(/\u00a0/g, ' ');
    return { channel, text };
  }

  /** Saves a numbered full-page screenshot and returns its path. */
  async screenshot(name: string): Promise<string> {
    this.shots += 1;
    const path = join(this.screenshotDir, `${String(this.shots).padStart(2, '0')}-${name}.png`);
    await this.page.screenshot({ path });
    return path;
  }
}

export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
