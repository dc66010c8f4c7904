// The staging services' OIDC client: what Authentik's blueprint (manifests/base/authentik/blueprints/
// wright-staging.yaml) creates, and the Secret `oidc-client` the deploy step writes into each placeholder
// namespace so a service there needs nothing but `envFrom: [{ secretRef: { name: oidc-client } }]`.
import type { K8sDoc } from './manifests';

/** The application's slug in the blueprint: part of the issuer URL. */
export const OIDC_APPLICATION_SLUG = 'wright-staging';
export const OIDC_CLIENT_SECRET_NAME = 'oidc-client';
export const OIDC_CLIENT_NAMESPACES = ['staging-core', 'staging-ai', 'staging-web'] as const;
/** The redirect URIs the blueprint allows (regex mode), as people read them. */
export const OIDC_REDIRECT_PATTERNS = ['http://<name>.wright.localhost[:port]/...', 'http://localhost:<port>/...', 'http://127.0.0.1:<port>/...'] as const;
/** Authentik's server as the services reach it inside the cluster (back-channel: token, userinfo, JWKS). */
export const AUTHENTIK_INTERNAL_URL = 'http://authentik-server.staging-infra.svc.cluster.local';

/** The keys of the Secret `oidc-client`. */
export const OIDC_KEYS = {
  issuer: 'OIDC_ISSUER',
  discoveryUrl: 'OIDC_DISCOVERY_URL',
  clientId: 'OIDC_CLIENT_ID',
  clientSecret: 'OIDC_CLIENT_SECRET',
  internalUrl: 'OIDC_INTERNAL_BASE_URL',
} as const;

export interface OidcSettings {
  /** `http://auth.wright.localhost/application/o/wright-staging/` */
  readonly issuer: string;
  readonly discoveryUrl: string;
  readonly clientId: string;
  readonly clientSecret: string;
  readonly internalBaseUrl: string;
}

export interface AuthentikUrl {
  /** What people (and the issuer claim) use: `http://auth.wright.localhost` or `https://auth.example.com`. */
  readonly baseUrl: string;
  readonly host: string;
  readonly tls: boolean;
}

/**
 * Authentik's public URL from the rendered manifests: the host of the Ingress `authentik` in staging-infra. On kind
 * (`*.localhost` hosts) the ingress is published on the configured host ports; cloud hosts use the standard ones.
 */
export function authentikUrlFrom(docs: readonly K8sDoc[], ports: { readonly httpPort: number; readonly httpsPort: number }): AuthentikUrl | undefined {
  const ingress = docs.find((d) => d.kind === 'Ingress' && d.metadata?.name === 'authentik' && d.metadata.namespace === 'staging-infra');
  const spec = ingress?.['spec'] as { rules?: { host?: string }[]; tls?: unknown[] } | undefined;
  const host = spec?.rules?.find((r) => typeof r.host === 'string')?.host;
  if (!host) return undefined;
  const tls = Array.isArray(spec?.tls) && spec.tls.length > 0;
  return { baseUrl: authentikBaseUrl(host, tls, ports), host, tls };
}

export function authentikBaseUrl(host: string, tls: boolean, ports: { readonly httpPort: number; readonly httpsPort: number }): string {
  const local = host === 'localhost' || host.endsWith('.localhost');
  const port = local ? (tls ? ports.httpsPort : ports.httpPort) : tls ? 443 : 80;
  const portPart = port === (tls ? 443 : 80) ? '' : `:${port}`;
  return `${tls ? 'https' : 'http'}://${host}${portPart}`;
}

export function oidcEndpoints(baseUrl: string): { issuer: string; discoveryUrl: string } {
  const issuer = `${baseUrl.replace(/\/+$/, '')}/application/o/${OIDC_APPLICATION_SLUG}/`;
  return { issuer, discoveryUrl: `${issuer}.well-known/openid-configuration` };
}

export function oidcSettings(baseUrl: string, clientId: string, clientSecret: string): OidcSettings {
  return { ...oidcEndpoints(baseUrl), clientId, clientSecret, internalBaseUrl: AUTHENTIK_INTERNAL_URL };
}

