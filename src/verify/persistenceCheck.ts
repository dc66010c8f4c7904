// Data survives pod restarts (only with --restart, or after a confirmation in VS Code, since it restarts pods):
// a marker row in WRight's own table `wright_verify` and a marker key in Redis are written, the postgres and redis
// pods are deleted, their replacements awaited until ready, both markers read back through the same port-forwards
// (which follow the new pods), and the markers removed, also when the check fails or is cancelled.
import { randomUUID } from 'node:crypto';
import type { V1Pod } from '@kubernetes/client-node';
import { setTimeout as sleep } from 'node:timers/promises';
import { CancelledError } from '../process/errors';
import { isPodServing, serviceSelector } from '../portForward/podSelection';
import { failed, passed, skipped, type CheckDefinition, type CheckOutcome } from './check';
import { closePostgres, closeRedis, connectPostgres, connectRedis } from './clients';
import { readSecretValues } from './credentials';
import { clientError, POSTGRES_SECRET, REDIS_SECRET } from './databaseChecks';
import { INFRA_NAMESPACE, type VerifyContext } from './verifyContext';

export const MARKER_TABLE = 'wright_verify';
const POLL_MS = 500;

interface Markers {
  readonly pg: { port: number; user: string; password: string; database: string };
  readonly redis: { port: number; password: string };
  readonly id: string;
  readonly key: string;
}

async function writeMarkers(m: Markers): Promise<void> {
  const client = await connectPostgres(m.pg);
  try {
    await client.query(`CREATE TABLE IF NOT EXISTS ${MARKER_TABLE} (marker text PRIMARY KEY, written_at timestamptz NOT NULL DEFAULT now())`);
    await client.query(`INSERT INTO ${MARKER_TABLE} (marker) VALUES ($1)`, [m.id]);
  } finally {
    await closePostgres(client);
  }
  const redis = await connectRedis(m.redis.port);
  try {
    await redis.auth(m.redis.password);
    await redis.set(m.key, m.id, 'EX', 3600);
  } finally {
    closeRedis(redis);
  }
}

async function readMarkers(m: Markers): Promise<{ row: boolean; key: boolean }> {
  const client = await connectPostgres(m.pg);
  let row = false;
  try {
    row = (await client.query(`SELECT 1 FROM ${MARKER_TABLE} WHERE marker = $1`, [m.id])).rowCount === 1;
  } catch (error) {
    // The table itself is gone: the data did not survive.
    if ((error as { code?: unknown }).code !== '42P01') throw error;
  } finally {
    await closePostgres(client);
  }
  const redis = await connectRedis(m.redis.port);
  try {
    await redis.auth(m.redis.password);
    return { row, key: (await redis.get(m.key)) === m.id };
  } finally {
    closeRedis(redis);
  }
}

/** Removes both markers; returns what could not be removed. */
async function removeMarkers(m: Markers): Promise<string[]> {
  const left: string[] = [];
  try {
    const client = await connectPostgres(m.pg);
    try {
      await client.query(`DELETE FROM ${MARKER_TABLE} WHERE marker = $1`, [m.id]);
      const rest = await client.query(`SELECT 1 FROM ${MARKER_TABLE} LIMIT 1`);
      if (rest.rowCount === 0) await client.query(`DROP TABLE IF EXISTS ${MARKER_TABLE}`);
    } finally {
      await closePostgres(client);
    }
  } catch (error) {
    if ((error as { code?: unknown }).code !== '42P01') left.push(`row ${m.id} in table ${MARKER_TABLE} (${clientError(error)})`);
  }
  try {
    const redis = await connectRedis(m.redis.port);
    try {
      await redis.auth(m.redis.password);
      await redis.del(m.key);
    } finally {
      closeRedis(redis);
    }
  } catch (error) {
    left.push(`Redis key ${m.key} (expires within an hour; ${clientError(error)})`);
  }
  return left;
}

async function podsBehind(ctx: VerifyContext, service: string): Promise<{ selector: string; pods: V1Pod[] }> {
  const svc = await ctx.core.readNamespacedService({ name: service, namespace: INFRA_NAMESPACE });
  const selector = serviceSelector(svc);
  if (!selector) throw new Error(`service ${service} selects no pods`);
  return { selector, pods: (await ctx.core.listNamespacedPod({ namespace: INFRA_NAMESPACE, labelSelector: selector })).items };
}

function describePod(pod: V1Pod | undefined): string {
  if (!pod) return 'no pod';
  const waiting = pod.status?.containerStatuses?.find((c) => c.state?.waiting)?.state?.waiting?.reason;
  return `${pod.metadata?.name ?? '?'} ${pod.status?.phase ?? 'unknown'}${waiting ? ` (${waiting})` : ''}`;
}

