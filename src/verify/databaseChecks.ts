// PostgreSQL and Redis, checked with real clients through WRight's own port-forward and with the credentials the
// cluster's Secrets hold: the app database answers, has pgvector and computes a distance; Authentik's database
// answers; Redis authenticates, PINGs, stores and returns a key, and persists (appendonly).
import { randomUUID } from 'node:crypto';
import { CheckFailure, failed, passed, type CheckDefinition } from './check';
import { closePostgres, closeRedis, connectPostgres, connectRedis } from './clients';
import { readSecretValues } from './credentials';
import { INFRA_NAMESPACE, type VerifyContext } from './verifyContext';

export const POSTGRES_SECRET = 'postgres-credentials';
export const AUTHENTIK_POSTGRES_SECRET = 'authentik-postgres-credentials';
export const REDIS_SECRET = 'redis-credentials';
const PG_KEYS = ['POSTGRES_USER', 'POSTGRES_PASSWORD', 'POSTGRES_DB'] as const;

/** L2 distance of [1,2,3] and [4,5,6]: sqrt(27). */
const EXPECTED_DISTANCE = Math.sqrt(27);

/** What a client's error says, as one line (the runner redacts it). */
export function clientError(error: unknown): string {
  if (error instanceof CheckFailure) return error.reason;
  const record = error as { message?: unknown; code?: unknown };
  const message = typeof record.message === 'string' && record.message !== '' ? record.message : String(error);
  const code = typeof record.code === 'string' && !message.includes(record.code) ? ` (${record.code})` : '';
  return `${message.split('\n')[0] ?? ''}${code}`;
}

function connectFix(service: string, secret: string, error: unknown): string {
  const code = (error as { code?: unknown }).code;
  if (code === '28P01' || /password authentication failed/i.test(clientError(error))) {
    return `the password in the Secret ${INFRA_NAMESPACE}/${secret} is not the one the database was initialised with. Put the original password back in .env and run wright deploy (or re-create the cluster: the database keeps its first password)`;
  }
  return `look at the pod: kubectl -n ${INFRA_NAMESPACE} logs statefulset/${service}; and its state in the WRight view`;
}

export const postgresCheck: CheckDefinition<VerifyContext> = {
  id: 'postgres',
  title: 'PostgreSQL (app)',
  criterion: 'The app database accepts the Secret\'s credentials through a port-forward, answers SELECT 1, has the vector extension, and computes a vector distance.',
  threshold: 'SELECT 1 = 1; vector installed; [1,2,3] <-> [4,5,6] = 5.196',
  async run(ctx) {
    const creds = await readSecretValues(ctx.core, INFRA_NAMESPACE, POSTGRES_SECRET, PG_KEYS, ctx.redactor);
    const port = await ctx.forward('postgres', 5432);
    const started = performance.now();
    let client;
    try {
      client = await connectPostgres({ port, user: creds.POSTGRES_USER ?? '', password: creds.POSTGRES_PASSWORD ?? '', database: creds.POSTGRES_DB ?? '' });
    } catch (error) {
      return failed('no connection', `cannot connect as ${creds.POSTGRES_USER} to ${creds.POSTGRES_DB}: ${clientError(error)}`, connectFix('postgres', POSTGRES_SECRET, error));
    }
    try {
      const one = await client.query<{ one: number }>('SELECT 1 AS one');
      if (one.rows[0]?.one !== 1) return failed(`SELECT 1 returned ${JSON.stringify(one.rows[0])}`, 'SELECT 1 did not return 1', 'look at the postgres pod\'s logs');
      const ext = await client.query<{ extversion: string }>("SELECT extversion FROM pg_extension WHERE extname = 'vector'");
      const version = ext.rows[0]?.extversion;
      if (!version) {
        return failed(
          'SELECT 1 ok; vector not installed',
          `the vector extension is not installed in the database ${creds.POSTGRES_DB}`,
          'run CREATE EXTENSION vector; in that database (the bundled init script does it only when the volume is first initialised), and use a pgvector image',
          { vector: null },
        );
      }
      const distance = await client.query<{ distance: number | string }>("SELECT '[1,2,3]'::vector <-> '[4,5,6]'::vector AS distance");
      const value = Number(distance.rows[0]?.distance);
      const ms = performance.now() - started;
      const measured = `SELECT 1 ok; vector ${version}; distance ${value.toFixed(3)}; ${Math.round(ms)} ms`;
      const values = { vector: version, distance: value, ms: Math.round(ms) };
      if (!(Math.abs(value - EXPECTED_DISTANCE) < 1e-4)) return failed(measured, `the L2 distance was ${value}, not ${EXPECTED_DISTANCE.toFixed(3)}`, 'the vector extension is broken: reinstall it (DROP/CREATE EXTENSION vector)', values);
      return passed(measured, values);
    } finally {
      await closePostgres(client);
    }
  },
};

