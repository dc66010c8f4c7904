// `wright oidc` and the OIDC line of `wright status`, through main(), on a cluster played by the fake API server
// (real kubectl) with the bundled manifests, and Authentik played by test/fixtures/fakeAuthentik.ts on the ingress
// port the cluster was created with.
import assert from 'node:assert/strict';
import { join, resolve } from 'node:path';
import { after, before, test } from 'node:test';
import { EXIT } from '../../src/cli/exitCodes';
import { readEnvFile } from '../../src/lifecycle/envFile';
import { anyFreePort } from '../../src/portForward/localPorts';
import { FakeApiServer } from '../fixtures/fakeApiServer/server';
import { FakeAuthentik } from '../fixtures/fakeAuthentik';
import { World } from '../fixtures/lifecycle/world';
import { runCli, type CliRun } from '../fixtures/lifecycle/runCli';

const BUNDLED = resolve(__dirname, '../../manifests');

let server: FakeApiServer;
let world: World;
let authentik: FakeAuthentik;
let token: string | undefined;
let httpPort: number;
let common: string[];

function wright(argv: string[]): Promise<CliRun> {
  return runCli(world, argv, { manifestsDir: BUNDLED });
}

before(async () => {
  server = new FakeApiServer({ podReadyDelayMs: 20 });
  await server.start();
  world = new World({ WRIGHT_FAKE_API_URL: server.url });
  httpPort = await anyFreePort();
  common = ['--cluster-name', 'oidc-test', '--http-port', String(httpPort), '--https-port', String(await anyFreePort()), '--timeout', '60', '--no-image-cache'];
  const up = await wright(['up', ...common, '--no-deploy']);
  assert.equal(up.code, EXIT.ok, up.stderr);
  // Authentik "behind the ingress" on the port the cluster was created with (kind would publish it there).
  authentik = new FakeAuthentik('auth.wright.localhost', () => token);
  await authentik.start(httpPort);
});

after(async () => {
  await authentik?.stop();
  world?.dispose();
  await server?.dispose();
});

test('before a deploy, wright oidc says there is nothing yet and how to get it', { timeout: 60_000 }, async () => {
  const run = await wright(['oidc', ...common]);
  assert.equal(run.code, EXIT.clusterState);
  assert.match(run.stderr, /no OIDC settings yet.*deploy the services first/);
});

test('after a deploy: wright oidc prints issuer, discovery URL and client id; the secret only with --show-secret', { timeout: 120_000 }, async () => {
  const deploy = await wright(['deploy', ...common]);
  assert.equal(deploy.code, EXIT.ok, deploy.stderr);
  const env = await readEnvFile(join(world.workspace, '.env'));
  const clientSecret = env.get('AUTHENTIK_OIDC_CLIENT_SECRET')!;
  token = env.get('AUTHENTIK_BOOTSTRAP_TOKEN');
  const issuer = `http://auth.wright.localhost:${httpPort}/application/o/wright-staging/`;

  const text = await wright(['oidc', ...common]);
  assert.equal(text.code, EXIT.ok, text.stderr);
  assert.match(text.stdout, new RegExp(`Issuer: +${issuer.replace(/[.]/g, '\\.')}\n`));
  assert.match(text.stdout, /Client ID: +wright-staging\n/);
  assert.match(text.stdout, /Redirect URIs: .*wright\.localhost\[:port\]/);
  assert.ok(!text.stdout.includes(clientSecret), 'no secret without --show-secret');

  const json = JSON.parse((await wright(['oidc', ...common, '--json'])).stdout) as Record<string, unknown>;
  assert.equal(json['issuer'], issuer);
  assert.equal(json['discoveryUrl'], `${issuer}.well-known/openid-configuration`);
  assert.equal(json['clientId'], 'wright-staging');
  assert.equal('clientSecret' in json, false);

  const shown = await wright(['oidc', ...common, '--json', '--show-secret']);
  assert.equal((JSON.parse(shown.stdout) as Record<string, unknown>)['clientSecret'], clientSecret);
  assert.ok(!shown.stderr.includes(clientSecret));
  const verbose = await wright(['oidc', ...common, '--verbose']);
  assert.ok(!verbose.stderr.includes(clientSecret) && !verbose.stdout.includes(clientSecret), 'the verbose log masks the secret');
});

test('wright status names whether the blueprint applied, and fails when its apply failed', { timeout: 120_000 }, async () => {
  const status = async () => {
    const run = await wright(['status', ...common, '--json']);
    return { code: run.code, oidc: (JSON.parse(run.stdout) as { oidc?: { state: string; problem?: string } }).oidc };
  };
  authentik.mode = 'starting';
  // Authentik still starting is named, but passes by itself: it does not fail status.
  const starting = await status();
  assert.equal(starting.code, EXIT.ok);
  assert.equal(starting.oidc?.problem, 'authentik-unreachable');
  assert.match((await wright(['status', ...common])).stdout, /OIDC +✗ authentik-unreachable: Authentik answered 503/);

  authentik.mode = 'failed';
  const failed = await status();
  assert.equal(failed.code, EXIT.notReady);
  assert.equal(failed.oidc?.problem, 'blueprint-failed');
  const text = await wright(['status', ...common]);
  assert.match(text.stdout, /OIDC +✗ blueprint-failed: Authentik's last apply of the blueprint "WRight - staging OIDC application" failed/);

  authentik.mode = 'applied';
  const applied = await status();
  assert.deepEqual(applied.oidc, { state: 'applied', issuer: `http://auth.wright.localhost:${httpPort}/application/o/wright-staging/` });
  assert.equal(applied.code, EXIT.ok);
  assert.match((await wright(['status', ...common])).stdout, /OIDC +✓ blueprint applied/);
});
