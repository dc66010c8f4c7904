// Reads WRight's VS Code configuration into the plain settings object the engine understands.
import * as vscode from 'vscode';
import { DEFAULT_SETTINGS, type WrightSettings } from '../shared/settings';

export function readSettings(): WrightSettings {
  const config = vscode.workspace.getConfiguration('wright');
  const get = <T>(key: string, fallback: T): T => config.get<T>(key, fallback);
  const d = DEFAULT_SETTINGS;
  return {
    clusterName: get('clusterName', d.clusterName),
    kubeconfig: get('kubeconfig', d.kubeconfig),
    tools: {
      kind: get('tools.kind', d.tools.kind) || d.tools.kind,
      kubectl: get('tools.kubectl', d.tools.kubectl) || d.tools.kubectl,
      docker: get('tools.docker', d.tools.docker) || d.tools.docker,
    },
    ingress: { httpPort: get('ingress.httpPort', d.ingress.httpPort), httpsPort: get('ingress.httpsPort', d.ingress.httpsPort) },
    envFile: get('envFile', d.envFile),
    manifests: get('manifests', d.manifests),
    overlay: get('overlay', d.overlay),
    nodeImage: get('nodeImage', d.nodeImage),
    deployOnCreate: get('deployOnCreate', d.deployOnCreate),
    timeouts: {
      createSeconds: get('timeouts.createSeconds', d.timeouts.createSeconds),
      readySeconds: get('timeouts.readySeconds', d.timeouts.readySeconds),
    },
    mergeIntoDefaultKubeconfig: get('mergeIntoDefaultKubeconfig', d.mergeIntoDefaultKubeconfig),
    showAllNamespaces: get('showAllNamespaces', d.showAllNamespaces),
    restorePortForwards: get('portForward.restore', d.restorePortForwards),
    images: {
      enabled: get('images.enabled', d.images.enabled),
      mirrors: get('images.mirrors', d.images.mirrors),
      registryPort: get('images.registryPort', d.images.registryPort),
    },
  };
}