/** One Secret `oidc-client` per placeholder namespace present in the deploy. */
export function oidcClientSecrets(settings: OidcSettings, namespaces: ReadonlySet<string>): K8sDoc[] {
  return OIDC_CLIENT_NAMESPACES.filter((ns) => namespaces.has(ns)).map((namespace) => ({
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: {
      name: OIDC_CLIENT_SECRET_NAME,
      namespace,
      labels: { 'app.kubernetes.io/managed-by': 'wright', 'app.kubernetes.io/part-of': 'wright', 'app.kubernetes.io/component': 'oidc-client' },
    },
    type: 'Opaque',
    stringData: {
      [OIDC_KEYS.issuer]: settings.issuer,
      [OIDC_KEYS.discoveryUrl]: settings.discoveryUrl,
      [OIDC_KEYS.clientId]: settings.clientId,
      [OIDC_KEYS.clientSecret]: settings.clientSecret,
      [OIDC_KEYS.internalUrl]: settings.internalBaseUrl,
    },
  }));
}

/**
 * On kind, the ingress may be published on other host ports (8080 when 80 is taken): Authentik's
 * AUTHENTIK_WEB__BASE_URL (ConfigMap authentik-config) then gets the port too, so Authentik's idea of its own URL
 * is the one the browser and the issuer use. Cloud hosts are left as the overlay wrote them.
 */
export function withAuthentikBaseUrl(docs: readonly K8sDoc[], authentik: AuthentikUrl): K8sDoc[] {
  const local = authentik.host === 'localhost' || authentik.host.endsWith('.localhost');
  return docs.map((doc) => {
    const data = doc['data'] as Record<string, unknown> | undefined;
    const isConfig = doc.kind === 'ConfigMap' && doc.metadata?.name === 'authentik-config' && doc.metadata.namespace === 'staging-infra';
    if (!local || !isConfig || typeof data?.['AUTHENTIK_WEB__BASE_URL'] !== 'string') return doc;
    return { ...doc, data: { ...data, AUTHENTIK_WEB__BASE_URL: authentik.baseUrl } };
  });
}

/** The settings back from a read `oidc-client` Secret; undefined when a key is missing. */
export function oidcSettingsFromSecret(data: Readonly<Record<string, string>>): OidcSettings | undefined {
  const issuer = data[OIDC_KEYS.issuer];
  const discoveryUrl = data[OIDC_KEYS.discoveryUrl];
  const clientId = data[OIDC_KEYS.clientId];
  const clientSecret = data[OIDC_KEYS.clientSecret];
  if (!issuer || !discoveryUrl || !clientId || clientSecret === undefined) return undefined;
  return { issuer, discoveryUrl, clientId, clientSecret, internalBaseUrl: data[OIDC_KEYS.internalUrl] ?? AUTHENTIK_INTERNAL_URL };
}

/** The settings as text for a person: the secret only when asked for. */
export function formatOidcSettings(settings: OidcSettings, showSecret: boolean): string {
  const lines = [
    `Issuer:          ${settings.issuer}`,
    `Discovery URL:   ${settings.discoveryUrl}`,
    `Client ID:       ${settings.clientId}`,
    `Client secret:   ${showSecret ? settings.clientSecret : '(hidden: --show-secret, or the Secret oidc-client)'}`,
    `Redirect URIs:   ${OIDC_REDIRECT_PATTERNS.join(', ')}`,
    `In the cluster:  ${settings.internalBaseUrl} (back-channel calls from pods; *.localhost is the pod itself there)`,
  ];
  return `${lines.join('\n')}\n`;
}

/** The settings as JSON: the secret only when asked for. */
export function oidcSettingsJson(settings: OidcSettings, showSecret: boolean): Record<string, unknown> {
  return {
    issuer: settings.issuer,
    discoveryUrl: settings.discoveryUrl,
    clientId: settings.clientId,
    ...(showSecret ? { clientSecret: settings.clientSecret } : {}),
    redirectUriPatterns: [...OIDC_REDIRECT_PATTERNS],
    internalBaseUrl: settings.internalBaseUrl,
  };
}

/** The settings as .env lines for a service or dev server (what Copy OIDC Settings puts on the clipboard). */
export function oidcSettingsEnv(settings: OidcSettings, withSecret: boolean): string {
  const lines = [
    `${OIDC_KEYS.issuer}=${settings.issuer}`,
    `${OIDC_KEYS.discoveryUrl}=${settings.discoveryUrl}`,
    `${OIDC_KEYS.clientId}=${settings.clientId}`,
    ...(withSecret ? [`${OIDC_KEYS.clientSecret}=${settings.clientSecret}`] : []),
    `# Redirect URIs the application accepts: ${OIDC_REDIRECT_PATTERNS.join(', ')}`,
  ];
  return `${lines.join('\n')}\n`;
}
