// Deploying to a remote environment through `wright deploy --env` / `--context`, against TWO fake API servers and
// the REAL kubectl 1.32: the local kind cluster's (context kind-wright-staging, in WRight's own kubeconfig) and a
// "cloud" cluster's (a GKE-style context in a kubeconfig of its own). The staging overlay must land in the cloud
// one only, after its diff was shown; production must be refused without the typed context; the local overlay,
// create and teardown must be refused there; missing Secrets are named before anything is applied; kind and
// docker are never called; the user's kubeconfig is only read.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, before, test } from 'node:test';
import { stringify } from 'yaml';
import { EXIT } from '../../src/cli/exitCodes';
import { main, type CliIo } from '../../src/cli/main';
import { realKubectl } from '../fixtures/bin/lib/realKubectl';
import { resourceNamed } from '../fixtures/fakeApiServer/resources';
import { seedBaseCluster } from '../fixtures/fakeApiServer/scenarios';
import { FakeApiServer } from '../fixtures/fakeApiServer/server';
import { writeKubeconfig } from '../fixtures/kubeconfig';
import { FAKE_BIN } from '../fixtures/lifecycle/world';

const KUBECTL = realKubectl();
const skip = existsSync(KUBECTL) ? false : `no kubectl at ${KUBECTL} (set WRIGHT_TEST_KUBECTL)`;
const MANIFESTS = resolve(__dirname, '../../manifests');
const CLOUD_CONTEXT = 'gke_acme_europe-west1_staging';
const TIMEOUT = { timeout: 120_000 };

let root: string;
let kindServer: FakeApiServer;
let cloudServer: FakeApiServer;
let cloudKubeconfig: string;
let workspace: string;
let fakeLog: string;
const savedEnv = { ...process.env };

/** Every secret value the env file holds: none may ever be printed. */
const SECRET_VALUES = {
  POSTGRES_PASSWORD: 'pg-Secret-1a2b3c4d5e6f7g8h',
  REDIS_PASSWORD: 'redis-Secret-9z8y7x6w5v4u',
  AUTHENTIK_POSTGRES_PASSWORD: 'akpg-Secret-0p9o8i7u6y5t',
  AUTHENTIK_SECRET_KEY: 'ak-SecretKey-qwertyuiopasdfghjklzxcvbnm0123456789abcdef',
  AUTHENTIK_BOOTSTRAP_PASSWORD: 'boot-Secret-mnbvcxzlkjh',
  AUTHENTIK_BOOTSTRAP_TOKEN: 'tok-Secret-poiuytrewq',
  AUTHENTIK_OIDC_CLIENT_SECRET: 'oidc-Secret-asdfghjkl',
};

function cloudKubeconfigYaml(server: string): string {
  return stringify({
    apiVersion: 'v1',
    kind: 'Config',
    // The current context is another one: WRight must never fall back to it.
    'current-context': 'somebody-elses',
    clusters: [
      { name: CLOUD_CONTEXT, cluster: { server, 'insecure-skip-tls-verify': true } },
      { name: 'somebody-elses', cluster: { server: 'https://127.0.0.1:1', 'insecure-skip-tls-verify': true } },
    ],
    contexts: [
      { name: CLOUD_CONTEXT, context: { cluster: CLOUD_CONTEXT, user: CLOUD_CONTEXT } },
      { name: 'somebody-elses', context: { cluster: 'somebody-elses', user: CLOUD_CONTEXT } },
    ],
    users: [{ name: CLOUD_CONTEXT, user: {} }],
  });
}

before(async () => {
  if (skip) return;
  root = mkdtempSync(join(tmpdir(), 'wright-env-'));
  for (const dir of ['home', 'state', 'workspace', 'fake', 'cloud']) mkdirSync(join(root, dir));
  workspace = join(root, 'workspace');
  fakeLog = join(root, 'fake.log');
  // kubectl's discovery cache goes under $HOME/.kube/cache: a throwaway HOME.
  Object.assign(process.env, { HOME: join(root, 'home'), KUBECONFIG: '', WRIGHT_FAKE_STATE: join(root, 'fake'), WRIGHT_FAKE_LOG: fakeLog });
  kindServer = new FakeApiServer({ podReadyDelayMs: 20 });
  seedBaseCluster(kindServer.cluster);
  await kindServer.start();
  await writeKubeconfig(join(root, 'state', 'kubeconfig'), kindServer.url);
  cloudServer = new FakeApiServer({ podReadyDelayMs: 20, nodeName: 'gke-pool-1' });
  seedBaseCluster(cloudServer.cluster);
  await cloudServer.start();
  cloudKubeconfig = join(root, 'cloud', 'config');
  writeFileSync(cloudKubeconfig, cloudKubeconfigYaml(cloudServer.url), { mode: 0o600 });
  mkdirSync(join(workspace, '.vscode'));
  writeFileSync(
    join(workspace, '.vscode', 'settings.json'),
    `{\n  // the team's shared staging cluster\n  "wright.environments": [\n    { "name": "staging-gke", "kubeconfig": ${JSON.stringify(cloudKubeconfig)}, "context": "${CLOUD_CONTEXT}", "overlay": "staging" },\n    { "name": "prod-gke", "kubeconfig": ${JSON.stringify(cloudKubeconfig)}, "context": "${CLOUD_CONTEXT}", "overlay": "production", "namespacePrefix": "prod-" },\n  ],\n}\n`,
  );
});

