// Restricted Mode: WRight runs in an untrusted folder with what cannot be turned against the user. VS Code itself
// ignores the folder's values of the settings package.json lists under restrictedConfigurations (tool paths,
// kubeconfig, manifests, node image, env file, environments); this file keeps the commands that change a cluster
// from this folder's .env files and settings (create, deploy, tear down, deploy to an environment) behind trust. The view of an existing cluster, its logs,
// port-forwards, restart and verification keep working.
import * as vscode from 'vscode';
import { UserFacingError } from '../shared/failures';

/** What each command that needs trust does, for the message; package.json gives them `enablement: isWorkspaceTrusted`. */
const NEEDS_TRUST: Readonly<Record<string, string>> = {
  'wright.createCluster': 'Creating the staging cluster',
  'wright.deploy': 'Deploying the services',
  'wright.teardown': 'Tearing down the staging cluster',
  'wright.deployToEnvironment': 'Deploying to an environment',
};

/**
 * Throws a message with the way forward when the folder is not trusted. The enablement clause already greys the
 * commands out in menus and the palette; this covers callers that run the command by id (keybindings, links,
 * other extensions).
 */
export function requireWorkspaceTrust(command: string): void {
  if (vscode.workspace.isTrusted) return;
  const action = NEEDS_TRUST[command] ?? 'This command';
  throw new UserFacingError(
    `${action} needs a trusted folder: it reads this folder's .env and WRight settings. In Restricted Mode WRight only shows an existing cluster.`,
    [{ title: 'Manage Workspace Trust', command: 'workbench.trust.manage' }],
  );
}
