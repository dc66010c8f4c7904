// Did Authentik apply WRight's blueprint? Asked from outside, as a service would: the OIDC discovery document of
// the application through the ingress must answer and name the expected issuer. When it does not, Authentik's API
// (with the bootstrap token) says why: the blueprint's last apply failed, or the worker has not applied it yet.
// A failure is a named problem, never silence. Plain HTTP through node's http/https; no vscode.
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { OidcSettings } from './oidcClient';

/** The blueprint's metadata name (manifests/base/authentik/blueprints/wright-staging.yaml). */
export const OIDC_BLUEPRINT_NAME = 'WRight - staging OIDC application';

export type OidcCheck =
  | { readonly state: 'applied'; readonly issuer: string }
  | { readonly state: 'problem'; readonly problem: OidcProblem; readonly message: string };

export type OidcProblem =
  /** The discovery document is missing and Authentik reports the blueprint's last apply as failed. */
  | 'blueprint-failed'
  /** The discovery document is missing: the worker has not applied the blueprint (yet), or it was not found. */
  | 'blueprint-not-applied'
  /** The discovery document names another issuer (AUTHENTIK_WEB__BASE_URL or the ingress host disagree). */
  | 'issuer-mismatch'
  /** Authentik does not answer through the ingress (starting, crashed, or the ingress is down). */
  | 'authentik-unreachable';

export interface HttpAnswer {
  readonly status: number;
  readonly body: string;
}

export type HttpGet = (url: string, headers: Readonly<Record<string, string>>, timeoutMs: number) => Promise<HttpAnswer>;

/**
 * GET over node's http/https. A `*.localhost` host is connected to on 127.0.0.1 with the name in the Host header
 * (browsers resolve those names to loopback; not every system resolver does).
 */
export const nodeHttpGet: HttpGet = (url, headers, timeoutMs) =>
  new Promise((resolve, reject) => {
    const parsed = new URL(url);
    const local = parsed.hostname === 'localhost' || parsed.hostname.endsWith('.localhost');
    const request = (parsed.protocol === 'https:' ? httpsRequest : httpRequest)(
      {
        protocol: parsed.protocol,
        hostname: local ? '127.0.0.1' : parsed.hostname,
        port: parsed.port || undefined,
        path: `${parsed.pathname}${parsed.search}`,
        method: 'GET',
        headers: { Host: parsed.host, Accept: 'application/json', ...headers },
        ...(local ? { servername: parsed.hostname } : {}),
        timeout: timeoutMs,
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
        response.on('error', reject);
      },
    );
    request.on('timeout', () => request.destroy(new Error(`no answer from ${parsed.host} within ${timeoutMs} ms`)));
    request.on('error', reject);
    request.end();
  });

function json(body: string): unknown {
  try {
    return JSON.parse(body) as unknown;
  } catch {
    return undefined;
  }
}

/** Authentik's base URL from the issuer: `http://auth.wright.localhost/application/o/wright-staging/` -> `http://auth.wright.localhost`. */
export function authentikBaseFromIssuer(issuer: string): string {
  const at = issuer.indexOf('/application/o/');
  return at >= 0 ? issuer.slice(0, at) : new URL(issuer).origin;
}

export async function checkOidc(settings: Pick<OidcSettings, 'issuer' | 'discoveryUrl'>, token: string | undefined, get: HttpGet = nodeHttpGet, timeoutMs = 5000): Promise<OidcCheck> {
  let discovery: HttpAnswer;
  try {
    discovery = await get(settings.discoveryUrl, {}, timeoutMs);
  } catch (error) {
    return problem('authentik-unreachable', `Authentik does not answer at ${settings.discoveryUrl}: ${(error as Error).message}`);
  }
  if (discovery.status === 200) {
    const issuer = (json(discovery.body) as { issuer?: unknown } | undefined)?.issuer;
    if (issuer === settings.issuer) return { state: 'applied', issuer };
    return problem('issuer-mismatch', `The OIDC discovery document names the issuer ${typeof issuer === 'string' ? issuer : '(none)'}, not ${settings.issuer}.`);
  }
  if (discovery.status !== 404) {
    // 502/503 from the ingress while Authentik starts; anything else is not the discovery document either.
    return problem('authentik-unreachable', `Authentik answered ${discovery.status} for ${settings.discoveryUrl}: it is not serving yet.`);
  }
  const instance = token ? await blueprintInstance(authentikBaseFromIssuer(settings.issuer), token, get, timeoutMs) : undefined;
  if (instance?.status === 'error') {
    return problem('blueprint-failed', `Authentik's last apply of the blueprint "${OIDC_BLUEPRINT_NAME}" failed (status error): see the authentik-worker logs.`);
  }
  const known = instance ? ` (Authentik reports its status as "${instance.status}")` : token ? ' (Authentik lists no such blueprint yet)' : '';
  return problem('blueprint-not-applied', `The OIDC application is not there yet: the worker has not applied the blueprint "${OIDC_BLUEPRINT_NAME}"${known}.`);
}

/** The blueprint instance as Authentik's API lists it (`/api/v3/managed/blueprints/`); undefined when not listed or unreadable. */
async function blueprintInstance(base: string, token: string, get: HttpGet, timeoutMs: number): Promise<{ status: string } | undefined> {
  try {
    const answer = await get(`${base}/api/v3/managed/blueprints/?name=${encodeURIComponent(OIDC_BLUEPRINT_NAME)}`, { Authorization: `Bearer ${token}` }, timeoutMs);
    if (answer.status !== 200) return undefined;
    const results = (json(answer.body) as { results?: { name?: unknown; status?: unknown }[] } | undefined)?.results ?? [];
    const found = results.find((r) => r.name === OIDC_BLUEPRINT_NAME);
    return found && typeof found.status === 'string' ? { status: found.status } : undefined;
  } catch {
    return undefined;
  }
}

function problem(kind: OidcProblem, message: string): OidcCheck {
  return { state: 'problem', problem: kind, message };
}

/** One line for `wright status` and the tooltip. */
export function describeOidcCheck(check: OidcCheck): string {
  return check.state === 'applied' ? `applied (issuer ${check.issuer})` : `${check.problem}: ${check.message}`;
}
