// The VS Code face of the lifecycle engine: Create / Deploy / Tear Down / Check Prerequisites as commands with
// cancellable progress notifications, the modal confirmation before a teardown, the "cluster exists: reuse or
// re-create?" question, saving alternative ports, KUBECONFIG for integrated terminals, and the
// `wright.clusterState` context key. Everything else (what the steps do, failures' wording) is the engine's.
import * as vscode from 'vscode';
import { LifecycleEngine, type EngineActivity } from '../lifecycle/engine';
import type { IfExists } from '../lifecycle/createCluster';
import { clusterTargetFor } from '../lifecycle/clusterTarget';
import { inspectKubeconfig } from '../lifecycle/kubeconfigFile';
import type { LifecycleDeps } from '../lifecycle/operation';
import { defaultKubeconfig, type LifecyclePaths } from '../lifecycle/paths';
import { ExecaProcessRunner } from '../process/runner';
import { failureCode, UserFacingError } from '../shared/failures';
import { SecretRedactor, redactingLogger } from '../shared/secrets';
import type { WrightSettings } from '../shared/settings';
import { registerCommand, reportFailure, type CommandContext } from './commandRunner';
import { readSettings } from './settings';
import { withOperationProgress } from './operationProgress';
import { requireWorkspaceTrust } from './workspaceTrust';

export interface LifecycleCommandDeps extends CommandContext {
  /** Shared with the rest of the extension so every log is masked alike; created here when absent. */
  readonly redactor?: SecretRedactor;
}

export interface LifecycleHandle {
  readonly engine: LifecycleEngine;
  readonly redactor: SecretRedactor;
  /** The value last given to the `wright.clusterState` context key (read back by the extension API). */
  clusterState(): ClusterStateKey;
}

/** What the create command accepts as its argument (from failure actions and other commands). */
export interface CreateArgs {
  readonly httpPort?: number;
  readonly httpsPort?: number;
  /** The local registry's port ("Use port 5002" when the configured one is taken). */
  readonly registryPort?: number;
  readonly ifExists?: IfExists;
  /** Use a cluster of that name that WRight did not create (the "Adopt It" answer to the refusal). */
  readonly adopt?: boolean;
}

/** The values of the `wright.clusterState` context key. */
export type ClusterStateKey = 'absent' | 'present' | 'creating' | 'deploying' | 'tearingDown';

