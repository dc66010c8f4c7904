// `deploy`: secrets from the workspace .env (missing ones generated and appended to it), the overlay rendered
// by kustomize with the Secrets inserted, applied on stdin (secrets never on a command line, never logged),
// then a wait for every workload with per-workload progress. Applying twice is harmless: kubectl apply is
// declarative and the secrets are stable once written to .env.
import { ProcessFailedError } from '../process/errors';
import { UserFacingError } from '../shared/failures';
import { appendEnvEntries, readEnvFile } from './envFile';
import { kustomizationDir, namespacesIn, renderOverlay, toKubectlStream, withSecrets, workloadsIn, type K8sDoc } from './manifests';
import type { Operation } from './operation';
import { resolveInWorkspace } from './paths';
import { isSecretKey, resolveSecrets } from './secretValues';
import { SECRET_SPECS, OIDC_DEFAULT_CLIENT_ID } from './secretSpec';
import { authentikUrlFrom, oidcClientSecrets, oidcSettings, withAuthentikBaseUrl, type AuthentikUrl } from './oidcClient';
import { explainApplyFailure } from './kubectlAdvice';
import { assertPreflight, runPreflight } from './preflight';
import { kubectlApplyStdin } from './toolCalls';
import { waitForWorkloads } from './waitForWorkloads';
import type { WorkloadRef, WorkloadStatus } from './workloads';

const WEBHOOK_RETRIES = 5;

export interface DeployOptions {
  /** Standalone deploy: check the prerequisites and that the cluster exists first (create has done both). */
  readonly checkCluster: boolean;
  /** Remembers the workloads of the rendered manifests, before they are applied (see expectedWorkloads.ts). */
  readonly recordExpected?: (workloads: readonly WorkloadRef[]) => Promise<void>;
  /** The host ports the cluster's ingress was created with (WRight's record); default: the settings'. */
  readonly ingressPorts?: { readonly httpPort: number; readonly httpsPort: number };
  /** Told how long the deploy took (`wright verify` reports it against the targets). */
  readonly onTimings?: (timings: DeployTimings) => Promise<void>;
}

export interface DeployTimings {
  readonly deploymentMs: number;
  readonly allHealthyMs: number;
}

export async function deployServices(op: Operation, options: DeployOptions): Promise<readonly WorkloadStatus[]> {
  const started = Date.now();
  const name = op.settings.clusterName;
  if (options.checkCluster) {
    // Every failed prerequisite at once, as `up` and doctor report them (not the first one found).
    op.step('Checking prerequisites');
    const report = await runPreflight(op, { ports: false, envFile: true });
    assertPreflight(op, report);
    if (report.clusterExists !== true) {
      throw new UserFacingError(
        `There is no cluster "${name}" to deploy to. Create it first.`,
        [{ title: 'Create Staging Cluster', command: 'wright.createCluster' }],
        undefined,
        'cluster-absent',
      );
    }
  }

  op.step('Reading secrets');
  const envPath = resolveInWorkspace(op.settings.envFile, op.deps.paths);
  const env = await readEnvFile(envPath);
  // Beyond the generated values: every .env value whose key names a secret.
  for (const [key, value] of env) if (isSecretKey(key)) op.deps.redactor.add(value);
  const secrets = resolveSecrets(env, SECRET_SPECS);
  op.deps.redactor.add(...secrets.secretValues);

  op.step('Rendering manifests');
  const dir = kustomizationDir(op);
  const asRendered = await renderOverlay(op, dir);
  const authentik = authentikUrlFrom(asRendered, options.ingressPorts ?? op.settings.ingress);
  const rendered = authentik ? withAuthentikBaseUrl(asRendered, authentik) : asRendered;
  const docs = withSecrets(rendered, [...secrets.objects, ...oidcClientSecretsFor(authentik, secrets.values, namespacesIn(rendered))]);

  if (secrets.toPersist.length > 0) {
    const keys = secrets.toPersist.map(([key]) => key).join(', ');
    if (op.dryRun) {
      op.options.print?.(`would add to ${envPath}: ${keys}`);
    } else {
      op.step('Saving generated secrets', `${envPath}: ${keys}`);
      await appendEnvEntries(
        envPath,
        secrets.toPersist,
        `Added by WRight ${new Date().toISOString().slice(0, 10)}: values for the staging cluster's Secrets.\nKeep them: changing AUTHENTIK_SECRET_KEY or a database password later breaks the existing data.`,
      );
    }
  }

  const workloads = workloadsIn(docs);
  // Recorded before the apply: what should exist is what was rendered, even when the API server refuses a part.
  if (!op.dryRun) await options.recordExpected?.(workloads);

  op.step('Applying manifests', `${docs.length} objects from ${dir}`);
  await applyWithRetry(op, toKubectlStream(docs), docs.length);

  const applied = Date.now();
  const ready = await waitForWorkloads(op, workloads, { step: 'Waiting for services', timeoutSeconds: op.settings.timeouts.readySeconds, timeoutSetting: 'wright.timeouts.readySeconds' });
  if (!op.dryRun) await options.onTimings?.({ deploymentMs: Date.now() - started, allHealthyMs: Date.now() - applied });
  return ready;
}

/**
 * The Secret `oidc-client` for each placeholder namespace: the OIDC client the blueprint creates, with the issuer
 * under Authentik's Ingress host. None when the manifests have no Authentik Ingress (a custom kustomization).
 */
function oidcClientSecretsFor(authentik: AuthentikUrl | undefined, values: ReadonlyMap<string, string>, present: ReadonlySet<string>): K8sDoc[] {
  const clientSecret = values.get('AUTHENTIK_OIDC_CLIENT_SECRET');
  if (!authentik || !clientSecret) return [];
  const settings = oidcSettings(authentik.baseUrl, values.get('AUTHENTIK_OIDC_CLIENT_ID') || OIDC_DEFAULT_CLIENT_ID, clientSecret);
  return oidcClientSecrets(settings, present);
}

/**
 * ingress-nginx's admission webhook answers a few seconds after its Deployment reports ready; until then applying
 * an Ingress fails with "failed calling webhook". That one error is retried; anything else fails at once.
 */
async function applyWithRetry(op: Operation, stream: string, documents: number): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await op.exec(kubectlApplyStdin(op.target, stream, documents));
      return;
    } catch (error) {
      const webhook = error instanceof ProcessFailedError && /failed calling webhook/i.test(error.stderr);
      if (!webhook || attempt >= WEBHOOK_RETRIES) throw explainApplyFailure(error, op.settings.clusterName);
      op.logger.warn(`The ingress admission webhook is not answering yet; retrying (${attempt}/${WEBHOOK_RETRIES - 1})`);
      await op.sleep((op.options.pollSeconds ?? 3) * 1000 * attempt);
    }
  }
}
