// Wires the live cluster view: decides when a cluster is known (WRight's kubeconfig has the `kind-<name>`
// context), runs the ClusterViewModel (watcher + incremental tree model) while it is, refreshes the nodes each
// change touched and renders the status bar. Registered from extension.ts with one line:
// registerClusterView(context, deps).
import * as vscode from 'vscode';
import { ClusterActions } from '../../k8s/clusterActions';
import { deriveStatus, renderStatus, type BusyStep, type ServiceForward } from '../../k8s/clusterStatus';
import { AUTHENTIK_SERVICE, type ClusterNode, type ForwardBadge, type NamespaceNode, type ServiceNode, type TreeOptions } from '../../k8s/clusterTree';
import { OidcMonitor } from '../../k8s/oidcMonitor';
import type { TreeUpdate } from '../../k8s/clusterTreeModel';
import type { ClusterViewModel } from '../../k8s/clusterViewModel';
import type { ClusterTarget } from '../../k8s/kubeClient';
import type { LifecycleEngine } from '../../lifecycle/engine';
import { inspectKubeconfig } from '../../lifecycle/kubeconfigFile';
import type { PortForwardManager } from '../../portForward/portForwardManager';
import type { SecretRedactor } from '../../shared/secrets';
import { clusterTargetOf } from '../clusterTarget';
import type { CommandContext } from '../commandRunner';
import { registerPodCommands } from '../podCommands';
import { PodLogsDocuments } from '../podLogsDocument';
import { readSettings } from '../settings';
import { ClusterStatusBar } from '../statusBar';
import { ClusterTreeProvider } from './clusterTreeProvider';
import type { ClusterView } from './clusterViewApi';
import { LOCAL, type Environment } from '../../environments/environment';
import { withEnvironmentLabel } from '../../environments/statusLabel';
import { environmentNamespaces } from '../../environments/namespacePrefix';

export interface ClusterViewDeps extends CommandContext {
  /** The cluster to watch. Default: the lifecycle's isolated kubeconfig (from the settings) and `kind-<name>`. */
  readonly target?: () => ClusterTarget;
  /** The lifecycle engine: its activity drives the spinning status and a teardown stops the watches first. */
  readonly lifecycle?: Pick<LifecycleEngine, 'activity' | 'onDidChangeActivity' | 'onDidProgress' | 'registerTeardownHook' | 'ingressPortsOf' | 'expectedWorkloadsOf'>;
  /** Opens ingress URLs (injectable so a test can observe the URL). Default: vscode.env.openExternal. */
  readonly openExternal?: (uri: vscode.Uri) => Thenable<boolean>;
  /** Registers secrets read by "Copy Connection String" so that no log can ever contain them. */
  readonly redactor?: SecretRedactor;
  /** Running port-forwards, shown on their services and in the status bar tooltip. */
  readonly portForwards?: Pick<PortForwardManager, 'list' | 'onDidChange'>;
  /** The selected environment (src/environments): named in the status bar when it is not the local kind cluster. */
  readonly environment?: () => Environment;
}

/** The port-forwards as the tree and status bar show them. */
function forwardBadges(manager: ClusterViewDeps['portForwards']): ServiceForward[] {
  return (manager?.list() ?? []).flatMap((forward) => {
    const state = forward.state;
    if (state.kind === 'stopped' || state.kind === 'starting') return [];
    const badge: ForwardBadge = {
      address: forward.address,
      servicePort: forward.target.servicePort,
      state: state.kind === 'active' ? 'active' : state.kind,
      ...(state.kind === 'waiting' || state.kind === 'failed' ? { detail: state.reason } : {}),
    };
    return [{ service: `${forward.target.namespace}/${forward.target.service}`, badge }];
  });
}

const AGE_REFRESH_MS = 30_000;

const BUSY_FROM_ACTIVITY: Readonly<Record<string, BusyStep>> = {
  create: { operation: 'creating', step: 'Creating the cluster' },
  deploy: { operation: 'deploying', step: 'Deploying' },
  teardown: { operation: 'deleting', step: 'Deleting the cluster' },
};

/** authentik-server has a ready pod: its OIDC blueprint can be asked about. */
function authentikServes(roots: readonly ClusterNode[]): boolean {
  const infra = roots.find((node): node is NamespaceNode => node.kind === 'namespace' && node.name === AUTHENTIK_SERVICE.namespace);
  const server = infra?.children.find((node): node is ServiceNode => node.kind === 'service' && node.service.name === AUTHENTIK_SERVICE.name);
  return (server?.summary.ready ?? 0) > 0;
}

