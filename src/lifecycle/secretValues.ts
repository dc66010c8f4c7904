// Turns SECRET_SPECS plus the workspace .env into concrete Secret objects: values come from .env when set,
// else from the spec's fixed default, else are generated (crypto-strong) and must be persisted back to .env so
// they stay stable across deploys (Authentik's secret key must never change after its first start).
import { randomBytes } from 'node:crypto';
import { SECRET_SPECS, type Generator, type SecretSpec } from './secretSpec';

export interface ResolvedSecrets {
  /** Kubernetes Secret objects, ready to be serialised into the apply stream (never onto argv). */
  readonly objects: readonly Record<string, unknown>[];
  /** .env entries to append: generated values and the fixed defaults that were used. */
  readonly toPersist: ReadonlyArray<readonly [string, string]>;
  /** Every value that is a secret (to register with the redactor). */
  readonly secretValues: readonly string[];
  /** Every .env variable of the specs with the value it got (from .env, a default, or generated). */
  readonly values: ReadonlyMap<string, string>;
}

/** Keys whose values are secrets (passwords, keys, tokens), as opposed to user names, database names, e-mails. */
const SECRET_KEY = /PASS|SECRET|TOKEN|KEY|CREDENTIAL/i;

export function isSecretKey(key: string): boolean {
  return SECRET_KEY.test(key);
}

export function generateSecret(kind: Generator): string {
  // base64url: no quoting needed in .env or YAML. 24 bytes -> 32 characters; the Authentik key wants >= 50.
  return randomBytes(kind === 'secretKey' ? 48 : 24).toString('base64url');
}

export function resolveSecrets(env: ReadonlyMap<string, string>, specs: readonly SecretSpec[] = SECRET_SPECS): ResolvedSecrets {
  const toPersist: Array<readonly [string, string]> = [];
  const secretValues: string[] = [];
  // One .env variable can feed several Secrets; generate it once.
  const chosen = new Map<string, string>(env);
  const objects = specs.map((spec) => {
    const stringData: Record<string, string> = {};
    for (const entry of spec.entries) {
      let value = chosen.get(entry.envVar);
      if (value === undefined || value === '') {
        value = 'value' in entry.fallback ? entry.fallback.value : generateSecret(entry.fallback.generate);
        chosen.set(entry.envVar, value);
        toPersist.push([entry.envVar, value]);
      }
      if ('generate' in entry.fallback) secretValues.push(value);
      stringData[entry.key] = value;
    }
    return {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: spec.name, namespace: spec.namespace, labels: { 'app.kubernetes.io/managed-by': 'wright' } },
      type: 'Opaque',
      stringData,
    };
  });
  const values = new Map(specs.flatMap((spec) => spec.entries.map((entry): [string, string] => [entry.envVar, chosen.get(entry.envVar) ?? ''])));
  return { objects, toPersist, secretValues, values };
}
