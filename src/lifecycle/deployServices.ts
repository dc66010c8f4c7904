// `deploy`: secrets from the workspace .env (missing ones generated and appended to it), the overlay rendered
// by kustomize with the Secrets inserted, applied on stdin (secrets never on a command line, never logged),
// then a wait for every workload with per-workload progress. Applying twice is harmless: kubectl apply is
// declarative and the secrets are stable once written to .env.
import { ProcessFailedError } from '../process/errors';
import { UserFacingError } from '../shared/failures';
import { appendEnvEntries, readEnvFile } from './envFile';
import { insertSecrets, kustomizationDir, namespacesIn, renderOverlay, toYamlStream, workloadsIn, type K8sDoc } from './manifests';
import type { Operation } from './operation';
import { resolveInWorkspace } from './paths';
import { isSecretKey, resolveSecrets } from './secretValues';
import { SECRET_SPECS } from './secretSpec';
import { existingClusters } from './kindClusters';
import { explainApplyFailure } from './kubectlAdvice';
import { kubectlApplyStdin } from './toolCalls';
import { waitForWorkloads } from './waitForWorkloads';
import type { WorkloadStatus } from './workloads';

const WEBHOOK_RETRIES = 5;

export async function deployServices(op: Operation, options: { checkCluster: boolean }): Promise<readonly WorkloadStatus[]> {
  const name = op.settings.clusterName;
  if (options.checkCluster) {
    op.step('Checking the cluster');
    const clusters = await existingClusters(op);
    if (!clusters.includes(name)) {
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
  const rendered = await renderOverlay(op, dir);
  const present = namespacesIn(rendered);
  const secretObjects = secrets.objects.filter((s) => present.has(String((s.metadata as { namespace: string }).namespace))) as K8sDoc[];
  const docs = insertSecrets(rendered, secretObjects);

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

  op.step('Applying manifests', `${docs.length} objects from ${dir}`);
  await applyWithRetry(op, toYamlStream(docs), docs.length);

  const workloads = workloadsIn(docs);
  return waitForWorkloads(op, workloads, { step: 'Waiting for services', timeoutSeconds: op.settings.timeouts.readySeconds, timeoutSetting: 'wright.timeouts.readySeconds' });
}

/**
 * ingress-nginx's admission webhook answers a few seconds after its Deployment reports ready; until then applying
 * an Ingress fails with "failed calling webhook". That one error is retried; anything else fails at once.
 */
async function applyWithRetry(op: Operation, yaml: string, documents: number): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await op.exec(kubectlApplyStdin(op.target, yaml, documents));
      return;
    } catch (error) {
      const webhook = error instanceof ProcessFailedError && /failed calling webhook/i.test(error.stderr);
      if (!webhook || attempt >= WEBHOOK_RETRIES) throw explainApplyFailure(error, op.settings.clusterName);
      op.logger.warn(`The ingress admission webhook is not answering yet; retrying (${attempt}/${WEBHOOK_RETRIES - 1})`);
      await op.sleep((op.options.pollSeconds ?? 3) * 1000 * attempt);
    }
  }
}
