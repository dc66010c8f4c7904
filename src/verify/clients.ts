// The database clients, loaded lazily (they are separate bundles, see scripts/build.mjs) and configured so that a
// dead forward fails fast instead of hanging: connection and query timeouts, no reconnect loops. The connection
// details never go into a connection string, so no password can appear in a URL or an error built from one.
import type { Client, ClientConfig } from 'pg';
import type { Redis, RedisOptions } from 'ioredis';

const CONNECT_TIMEOUT_MS = 10_000;
const QUERY_TIMEOUT_MS = 15_000;

export interface PgTarget {
  readonly port: number;
  readonly user: string;
  readonly password: string;
  readonly database: string;
}

export async function connectPostgres(target: PgTarget): Promise<Client> {
  const pg = (await import('pg')).default;
  const config: ClientConfig = {
    host: '127.0.0.1',
    port: target.port,
    user: target.user,
    password: target.password,
    database: target.database,
    connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
    query_timeout: QUERY_TIMEOUT_MS,
    application_name: 'wright-verify',
  };
  const client = new pg.Client(config);
  // An error after connect (the pod goes away) must not become an unhandled 'error' event.
  client.on('error', () => undefined);
  try {
    await client.connect();
  } catch (error) {
    await client.end().catch(() => undefined);
    throw error;
  }
  return client;
}

export async function closePostgres(client: Client | undefined): Promise<void> {
  await client?.end().catch(() => undefined);
}

type RedisModule = { Redis?: typeof Redis; default?: typeof Redis | { Redis?: typeof Redis } };

/** Connects WITHOUT authenticating: the check sends AUTH itself, so a wrong password fails as "AUTH", not later. */
export async function connectRedis(port: number): Promise<Redis> {
  const mod = (await import('ioredis')) as unknown as RedisModule;
  const RedisClass = mod.Redis ?? (typeof mod.default === 'function' ? mod.default : mod.default?.Redis);
  if (!RedisClass) throw new Error('the Redis client could not be loaded');
  const options: RedisOptions = {
    host: '127.0.0.1',
    port,
    lazyConnect: true,
    connectTimeout: CONNECT_TIMEOUT_MS,
    commandTimeout: QUERY_TIMEOUT_MS,
    maxRetriesPerRequest: 0,
    enableOfflineQueue: false,
    enableReadyCheck: false,
    retryStrategy: () => null,
    // RESP2 and no handshake commands: the connection is made unauthenticated and the check's own AUTH comes first.
    protocol: 2,
    disableClientInfo: true,
  };
  const client = new RedisClass(options);
  client.on('error', () => undefined);
  try {
    await client.connect();
  } catch (error) {
    client.disconnect();
    throw error;
  }
  return client;
}

export function closeRedis(client: Redis | undefined): void {
  client?.disconnect();
}
