import assert from 'node:assert/strict';
import { test } from 'node:test';
import { toServiceInfo } from '../../src/k8s/clusterSnapshot';
import { buildConnectionString, connectionSource, secretValuesToRedact } from '../../src/k8s/connectionString';
import { service } from './k8sBuilders';

const postgres = toServiceInfo(service('postgres', 'staging-infra', { app: 'postgres' }, [5432]));
const redis = toServiceInfo(service('redis', 'staging-infra', { app: 'redis' }, [6379]));

test('Postgres and Redis services map to the Secrets of the secret contract; others to none', () => {
  assert.deepEqual(connectionSource(postgres), { store: 'postgres', secretName: 'postgres-credentials', namespace: 'staging-infra', port: 5432 });
  assert.deepEqual(connectionSource(redis), { store: 'redis', secretName: 'redis-credentials', namespace: 'staging-infra', port: 6379 });
  assert.equal(connectionSource(toServiceInfo(service('authentik-postgres', 'staging-infra', {}, [5432])))?.secretName, 'authentik-postgres-credentials');
  assert.equal(connectionSource(toServiceInfo(service('authentik-server', 'staging-infra', {}, [80]))), undefined);
  assert.equal(connectionSource(toServiceInfo(service('postgres', 'staging-core', {}, [5432]))), undefined);
});

test('connection strings escape the password and point at the chosen host', () => {
  const secret = { POSTGRES_USER: 'wright', POSTGRES_PASSWORD: 'p@ss/w:rd', POSTGRES_DB: 'wright' };
  assert.equal(buildConnectionString(postgres, connectionSource(postgres)!, secret, { kind: 'local', port: 15432 }), 'postgresql://wright:p%40ss%2Fw%3Ard@127.0.0.1:15432/wright');
  assert.equal(
    buildConnectionString(postgres, connectionSource(postgres)!, secret, { kind: 'cluster' }),
    'postgresql://wright:p%40ss%2Fw%3Ard@postgres.staging-infra.svc.cluster.local:5432/wright',
  );
  assert.equal(buildConnectionString(redis, connectionSource(redis)!, { REDIS_PASSWORD: 'secret-value' }, { kind: 'local', port: 6379 }), 'redis://:secret-value@127.0.0.1:6379/0');
});

test('only the password-like values of a Secret are registered for redaction, not user and database names', () => {
  // "wright" is the default user and database name: masking it would garble every log line naming wright-staging.
  const secret = { POSTGRES_USER: 'wright', POSTGRES_PASSWORD: 'p@ss/w:rd-long', POSTGRES_DB: 'wright' };
  assert.deepEqual(secretValuesToRedact(secret), ['p@ss/w:rd-long']);
  assert.deepEqual(secretValuesToRedact({ REDIS_PASSWORD: 'secret-value', AUTHENTIK_SECRET_KEY: 'k'.repeat(64), AUTHENTIK_BOOTSTRAP_EMAIL: 'admin@wright.localhost' }), ['secret-value', 'k'.repeat(64)]);
});
