// Which cluster WRight's clients talk to: the isolated kubeconfig (the setting, else the state folder's file) and
// the `kind-<clusterName>` context in it. One rule for the extension's view, its commands and the CLI.
import type { WrightSettings } from '../shared/settings';
import { isolatedKubeconfig, type LifecyclePaths } from './paths';
import { contextName } from './toolCalls';

/** Which cluster to talk to: the kubeconfig file the lifecycle keeps and the context in it (`kind-<name>`). */
export interface ClusterTarget {
  readonly kubeconfigPath: string;
  readonly context: string;
}

export function clusterTargetFor(
  settings: Pick<WrightSettings, 'kubeconfig' | 'clusterName'>,
  paths: Pick<LifecyclePaths, 'stateDir' | 'workspaceDir'>,
): ClusterTarget {
  return { kubeconfigPath: isolatedKubeconfig(settings.kubeconfig, paths), context: contextName(settings.clusterName) };
}
