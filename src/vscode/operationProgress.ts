// An engine operation under a progress notification whose message follows the operation's steps; cancelling the
// notification aborts the operation (its AbortSignal).
import * as vscode from 'vscode';
import type { OperationOptions } from '../lifecycle/operation';

export function withOperationProgress<T>(
  title: string,
  cancellable: boolean,
  work: (options: Pick<OperationOptions, 'progress' | 'signal'>) => Promise<T>,
): Thenable<T> {
  return vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title, cancellable }, async (progress, token): Promise<T> => {
    const controller = new AbortController();
    const subscription = token.onCancellationRequested(() => controller.abort());
    try {
      return await work({ signal: controller.signal, progress: (step, detail) => progress.report({ message: detail ? `${step}: ${detail}` : step }) });
    } finally {
      subscription.dispose();
    }
  });
}
