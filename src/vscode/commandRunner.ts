// Every command runs through here: the one place where failures become user messages (once, with an action
// that helps) and are logged. Cancellation is silent.
import * as vscode from 'vscode';
import { isCancelled } from '../process/errors';
import { describeFailure, type FailureAction } from '../shared/failures';
import { FailureList } from '../shared/failureList';

export interface CommandContext {
  readonly output: vscode.LogOutputChannel;
}

export function registerCommand<A extends unknown[]>(
  context: vscode.ExtensionContext,
  deps: CommandContext,
  id: string,
  handler: (...args: A) => unknown,
): void {
  context.subscriptions.push(
    vscode.commands.registerCommand(id, async (...args: A) => {
      try {
        return await handler(...args);
      } catch (error) {
        if (isCancelled(error)) {
          deps.output.info(`${id}: cancelled`);
          return undefined;
        }
        // Not awaited: the command is over once the failure is shown. Whoever ran it (a keybinding, a test,
        // another command) gets its result now, not when the user answers the notification.
        reportFailure(deps, error).catch((failure: unknown) => deps.output.error(`Showing the failure of ${id} failed: ${String(failure)}`));
        return undefined;
      }
    }),
  );
}

export async function reportFailure(deps: CommandContext, error: unknown): Promise<void> {
  // Several failures (every failed prerequisite): each once, with its own actions, all shown at once.
  if (error instanceof FailureList) {
    await Promise.all(error.failures.map((each) => reportFailure(deps, each)));
    return;
  }
  const failure = describeFailure(error);
  deps.output.error(failure.message + (failure.detail ? `\n${failure.detail}` : ''));
  const actions: FailureAction[] = [...failure.actions, { title: 'Show Logs', command: 'wright.showOutput' }];
  const picked = await vscode.window.showErrorMessage(failure.message, ...actions.map((action) => action.title));
  const action = actions.find((candidate) => candidate.title === picked);
  if (!action) return;
  if (action.url) await vscode.env.openExternal(vscode.Uri.parse(action.url));
  if (action.command) await vscode.commands.executeCommand(action.command, ...(action.args ?? []));
}
