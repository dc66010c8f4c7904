// Reads the credentials a check needs from the cluster's own Secret (the one the workloads read), not from the
// workspace .env: verification proves what the cluster runs with. Every value is registered with the redactor
// before anything can print it.
import type { CoreV1Api } from '@kubernetes/client-node';
import { statusOf } from '../k8s/kubeClient';
import type { SecretRedactor } from '../shared/secrets';
import { CheckFailure } from './check';

export async function readSecretValues(
  core: CoreV1Api,
  namespace: string,
  name: string,
  keys: readonly string[],
  redactor: SecretRedactor,
): Promise<Record<string, string>> {
  let data: Record<string, string> | undefined;
  try {
    data = (await core.readNamespacedSecret({ name, namespace })).data;
  } catch (error) {
    if (statusOf(error) === 404) {
      throw new CheckFailure(`the Secret ${namespace}/${name} does not exist`, 'deploy the services again (wright deploy): it creates the Secrets from the workspace .env');
    }
    throw error;
  }
  const values: Record<string, string> = {};
  for (const key of keys) {
    const encoded = data?.[key];
    if (encoded === undefined) {
      throw new CheckFailure(`the Secret ${namespace}/${name} has no key ${key}`, 'deploy the services again (wright deploy) to rewrite the Secret');
    }
    const value = Buffer.from(encoded, 'base64').toString('utf8');
    values[key] = value;
  }
  // Passwords are masked in everything verification prints or logs, clients' errors included.
  for (const key of keys) if (/PASSWORD|SECRET/i.test(key)) redactor.add(values[key] ?? '');
  return values;
}
