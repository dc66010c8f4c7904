// "WRight: Show Image Cache": the caches and the local registry with their size on disk and the images they hold
// (src/images/imageCacheReport.ts, the same report as `wright images`), opened as a read-only text document.
import * as vscode from 'vscode';
import { formatImageCacheReport, type ImageCacheReport } from '../images/imageCacheReport';
import type { LifecycleEngine } from '../lifecycle/engine';
import { registerCommand, type CommandContext } from './commandRunner';
import { readSettings } from './settings';

export interface ImageCacheArgs {
  /** Do not open the document (tests read the returned report). */
  readonly quiet?: boolean;
}

export function registerImageCacheCommand(context: vscode.ExtensionContext, deps: CommandContext & { readonly engine: LifecycleEngine }): void {
  registerCommand(context, deps, 'wright.showImageCache', async (args?: ImageCacheArgs): Promise<ImageCacheReport> => {
    const report = await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: 'WRight: reading the image caches' }, () =>
      deps.engine.imageCache({ settings: readSettings() }),
    );
    if (!args?.quiet) {
      const document = await vscode.workspace.openTextDocument({ content: formatImageCacheReport(report), language: 'plaintext' });
      await vscode.window.showTextDocument(document, { preview: true });
    }
    return report;
  });
}
