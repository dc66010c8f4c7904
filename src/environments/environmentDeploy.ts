// Deploying to a remote environment, in two halves with the user's confirmation between them:
//   prepareEnvironmentDeploy: read the context's API server URL, refuse a wrong overlay, render the overlay with
//     kustomize, settle every Secret (env file, ExternalSecret or already in the cluster; missing ones named),
//     have the API server dry-run the whole apply and `kubectl diff` it. Nothing is changed.
//   applyEnvironmentDeploy: apply exactly the prepared documents, then wait for the workloads.
// Every kubectl call names the environment's kubeconfig and context; kind and docker are never called.
import { join } from 'node:path';
import { promises as fs } from 'node:fs';
import { readEnvFile } from '../lifecycle/envFile';
import { insertSecrets, namespacesIn, renderOverlay, toKubectlStream, workloadsIn, type K8sDoc } from '../lifecycle/manifests';
import type { Operation } from '../lifecycle/operation';
import { resolveInWorkspace } from '../lifecycle/paths';
import { SECRET_SPECS } from '../lifecycle/secretSpec';
import { kubectlApplyServerDryRun, kubectlApplyStdin, kubectlDiffStdin, kubectlGetLive, kubectlNamespaceExists, kubectlSecretExists } from '../lifecycle/toolCalls';
import { waitForWorkloads } from '../lifecycle/waitForWorkloads';
import type { WorkloadStatus } from '../lifecycle/workloads';
import { explainApplyFailure } from '../lifecycle/kubectlAdvice';
import { ProcessFailedError } from '../process/errors';
import { UserFacingError } from '../shared/failures';
import { confirmationRule, type ConfirmationRule } from './confirmation';
import { diffSides, itemsOf, type DiffSides } from './diffSides';
import type { RemoteEnvironment } from './environment';
import { assertOverlayAllowed } from './guardrails';
import { readContext } from './kubeconfigContext';
import { withNamespacePrefix } from './namespacePrefix';
import { newObjectsDiff } from './newObjectsDiff';
import { planSecrets, type PlannedSecret } from './remoteSecrets';

export interface EnvironmentDeployPlan {
  readonly environment: RemoteEnvironment;
  readonly overlay: string;
  readonly server: string;
  /** What goes to `kubectl apply` (Secrets from the env file included): kept in memory, never printed. */
  readonly documents: readonly K8sDoc[];
  /** Unified diff against the cluster (`kubectl diff`, plus new namespaces' objects); Secret values masked. */
  readonly diff: string;
  /** The same changes side by side (live objects, dry-run result), for an editor's diff view; Secrets masked. */
  readonly sides: DiffSides;
  /** Whether applying would change anything. */
  readonly changed: boolean;
  /** Namespaces the apply creates (their objects could only be diffed locally, not dry-run by the server). */
  readonly newNamespaces: readonly string[];
  readonly secrets: readonly PlannedSecret[];
  readonly confirmation: ConfirmationRule;
}

export interface PrepareOptions {
  /** Deploy a cloud overlay to a kind context anyway (see guardrails.ts). */
  readonly force?: boolean;
}

/**
 * The env file of an environment: `.env.<name>` beside the workspace's .env. An ad-hoc environment is named after
 * its context, which may hold `/` or `:` (EKS: `arn:aws:eks:...:cluster/prod`): anything but letters, digits, `.`,
 * `_` and `-` becomes `_`, so the name never leads out of the workspace folder.
 */
export function environmentEnvFile(op: Operation, environment: RemoteEnvironment): string {
  return resolveInWorkspace(envFileName(environment.name), op.deps.paths);
}

export function envFileName(environmentName: string): string {
  return `.env.${environmentName.replace(/[^A-Za-z0-9._-]/g, '_')}`;
}

