// Which environment the view shows and deploys to: the local kind cluster, or an entry of `wright.environments`
// (read fresh from the settings each time). The choice is kept per workspace; a name that left the settings falls
// back to the local cluster. The `wright.environment.remote` context key hides create and teardown for a remote one.
import * as vscode from 'vscode';
import { LOCAL, LOCAL_ENVIRONMENT, parseEnvironments, type Environment, type ParsedEnvironments } from '../environments/environment';
import { defaultKubeconfig } from '../lifecycle/paths';

const SELECTED_KEY = 'wright.selectedEnvironment';

export class EnvironmentSelection implements vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<Environment>();
  readonly onDidChange = this.emitter.event;
  private readonly subscription: vscode.Disposable;
  private lastKey = '';

  constructor(private readonly state: vscode.Memento) {
    this.subscription = vscode.workspace.onDidChangeConfiguration((event) => {
      if (event.affectsConfiguration('wright.environments')) this.changed();
    });
    this.lastKey = keyOf(this.current());
    void this.setContextKey(this.current());
  }

  /** The configured environments (and the problems of the entries left out). */
  configured(): ParsedEnvironments {
    const raw = vscode.workspace.getConfiguration('wright').get<unknown>('environments');
    const baseDir = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath ?? process.cwd();
    return parseEnvironments(raw, { baseDir, defaultKubeconfig: defaultKubeconfig(process.env) });
  }

  current(): Environment {
    const name = this.state.get<string>(SELECTED_KEY, LOCAL_ENVIRONMENT);
    if (name === LOCAL_ENVIRONMENT) return LOCAL;
    return this.configured().environments.find((environment) => environment.name === name) ?? LOCAL;
  }

  async select(name: string): Promise<Environment> {
    if (name !== LOCAL_ENVIRONMENT && !this.configured().environments.some((environment) => environment.name === name)) {
      throw new Error(`There is no environment "${name}" in wright.environments.`);
    }
    await this.state.update(SELECTED_KEY, name);
    this.changed();
    return this.current();
  }

  private changed(): void {
    const current = this.current();
    const key = keyOf(current);
    if (key === this.lastKey) return;
    this.lastKey = key;
    void this.setContextKey(current);
    this.emitter.fire(current);
  }

  private async setContextKey(environment: Environment): Promise<void> {
    await vscode.commands.executeCommand('setContext', 'wright.environment.remote', environment.kind === 'remote');
  }

  dispose(): void {
    this.subscription.dispose();
    this.emitter.dispose();
  }
}

/** What makes a selection different for the view: its target and how it is shown. */
function keyOf(environment: Environment): string {
  return environment.kind === 'local' ? LOCAL_ENVIRONMENT : JSON.stringify(environment);
}
