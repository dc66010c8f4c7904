// Maps a tree node to a vscode.TreeItem: the ONE place that chooses icons (codicons with theme colours),
// contextValues (short, regex-friendly: `pod`, `pod.owned`, `service`, `service.ingress`, `namespace`...),
// collapsible state and the Markdown tooltip. The words come from src/k8s/nodePresentation.ts.
import * as vscode from 'vscode';
import { REFRESH_COMMAND, type ClusterNode } from '../../k8s/clusterTree';
import { connectionSource } from '../../k8s/connectionString';
import type { GroupHealth } from '../../k8s/healthSummary';
import { nodeText } from '../../k8s/nodePresentation';

const HEALTH_ICONS: Readonly<Record<GroupHealth, { readonly icon: string; readonly color?: string }>> = {
  ready: { icon: 'pass-filled', color: 'testing.iconPassed' },
  starting: { icon: 'loading~spin', color: 'list.warningForeground' },
  failing: { icon: 'error', color: 'testing.iconFailed' },
  terminating: { icon: 'circle-slash', color: 'disabledForeground' },
  completed: { icon: 'pass', color: 'disabledForeground' },
  unknown: { icon: 'question', color: 'list.warningForeground' },
  empty: { icon: 'circle-outline', color: 'disabledForeground' },
};

export function healthIcon(health: GroupHealth): vscode.ThemeIcon {
  const { icon, color } = HEALTH_ICONS[health];
  return new vscode.ThemeIcon(icon, color ? new vscode.ThemeColor(color) : undefined);
}

/** Workload kinds whose pods come back when deleted and that `Restart Workload` can roll. */
const RESTARTABLE_OWNERS = new Set(['ReplicaSet', 'StatefulSet', 'DaemonSet', 'Deployment']);

export function contextValueOf(node: ClusterNode): string {
  switch (node.kind) {
    case 'namespace':
      return 'namespace';
    case 'service': {
      // Suffixes compose so menus can test each with a regex: /^service.*\.ingress/, /^service.*\.conn/, /\.fwd/.
      const ingress = node.urls.length > 0 ? '.ingress' : '';
      const conn = connectionSource(node.service) ? '.conn' : '';
      const forwarded = node.forwards.length > 0 ? '.fwd' : '';
      return `service${ingress}${conn}${forwarded}`;
    }
    case 'podGroup':
      return 'podGroup';
    case 'pod':
      return node.pod.owner && RESTARTABLE_OWNERS.has(node.pod.owner.kind) ? 'pod.owned' : 'pod';
    case 'message':
      return node.action?.command === REFRESH_COMMAND ? 'message.retry' : 'message';
    case 'missingWorkload':
      return 'workload.missing';
  }
}

function iconOf(node: ClusterNode): vscode.ThemeIcon {
  switch (node.kind) {
    case 'namespace':
      if (node.noAccess) return new vscode.ThemeIcon('lock');
      return node.exists ? healthIcon(node.summary.health) : healthIcon('empty');
    case 'service':
    case 'podGroup':
      return healthIcon(node.summary.health);
    case 'pod':
      return healthIcon(node.pod.health);
    case 'message':
      if (node.severity === 'error') return new vscode.ThemeIcon('debug-disconnect', new vscode.ThemeColor('testing.iconFailed'));
      return new vscode.ThemeIcon(node.severity === 'loading' ? 'loading~spin' : 'info');
    case 'missingWorkload':
      return healthIcon('failing');
  }
}

function collapsibleStateOf(node: ClusterNode): vscode.TreeItemCollapsibleState {
  if (node.children.length === 0) return vscode.TreeItemCollapsibleState.None;
  // WRight's namespaces are few and the point of the view: open. Services open when something is wrong in them.
  if (node.kind === 'namespace') return vscode.TreeItemCollapsibleState.Expanded;
  if (node.kind === 'service' && node.summary.health !== 'ready') return vscode.TreeItemCollapsibleState.Expanded;
  return vscode.TreeItemCollapsibleState.Collapsed;
}

export function toTreeItem(node: ClusterNode, now: number): vscode.TreeItem {
  const text = nodeText(node, now);
  const item = new vscode.TreeItem(text.label, collapsibleStateOf(node));
  item.id = node.id;
  item.description = text.description;
  const tooltip = new vscode.MarkdownString(text.tooltip, true);
  tooltip.isTrusted = false;
  item.tooltip = tooltip;
  item.iconPath = iconOf(node);
  item.contextValue = contextValueOf(node);
  if (node.kind === 'message' && node.action) item.command = { command: node.action.command, title: node.action.title };
  return item;
}
