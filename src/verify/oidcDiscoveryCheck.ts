// Authentik serves WRight's OIDC application: its discovery document answers through the ingress (127.0.0.1 with
// the Host header, as a browser or a service would reach it) and names the issuer that the cluster's ingress port
// implies. The probe and its named problems are the ones `wright status` uses (src/lifecycle/oidcCheck.ts); this
// check only turns them into a verdict with a way forward.
import { statusOf } from '../k8s/kubeClient';
import { checkOidc, nodeHttpGet, OIDC_BLUEPRINT_NAME, type HttpGet, type OidcProblem } from '../lifecycle/oidcCheck';
import { authentikBaseUrl, OIDC_APPLICATION_SLUG, oidcEndpoints } from '../lifecycle/oidcClient';
import { failed, passed, skipped, type CheckDefinition } from './check';
import { INFRA_NAMESPACE, INGRESS_HOST, type VerifyContext } from './verifyContext';

const REQUEST_TIMEOUT_MS = 5_000;
const BOOTSTRAP_TOKEN_SECRET = 'authentik-secrets';
const BOOTSTRAP_TOKEN_KEY = 'AUTHENTIK_BOOTSTRAP_TOKEN';

/** The issuer and discovery URL for Authentik's ingress host on the cluster's HTTP port (the local overlay has no TLS). */
export function expectedOidcEndpoints(ingressPort: number): { issuer: string; discoveryUrl: string } {
  return oidcEndpoints(authentikBaseUrl(INGRESS_HOST, false, { httpPort: ingressPort, httpsPort: 443 }));
}

/** Way forward for each named problem of the probe. */
const FIX: Readonly<Record<OidcProblem, string>> = {
  'authentik-unreachable': 'Authentik is not serving through the ingress yet: wait for authentik-server to be ready (WRight view) and verify again',
  'blueprint-not-applied': `the authentik-worker applies the blueprint "${OIDC_BLUEPRINT_NAME}" a while after it starts: wait for the worker to be ready and verify again; if it stays missing, read the worker's logs (kubectl -n ${INFRA_NAMESPACE} logs deploy/authentik-worker)`,
  'blueprint-failed': `read the authentik-worker logs for the blueprint's error (kubectl -n ${INFRA_NAMESPACE} logs deploy/authentik-worker), fix the blueprint, and deploy again (wright deploy)`,
  'issuer-mismatch': `Authentik's own URL (AUTHENTIK_WEB__BASE_URL in the ConfigMap authentik-config) must be the ingress URL on the cluster's HTTP port: deploy again (wright deploy) so it is set from the ports the cluster was created with, and verify with the same --http-port`,
};

/** Authentik's bootstrap token from the cluster, masked in all output; undefined when it cannot be read. */
async function bootstrapToken(ctx: VerifyContext): Promise<string | undefined> {
  if (ctx.results.get('api') !== 'pass') return undefined;
  try {
    const encoded = (await ctx.core.readNamespacedSecret({ name: BOOTSTRAP_TOKEN_SECRET, namespace: INFRA_NAMESPACE })).data?.[BOOTSTRAP_TOKEN_KEY];
    if (encoded === undefined) return undefined;
    const token = Buffer.from(encoded, 'base64').toString('utf8');
    ctx.redactor.add(token);
    return token;
  } catch (error) {
    if (statusOf(error) === 404) return undefined;
    ctx.logger.info(`Verify: could not read ${INFRA_NAMESPACE}/${BOOTSTRAP_TOKEN_SECRET} (the blueprint's status stays unknown)`);
    return undefined;
  }
}

function issuerIn(body: string): string | undefined {
  try {
    const issuer = (JSON.parse(body) as { issuer?: unknown } | null)?.issuer;
    return typeof issuer === 'string' ? issuer : undefined;
  } catch {
    return undefined;
  }
}

export function oidcDiscoveryCheck(get: HttpGet = nodeHttpGet): CheckDefinition<VerifyContext> {
  return {
    id: 'oidc',
    title: 'OIDC discovery',
    criterion: `Authentik serves the OIDC application ${OIDC_APPLICATION_SLUG}: its discovery document answers through the ingress and names the expected issuer.`,
    threshold: `issuer = http://${INGRESS_HOST}[:<ingress port>]/application/o/${OIDC_APPLICATION_SLUG}/`,
    async run(ctx) {
      if (ctx.results.get('ingress') !== 'pass') return skipped('Authentik did not answer through the ingress with success (see check ingress)');
      const expected = expectedOidcEndpoints(ctx.ingressPort);
      const token = await bootstrapToken(ctx);
      // The same probe as `wright status`; its answer for the discovery URL is kept for the measured value.
      let seen: { status: number; issuer: string | undefined } | undefined;
      const recording: HttpGet = async (url, headers, timeoutMs) => {
        const answer = await get(url, headers, timeoutMs);
        if (url === expected.discoveryUrl) seen = { status: answer.status, issuer: issuerIn(answer.body) };
        return answer;
      };
      const result = await checkOidc(expected, token, recording, REQUEST_TIMEOUT_MS);
      const measured = seen ? `HTTP ${seen.status}; issuer ${seen.issuer ?? '(none)'}` : 'no answer';
      const values = { status: seen?.status ?? null, issuer: seen?.issuer ?? null, expectedIssuer: expected.issuer };
      if (result.state === 'applied') return passed(measured, values);
      return failed(measured, `${result.problem}: ${result.message}`, FIX[result.problem], { ...values, problem: result.problem });
    },
  };
}

export const oidcCheck = oidcDiscoveryCheck();
