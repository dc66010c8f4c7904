// VS Code side of port-forwards: "Port-Forward Service..." (from a service in the tree, or a quick pick of
// services and ports), "Stop Port-Forward", "Copy Port-Forward Address", and restoring the workspace's
// forwards after a reload. The supervision itself lives in src/portForward.
import * as vscode from 'vscode';
import type { ClusterNode } from '../k8s/clusterTree';
import type { ServiceInfo, ServicePortInfo } from '../k8s/clusterSnapshot';
import type { PortForwardManager } from '../portForward/portForwardManager';
import type { SupervisedForward } from '../portForward/supervisedForward';
import { describeTarget, type ForwardTarget } from '../portForward/target';
import { registerCommand, reportFailure, type CommandContext } from './commandRunner';

const SAVED_KEY = 'wright.portForwards';

interface SavedForward extends ForwardTarget {
  readonly localPort: number;
}

export interface PortForwardDeps extends CommandContext {
  readonly manager: PortForwardManager;
  /** The services in the cluster now (from the watch cache), for the quick pick. */
  readonly services: () => Promise<readonly ServiceInfo[]>;
  readonly restoreOnStart: () => boolean;
}

export function registerPortForwardCommands(context: vscode.ExtensionContext, deps: PortForwardDeps): void {
  const { manager } = deps;
  const save = (): Thenable<void> =>
    context.workspaceState.update(
      SAVED_KEY,
      manager
        .list()
        .filter((forward) => forward.state.kind !== 'failed')
        .map((forward): SavedForward => ({ ...forward.target, localPort: forward.localPort })),
    );
  context.subscriptions.push({ dispose: manager.onDidChange(() => void save()) });

  registerCommand(context, deps, 'wright.portForward', async (node?: ClusterNode) => {
    const service = node?.kind === 'service' ? node.service : await pickService(await deps.services());
    if (!service) return;
    const port = await pickPort(service);
    if (!port) return;
    await startForward(deps, service, port);
  });

  registerCommand(context, deps, 'wright.stopPortForward', async (node?: ClusterNode) => {
    const forward = node?.kind === 'service' ? forwardsOf(manager, node.service)[0] : await pickForward(manager, 'Stop which port-forward?');
    if (!forward) return;
    await manager.stop(forward);
    void vscode.window.showInformationMessage(`Stopped the port-forward of ${describeTarget(forward.target)} (${forward.address}).`);
  });

  registerCommand(context, deps, 'wright.copyPortForwardAddress', async (node?: ClusterNode) => {
    const forward = node?.kind === 'service' ? forwardsOf(manager, node.service)[0] : await pickForward(manager, 'Copy which address?');
    if (!forward) return;
    await vscode.env.clipboard.writeText(forward.address);
    void vscode.window.setStatusBarMessage(`Copied ${forward.address}`, 3000);
  });

  context.subscriptions.push({ dispose: () => void manager.stopAll() });
}

/** Starts the forwards this workspace had before the window reloaded; failures are logged, not shown. */
export async function restorePortForwards(context: vscode.ExtensionContext, deps: PortForwardDeps): Promise<void> {
  if (!deps.restoreOnStart()) return;
  const saved = context.workspaceState.get<SavedForward[]>(SAVED_KEY, []);
  for (const forward of saved) {
    const { localPort, ...target } = forward;
    try {
      const started = await deps.manager.start({ target, localPort });
      deps.output.info(`Restored port-forward ${describeTarget(target)} on ${started.forward.address}`);
    } catch (error) {
      deps.output.warn(`Could not restore the port-forward of ${describeTarget(target)}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
}

async function startForward(deps: PortForwardDeps, service: ServiceInfo, port: ServicePortInfo): Promise<void> {
  const target = { namespace: service.namespace, service: service.name, servicePort: port.port };
  const remotePort = typeof port.targetPort === 'number' ? port.targetPort : port.port;
  const started = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Window, title: `Port-forwarding ${service.name}` },
    () => deps.manager.start({ target, remotePort }),
  );
  const { forward } = started;
  const where = `${describeTarget(target)} on ${forward.address}`;
  const message = started.existing
    ? `Already forwarding ${where}.`
    : started.portWasTaken !== undefined
      ? `Port ${started.portWasTaken} is in use, so WRight is forwarding ${where} instead.`
      : forward.state.kind === 'waiting'
        ? `Forwarding ${where}; waiting for a ready pod.`
        : `Forwarding ${where}.`;
  // Not awaited: the command is done once the forward runs. A notification with buttons stays pending until the
  // user clicks or dismisses it, and whoever ran the command (a keybinding, another extension) must not wait on that.
  void vscode.window.showInformationMessage(message, 'Copy Address', 'Stop').then(async (choice) => {
    try {
      if (choice === 'Copy Address') await vscode.env.clipboard.writeText(forward.address);
      if (choice === 'Stop') await deps.manager.stop(forward);
    } catch (error) {
      await reportFailure(deps, error);
    }
  });
}

function forwardsOf(manager: PortForwardManager, service: ServiceInfo): SupervisedForward[] {
  return manager.list().filter((forward) => forward.target.namespace === service.namespace && forward.target.service === service.name);
}

async function pickService(services: readonly ServiceInfo[]): Promise<ServiceInfo | undefined> {
  const forwardable = services.filter((service) => service.selector && service.ports.some((port) => port.protocol === 'TCP'));
  if (forwardable.length === 0) {
    void vscode.window.showInformationMessage('There is no service to port-forward. Create the staging cluster and deploy the services first.');
    return undefined;
  }
  const picked = await vscode.window.showQuickPick(
    forwardable.map((service) => ({
      label: service.name,
      description: service.namespace,
      detail: service.ports.map((port) => `${port.name ?? port.protocol} ${port.port}`).join(', '),
      service,
    })),
    { title: 'Port-Forward Service', placeHolder: 'Which service?', matchOnDescription: true },
  );
  return picked?.service;
}

async function pickPort(service: ServiceInfo): Promise<ServicePortInfo | undefined> {
  const tcp = service.ports.filter((port) => port.protocol === 'TCP');
  if (tcp.length <= 1) return tcp[0];
  const picked = await vscode.window.showQuickPick(
    tcp.map((port) => ({ label: String(port.port), description: port.name, port })),
    { title: `Port-Forward ${service.name}`, placeHolder: 'Which port?' },
  );
  return picked?.port;
}

async function pickForward(manager: PortForwardManager, placeHolder: string): Promise<SupervisedForward | undefined> {
  const forwards = manager.list();
  if (forwards.length <= 1) {
    if (forwards.length === 0) void vscode.window.showInformationMessage('No port-forward is running.');
    return forwards[0];
  }
  const picked = await vscode.window.showQuickPick(
    forwards.map((forward) => ({ label: forward.address, description: describeTarget(forward.target), forward })),
    { title: 'Port-Forwards', placeHolder },
  );
  return picked?.forward;
}