export const authentikPostgresCheck: CheckDefinition<VerifyContext> = {
  id: 'authentik-postgres',
  title: 'PostgreSQL (Authentik)',
  criterion: 'Authentik\'s own database accepts the Secret\'s credentials through a port-forward and answers SELECT 1.',
  threshold: 'SELECT 1 = 1',
  async run(ctx) {
    const creds = await readSecretValues(ctx.core, INFRA_NAMESPACE, AUTHENTIK_POSTGRES_SECRET, PG_KEYS, ctx.redactor);
    const port = await ctx.forward('authentik-postgres', 5432);
    const started = performance.now();
    let client;
    try {
      client = await connectPostgres({ port, user: creds.POSTGRES_USER ?? '', password: creds.POSTGRES_PASSWORD ?? '', database: creds.POSTGRES_DB ?? '' });
    } catch (error) {
      return failed('no connection', `cannot connect as ${creds.POSTGRES_USER} to ${creds.POSTGRES_DB}: ${clientError(error)}`, connectFix('authentik-postgres', AUTHENTIK_POSTGRES_SECRET, error));
    }
    try {
      const one = await client.query<{ one: number; version: string }>('SELECT 1 AS one, current_setting(\'server_version\') AS version');
      const row = one.rows[0];
      const ms = performance.now() - started;
      if (row?.one !== 1) return failed(`SELECT 1 returned ${JSON.stringify(row)}`, 'SELECT 1 did not return 1', 'look at the authentik-postgres pod\'s logs');
      return passed(`SELECT 1 ok; PostgreSQL ${row.version}; ${Math.round(ms)} ms`, { version: row.version, ms: Math.round(ms) });
    } finally {
      await closePostgres(client);
    }
  },
};

export const redisCheck: CheckDefinition<VerifyContext> = {
  id: 'redis',
  title: 'Redis',
  criterion: 'Redis accepts the Secret\'s password (AUTH), answers PING, stores and returns a key, and persists to disk (appendonly).',
  threshold: 'AUTH ok; PONG; GET = SET; appendonly yes',
  async run(ctx) {
    const creds = await readSecretValues(ctx.core, INFRA_NAMESPACE, REDIS_SECRET, ['REDIS_PASSWORD'], ctx.redactor);
    const port = await ctx.forward('redis', 6379);
    const started = performance.now();
    let client;
    try {
      client = await connectRedis(port);
    } catch (error) {
      return failed('no connection', `cannot connect: ${clientError(error)}`, `look at the pod: kubectl -n ${INFRA_NAMESPACE} logs statefulset/redis`);
    }
    try {
      try {
        await client.auth(creds.REDIS_PASSWORD ?? '');
      } catch (error) {
        return failed('AUTH refused', `AUTH failed: ${clientError(error)}`, `the password in the Secret ${INFRA_NAMESPACE}/${REDIS_SECRET} is not the one Redis runs with: run wright deploy, then restart the redis pod`);
      }
      const pong: string = await client.ping();
      if (pong !== 'PONG') return failed(`PING returned ${pong}`, 'PING did not return PONG', 'look at the redis pod\'s logs');
      const key = `wright:verify:${randomUUID()}`;
      const value = randomUUID();
      await client.set(key, value, 'EX', 60);
      const read = await client.get(key);
      await client.del(key);
      if (read !== value) return failed('GET differs from SET', `GET ${key} returned ${JSON.stringify(read)}`, 'look at the redis pod\'s logs');
      const config = (await client.config('GET', 'appendonly')) as unknown[];
      const appendonly = typeof config[1] === 'string' ? config[1] : 'unknown';
      const ms = performance.now() - started;
      const measured = `AUTH ok; PONG; SET/GET ok; appendonly ${appendonly}; ${Math.round(ms)} ms`;
      const values = { appendonly, ms: Math.round(ms) };
      if (appendonly !== 'yes') {
        return failed(measured, `persistence is off (appendonly ${appendonly}): data is lost when the pod restarts`, 'start redis-server with --appendonly yes (the bundled StatefulSet does) and redeploy: wright deploy', values);
      }
      return passed(measured, values);
    } finally {
      closeRedis(client);
    }
  },
};
