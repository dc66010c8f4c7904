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

  /**
   * Runs a command from the Command Palette by its full label, e.g. "WRight: Show Logs". With `asks`, the command
   * answers with a quick pick of its own (answer it with pickQuickInput).
   */
  async runCommand(label: string, options: { asks?: boolean } = {}): Promise<void> {
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
    if (options.asks) {
      // The palette's input is replaced by the command's own (which does not start with ">").
      await this.page.waitForFunction(() => {
        const box = (globalThis as unknown as { document: { querySelector(s: string): { value: string } | null } }).document.querySelector('.quick-input-widget input');
        return box !== null && !box.value.startsWith('>');
      });
      return;
    }
    await this.page.locator('.quick-input-widget').waitFor({ state: 'hidden' });
  }

  /** The labels the Command Palette offers for `query` (what a user sees after typing it). */
  async paletteLabels(query: string): Promise<string[]> {
    await this.page.keyboard.press('F1');
    const input = this.page.locator('.quick-input-widget input');
    await input.waitFor();
    await input.fill(`>${query}`);
    // The list is filtered as one types: wait until it shows a match for the query or says there is none.
    const rows = this.page.locator('.quick-input-list .monaco-list-row');
    await rows.or(this.page.locator('.quick-input-message', { hasText: /no matching/i })).first().waitFor();
    const labels = await rows.locator('.label-name').allInnerTexts();
    await input.press('Escape');
    await this.page.locator('.quick-input-widget').waitFor({ state: 'hidden' });
    return labels.map((label) => label.trim());
  }

  /** Types into the open quick pick and accepts the entry `label` once it is the highlighted one. */
  async pickQuickInput(label: string): Promise<void> {
    const input = this.page.locator('.quick-input-widget input');
    await input.fill(label);
    await this.page.locator('.quick-input-list .monaco-list-row.focused').filter({ hasText: label }).first().waitFor();
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

  /** Saves a numbered screenshot (the whole page, or `clip`) and returns its path. */
  async screenshot(name: string, clip?: Clip): Promise<string> {
    this.shots += 1;
    const path = join(this.screenshotDir, `${String(this.shots).padStart(2, '0')}-${name}.png`);
    // Menus and notifications fade in: let the picture show them as a person sees them, not half drawn.
    await this.page.waitForTimeout(400);
    await this.page.screenshot({ path, ...(clip ? { clip } : {}) });
    return path;
  }

  /** A notification toast whose message matches (progress notifications included). */
  notification(message: string | RegExp): Locator {
    return this.page
      .locator('.notifications-toasts .notification-toast')
      .filter({ has: this.page.locator('.notification-list-item-message', { hasText: message }) })
      .first();
  }

  /** Waits for a notification and returns its message text and the labels of its buttons. */
  async readNotification(message: string | RegExp): Promise<{ text: string; buttons: string[]; icon: string }> {
    const toast = this.notification(message);
    await toast.waitFor();
    return {
      text: await toast.locator('.notification-list-item-message').innerText(),
      buttons: await toast.locator('.notification-list-item-buttons-container .monaco-button').allInnerTexts(),
      icon: (await toast.locator('.notification-list-item-icon').getAttribute('class')) ?? '',
    };
  }

  async clickNotificationButton(message: string | RegExp, button: string): Promise<void> {
    await this.notification(message).locator('.notification-list-item-buttons-container .monaco-button', { hasText: exactly(button) }).click();
  }

  async clearNotifications(): Promise<void> {
    await this.runCommand('Notifications: Clear All Notifications');
    await this.page.locator('.notifications-toasts .notification-toast').first().waitFor({ state: 'hidden' });
  }

  /** A status bar item by its id (`<publisher>.<extension name>.<item id>` for an extension's item). */
  statusBarItem(id: string): Locator {
    return this.page.locator(`.part.statusbar [id="${id}"]`);
  }

  /** A row of the side bar's tree whose label is exactly `label`. */
  treeItem(label: string): Locator {
    return this.page
      .locator('.part.sidebar .monaco-list-row[role="treeitem"]')
      .filter({ has: this.page.locator('.label-name', { hasText: exactly(label) }) })
      .first();
  }

  /** A tree row whose label starts with `prefix` (pod names end in generated suffixes). */
  treeItemStartingWith(prefix: string): Locator {
    return this.page
      .locator('.part.sidebar .monaco-list-row[role="treeitem"]')
      .filter({ has: this.page.locator('.label-name', { hasText: new RegExp(`^${escapeRegExp(prefix)}`) }) })
      .first();
  }

  /** The codicon a tree row shows, e.g. "pass-filled", "error", "loading". */
  async treeItemIcon(row: Locator): Promise<string> {
    const classes = (await row.locator('.custom-view-tree-node-item-icon').getAttribute('class')) ?? '';
    return /codicon-(?!modifier)([\w-]+)/.exec(classes)?.[1] ?? '';
  }

  /** Right-clicks a tree row, waits for its context menu and returns the menu's labels (the menu stays open). */
  async openContextMenu(row: Locator): Promise<string[]> {
    await this.dismissHovers();
    await row.click({ button: 'right' });
    const items = this.page.locator('.context-view .monaco-menu .action-menu-item');
    await items.first().waitFor();
    return items.allInnerTexts();
  }

  /** Chooses an entry of the open context menu. */
  async chooseMenuItem(label: string): Promise<void> {
    const item = this.page.locator('.context-view .monaco-menu .action-menu-item', { hasText: exactly(label) });
    // The menu acts on the hovered entry: hover first, as a mouse would.
    await item.hover();
    await item.click();
    await this.page.locator('.context-view .monaco-menu').waitFor({ state: 'hidden' });
  }

  /** Hovers a tree row's label and returns the tooltip's text once it shows. */
  async treeItemTooltip(row: Locator): Promise<string> {
    await this.dismissHovers();
    await row.locator('.label-name').hover();
    const hover = this.page.locator('.monaco-hover:visible, .workbench-hover:visible').first();
    await hover.waitFor();
    return hover.innerText();
  }

  /** Closes menus and tooltips and parks the mouse where it opens none. */
  async dismissHovers(): Promise<void> {
    await this.page.keyboard.press('Escape');
    await this.page.mouse.move(900, 300);
  }

  /** The open modal dialog's message and buttons. */
  async readDialog(): Promise<{ text: string; buttons: string[] }> {
    const dialog = this.page.locator('.monaco-dialog-box');
    await dialog.waitFor();
    return { text: await dialog.locator('.dialog-message-row').innerText(), buttons: await dialog.locator('.dialog-buttons .monaco-button').allInnerTexts() };
  }

  async clickDialogButton(label: string): Promise<void> {
    await this.page.locator('.monaco-dialog-box .dialog-buttons .monaco-button', { hasText: exactly(label) }).click();
    await this.page.locator('.monaco-dialog-box').waitFor({ state: 'hidden' });
  }

  /** Drags the side bar's edge so that it is `width` pixels wide (long pod names stay readable). */
  async setSideBarWidth(width: number): Promise<void> {
    const box = await this.page.locator('.part.sidebar').boundingBox();
    if (!box) throw new Error('the side bar is not visible');
    const edge = box.x + box.width;
    await this.page.mouse.move(edge + 1, box.y + box.height / 2);
    await this.page.mouse.down();
    await this.page.mouse.move(box.x + width, box.y + box.height / 2, { steps: 5 });
    await this.page.mouse.up();
  }
}

export interface Clip {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

function exactly(text: string): RegExp {
  return new RegExp(`^\\s*${escapeRegExp(text)}\\s*$`);
}

export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
