// Connection strings for the data stores the stack runs (Postgres, Redis), built from the Secret the deploy step
// wrote (src/lifecycle/secretSpec.ts). Only ever produced on an explicit request: the result holds a password.
import { SECRET_SPECS } from '../lifecycle/secretSpec';
import { isSecretKey } from '../lifecycle/secretValues';
import type { ServiceInfo } from './clusterSnapshot';

export type DataStore = 'postgres' | 'redis';

export interface ConnectionSource {
  readonly store: DataStore;
  readonly secretName: string;
  readonly namespace: string;
  readonly port: number;
}

/** Whether the service is a Postgres or Redis WRight can build a connection string for, and from which Secret. */
export function connectionSource(service: ServiceInfo): ConnectionSource | undefined {
  const secret = SECRET_SPECS.find((spec) => spec.namespace === service.namespace && spec.name === `${service.name}-credentials`);
  if (!secret) return undefined;
  const keys = new Set(secret.entries.map((entry) => entry.key));
  const store: DataStore | undefined = keys.has('POSTGRES_PASSWORD') ? 'postgres' : keys.has('REDIS_PASSWORD') ? 'redis' : undefined;
  if (!store) return undefined;
  const wanted = store === 'postgres' ? 5432 : 6379;
  const port = service.ports.find((p) => p.port === wanted)?.port ?? service.ports[0]?.port ?? wanted;
  return { store, secretName: secret.name, namespace: service.namespace, port };
}

export type HostChoice = { readonly kind: 'cluster' } | { readonly kind: 'local'; readonly port: number };

export function buildConnectionString(service: ServiceInfo, source: ConnectionSource, secret: Readonly<Record<string, string>>, host: HostChoice): string {
  const address = host.kind === 'local' ? `127.0.0.1:${host.port}` : `${service.name}.${service.namespace}.svc.cluster.local:${source.port}`;
  const enc = encodeURIComponent;
  if (source.store === 'postgres') {
    const user = secret.POSTGRES_USER ?? 'postgres';
    const password = secret.POSTGRES_PASSWORD ?? '';
    const db = secret.POSTGRES_DB ?? user;
    return `postgresql://${enc(user)}:${enc(password)}@${address}/${enc(db)}`;
  }
  const password = secret.REDIS_PASSWORD ?? '';
  return password ? `redis://:${enc(password)}@${address}/0` : `redis://${address}/0`;
}

/** The values of a read Secret to register with the SecretRedactor: passwords and keys, not user or database names. */
export function secretValuesToRedact(secret: Readonly<Record<string, string>>): string[] {
  return Object.entries(secret)
    .filter(([key]) => isSecretKey(key))
    .map(([, value]) => value);
}