export function registerLifecycleCommands(context: vscode.ExtensionContext, deps: LifecycleCommandDeps): LifecycleHandle {
  const redactor = deps.redactor ?? new SecretRedactor();
  const logger = redactingLogger(deps.output, redactor);
  const paths = (): LifecyclePaths => ({
    stateDir: context.globalStorageUri.fsPath,
    workspaceDir: vscode.workspace.workspaceFolders?.[0]?.uri.fsPath,
    manifestsDir: context.asAbsolutePath('manifests'),
    defaultKubeconfig: defaultKubeconfig(process.env),
  });
  const engineDeps: LifecycleDeps = {
    runner: new ExecaProcessRunner(logger, redactor),
    logger,
    redactor,
    // A getter: the workspace folder may change while the extension runs.
    get paths() {
      return paths();
    },
  };
  const engine = new LifecycleEngine(engineDeps);
  // Closing the window mid-operation cancels it: the children run in process groups of their own and would outlive us.
  context.subscriptions.push({ dispose: () => void engine.dispose() });

  let clusterState: ClusterStateKey = 'absent';
  const setState = (state: ClusterStateKey): Thenable<unknown> => {
    clusterState = state;
    return vscode.commands.executeCommand('setContext', 'wright.clusterState', state);
  };
  const terminals = context.environmentVariableCollection;
  terminals.description = 'KUBECONFIG and WRIGHT_HOME for the WRight staging cluster';
  // `wright` typed in a VS Code terminal shares the extension's state folder: its ownership records, its
  // kubeconfig and its operation lock (one operation at a time across the window and the terminal).
  terminals.replace('WRIGHT_HOME', context.globalStorageUri.fsPath);
  /** Reads WRight's kubeconfig: the cluster is "present" when its context is there (no process started). */
  const refresh = async (): Promise<void> => {
    const target = clusterTargetFor(readSettings(), paths());
    const state = await inspectKubeconfig(target.kubeconfigPath).catch(() => undefined);
    const present = state?.exists === true && state.contexts.includes(target.context);
    if (present) terminals.replace('KUBECONFIG', target.kubeconfigPath);
    else terminals.delete('KUBECONFIG');
    if (engine.activity === 'idle') await setState(present ? 'present' : 'absent');
  };
  const busyState: Record<Exclude<EngineActivity, 'idle'>, ClusterStateKey> = { create: 'creating', deploy: 'deploying', teardown: 'tearingDown' };
  const off = engine.onDidChangeActivity((activity) => {
    if (activity === 'idle') void refresh();
    else void setState(busyState[activity]);
  });
  context.subscriptions.push({ dispose: off });
  context.subscriptions.push(
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (event.affectsConfiguration('wright.clusterName') || event.affectsConfiguration('wright.kubeconfig')) void refresh();
    }),
  );
  void refresh();

  const create = async (args: CreateArgs = {}): Promise<void> => {
    const configured = readSettings();
    const settings: WrightSettings = {
      ...configured,
      ingress: { httpPort: args.httpPort ?? configured.ingress.httpPort, httpsPort: args.httpsPort ?? configured.ingress.httpsPort },
      images: { ...configured.images, registryPort: args.registryPort ?? configured.images.registryPort },
    };
    let outcome;
    try {
      outcome = await withOperationProgress(`WRight: Creating the staging cluster "${settings.clusterName}"`, true, (options) =>
        engine.create({ ...options, settings, ifExists: args.ifExists ?? 'ask', adopt: args.adopt ?? false }),
      );
    } catch (error) {
      if (failureCode(error) === 'cluster-exists' && (args.ifExists ?? 'ask') === 'ask' && error instanceof UserFacingError && error.actions.length > 0) {
        const choice = await vscode.window.showWarningMessage(
          `The staging cluster "${settings.clusterName}" already exists.`,
          { modal: true, detail: 'Reuse keeps it and its data and brings the deployment up to date. Re-create deletes it, with its data volumes, and starts fresh.' },
          'Reuse',
          'Re-create',
        );
        if (choice) await create({ ...args, ifExists: choice === 'Reuse' ? 'reuse' : 'recreate' });
        return;
      }
      throw error;
    }
    // Workloads, not services: the count includes the ingress controller and Authentik's worker, which have no
    // Service of their own, so "6 services" next to the view's "5/5" pods read as a contradiction.
    const deployed = outcome.workloads ? `; all ${outcome.workloads.length} workloads ready` : '';
    const message = `WRight: the staging cluster "${settings.clusterName}" is ${outcome.reused ? 'up to date' : 'ready'}${deployed}.`;
    const portsChanged = settings.ingress.httpPort !== configured.ingress.httpPort || settings.ingress.httpsPort !== configured.ingress.httpsPort;
    if (!portsChanged) {
      void vscode.window.showInformationMessage(message);
      return;
    }
    const save = `Save ports ${settings.ingress.httpPort}/${settings.ingress.httpsPort} in Settings`;
    if ((await vscode.window.showInformationMessage(message, save)) === save) {
      const config = vscode.workspace.getConfiguration('wright');
      await config.update('ingress.httpPort', settings.ingress.httpPort, vscode.ConfigurationTarget.Global);
      await config.update('ingress.httpsPort', settings.ingress.httpsPort, vscode.ConfigurationTarget.Global);
    }
  };

  registerCommand(context, deps, 'wright.createCluster', (args?: CreateArgs) => {
    requireWorkspaceTrust('wright.createCluster');
    return create(args ?? {});
  });

  registerCommand(context, deps, 'wright.deploy', async () => {
    requireWorkspaceTrust('wright.deploy');
    const settings = readSettings();
    const workloads = await withOperationProgress(`WRight: Deploying to "${settings.clusterName}"`, true, (options) => engine.deploy({ ...options, settings }));
    void vscode.window.showInformationMessage(`WRight: deployed; all ${workloads.length} workloads ready.`);
  });

  registerCommand(context, deps, 'wright.teardown', async () => {
    requireWorkspaceTrust('wright.teardown');
    const settings = readSettings();
    const confirm = 'Tear Down';
    // The second choice removes WRight's image caches too; by default they stay, so the next create downloads nothing.
    const purge = 'Tear Down and Remove Image Caches';
    const choice = await vscode.window.showWarningMessage(
      `Tear down the staging cluster "${settings.clusterName}"?`,
      {
        modal: true,
        detail:
          'The kind cluster is deleted together with its data volumes (the Postgres, Redis and Authentik data). This cannot be undone.\n\nThe image caches and the local registry are kept, so the next create downloads nothing; the second choice removes them too.',
      },
      confirm,
      purge,
    );
    if (choice !== confirm && choice !== purge) return;
    const result = await withOperationProgress(`WRight: Tearing down "${settings.clusterName}"`, false, (options) => engine.teardown({ ...options, settings, purgeImages: choice === purge }));
    void vscode.window.showInformationMessage(`WRight: ${result.message}`);
  });

  registerCommand(context, deps, 'wright.checkPrerequisites', async () => {
    const settings = readSettings();
    const report = await withOperationProgress('WRight: Checking prerequisites', false, (options) => engine.doctor({ ...options, settings }));
    for (const check of report.checks) deps.output[check.level === 'ok' ? 'info' : check.level === 'warn' ? 'warn' : 'error'](`[${check.level}] ${check.message}`);
    const failed = report.checks.filter((c) => c.level === 'fail');
    const warnings = report.checks.filter((c) => c.level === 'warn');
    if (failed.length === 0) {
      const note = warnings.length > 0 ? ` (${warnings.length} warning${warnings.length === 1 ? '' : 's'}: ${warnings.map((w) => w.message).join(' ')})` : '';
      // Not awaited, like every other notification here: the command is done once the result is shown.
      void vscode.window.showInformationMessage(`WRight: all prerequisites are met${note}.`, 'Create Staging Cluster').then((picked) => {
        if (picked) void vscode.commands.executeCommand('wright.createCluster');
      });
      return;
    }
    // Each failure once, with its own actions (install link, free ports, ...), all shown at once.
    for (const check of failed) {
      reportFailure(deps, check.error ?? new UserFacingError(check.message)).catch((error: unknown) => deps.output.error(String(error)));
    }
  });

  return { engine, redactor, clusterState: () => clusterState };
}