export async function prepareEnvironmentDeploy(op: Operation, environment: RemoteEnvironment, options: PrepareOptions = {}): Promise<EnvironmentDeployPlan> {
  op.step('Reading the environment', `${environment.name}: context ${environment.context} in ${environment.kubeconfig}`);
  const context = await readContext(environment.kubeconfig, environment.context);
  assertOverlayAllowed(environment, environment.overlay, options.force ?? false);

  op.step('Rendering manifests', `overlay ${environment.overlay}`);
  const dir = op.settings.manifests ? resolveInWorkspace(op.settings.manifests, op.deps.paths) : join(op.deps.paths.manifestsDir, 'overlays', environment.overlay);
  const rendered = withNamespacePrefix(await renderOverlay(op, dir), environment.namespacePrefix);

  op.step('Checking Secrets');
  const envPath = environmentEnvFile(op, environment);
  const hasEnvFile = await fs.stat(envPath).then((s) => s.isFile(), () => false);
  const envValues = hasEnvFile ? await readEnvFile(envPath) : undefined;
  const secrets = await planSecrets({
    specs: SECRET_SPECS,
    prefix: environment.namespacePrefix,
    envFile: envValues ? { path: envPath, values: envValues } : undefined,
    rendered,
    existsInCluster: (namespace, name) => op.exec(kubectlSecretExists(op.target, namespace, name)),
  });
  op.deps.redactor.add(...secrets.secretValues);
  const documents = insertSecrets(rendered, secrets.objects);

  op.step('Asking the API server for a dry run and a diff', `${context.server} (context ${environment.context})`);
  const namespaces = [...namespacesIn(documents)].sort();
  const exists = await Promise.all(namespaces.map((ns) => op.exec(kubectlNamespaceExists(op.target, ns))));
  const newNamespaces = namespaces.filter((_, i) => !exists[i]);
  // A real API server refuses even a dry run in a namespace that does not exist yet: those objects are diffed here.
  const pending = documents.filter((doc) => doc.kind !== 'Namespace' && typeof doc.metadata?.namespace === 'string' && newNamespaces.includes(doc.metadata.namespace));
  const serverSide = documents.filter((doc) => !pending.includes(doc));
  let diff = '';
  let changed = pending.length > 0;
  let merged: K8sDoc[] = [];
  let live: K8sDoc[] = [];
  if (serverSide.length > 0) {
    const stream = toKubectlStream(serverSide);
    try {
      merged = itemsOf(await op.exec(kubectlApplyServerDryRun(op.target, stream, serverSide.length)));
    } catch (error) {
      const explained = explainApplyFailure(error, environment.name);
      if (!(explained instanceof ProcessFailedError)) throw explained;
      const stderr = explained.stderr.trim();
      throw new UserFacingError(`The API server refused the dry run, so nothing was applied: ${refusals(stderr)}`, [], stderr, 'manifests');
    }
    live = itemsOf(await op.exec(kubectlGetLive(op.target, stream, serverSide.length)));
    const result = await op.exec(kubectlDiffStdin(op.target, stream, serverSide.length));
    diff = result.diff;
    changed ||= result.changed;
  }
  diff = op.deps.redactor.redact(diff + newObjectsDiff(pending));

  return {
    environment,
    overlay: environment.overlay,
    server: context.server,
    documents,
    diff,
    sides: diffSides(documents, live, merged, pending),
    changed,
    newNamespaces,
    secrets: secrets.secrets,
    confirmation: confirmationRule({ environment: environment.name, overlay: environment.overlay, context: environment.context, server: context.server, objects: documents.length }),
  };
}

/** Applies the prepared documents (only after the confirmation) and waits for the workloads to be ready. */
export async function applyEnvironmentDeploy(op: Operation, plan: EnvironmentDeployPlan): Promise<readonly WorkloadStatus[]> {
  op.step('Applying manifests', `${plan.documents.length} objects to context ${plan.environment.context} (${plan.server})`);
  try {
    await op.exec(kubectlApplyStdin(op.target, toKubectlStream(plan.documents), plan.documents.length));
  } catch (error) {
    throw explainApplyFailure(error, plan.environment.name);
  }
  return waitForWorkloads(op, workloadsIn(plan.documents), { step: 'Waiting for services', timeoutSeconds: op.settings.timeouts.readySeconds, timeoutSetting: 'wright.timeouts.readySeconds' });
}

/**
 * What the API server refused, from kubectl's stderr: each `<Kind> "<name>" is invalid|forbidden: ...` (a refused
 * patch is printed with the whole patch first, which is no message for a person), else the first error line.
 */
export function refusals(stderr: string): string {
  const found = new Set<string>();
  for (const line of stderr.split(/\r?\n/)) {
    const match = /(\S+ "[^"]+" is (?:invalid|forbidden): .*)$/.exec(line);
    if (match?.[1]) found.add(match[1].trim());
  }
  if (found.size > 0) return [...found].join('; ');
  const lines = stderr.split(/\r?\n/).map((line) => line.trim()).filter(Boolean);
  return lines.find((line) => /^(error|Error from server)/.test(line)) ?? lines[0] ?? 'kubectl apply --dry-run=server failed';
}
