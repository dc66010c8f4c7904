// The object activate() returns: read-only views of what WRight shows — the tree as VS Code gets it from the real
// provider, the status bar item's fields, the running port-forwards, the `wright.clusterState` context key — and
// the lifecycle engine behind the commands. The integration tests read the UI through it from the extension host;
// nothing here computes its own version of what the UI shows.
import * as vscode from 'vscode';
import type { ClusterNode } from '../k8s/clusterTree';
import type { LifecycleEngine } from '../lifecycle/engine';
import type { PortForwardManager } from '../portForward/portForwardManager';
import type { ForwardState } from '../portForward/supervisedForward';
import type { ForwardTarget } from '../portForward/target';
import type { ClusterStateKey, LifecycleHandle } from './lifecycleCommands';
import type { DeployDialog } from './environmentCommands';
import type { ClusterView } from './tree/clusterViewApi';
import type { LastVerification } from './verifyCommand';

/** One tree item as the provider hands it to VS Code, with its children (collapsed ones included). */
export interface RenderedTreeItem {
  readonly id: string | undefined;
  readonly label: string;
  readonly description: string | undefined;
  readonly tooltip: string | undefined;
  readonly contextValue: string | undefined;
  /** Codicon id (`pass-filled`, `error`...) and its ThemeColor id, when the icon is a ThemeIcon. */
  readonly icon: string | undefined;
  readonly iconColor: string | undefined;
  readonly collapsibleState: vscode.TreeItemCollapsibleState | undefined;
  /** The element VS Code passes to a context-menu command run on this item. */
  readonly node: ClusterNode;
  readonly children: readonly RenderedTreeItem[];
}

export interface RenderedStatus {
  readonly visible: boolean;
  readonly text: string;
  readonly tooltip: string;
  /** ThemeColor id (`statusBarItem.warningBackground`...), undefined for the default background. */
  readonly backgroundColor: string | undefined;
  readonly command: string | undefined;
}

export interface RenderedForward {
  readonly target: ForwardTarget;
  readonly address: string;
  readonly localPort: number;
  readonly state: ForwardState['kind'];
}

export interface WrightApi {
  readonly clusterView: ClusterView;
  /** The engine the Create / Deploy / Tear Down commands drive (without their notifications and modal). */
  readonly lifecycle: LifecycleEngine;
  clusterState(): ClusterStateKey;
  treeItems(): Promise<RenderedTreeItem[]>;
  statusBar(): RenderedStatus;
  portForwards(): RenderedForward[];
  /** The KUBECONFIG that new integrated terminals get (undefined: none, no cluster). */
  terminalKubeconfig(): string | undefined;
  /** The WRIGHT_HOME that new integrated terminals get: the extension's state folder, so `wright` there shares it. */
  terminalWrightHome(): string | undefined;
  /** The last report of "Verify Staging Cluster" in this window, and the Markdown file it was shown from. */
  lastVerification(): LastVerification | undefined;
  /** Answers "Deploy to Environment"'s confirmation instead of the modal (undefined: the modal again). */
  answerDeployConfirmations(dialog: DeployDialog | undefined): void;
}

export interface ExtensionApiDeps {
  readonly lifecycle: LifecycleHandle;
  readonly view: ClusterView;
  readonly portForwards: Pick<PortForwardManager, 'list'>;
  readonly terminals: vscode.EnvironmentVariableCollection;
  readonly verification: { last(): LastVerification | undefined };
  readonly answerDeployConfirmations: (dialog: DeployDialog | undefined) => void;
}

/** ThemeColor keeps its id at run time, but @types/vscode 1.90 does not declare it. */
function themeColorId(color: vscode.ThemeColor | undefined): string | undefined {
  const id: unknown = color ? Reflect.get(color, 'id') : undefined;
  return typeof id === 'string' ? id : undefined;
}

function text(value: string | vscode.MarkdownString | undefined): string | undefined {
  return typeof value === 'string' ? value : value?.value;
}

async function render(provider: vscode.TreeDataProvider<ClusterNode>, node: ClusterNode): Promise<RenderedTreeItem> {
  const item = await provider.getTreeItem(node);
  const icon = item.iconPath instanceof vscode.ThemeIcon ? item.iconPath : undefined;
  const children = (await provider.getChildren(node)) ?? [];
  return {
    id: item.id,
    label: typeof item.label === 'string' ? item.label : (item.label?.label ?? ''),
    description: typeof item.description === 'string' ? item.description : undefined,
    tooltip: text(item.tooltip),
    contextValue: item.contextValue,
    icon: icon?.id,
    iconColor: themeColorId(icon?.color),
    collapsibleState: item.collapsibleState,
    node,
    children: await Promise.all(children.map((child) => render(provider, child))),
  };
}

export function createExtensionApi(deps: ExtensionApiDeps): WrightApi {
  const { view } = deps;
  return {
    clusterView: view,
    lifecycle: deps.lifecycle.engine,
    clusterState: () => deps.lifecycle.clusterState(),
    lastVerification: () => deps.verification.last(),
    answerDeployConfirmations: (dialog) => deps.answerDeployConfirmations(dialog),
    async treeItems() {
      const roots = (await view.treeDataProvider.getChildren()) ?? [];
      return Promise.all(roots.map((root) => render(view.treeDataProvider, root)));
    },
    statusBar() {
      const rendered = view.statusBar.rendered();
      return { ...rendered, backgroundColor: themeColorId(rendered.backgroundColor) };
    },
    terminalKubeconfig: () => deps.terminals.get('KUBECONFIG')?.value,
    terminalWrightHome: () => deps.terminals.get('WRIGHT_HOME')?.value,
    portForwards: () =>
      deps.portForwards.list().map((forward) => ({ target: forward.target, address: forward.address, localPort: forward.localPort, state: forward.state.kind })),
  };
}
