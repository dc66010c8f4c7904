// The cluster view's commands: Refresh, Restart Pod, Restart Workload, Open Ingress URL, Show Pod Logs, Copy
// Connection String, Show Unhealthy Pods. From a tree item they act on that node; from the palette they ask
// with a quick pick. Failures become messages in commandRunner (the one place for that).
import * as vscode from 'vscode';
import type { ClusterActions } from '../k8s/clusterActions';
import type { PodInfo } from '../k8s/clusterSnapshot';
import type { ClusterNode, PodNode, ServiceNode } from '../k8s/clusterTree';
import { buildConnectionString, connectionSource, secretValuesToRedact, type HostChoice } from '../k8s/connectionString';
import { UserFacingError } from '../shared/failures';
import type { SecretRedactor } from '../shared/secrets';
import { registerCommand, type CommandContext } from './commandRunner';
import type { PodLogsDocuments } from './podLogsDocument';
import type { ClusterView } from './tree/clusterViewApi';

export interface PodCommandDeps extends CommandContext {
  readonly openExternal?: (uri: vscode.Uri) => Thenable<boolean>;
  readonly redactor?: SecretRedactor;
}

const HEALTH_LABEL: Readonly<Record<PodInfo['health'], string>> = {
  ready: '$(pass-filled)',
  starting: '$(loading~spin)',
  failing: '$(error)',
  terminating: '$(circle-slash)',
  completed: '$(pass)',
  unknown: '$(question)',
};

function isPod(node: unknown): node is PodNode {
  return typeof node === 'object' && node !== null && (node as ClusterNode).kind === 'pod';
}

function isService(node: unknown): node is ServiceNode {
  return typeof node === 'object' && node !== null && (node as ClusterNode).kind === 'service';
}

async function podNodes(view: ClusterView): Promise<PodNode[]> {
  const watcher = await view.ensureWatching();
  if (!watcher) throw new UserFacingError('No WRight staging cluster is running. Create one first.');
  const seen = new Map<string, PodNode>();
  for (const ns of view.namespaces()) {
    for (const child of ns.children) {
      if (child.kind === 'service' || child.kind === 'podGroup') for (const pod of child.children) if (!seen.has(pod.pod.key)) seen.set(pod.pod.key, pod);
    }
  }
  return [...seen.values()];
}

async function serviceNodes(view: ClusterView, filter: (node: ServiceNode) => boolean): Promise<ServiceNode[]> {
  await view.ensureWatching();
  return view.namespaces().flatMap((ns) => ns.children.filter((child): child is ServiceNode => child.kind === 'service' && filter(child)));
}

async function pickPod(view: ClusterView, placeHolder: string, filter: (pod: PodInfo) => boolean = () => true): Promise<PodNode | undefined> {
  const pods = (await podNodes(view)).filter((node) => filter(node.pod));
  if (pods.length === 0) throw new UserFacingError('There is no pod to choose from.');
  const picked = await vscode.window.showQuickPick(
    pods.map((node) => ({ label: `${HEALTH_LABEL[node.pod.health]} ${node.pod.name}`, description: `${node.pod.namespace} · ${node.pod.reason}`, node })),
    { placeHolder, matchOnDescription: true },
  );
  return picked?.node;
}

async function pickService(view: ClusterView, placeHolder: string, filter: (node: ServiceNode) => boolean, none: string): Promise<ServiceNode | undefined> {
  const services = await serviceNodes(view, filter);
  if (services.length === 0) throw new UserFacingError(none);
  if (services.length === 1) return services[0];
  const picked = await vscode.window.showQuickPick(
    services.map((node) => ({ label: node.service.name, description: node.service.namespace, node })),
    { placeHolder },
  );
  return picked?.node;
}

