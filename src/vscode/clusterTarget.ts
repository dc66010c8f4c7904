// Which cluster the extension talks to: WRight's isolated kubeconfig (the setting, else a file in the extension's
// global storage, as the lifecycle commands write it) and the `kind-<clusterName>` context. Read fresh each
// time, so a settings change takes effect at once.
import * as vscode from 'vscode';
import type { ClusterTarget } from '../k8s/kubeClient';
import { clusterTargetFor } from '../lifecycle/clusterTarget';
import { readSettings } from './settings';

export function clusterTargetOf(context: vscode.ExtensionContext): () => ClusterTarget {
  return () =>
    clusterTargetFor(readSettings(), { stateDir: context.globalStorageUri.fsPath, workspaceDir: vscode.workspace.workspaceFolders?.[0]?.uri.fsPath });
}
