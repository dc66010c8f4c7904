// Entry point: builds the dependencies and hands them to the registrations. Nothing is constructed at import
// time, and the Kubernetes client is not loaded here (see scripts/build.mjs).
import * as vscode from 'vscode';
import { registerCommand } from './vscode/commandRunner';
import { registerLifecycleCommands } from './vscode/lifecycleCommands';
import { registerClusterView } from './vscode/tree/clusterView';

export function activate(context: vscode.ExtensionContext): void {
  const output = vscode.window.createOutputChannel('WRight', { log: true });
  context.subscriptions.push(output);
  const deps = { output };

  registerLifecycleCommands(context, deps);
  registerClusterView(context, deps);

  registerCommand(context, deps, 'wright.showOutput', () => output.show());
  output.info(`WRight ${(context.extension.packageJSON as { version: string }).version} activated`);
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}
