// The OIDC side of the deployed stack, read from the cluster: the settings the deploy step wrote into the Secret
// `oidc-client` (for `wright oidc` and Copy OIDC Settings) and whether Authentik applied the blueprint behind them.
import { UserFacingError } from '../shared/failures';
import { checkOidc, type HttpGet, type OidcCheck } from './oidcCheck';
import { OIDC_CLIENT_NAMESPACES, OIDC_CLIENT_SECRET_NAME, oidcSettingsFromSecret, type OidcSettings } from './oidcClient';
import type { Operation } from './operation';
import { isSecretKey } from './secretValues';
import { kubectlGetSecret } from './toolCalls';

/** A Secret's values, decoded, with its secret values registered with the redactor before anything else happens. */
export async function readClusterSecret(op: Operation, namespace: string, name: string): Promise<Record<string, string> | undefined> {
  const secret = (await op.exec(kubectlGetSecret(op.target, namespace, name))) as { data?: Record<string, string> } | undefined;
  if (!secret) return undefined;
  const decoded: Record<string, string> = {};
  for (const [key, value] of Object.entries(secret.data ?? {})) decoded[key] = Buffer.from(value, 'base64').toString('utf8');
  op.deps.redactor.add(...Object.entries(decoded).filter(([key]) => isSecretKey(key)).map(([, value]) => value));
  return decoded;
}

/** The settings of the deployed OIDC client; undefined when no deploy wrote them (or custom manifests have no Authentik). */
export async function readOidcSettings(op: Operation): Promise<OidcSettings | undefined> {
  const data = await readClusterSecret(op, OIDC_CLIENT_NAMESPACES[0], OIDC_CLIENT_SECRET_NAME);
  return data ? oidcSettingsFromSecret(data) : undefined;
}

export async function requireOidcSettings(op: Operation): Promise<OidcSettings> {
  const settings = await readOidcSettings(op);
  if (settings) return settings;
  throw new UserFacingError(
    `The cluster has no OIDC settings yet (Secret ${OIDC_CLIENT_SECRET_NAME} in ${OIDC_CLIENT_NAMESPACES[0]}): deploy the services first.`,
    [{ title: 'Deploy Services', command: 'wright.deploy' }],
    undefined,
    'cluster-absent',
  );
}

/** Whether the blueprint applied, for `wright status`: undefined when there is no OIDC client to check. */
export async function oidcStatus(op: Operation, get?: HttpGet): Promise<OidcCheck | undefined> {
  const settings = await readOidcSettings(op).catch(() => undefined);
  if (!settings) return undefined;
  const token = (await readClusterSecret(op, 'staging-infra', 'authentik-secrets').catch(() => undefined))?.['AUTHENTIK_BOOTSTRAP_TOKEN'];
  return checkOidc(settings, token, get);
}
