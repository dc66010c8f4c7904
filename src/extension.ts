// Entry point: builds the dependencies and hands them to the registrations. Nothing is constructed at import
// time, and the Kubernetes client is not loaded here (see scripts/build.mjs): the port-forward manager and the
// cluster view load it on first use.
import * as vscode from 'vscode';
import { environmentTarget } from './environments/environmentTarget';
import { ClusterActions } from './k8s/clusterActions';
import { loadClient } from './k8s/kubeClient';
import { kindListsCluster } from './lifecycle/kindClusters';
import { clientNodeForwarding } from './portForward/clientNodeForwarding';
import { PortForwardManager } from './portForward/portForwardManager';
import { redactingLogger } from './shared/secrets';
import { clusterTargetOf } from './vscode/clusterTarget';
import { registerCommand } from './vscode/commandRunner';
import { registerEnvironmentCommands, type DeployDialog } from './vscode/environmentCommands';
import { EnvironmentSelection } from './vscode/environmentSelection';
import { createExtensionApi, type WrightApi } from './vscode/extensionApi';
import { registerImageCacheCommand } from './vscode/imageCacheCommand';
import { registerLifecycleCommands } from './vscode/lifecycleCommands';
import { registerOidcCommands } from './vscode/oidcCommands';
import { registerPortForwardCommands, restorePortForwards } from './vscode/portForwardCommands';
import { readSettings } from './vscode/settings';
import { registerClusterView } from './vscode/tree/clusterView';
import { registerVerifyCommand } from './vscode/verifyCommand';

/** What deactivate() waits for: a running operation cancelled and cleaned up, every port-forward closed. */
let shutdown: (() => Promise<unknown>) | undefined;

export function activate(context: vscode.ExtensionContext): WrightApi | undefined {
  const output = vscode.window.createOutputChannel('WRight', { log: true });
  context.subscriptions.push(output);
  const deps = { output };
  // The selected environment (the local kind cluster, or one of wright.environments) decides what every view and
  // action talks to.
  const selection = new EnvironmentSelection(context.workspaceState);
  context.subscriptions.push(selection);
  const target = environmentTarget(() => selection.current(), clusterTargetOf(context));

  const lifecycle = registerLifecycleCommands(context, deps);
  const logger = redactingLogger(output, lifecycle.redactor);

  // An API outage is waited out for as long as kind still lists the cluster (as `wright forward` does); a remote
  // environment's cluster is not WRight's to list, so its forwards wait until the user stops them.
  const clusterExists = (): Promise<boolean> =>
    selection.current().kind === 'remote' ? Promise.resolve(true) : kindListsCluster(lifecycle.engine.deps.runner, readSettings());
  const portForwards = new PortForwardManager(async () => clientNodeForwarding((await loadClient(target())).kc, logger), logger, undefined, clusterExists);
  // Teardown stops the forwards before the cluster goes, so none of them reports the deleted cluster as a failure.
  context.subscriptions.push({ dispose: lifecycle.engine.registerTeardownHook(() => portForwards.stopAll()) });

  const view = registerClusterView(context, { ...deps, target, lifecycle: lifecycle.engine, redactor: lifecycle.redactor, portForwards, environment: () => selection.current() });
  let deployDialog: DeployDialog | undefined;
  registerEnvironmentCommands(context, { ...deps, selection, engine: lifecycle.engine, dialog: () => deployDialog });
  // Another environment: the forwards lead into the old cluster, and the view watches the new one.
  context.subscriptions.push(selection.onDidChange(() => void portForwards.stopAll().then(() => view.refresh())));

  const forwardDeps = {
    ...deps,
    manager: portForwards,
    services: async () => [...((await view.ensureWatching())?.snapshot().services.values() ?? [])],
    restoreOnStart: () => readSettings().restorePortForwards,
  };
  registerPortForwardCommands(context, forwardDeps);
  void restorePortForwards(context, forwardDeps);

  const verification = registerVerifyCommand(context, { ...deps, engine: lifecycle.engine, redactor: lifecycle.redactor, logger, target, statusBar: view.statusBar });
  registerOidcCommands(context, { ...deps, actions: new ClusterActions(target), view, redactor: lifecycle.redactor });

  registerImageCacheCommand(context, { ...deps, engine: lifecycle.engine });
  registerCommand(context, deps, 'wright.showOutput', () => output.show());
  shutdown = () => Promise.all([lifecycle.engine.dispose(), portForwards.stopAll()]);
  output.info(`WRight ${(context.extension.packageJSON as { version: string }).version} activated`);
  // The API hands out the LifecycleEngine (teardown without the confirmation): only the extension's own tests get
  // it (ExtensionMode.Test: run with --extensionTestsPath); any other extension gets nothing.
  if (context.extensionMode !== vscode.ExtensionMode.Test) return undefined;
  return createExtensionApi({
    lifecycle,
    view,
    portForwards,
    terminals: context.environmentVariableCollection,
    verification,
    answerDeployConfirmations: (dialog) => void (deployDialog = dialog),
  });
}

export function deactivate(): Promise<unknown> | undefined {
  // context.subscriptions are disposed too, but without waiting; VS Code waits (briefly) for this promise, which
  // gives a cancelled `kind create` the time to remove its half-made cluster.
  return shutdown?.();
}
