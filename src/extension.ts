// Entry point: builds the dependencies and hands them to the registrations. Nothing is constructed at import
// time, and the Kubernetes client is not loaded here (see scripts/build.mjs): the port-forward manager and the
// cluster view load it on first use.
import * as vscode from 'vscode';
import { ClusterActions } from './k8s/clusterActions';
import { loadClient } from './k8s/kubeClient';
import { kindListsCluster } from './lifecycle/kindClusters';
import { clientNodeForwarding } from './portForward/clientNodeForwarding';
import { PortForwardManager } from './portForward/portForwardManager';
import { redactingLogger } from './shared/secrets';
import { clusterTargetOf } from './vscode/clusterTarget';
import { registerCommand } from './vscode/commandRunner';
import { createExtensionApi, type WrightApi } from './vscode/extensionApi';
import { registerLifecycleCommands } from './vscode/lifecycleCommands';
import { registerOidcCommands } from './vscode/oidcCommands';
import { registerPortForwardCommands, restorePortForwards } from './vscode/portForwardCommands';
import { readSettings } from './vscode/settings';
import { registerClusterView } from './vscode/tree/clusterView';
import { registerVerifyCommand } from './vscode/verifyCommand';
import { registerImageCacheCommand } from './vscode/imageCacheCommand';

/** What deactivate() waits for: a running operation cancelled and cleaned up, every port-forward closed. */
let shutdown: (() => Promise<unknown>) | undefined;

export function activate(context: vscode.ExtensionContext): WrightApi | undefined {
  const output = vscode.window.createOutputChannel('WRight', { log: true });
  context.subscriptions.push(output);
  const deps = { output };
  const target = clusterTargetOf(context);

  const lifecycle = registerLifecycleCommands(context, deps);
  const logger = redactingLogger(output, lifecycle.redactor);

  // An API outage is waited out for as long as kind still lists the cluster (as `wright forward` does).
  const clusterExists = (): Promise<boolean> => kindListsCluster(lifecycle.engine.deps.runner, readSettings());
  const portForwards = new PortForwardManager(async () => clientNodeForwarding((await loadClient(target())).kc, logger), logger, undefined, clusterExists);
  // Teardown stops the forwards before the cluster goes, so none of them reports the deleted cluster as a failure.
  context.subscriptions.push({ dispose: lifecycle.engine.registerTeardownHook(() => portForwards.stopAll()) });

  const view = registerClusterView(context, { ...deps, target, lifecycle: lifecycle.engine, redactor: lifecycle.redactor, portForwards });

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
  return createExtensionApi({ lifecycle, view, portForwards, terminals: context.environmentVariableCollection, verification });
}

export function deactivate(): Promise<unknown> | undefined {
  // context.subscriptions are disposed too, but without waiting; VS Code waits (briefly) for this promise, which
  // gives a cancelled `kind create` the time to remove its half-made cluster.
  return shutdown?.();
}
