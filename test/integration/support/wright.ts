// What every integration suite needs from the extension under test: its exported API (the tree, status bar and
// port-forwards as VS Code shows them), its "WRight" Output log as the user sees it, settings changes undone after
// the suite, and a wait for a condition (the UI updates asynchronously; a test waits for it, never for a time).
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { RenderedTreeItem, WrightApi } from '../../../src/vscode/extensionApi';
import { anyFreePort } from '../../../src/portForward/localPorts';

export const EXTENSION_ID = 'wright-now.wright-staging';

export function wrightExtension(): vscode.Extension<WrightApi> {
  const found = vscode.extensions.getExtension<WrightApi>(EXTENSION_ID);
  assert.ok(found, `${EXTENSION_ID} is not installed in this VS Code`);
  return found;
}

export async function wrightApi(): Promise<WrightApi> {
  const api = await wrightExtension().activate();
  assert.ok(api && typeof api.treeItems === 'function', 'activate() did not return the WRight API');
  return api;
}

/** Polls `probe` until it returns something other than undefined; fails with `what` and the last `explain()`. */
export async function eventually<T>(what: string, probe: () => T | undefined | Promise<T | undefined>, options: { timeoutMs?: number; explain?: () => unknown } = {}): Promise<T> {
  const deadline = Date.now() + (options.timeoutMs ?? 15_000);
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) {
      const detail = options.explain ? `; last seen: ${JSON.stringify(await options.explain(), null, 1)}` : '';
      assert.fail(`timed out waiting for ${what}${detail}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/**
 * The "WRight" Output channel's text, read the way the user sees it: Show Logs reveals the channel, whose model VS
 * Code exposes to extensions as a text document with the `output` scheme (named after the extension and channel).
 */
export async function outputLog(): Promise<string> {
  await vscode.commands.executeCommand('wright.showOutput');
  const document = await eventually('the WRight Output document', () =>
    vscode.workspace.textDocuments.find((doc) => doc.uri.scheme === 'output' && doc.uri.path.startsWith(`${EXTENSION_ID}.WRight`)),
  );
  return document.getText();
}

/** Waits until the Output log, from character `from` on, satisfies `test`; returns that part of the log. */
export async function waitForOutput(what: string, test: (text: string) => boolean, from = 0, timeoutMs = 20_000): Promise<string> {
  let last = '';
  return eventually(
    `the WRight Output log to show ${what}`,
    async () => {
      last = (await outputLog()).slice(from);
      return test(last) ? last : undefined;
    },
    { timeoutMs, explain: () => last.slice(-2000) },
  );
}

/** Sets `wright.*` user settings and returns a function that resets them to what they were. */
export async function configure(values: Readonly<Record<string, unknown>>): Promise<() => Promise<void>> {
  const config = vscode.workspace.getConfiguration('wright');
  const before = Object.keys(values).map((key) => [key, config.inspect(key)?.globalValue] as const);
  for (const [key, value] of Object.entries(values)) await config.update(key, value, vscode.ConfigurationTarget.Global);
  return async () => {
    const current = vscode.workspace.getConfiguration('wright');
    for (const [key, value] of before) await current.update(key, value, vscode.ConfigurationTarget.Global);
  };
}

/** The item reached by following labels from the roots, e.g. ['staging-infra', 'redis', 'redis-0']. */
export function findItem(items: readonly RenderedTreeItem[], path: readonly string[]): RenderedTreeItem | undefined {
  const [first, ...rest] = path;
  const item = items.find((candidate) => candidate.label === first);
  if (!item || rest.length === 0) return item;
  return findItem(item.children, rest);
}

/** A compact outline of the tree for failure messages: "label [icon/color] description". */
export function outline(items: readonly RenderedTreeItem[], depth = 0): string[] {
  return items.flatMap((item) => [
    `${'  '.repeat(depth)}${item.label} [${item.icon ?? '-'}/${item.iconColor ?? '-'}] ${item.description ?? ''}`,
    ...outline(item.children, depth + 1),
  ]);
}

/** Temporarily sets environment variables of this extension host (inherited by the tools the extension starts). */
export function setEnv(values: Readonly<Record<string, string | undefined>>): () => void {
  const before = Object.keys(values).map((key) => [key, process.env[key]] as const);
  for (const [key, value] of Object.entries(values)) {
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
  }
  return () => {
    for (const [key, value] of before) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  };
}

/** A port that was free a moment ago on 127.0.0.1. */
export const freePort = anyFreePort;