export function registerPodCommands(context: vscode.ExtensionContext, deps: PodCommandDeps, view: ClusterView, actions: ClusterActions, logs: PodLogsDocuments): void {
  const openExternal = deps.openExternal ?? ((uri: vscode.Uri) => vscode.env.openExternal(uri));

  registerCommand(context, deps, 'wright.refresh', () => view.refresh());

  registerCommand(context, deps, 'wright.restartPod', async (node?: unknown) => {
    const target = isPod(node) ? node : await pickPod(view, 'Pod to restart (it is deleted; its controller creates a new one)');
    if (!target) return;
    const pod = target.pod;
    if (!pod.owner) {
      const answer = await vscode.window.showWarningMessage(
        `Pod ${pod.namespace}/${pod.name} has no controller: deleting it removes it for good, nothing will recreate it.`,
        { modal: true },
        'Delete Pod',
      );
      if (answer !== 'Delete Pod') return;
    }
    deps.output.info(`Deleting pod ${pod.namespace}/${pod.name} to restart it`);
    await actions.deletePod(pod.namespace, pod.name);
    void vscode.window.showInformationMessage(
      pod.owner ? `Restarting ${pod.name}: its ${pod.owner.kind} creates a new pod.` : `Deleted pod ${pod.namespace}/${pod.name}.`,
    );
  });

  registerCommand(context, deps, 'wright.restartWorkload', async (node?: unknown) => {
    const pod = isPod(node)
      ? node.pod
      : isService(node)
        ? node.children.find((child) => child.pod.owner)?.pod
        : (await pickPod(view, 'Pod whose Deployment or StatefulSet to restart', (p) => p.owner !== undefined))?.pod;
    if (!pod) {
      if (isService(node)) throw new UserFacingError(`Service ${node.service.name} selects no pod with a workload to restart.`);
      return;
    }
    const workload = await actions.workloadOf(pod);
    deps.output.info(`Rollout restart of ${workload.kind} ${workload.namespace}/${workload.name}`);
    await actions.restartWorkload(workload);
    void vscode.window.showInformationMessage(`Restarting ${workload.kind} ${workload.name}: its pods are replaced one by one.`);
  });

  registerCommand(context, deps, 'wright.openIngressUrl', async (node?: unknown) => {
    const service = isService(node) ? node : await pickService(view, 'Service to open', (s) => s.urls.length > 0, 'No service is behind an Ingress.');
    if (!service) return;
    const url = service.urls.length === 1 ? service.urls[0] : await vscode.window.showQuickPick([...service.urls], { placeHolder: 'URL to open' });
    if (!url) {
      if (service.urls.length === 0) throw new UserFacingError(`Service ${service.service.name} is not behind an Ingress.`);
      return;
    }
    deps.output.info(`Opening ${url}`);
    await openExternal(vscode.Uri.parse(url));
  });

  registerCommand(context, deps, 'wright.showPodLogs', async (node?: unknown) => {
    const target = isPod(node) ? node : await pickPod(view, 'Pod whose logs to follow');
    if (!target) return;
    const pod = target.pod;
    const container = pod.containers.length <= 1 ? pod.containers[0] : await vscode.window.showQuickPick([...pod.containers], { placeHolder: 'Container' });
    if (!container) return;
    await logs.open(pod.namespace, pod.name, container);
  });

  registerCommand(context, deps, 'wright.copyConnectionString', async (node?: unknown) => {
    const service = isService(node)
      ? node
      : await pickService(view, 'Data store', (s) => connectionSource(s.service) !== undefined, 'No Postgres or Redis service is deployed.');
    if (!service) return;
    const source = connectionSource(service.service);
    if (!source) throw new UserFacingError(`WRight knows no credentials for ${service.service.name}.`);
    const choices: { label: string; detail: string; host: HostChoice }[] = [
      { label: 'From this machine', detail: `127.0.0.1:${source.port}, through a port-forward`, host: { kind: 'local', port: source.port } },
      { label: 'Inside the cluster', detail: `${service.service.name}.${service.service.namespace}.svc.cluster.local:${source.port}`, host: { kind: 'cluster' } },
    ];
    const picked = await vscode.window.showQuickPick(choices, { placeHolder: `Where the ${source.store} client runs (the string contains the password)` });
    if (!picked) return;
    const secret = await actions.readSecret(source.namespace, source.secretName);
    deps.redactor?.add(...secretValuesToRedact(secret));
    await vscode.env.clipboard.writeText(buildConnectionString(service.service, source, secret, picked.host));
    // The string itself is never logged or shown.
    deps.output.info(`Copied the ${source.store} connection string for ${service.service.namespace}/${service.service.name} to the clipboard`);
    void vscode.window.showInformationMessage(`Copied the ${source.store} connection string for ${service.service.name}. It contains the password.`);
  });

  registerCommand(context, deps, 'wright.showUnhealthyPods', async () => {
    const unhealthy = (await podNodes(view)).filter((node) => node.pod.health !== 'ready' && node.pod.health !== 'completed');
    if (unhealthy.length === 0) {
      await vscode.commands.executeCommand('wright.cluster.focus');
      return;
    }
    const picked = await vscode.window.showQuickPick(
      unhealthy.map((node) => ({ label: `${HEALTH_LABEL[node.pod.health]} ${node.pod.name}`, description: `${node.pod.namespace} · ${node.pod.reason}`, node })),
      { placeHolder: 'Pods that are not ready' },
    );
    if (picked) await view.reveal(picked.node);
  });
}