after(async () => {
  if (skip) return;
  await kindServer.dispose();
  await cloudServer.dispose();
  for (const key of Object.keys(process.env)) if (!(key in savedEnv)) delete process.env[key];
  Object.assign(process.env, savedEnv);
  rmSync(root, { recursive: true, force: true });
});

interface Run {
  code: number;
  stdout: string;
  stderr: string;
  /** Writes (not dry runs) the cloud server had received when the diff reached stdout. */
  writesWhenDiffShown?: number;
}

const isWrite = (r: { method: string; query: string }): boolean => r.method !== 'GET' && !r.query.includes('dryRun=All');
const writes = (server: FakeApiServer): number => server.requests.filter(isWrite).length;

async function wright(argv: string[], extra: Partial<CliIo> = {}): Promise<Run> {
  const run: Run = { code: -1, stdout: '', stderr: '' };
  run.code = await main([...argv, '--verbose'], {
    stdout: (text) => {
      if (run.writesWhenDiffShown === undefined && /^diff -u -N /m.test(text)) run.writesWhenDiffShown = writes(cloudServer);
      run.stdout += text;
    },
    stderr: (text) => void (run.stderr += text),
    env: { ...process.env, WRIGHT_HOME: join(root, 'state'), WRIGHT_KUBECTL: KUBECTL, WRIGHT_KIND: join(FAKE_BIN, 'kind'), WRIGHT_DOCKER: join(FAKE_BIN, 'docker') },
    cwd: workspace,
    signal: new AbortController().signal,
    manifestsDir: MANIFESTS,
    version: '0.1.0',
    ...extra,
  });
  return run;
}

/** The commands main() logged with --verbose (`$ kubectl ...`). */
function commandsRun(run: Run): string[] {
  return run.stderr.split('\n').map((line) => line.trim()).filter((line) => line.startsWith('$ ')).map((line) => line.slice(2));
}

function assertOnlyCloudKubectl(run: Run): void {
  const commands = commandsRun(run);
  assert.ok(commands.length > 0, 'commands were logged');
  for (const command of commands) {
    assert.ok(command.startsWith(KUBECTL), `only kubectl runs: ${command}`);
    assert.ok(command.includes(`--kubeconfig ${cloudKubeconfig} --context ${CLOUD_CONTEXT} `), `names the cloud kubeconfig and context: ${command}`);
  }
  assert.equal(existsSync(fakeLog) ? readFileSync(fakeLog, 'utf8') : '', '', 'no kind or docker call');
}

const store = (server: FakeApiServer, resource: string, namespace: string, name: string): unknown => server.cluster.store.get(resourceNamed(resource), namespace, name);
const envFile = (name: string, values: Record<string, string>): void =>
  writeFileSync(join(workspace, `.env.${name}`), Object.entries(values).map(([k, v]) => `${k}=${v}\n`).join(''), { mode: 0o600 });
const hash = (path: string): string => createHash('sha256').update(readFileSync(path)).digest('hex');

test('missing Secrets are named before anything is applied', { skip, ...TIMEOUT }, async () => {
  const { AUTHENTIK_SECRET_KEY: _left, ...partial } = SECRET_VALUES;
  envFile('staging-gke', partial);
  cloudServer.requests.length = 0;
  const run = await wright(['deploy', '--env', 'staging-gke', '--yes']);
  assert.equal(run.code, EXIT.prerequisites, run.stderr);
  assert.match(run.stderr, /Nothing was applied: a Secret the workloads read is missing: staging-infra\/authentik-secrets \(.*\.env\.staging-gke lacks AUTHENTIK_SECRET_KEY\)/);
  assert.equal(cloudServer.requests.filter((r) => r.method !== 'GET').length, 0, 'not even a dry run');
  assert.equal(run.stdout, '', 'no diff: the deploy stopped before it');
  assertOnlyCloudKubectl(run);
});