/** Deletes the pods behind `service` and waits for a ready replacement; returns the seconds it took, or why not. */
async function restartAndWait(ctx: VerifyContext, service: string): Promise<{ seconds: number; pod: string } | { error: string }> {
  const { selector, pods } = await podsBehind(ctx, service);
  const before = new Set(pods.map((pod) => pod.metadata?.uid));
  const started = Date.now();
  for (const pod of pods) await ctx.core.deleteNamespacedPod({ name: pod.metadata?.name ?? '', namespace: INFRA_NAMESPACE });
  let last: V1Pod | undefined;
  while (Date.now() - started < ctx.restartTimeoutMs) {
    if (ctx.signal.aborted) throw new CancelledError();
    const now = (await ctx.core.listNamespacedPod({ namespace: INFRA_NAMESPACE, labelSelector: selector })).items.filter((pod) => !before.has(pod.metadata?.uid));
    const ready = now.find(isPodServing);
    if (ready) return { seconds: (Date.now() - started) / 1000, pod: ready.metadata?.name ?? '?' };
    last = now[0];
    await sleep(POLL_MS, undefined, { signal: ctx.signal }).catch(() => undefined);
  }
  return { error: `${service}: no ready replacement after ${Math.round(ctx.restartTimeoutMs / 1000)} s (${describePod(last)})` };
}

async function restartAndReadBack(ctx: VerifyContext, markers: Markers): Promise<CheckOutcome> {
  await writeMarkers(markers);
  const restarted = await Promise.all([restartAndWait(ctx, 'postgres'), restartAndWait(ctx, 'redis')]);
  const errors = restarted.flatMap((r) => ('error' in r ? [r.error] : []));
  const times = restarted.flatMap((r) => ('pod' in r ? [`${r.pod} back in ${r.seconds.toFixed(1)} s`] : []));
  if (errors.length > 0) {
    const notBack = errors.map((e) => `${e.split(':')[0] ?? ''} not back`);
    return failed([...times, ...notBack].join('; '), `a pod did not come back: ${errors.join('; ')}`, `see why: kubectl -n ${INFRA_NAMESPACE} describe pods (image pull, volume, or crash); the WRight view shows the pod's state`);
  }
  const read = await readMarkers(markers);
  const measured = `${times.join(', ')}; row ${read.row ? 'read back' : 'LOST'}, key ${read.key ? 'read back' : 'LOST'}`;
  const values = { row: read.row, key: read.key };
  if (!read.row || !read.key) {
    const lost = [read.row ? '' : 'the PostgreSQL row', read.key ? '' : 'the Redis key'].filter(Boolean).join(' and ');
    return failed(measured, `${lost} did not survive the restart`, "the data is not on a persistent volume, or Redis persistence (appendonly) is off: check the StatefulSets' volumeClaimTemplates and redis-server --appendonly yes", values);
  }
  return passed(measured, values);
}

export const persistenceCheck: CheckDefinition<VerifyContext> = {
  id: 'persistence',
  title: 'Data survives restarts',
  criterion: 'A row written to PostgreSQL and a key written to Redis are still there after their pods are deleted and replaced.',
  threshold: 'row and key read back',
  async run(ctx) {
    if (!ctx.restart) return skipped('it restarts the postgres and redis pods, so it runs only when asked', 'wright verify --restart (in VS Code: answer "Restart pods" when asked)');
    if (ctx.results.get('postgres') !== 'pass' || ctx.results.get('redis') !== 'pass') return skipped('needs the postgres and redis checks to pass first');
    const pgCreds = await readSecretValues(ctx.core, INFRA_NAMESPACE, POSTGRES_SECRET, ['POSTGRES_USER', 'POSTGRES_PASSWORD', 'POSTGRES_DB'], ctx.redactor);
    const redisCreds = await readSecretValues(ctx.core, INFRA_NAMESPACE, REDIS_SECRET, ['REDIS_PASSWORD'], ctx.redactor);
    const id = `verify-${randomUUID()}`;
    const markers: Markers = {
      pg: { port: await ctx.forward('postgres', 5432), user: pgCreds.POSTGRES_USER ?? '', password: pgCreds.POSTGRES_PASSWORD ?? '', database: pgCreds.POSTGRES_DB ?? '' },
      redis: { port: await ctx.forward('redis', 6379), password: redisCreds.REDIS_PASSWORD ?? '' },
      id,
      key: `wright:verify:${id}`,
    };
    let outcome: CheckOutcome;
    try {
      outcome = await restartAndReadBack(ctx, markers);
    } catch (error) {
      // Failing or cancelled: the markers go anyway, then the error continues.
      const left = await removeMarkers(markers);
      if (left.length > 0) ctx.logger.warn(`Verification could not remove its markers: ${left.join('; ')}`);
      throw error;
    }
    const left = await removeMarkers(markers);
    if (left.length === 0) return outcome;
    ctx.logger.warn(`Verification could not remove its markers: ${left.join('; ')}`);
    return { ...outcome, reason: `${outcome.reason ? `${outcome.reason}. ` : ''}Markers left behind: ${left.join('; ')}` };
  },
};
