// A deploy of the bundled local overlay, through the real kubectl, against the fake API server: afterwards each
// placeholder namespace holds the Secret `oidc-client` with the issuer under Authentik's Ingress host and the client
// the blueprint creates (the values the deploy wrote to .env), Authentik's worker gets the client from the Secret
// `authentik-oidc`, and no secret value reaches the log.
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { after, before, test } from 'node:test';
import { readEnvFile } from '../../src/lifecycle/envFile';
import { FakeApiServer } from '../fixtures/fakeApiServer/server';
import { resourceNamed } from '../fixtures/fakeApiServer/resources';
import { World } from '../fixtures/lifecycle/world';

const BUNDLED_LOCAL = resolve(__dirname, '../../manifests/overlays/local');

let server: FakeApiServer;
let world: World;
before(async () => {
  server = new FakeApiServer({ podReadyDelayMs: 20 });
  await server.start();
  world = new World({ WRIGHT_FAKE_API_URL: server.url });
});
after(async () => {
  world.dispose();
  await server.dispose();
});

const decode = (data: Record<string, string> | undefined): Record<string, string> =>
  Object.fromEntries(Object.entries(data ?? {}).map(([key, value]) => [key, Buffer.from(value, 'base64').toString('utf8')]));

function secret(namespace: string, name: string): Record<string, string> {
  const object = server.cluster.get(resourceNamed('secrets'), namespace, name) as unknown as { data?: Record<string, string> };
  return decode(object.data);
}

test('after a deploy, oidc-client exists in staging-core, staging-ai and staging-web with the blueprint\'s client', { timeout: 120_000 }, async () => {
  const ingress = { httpPort: 8080, httpsPort: 8443 };
  await world.engine.create(world.options({ deployOnCreate: false, ingress }));
  await world.engine.deploy(world.options({ manifests: BUNDLED_LOCAL, ingress, timeouts: { createSeconds: 30, readySeconds: 60 } }));

  const env = await readEnvFile(join(world.workspace, '.env'));
  const clientId = env.get('AUTHENTIK_OIDC_CLIENT_ID');
  const clientSecret = env.get('AUTHENTIK_OIDC_CLIENT_SECRET') ?? '';
  assert.equal(clientId, 'wright-staging', 'the default client id was written to .env');
  assert.ok(clientSecret.length >= 32, 'a strong client secret was generated into .env');
  assert.ok((env.get('AUTHENTIK_BOOTSTRAP_TOKEN') ?? '').length >= 32, 'a bootstrap token was generated into .env');

  for (const namespace of ['staging-core', 'staging-ai', 'staging-web']) {
    assert.deepEqual(secret(namespace, 'oidc-client'), {
      OIDC_ISSUER: 'http://auth.wright.localhost:8080/application/o/wright-staging/',
      OIDC_DISCOVERY_URL: 'http://auth.wright.localhost:8080/application/o/wright-staging/.well-known/openid-configuration',
      OIDC_CLIENT_ID: 'wright-staging',
      OIDC_CLIENT_SECRET: clientSecret,
      OIDC_INTERNAL_BASE_URL: 'http://authentik-server.staging-infra.svc.cluster.local',
    }, namespace);
  }
  assert.deepEqual(secret('staging-infra', 'authentik-oidc'), { AUTHENTIK_OIDC_CLIENT_ID: 'wright-staging', AUTHENTIK_OIDC_CLIENT_SECRET: clientSecret });
  assert.equal(secret('staging-infra', 'authentik-secrets')['AUTHENTIK_BOOTSTRAP_TOKEN'], env.get('AUTHENTIK_BOOTSTRAP_TOKEN'));

  // Authentik's own URL carries the ingress port the cluster was created with, like the issuer.
  const config = server.cluster.get(resourceNamed('configmaps'), 'staging-infra', 'authentik-config') as unknown as { data: Record<string, string> };
  assert.equal(config.data['AUTHENTIK_WEB__BASE_URL'], 'http://auth.wright.localhost:8080');

  // The worker's blueprint ConfigMap arrived with the deploy.
  const configMaps = server.cluster.store.list(resourceNamed('configmaps'), 'staging-infra').map((o) => o.metadata.name);
  assert.ok(configMaps.some((name) => name.startsWith('authentik-blueprints-')), configMaps.join(', '));

  const log = world.logLines.join('\n');
  assert.ok(log.length > 0);
  for (const value of [clientSecret, env.get('AUTHENTIK_BOOTSTRAP_TOKEN')!]) assert.ok(!log.includes(value), 'a secret value reached the log');
  assert.ok(!readFileSync(world.fakeLog, 'utf8').includes(clientSecret), 'a secret value reached a command line');
});

test('a changed client secret in .env reaches the oidc-client Secrets on the next deploy', { timeout: 120_000 }, async () => {
  const envPath = join(world.workspace, '.env');
  const text = readFileSync(envPath, 'utf8').replace(/^AUTHENTIK_OIDC_CLIENT_SECRET=.*$/m, 'AUTHENTIK_OIDC_CLIENT_SECRET=rotated-client-secret-0123456789abcdef');
  writeFileSync(envPath, text);
  const ingress = { httpPort: 8080, httpsPort: 8443 };
  await world.engine.deploy(world.options({ manifests: BUNDLED_LOCAL, ingress, timeouts: { createSeconds: 30, readySeconds: 60 } }));
  assert.equal(secret('staging-web', 'oidc-client')['OIDC_CLIENT_SECRET'], 'rotated-client-secret-0123456789abcdef');
  assert.equal(secret('staging-infra', 'authentik-oidc')['AUTHENTIK_OIDC_CLIENT_SECRET'], 'rotated-client-secret-0123456789abcdef');
});

test('on the default ports and on cloud hosts, AUTHENTIK_WEB__BASE_URL stays as the overlay wrote it', async () => {
  const { withAuthentikBaseUrl, authentikBaseUrl } = await import('../../src/lifecycle/oidcClient');
  const config = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'authentik-config', namespace: 'staging-infra' }, data: { AUTHENTIK_WEB__BASE_URL: 'http://auth.wright.localhost', AUTHENTIK_LOG_LEVEL: 'info' } };
  const local80 = { baseUrl: authentikBaseUrl('auth.wright.localhost', false, { httpPort: 80, httpsPort: 443 }), host: 'auth.wright.localhost', tls: false };
  assert.deepEqual(withAuthentikBaseUrl([config], local80), [config]);
  const cloud = { baseUrl: authentikBaseUrl('auth.example.com', true, { httpPort: 8080, httpsPort: 8443 }), host: 'auth.example.com', tls: true };
  assert.equal(cloud.baseUrl, 'https://auth.example.com', 'cloud hosts ignore the kind host ports');
  const cloudConfig = { ...config, data: { AUTHENTIK_WEB__BASE_URL: 'https://auth.example.com' } };
  assert.deepEqual(withAuthentikBaseUrl([cloudConfig], cloud), [cloudConfig]);
  const local8080 = { baseUrl: authentikBaseUrl('auth.wright.localhost', false, { httpPort: 8080, httpsPort: 8443 }), host: 'auth.wright.localhost', tls: false };
  assert.deepEqual((withAuthentikBaseUrl([config], local8080)[0] as { data: Record<string, string> }).data, { AUTHENTIK_WEB__BASE_URL: 'http://auth.wright.localhost:8080', AUTHENTIK_LOG_LEVEL: 'info' });
});