test('the staging overlay lands in the cloud environment only, after its diff was shown', { skip, ...TIMEOUT }, async () => {
  envFile('staging-gke', SECRET_VALUES);
  const before = hash(cloudKubeconfig);
  const kindWrites = writes(kindServer);
  const run = await wright(['deploy', '--env', 'staging-gke', '--yes', '--timeout', '60']);
  assert.equal(run.code, EXIT.ok, run.stderr);
  // The diff came first: nothing had been written when it was printed.
  assert.equal(run.writesWhenDiffShown, 0, 'the diff was printed before any write');
  assert.ok(writes(cloudServer) > 0, 'then the apply wrote');
  assert.match(run.stdout, /\+\+\+ NEW\/apps\.v1\.StatefulSet\.staging-infra\.postgres/);
  assert.match(run.stdout, /Deployed the staging overlay to staging-gke \(context gke_acme_europe-west1_staging\): 5 workloads ready\./);
  for (const value of Object.values(SECRET_VALUES)) {
    assert.ok(!run.stdout.includes(value) && !run.stderr.includes(value), 'no secret value printed');
  }
  // The objects are in the cloud cluster, with the staging overlay's values...
  const postgres = store(cloudServer, 'apps/statefulsets', 'staging-infra', 'postgres') as { spec: { volumeClaimTemplates: { spec: { storageClassName?: string } }[] } } | undefined;
  assert.ok(postgres, 'postgres StatefulSet in the cloud cluster');
  assert.equal(postgres.spec.volumeClaimTemplates[0]?.spec.storageClassName, 'standard-rwo');
  const secret = store(cloudServer, 'secrets', 'staging-infra', 'authentik-secrets') as { data: Record<string, string> } | undefined;
  assert.equal(Buffer.from(secret?.data.AUTHENTIK_SECRET_KEY ?? '', 'base64').toString(), SECRET_VALUES.AUTHENTIK_SECRET_KEY, 'Secret from .env.staging-gke');
  // ... and nothing reached the kind cluster.
  assert.equal(writes(kindServer), kindWrites, 'no write to the kind cluster');
  assert.equal(store(kindServer, 'apps/statefulsets', 'staging-infra', 'postgres'), undefined);
  assert.equal(hash(cloudKubeconfig), before, "the user's kubeconfig is read, never written");
  assertOnlyCloudKubectl(run);

  // Deploying the same again: the server's diff is empty, nothing is applied.
  const again = await wright(['deploy', '--env', 'staging-gke', '--yes']);
  assert.equal(again.code, EXIT.ok, again.stderr);
  assert.match(again.stderr, /No changes: the staging overlay matches what runs in context gke_acme_europe-west1_staging/);
});

test('production over the staging objects: the server dry run refuses the StatefulSet change, nothing is applied', { skip, ...TIMEOUT }, async () => {
  envFile(CLOUD_CONTEXT, SECRET_VALUES);
  const writesBefore = writes(cloudServer);
  const run = await wright(['deploy', '--context', CLOUD_CONTEXT, '--kubeconfig', cloudKubeconfig, '--overlay', 'production', '--confirm-context', CLOUD_CONTEXT]);
  assert.equal(run.code, EXIT.failed, run.stderr);
  assert.match(run.stderr, /The API server refused the dry run, so nothing was applied: .*StatefulSet\.apps "authentik-postgres" is invalid: spec: Forbidden: updates to statefulset spec/);
  assert.equal(writes(cloudServer), writesBefore, 'nothing applied');
  assertOnlyCloudKubectl(run);
});

