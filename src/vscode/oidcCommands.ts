// "Copy OIDC Settings" and "Open Authentik Admin": the OIDC client Authentik's blueprint created for the team's
// services, read from the Secret oidc-client the deploy wrote, and Authentik's admin UI with the bootstrap admin's
// password offered on the clipboard. Secrets only on an explicit choice, never logged.
import * as vscode from 'vscode';
import type { ClusterActions } from '../k8s/clusterActions';
import type { ServiceNode } from '../k8s/clusterTree';
import { secretValuesToRedact } from '../k8s/connectionString';
import { OIDC_CLIENT_NAMESPACES, OIDC_CLIENT_SECRET_NAME, oidcSettingsEnv, oidcSettingsFromSecret, type OidcSettings } from '../lifecycle/oidcClient';
import { UserFacingError } from '../shared/failures';
import type { SecretRedactor } from '../shared/secrets';
import { registerCommand, type CommandContext } from './commandRunner';
import type { ClusterView } from './tree/clusterViewApi';

export interface OidcCommandDeps extends CommandContext {
  readonly actions: Pick<ClusterActions, 'readSecret'>;
  readonly view: Pick<ClusterView, 'ensureWatching' | 'namespaces'>;
  readonly redactor: SecretRedactor;
  readonly openExternal?: (uri: vscode.Uri) => Thenable<boolean>;
}

const AUTHENTIK_SECRETS = { namespace: 'staging-infra', name: 'authentik-secrets' } as const;

async function readSecretOrExplain(deps: OidcCommandDeps, namespace: string, name: string, missing: string): Promise<Record<string, string>> {
  let data: Record<string, string>;
  try {
    data = await deps.actions.readSecret(namespace, name);
  } catch (error) {
    if ((error as { code?: unknown }).code === 404) throw new UserFacingError(missing, [{ title: 'Deploy Services', command: 'wright.deploy' }], undefined, 'cluster-absent');
    throw error;
  }
  // Registered before anything else happens with the values, so no log line can carry them.
  deps.redactor.add(...secretValuesToRedact(data));
  return data;
}

async function readOidcSettings(deps: OidcCommandDeps): Promise<OidcSettings> {
  const missing = `The cluster has no OIDC settings yet (Secret ${OIDC_CLIENT_SECRET_NAME} in ${OIDC_CLIENT_NAMESPACES[0]}): deploy the services first.`;
  const data = await readSecretOrExplain(deps, OIDC_CLIENT_NAMESPACES[0], OIDC_CLIENT_SECRET_NAME, missing);
  const settings = oidcSettingsFromSecret(data);
  if (!settings) throw new UserFacingError(`The Secret ${OIDC_CLIENT_SECRET_NAME} lacks some OIDC settings: deploy the services again.`, [{ title: 'Deploy Services', command: 'wright.deploy' }]);
  return settings;
}

/** Authentik's URL as the tree shows it (the ingress URL of the service authentik-server). */
async function authentikUrl(deps: OidcCommandDeps): Promise<string> {
  await deps.view.ensureWatching();
  const server = deps.view
    .namespaces()
    .flatMap((ns) => ns.children)
    .find((node): node is ServiceNode => node.kind === 'service' && node.service.namespace === 'staging-infra' && node.service.name === 'authentik-server');
  const url = server?.urls[0];
  if (!url) throw new UserFacingError('Authentik is not deployed behind the ingress (no service authentik-server with an Ingress).', [{ title: 'Deploy Services', command: 'wright.deploy' }]);
  return url;
}

export function registerOidcCommands(context: vscode.ExtensionContext, deps: OidcCommandDeps): void {
  const openExternal = deps.openExternal ?? ((uri: vscode.Uri) => vscode.env.openExternal(uri));

  registerCommand(context, deps, 'wright.copyOidcSettings', async () => {
    const settings = await readOidcSettings(deps);
    const choices: { label: string; detail: string; withSecret: boolean }[] = [
      { label: 'Issuer, client ID and redirect URIs', detail: `${settings.issuer} · ${settings.clientId}`, withSecret: false },
      { label: 'The same, with the client secret', detail: 'Adds OIDC_CLIENT_SECRET: paste it only where secrets belong (.env, a Secret)', withSecret: true },
    ];
    deps.output.info(`Asking which OIDC settings of client ${settings.clientId} to copy`);
    const picked = await vscode.window.showQuickPick(choices, { placeHolder: 'OIDC settings of the application wright-staging, as .env lines' });
    if (!picked) return;
    await vscode.env.clipboard.writeText(oidcSettingsEnv(settings, picked.withSecret));
    deps.output.info(`Copied the OIDC settings (issuer ${settings.issuer}, client ${settings.clientId}${picked.withSecret ? ', with the client secret' : ''}) to the clipboard`);
    void vscode.window.showInformationMessage(picked.withSecret ? 'Copied the OIDC settings. They contain the client secret.' : 'Copied the OIDC settings (without the client secret).');
  });

  registerCommand(context, deps, 'wright.openAuthentikAdmin', async () => {
    const admin = `${(await authentikUrl(deps)).replace(/\/+$/, '')}/if/admin/`;
    deps.output.info(`Opening ${admin}`);
    await openExternal(vscode.Uri.parse(admin));
    const answer = await vscode.window.showInformationMessage('Opened Authentik\'s admin interface. Sign in as akadmin with the bootstrap password from your .env.', 'Copy Password');
    if (answer !== 'Copy Password') return;
    const secrets = await readSecretOrExplain(deps, AUTHENTIK_SECRETS.namespace, AUTHENTIK_SECRETS.name, 'The cluster has no Authentik secrets yet: deploy the services first.');
    const password = secrets['AUTHENTIK_BOOTSTRAP_PASSWORD'];
    if (!password) throw new UserFacingError('The Secret authentik-secrets has no AUTHENTIK_BOOTSTRAP_PASSWORD.');
    await vscode.env.clipboard.writeText(password);
    deps.output.info('Copied the akadmin bootstrap password to the clipboard');
    void vscode.window.showInformationMessage('Copied the akadmin password. Authentik read it on its first start only: if it was changed since, use the new one.');
  });
}