export function registerClusterView(context: vscode.ExtensionContext, deps: ClusterViewDeps): ClusterView {
  const target = deps.target ?? clusterTargetOf(context);
  let watcher: ClusterViewModel | undefined;
  const tree = new ClusterTreeProvider((node) => watcher?.parentOf(node));
  const treeView = vscode.window.createTreeView('wright.cluster', { treeDataProvider: tree, showCollapseAll: true });
  const statusBar = new ClusterStatusBar();
  const actions = new ClusterActions(target);
  const logs = new PodLogsDocuments(actions);
  context.subscriptions.push(tree, treeView, statusBar, logs);

  let unsubscribe: (() => void) | undefined;
  let known = false;
  /** The namespaces the running watcher falls back to under RBAC (an environment's prefix changes them). */
  let watchedNamespaces = '';
  /** The ports the cluster was really created with, when WRight recorded them (they win over the settings). */
  let createdPorts: TreeOptions['ingressPorts'] | undefined;
  /** What WRight deployed to the cluster, when it recorded it: readiness counts a missing one as failing. */
  let expectedWorkloads: TreeOptions['expectedWorkloads'];
  let activityBusy: BusyStep | undefined;
  // Whether Authentik applied WRight's OIDC blueprint: checked while authentik-server serves, shown on its node.
  const oidc = new OidcMonitor({ readSecret: (namespace, name) => actions.readSecret(namespace, name), redact: (values) => deps.redactor?.add(...values), onChange: () => optionsChanged() });
  let stepBusy: BusyStep | undefined;

  const treeOptions = (forwards: readonly ServiceForward[] = []): TreeOptions => {
    const settings = readSettings();
    const byService = new Map<string, ForwardBadge[]>();
    for (const { service, badge } of forwards) byService.set(service, [...(byService.get(service) ?? []), badge]);
    return {
      namespaces: environmentNamespaces(deps.environment?.() ?? LOCAL),
      showAllNamespaces: settings.showAllNamespaces,
      ingressPorts: createdPorts ?? settings.ingress,
      forwards: byService,
      ...(expectedWorkloads ? { expectedWorkloads } : {}),
      ...(oidc.current ? { oidc: oidc.current } : {}),
    };
  };

  const NO_HEALTH = { counted: 0, ready: 0, problems: [], problemCount: 0, starting: [], startingCount: 0, down: [], missing: [] };

  /** The status bar and the connected context key: cheap, from the model's kept counts. */
  const renderStatusBar = (): void => {
    const state = watcher?.state ?? { kind: 'idle' as const };
    const synced = watcher?.synced ?? false;
    const busy = stepBusy ?? activityBusy;
    const health = watcher?.health() ?? NO_HEALTH;
    oidc.update(state.kind === 'connected' && authentikServes(watcher?.roots() ?? []));
    const environment = deps.environment?.() ?? LOCAL;
    // The local cluster's lifecycle steps are not the remote environment's: they show only on the local one.
    const shownBusy = environment.kind === 'local' ? busy : undefined;
    const view = renderStatus(deriveStatus({ clusterKnown: known, ...(shownBusy ? { busy: shownBusy } : {}), connection: state, synced, health }), forwardBadges(deps.portForwards));
    statusBar.show(withEnvironmentLabel(view, environment));
    void vscode.commands.executeCommand('setContext', 'wright.clusterView.connected', state.kind === 'connected');
  };

  /** The tree: only what `update` says changed; everything when there is no update (a cluster came or went). */
  const render = (update?: TreeUpdate): void => {
    tree.update(known && watcher ? watcher.roots() : [], update);
    renderStatusBar();
  };

  /** Port-forwards or settings changed: the model updates the services they concern. */
  const optionsChanged = (): void => {
    if (watcher) watcher.setOptions(treeOptions(forwardBadges(deps.portForwards)));
    else render();
  };

  const stopWatching = async (): Promise<void> => {
    oidc.reset();
    unsubscribe?.();
    unsubscribe = undefined;
    const old = watcher;
    watcher = undefined;
    await old?.stop();
  };

  const isWatching = (): boolean => watcher !== undefined;

  /** Is there a cluster to show? Re-read on activation, settings changes, lifecycle idle and Refresh. */
  const recheck = async (): Promise<void> => {
    const wanted = target();
    let hasContext = false;
    try {
      const file = await inspectKubeconfig(wanted.kubeconfigPath);
      hasContext = file.exists && file.contexts.includes(wanted.context);
    } catch (error) {
      deps.output.warn(`Cluster view: ${error instanceof Error ? error.message : String(error)}`);
    }
    known = hasContext;
    // WRight's records (ingress ports, deployed workloads) are the local kind cluster's, never a remote environment's.
    const local = (deps.environment?.() ?? LOCAL).kind === 'local';
    createdPorts = known && local ? await deps.lifecycle?.ingressPortsOf(readSettings().clusterName).catch(() => undefined) : undefined;
    expectedWorkloads = known && local ? await deps.lifecycle?.expectedWorkloadsOf(readSettings().clusterName).catch(() => undefined) : undefined;
    const namespaces = environmentNamespaces(deps.environment?.() ?? LOCAL);
    const same = watcher && watcher.target.kubeconfigPath === wanted.kubeconfigPath && watcher.target.context === wanted.context && watchedNamespaces === namespaces.join();
    if (!known || !same) await stopWatching();
    // The status bar is a live view of the cluster too, so the watch runs while a cluster is known, not only
    // while the tree is visible. It is four idle HTTP streams to a local API server.
    if (known && !watcher) {
      // The watcher and the tree model are a bundle of their own (dist/liveView.js), loaded when there is a
      // cluster to watch: activation does not pay for them.
      const { ClusterViewModel } = await import('../../k8s/clusterViewModel');
      // Another recheck may have started the watch, or found the cluster gone, while the bundle loaded.
      if (isWatching() || !known) return render();
      // A LogOutputChannel is a Logger as it stands.
      watcher = new ClusterViewModel(wanted, { logger: deps.output, options: treeOptions(forwardBadges(deps.portForwards)), watcher: { namespaces } });
      watchedNamespaces = namespaces.join();
      unsubscribe = watcher.onDidUpdate(render);
      watcher.start();
    } else if (watcher) {
      watcher.setOptions(treeOptions(forwardBadges(deps.portForwards)));
    }
    render();
  };

  const view: ClusterView = {
    setBusy(busy) {
      stepBusy = busy;
      renderStatusBar();
    },
    async ensureWatching() {
      if (!watcher) await recheck();
      const current = watcher?.watcher;
      if (!current || current.synced) return current;
      await new Promise<void>((resolve) => {
        const done = current.onDidChange(() => {
          if (current.synced || current.state.kind === 'disconnected' || !current.isRunning) {
            done();
            resolve();
          }
        });
      });
      return current;
    },
    get nodes() {
      return tree.current;
    },
    namespaces() {
      return watcher?.namespaces() ?? [];
    },
    async refresh() {
      await recheck();
      watcher?.refresh();
    },
    async reveal(node) {
      await treeView.reveal(node, { select: true, focus: true, expand: true });
    },
    treeDataProvider: tree,
    statusBar,
  };

  context.subscriptions.push(
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (event.affectsConfiguration('wright')) void recheck();
    }),
    treeView.onDidChangeVisibility((event) => {
      if (event.visible) void recheck();
    }),
    { dispose: () => void stopWatching() },
  );
  if (deps.lifecycle) {
    const offActivity = deps.lifecycle.onDidChangeActivity((activity) => {
      activityBusy = BUSY_FROM_ACTIVITY[activity];
      if (activity === 'idle') stepBusy = undefined;
      // A create or teardown just ended: the kubeconfig (and so the cluster's existence) may have changed.
      // The deploy phase of a create starts once kind has written the kubeconfig: watch from there, so the view
      // shows the pods coming up (minutes on a cold image pull) instead of the "no cluster yet" welcome.
      // A deploy may have just written the OIDC client, or changed it: ask about the blueprint afresh.
      if (activity === 'idle') oidc.reset();
      if (activity === 'idle' || activity === 'deploy') void recheck();
      else renderStatusBar();
    });
    // Teardown stops the watches first, so the view does not report the cluster it is deleting as unreachable.
    const offHook = deps.lifecycle.registerTeardownHook(async () => {
      known = false;
      await stopWatching();
      render();
    });
    // The status bar names the current step ("Waiting for services: 3/5 ready"), whoever started the operation.
    const offProgress = deps.lifecycle.onDidProgress((step, detail) => {
      const operation = BUSY_FROM_ACTIVITY[deps.lifecycle?.activity ?? 'idle']?.operation;
      if (!operation) return;
      stepBusy = { operation, step: detail ? `${step}: ${detail}` : step };
      renderStatusBar();
    });
    context.subscriptions.push({ dispose: offActivity }, { dispose: offHook }, { dispose: offProgress });
  }

  if (deps.portForwards) context.subscriptions.push({ dispose: deps.portForwards.onDidChange(optionsChanged) });
  // Pod ages ("5m") are relative to now: redraw from the cache (no API request) while someone can see them.
  const ageTimer = setInterval(() => {
    if (watcher && treeView.visible) tree.update(watcher.roots(), { changed: new Set(), rootsChanged: true });
  }, AGE_REFRESH_MS);
  context.subscriptions.push({ dispose: () => clearInterval(ageTimer) });
  registerPodCommands(context, deps, view, actions, logs);
  void recheck();
  return view;
}