test('production is refused without the typed context name, and goes with it', { skip, ...TIMEOUT }, async () => {
  // Its own namespaces (prefix prod-) in the same cluster: a production overlay cannot replace staging's StatefulSets.
  const flags = ['deploy', '--env', 'prod-gke', '--timeout', '60'];
  envFile('prod-gke', SECRET_VALUES);
  let writesBefore = writes(cloudServer);
  const yesOnly = await wright([...flags, '--yes']);
  assert.equal(yesOnly.code, EXIT.usage);
  assert.match(yesOnly.stderr, /--yes alone does not deploy to production: add --confirm-context gke_acme_europe-west1_staging/);
  assert.match(yesOnly.stdout, /^diff -u -N /m, 'the diff was still shown');
  assert.equal(writes(cloudServer), writesBefore, 'nothing applied');

  const wrong = await wright([...flags, '--confirm-context', 'kind-wright-staging']);
  assert.equal(wrong.code, EXIT.usage);
  assert.match(wrong.stderr, /does not name the target context "gke_acme_europe-west1_staging"/);
  assert.equal(writes(cloudServer), writesBefore);

  const noTerminal = await wright(flags);
  assert.equal(noTerminal.code, EXIT.usage);
  assert.match(noTerminal.stderr, /There is no terminal to ask on: pass --confirm-context gke_acme_europe-west1_staging\. Nothing was applied\./);

  // On a terminal: a yes is not enough, the context's name must be typed.
  let asked = '';
  const typedWrong = await wright(flags, { confirm: () => Promise.resolve(true), ask: (question) => ((asked = question), Promise.resolve('yes')) });
  assert.equal(typedWrong.code, EXIT.usage);
  assert.match(asked, /PRODUCTION overlay \(\d+ objects\) to context "gke_acme_europe-west1_staging" at http:\/\/127\.0\.0\.1:\d+ \(environment prod-gke\)\? Type the context name/);
  assert.equal(writes(cloudServer), writesBefore);

  writesBefore = writes(cloudServer);
  const typed = await wright(flags, { ask: () => Promise.resolve(` ${CLOUD_CONTEXT} `) });
  assert.equal(typed.code, EXIT.ok, typed.stderr);
  assert.ok(writes(cloudServer) > writesBefore);
  const server = store(cloudServer, 'apps/deployments', 'prod-staging-infra', 'authentik-server') as { spec: { replicas: number } };
  assert.equal(server.spec.replicas, 2);
  assert.ok(store(cloudServer, 'policy/poddisruptionbudgets', 'prod-staging-infra', 'authentik-server'), 'production PDB applied');
  assert.ok(store(cloudServer, 'secrets', 'prod-staging-infra', 'postgres-credentials'), 'Secrets in the prefixed namespace');
  assert.ok(store(cloudServer, 'apps/statefulsets', 'staging-infra', 'postgres'), 'staging untouched beside it');
  for (const value of Object.values(SECRET_VALUES)) assert.ok(!typed.stdout.includes(value) && !typed.stderr.includes(value), 'no secret value printed');
  assertOnlyCloudKubectl(typed);
});

test('the local overlay, create and teardown are refused on the cloud environment', { skip, ...TIMEOUT }, async () => {
  const before = cloudServer.requests.length;
  const local = await wright(['deploy', '--env', 'staging-gke', '--overlay', 'local', '--yes']);
  assert.equal(local.code, EXIT.usage);
  assert.match(local.stderr, /The local overlay is for the kind cluster only and is refused on the context gke_acme_europe-west1_staging/);
  const down = await wright(['down', '--env', 'staging-gke', '--yes']);
  assert.equal(down.code, EXIT.usage);
  assert.match(down.stderr, /WRight does not tear down the environment "staging-gke"/);
  const up = await wright(['up', '--env', 'staging-gke']);
  assert.equal(up.code, EXIT.usage);
  assert.match(up.stderr, /WRight does not create the environment "staging-gke"/);
  assert.equal(cloudServer.requests.length, before, 'the cloud cluster was not even asked');
  assert.equal(commandsRun(local).length + commandsRun(down).length + commandsRun(up).length, 0, 'no tool ran');
});

test('a cloud overlay is refused on a kind context unless forced', { skip, ...TIMEOUT }, async () => {
  const kindConfig = join(root, 'state', 'kubeconfig');
  const viaContext = await wright(['deploy', '--context', 'kind-wright-staging', '--kubeconfig', kindConfig, '--overlay', 'staging', '--yes']);
  assert.equal(viaContext.code, EXIT.usage);
  assert.match(viaContext.stderr, /The context kind-wright-staging is a kind cluster; the staging overlay is meant for a cloud cluster/);
  const local = await wright(['deploy', '--overlay', 'production']);
  assert.equal(local.code, EXIT.usage);
  assert.match(local.stderr, /The production overlay is meant for a cloud cluster .* refused on the local kind cluster/);
  assert.equal(commandsRun(viaContext).length + commandsRun(local).length, 0);
});

test('an unknown environment is named with the known ones', { skip, ...TIMEOUT }, async () => {
  const run = await wright(['deploy', '--env', 'prod-eks']);
  assert.equal(run.code, EXIT.usage);
  assert.match(run.stderr, /There is no environment "prod-eks" \(known: local, staging-gke, prod-gke\)/);
});
