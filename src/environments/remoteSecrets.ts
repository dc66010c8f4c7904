// The Secrets a remote environment's workloads read (SECRET_SPECS) are never generated into a shared cluster.
// Each one comes from exactly one place, decided before anything is applied:
//   1. the environment's own env file (`.env.<environment>` in the workspace), when it holds every generated key;
//   2. an ExternalSecret in the rendered overlay whose target is that Secret (the External Secrets Operator makes it);
//   3. a Secret that already exists in the cluster (made by hand or by another tool), left as it is.
// Anything else is missing, and the deploy stops naming each missing Secret and the keys the env file lacks.
import { UserFacingError } from '../shared/failures';
import type { K8sDoc } from '../lifecycle/manifests';
import type { SecretSpec } from '../lifecycle/secretSpec';
import { prefixNamespace } from './namespacePrefix';

export type SecretSource = 'env-file' | 'external-secret' | 'cluster';

export interface PlannedSecret {
  readonly namespace: string;
  readonly name: string;
  readonly source: SecretSource;
}

export interface SecretPlan {
  /** Secret objects built from the env file (values base64 in `data`): they join the apply stream. */
  readonly objects: readonly K8sDoc[];
  readonly secrets: readonly PlannedSecret[];
  /** Every value read from the env file that is a secret (for the redactor). */
  readonly secretValues: readonly string[];
}

export interface SecretInputs {
  readonly specs: readonly SecretSpec[];
  readonly prefix: string;
  /** The env file's entries, or undefined when the environment has no env file. */
  readonly envFile: { readonly path: string; readonly values: ReadonlyMap<string, string> } | undefined;
  /** The rendered (and prefixed) manifests. */
  readonly rendered: readonly K8sDoc[];
  /** Whether a Secret exists in the cluster (by name only; values are never read). */
  readonly existsInCluster: (namespace: string, name: string) => Promise<boolean>;
}

export async function planSecrets(inputs: SecretInputs): Promise<SecretPlan> {
  const external = externalSecretTargets(inputs.rendered);
  const objects: K8sDoc[] = [];
  const secrets: PlannedSecret[] = [];
  const secretValues: string[] = [];
  const missing: string[] = [];
  for (const spec of inputs.specs) {
    const namespace = prefixNamespace(inputs.prefix, spec.namespace);
    const fromFile = inputs.envFile ? fromEnvFile(spec, inputs.envFile.values) : undefined;
    if (fromFile && fromFile.lacking.length === 0) {
      objects.push(secretObject(spec.name, namespace, fromFile.data));
      secretValues.push(...fromFile.secretValues);
      secrets.push({ namespace, name: spec.name, source: 'env-file' });
    } else if (external.has(`${namespace}/${spec.name}`)) {
      secrets.push({ namespace, name: spec.name, source: 'external-secret' });
    } else if (await inputs.existsInCluster(namespace, spec.name)) {
      secrets.push({ namespace, name: spec.name, source: 'cluster' });
    } else {
      const lacking = fromFile ? ` (${inputs.envFile?.path} lacks ${fromFile.lacking.join(', ')})` : '';
      missing.push(`${namespace}/${spec.name}${lacking}`);
    }
  }
  if (missing.length > 0) {
    const where = inputs.envFile ? `in ${inputs.envFile.path}` : 'in an env file for this environment';
    throw new UserFacingError(
      `Nothing was applied: ${missing.length === 1 ? 'a Secret the workloads read is' : `${missing.length} Secrets the workloads read are`} missing: ${missing.join('; ')}. ` +
        `WRight never generates Secrets for a shared cluster: put the values ${where}, create the Secrets in the cluster, or add ExternalSecrets to the overlay (docs/cloud-migration.md).`,
      [],
      undefined,
      'secrets-missing',
    );
  }
  return { objects, secrets, secretValues };
}

interface FromFile {
  readonly data: Record<string, string>;
  /** Env variables the file lacks that have no fixed default. */
  readonly lacking: readonly string[];
  readonly secretValues: readonly string[];
}

/** The Secret's keys from the env file: fixed defaults (user names) may fill gaps, generated values may not. */
function fromEnvFile(spec: SecretSpec, values: ReadonlyMap<string, string>): FromFile {
  const data: Record<string, string> = {};
  const lacking: string[] = [];
  const secretValues: string[] = [];
  for (const entry of spec.entries) {
    const value = values.get(entry.envVar);
    if (value !== undefined && value !== '') {
      data[entry.key] = Buffer.from(value, 'utf8').toString('base64');
      if ('generate' in entry.fallback) secretValues.push(value);
    } else if ('value' in entry.fallback) {
      data[entry.key] = Buffer.from(entry.fallback.value, 'utf8').toString('base64');
    } else {
      lacking.push(entry.envVar);
    }
  }
  return { data, lacking, secretValues };
}

function secretObject(name: string, namespace: string, data: Record<string, string>): K8sDoc {
  const secret: Record<string, unknown> = { apiVersion: 'v1', kind: 'Secret', metadata: { name, namespace, labels: { 'app.kubernetes.io/managed-by': 'wright' } }, type: 'Opaque', data };
  return secret;
}

/** `namespace/name` of every Secret an ExternalSecret in the render makes (its target name, else its own name). */
function externalSecretTargets(docs: readonly K8sDoc[]): Set<string> {
  const targets = new Set<string>();
  for (const doc of docs) {
    if (doc.kind !== 'ExternalSecret') continue;
    const namespace = doc.metadata?.namespace;
    const spec = doc.spec as { target?: { name?: unknown } } | undefined;
    const name = typeof spec?.target?.name === 'string' ? spec.target.name : doc.metadata?.name;
    if (typeof namespace === 'string' && typeof name === 'string') targets.add(`${namespace}/${name}`);
  }
  return targets;
}
