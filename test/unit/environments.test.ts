// The pure parts of environments (src/environments): reading wright.environments, the confirmation rules, where each
// Secret of a remote environment comes from, the namespace prefix, the diff of objects in new namespaces, the
// command line's environment flags.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { test } from 'node:test';
import { parseCliArgs, UsageError } from '../../src/cli/args';
import { consentFromFlags, confirmationRule, typedAnswerConfirms } from '../../src/environments/confirmation';
import { isKindContext, parseEnvironments } from '../../src/environments/environment';
import { envFileName, refusals } from '../../src/environments/environmentDeploy';
import { assertLifecycleAllowed, assertOverlayAllowed } from '../../src/environments/guardrails';
import { assertKindOverlay } from '../../src/lifecycle/cloudOverlayGuard';
import { environmentNamespaces, withNamespacePrefix } from '../../src/environments/namespacePrefix';
import { toNamespaceInfo, toPodInfo } from '../../src/k8s/clusterSnapshot';
import { ClusterTreeModel } from '../../src/k8s/clusterTreeModel';
import { pod } from './k8sBuilders';
import { World } from '../fixtures/lifecycle/world';
import { newObjectsDiff } from '../../src/environments/newObjectsDiff';
import { diffSides, itemsOf } from '../../src/environments/diffSides';
import { planSecrets } from '../../src/environments/remoteSecrets';
import { LOCAL } from '../../src/environments/environment';
import { withEnvironmentLabel } from '../../src/environments/statusLabel';
import { SECRET_SPECS } from '../../src/lifecycle/secretSpec';
import type { K8sDoc } from '../../src/lifecycle/manifests';

const PATHS = { baseDir: '/work/space', defaultKubeconfig: '/home/u/.kube/config' };

test('wright.environments: valid entries kept, each bad one named with what to fix', () => {
  const parsed = parseEnvironments(
    [
      { name: 'staging-gke', context: 'gke_a_b_c', overlay: 'staging' },
      { name: 'prod', kubeconfig: 'team/kubeconfig', context: 'arn:aws:eks:eu:1:cluster/prod', overlay: 'production', namespacePrefix: 'alice-' },
      { name: 'local', context: 'x', overlay: 'staging' },
      { name: 'Bad Name', context: 'x', overlay: 'staging' },
      { name: 'nolocal', context: 'x', overlay: 'local' },
      { name: 'noctx', overlay: 'staging' },
      { name: 'staging-gke', context: 'y', overlay: 'staging' },
      { name: 'pfx', context: 'x', overlay: 'staging', namespacePrefix: '-x' },
      'nope',
    ],
    PATHS,
  );
  assert.deepEqual(parsed.environments, [
    { kind: 'remote', name: 'staging-gke', kubeconfig: '/home/u/.kube/config', context: 'gke_a_b_c', overlay: 'staging', namespacePrefix: '' },
    { kind: 'remote', name: 'prod', kubeconfig: '/work/space/team/kubeconfig', context: 'arn:aws:eks:eu:1:cluster/prod', overlay: 'production', namespacePrefix: 'alice-' },
  ]);
  assert.equal(parsed.problems.length, 7);
  assert.match(parsed.problems[0]!, /"local" is the local kind cluster's name/);
  assert.match(parsed.problems[1]!, /the name "Bad Name" must be lowercase/);
  assert.match(parsed.problems[2]!, /"overlay" must be staging or production \(the local overlay is for the kind cluster only\)/);
  assert.match(parsed.problems[3]!, /set "context"/);
  assert.match(parsed.problems[4]!, /a second environment named "staging-gke"/);
  assert.match(parsed.problems[5]!, /namespacePrefix/);
  assert.match(parsed.problems[6]!, /must be an object/);
  assert.deepEqual(parseEnvironments(undefined, PATHS), { environments: [], problems: [] });
  assert.equal(parseEnvironments({}, PATHS).problems.length, 1);
});

test('guardrails: kind contexts, overlays, create and teardown', () => {
  assert.equal(isKindContext('kind-wright-staging'), true);
  assert.equal(isKindContext('gke_p_z_c'), false);
  const cloud = { kind: 'remote', name: 'stg', kubeconfig: '/k', context: 'gke_p_z_c', overlay: 'staging', namespacePrefix: '' } as const;
  const kind = { ...cloud, context: 'kind-other' };
  assert.throws(() => assertOverlayAllowed(cloud, 'local', true), /local overlay is for the kind cluster only/);
  assert.doesNotThrow(() => assertOverlayAllowed(cloud, 'production', false));
  assert.throws(() => assertOverlayAllowed(kind, 'staging', false), /is a kind cluster/);
  assert.doesNotThrow(() => assertOverlayAllowed(kind, 'staging', true));
  assert.throws(() => assertLifecycleAllowed(cloud, 'teardown'), /does not tear down the environment "stg"/);
  assert.throws(() => assertLifecycleAllowed(cloud, 'create'), /does not create/);
  assert.doesNotThrow(() => assertLifecycleAllowed(LOCAL, 'teardown'));
  assert.throws(() => assertKindOverlay('staging', '', false), /refused on the local kind cluster/);
  assert.doesNotThrow(() => assertKindOverlay('staging', '', true));
  assert.doesNotThrow(() => assertKindOverlay('staging', 'my/kustomization', false));
  assert.doesNotThrow(() => assertKindOverlay('local', '', false));
});

test('confirmation: staging takes yes, production only the typed context; --yes alone refused for production', () => {
  const subject = { environment: 'prod', context: 'gke_p_z_prod', server: 'https://34.1.2.3', objects: 26 };
  const staging = confirmationRule({ ...subject, overlay: 'staging' });
  const production = confirmationRule({ ...subject, overlay: 'production' });
  assert.equal(staging.kind, 'yes-no');
  assert.match(staging.question, /context "gke_p_z_prod" at https:\/\/34\.1\.2\.3/);
  assert.equal(production.kind, 'type-context');
  assert.match(production.question, /PRODUCTION .* context "gke_p_z_prod" at https:\/\/34\.1\.2\.3 .*Type the context name/);
  assert.deepEqual(consentFromFlags(staging, { yes: true, confirmContext: undefined }), { ok: true });
  assert.equal(consentFromFlags(staging, { yes: false, confirmContext: undefined }), undefined);
  assert.equal(consentFromFlags(production, { yes: false, confirmContext: undefined }), undefined);
  const refused = consentFromFlags(production, { yes: true, confirmContext: undefined });
  assert.equal(refused?.ok, false);
  assert.deepEqual(consentFromFlags(production, { yes: true, confirmContext: 'gke_p_z_prod' }), { ok: true });
  assert.equal(consentFromFlags(production, { yes: true, confirmContext: 'gke_p_z_stg' })?.ok, false);
  assert.equal(typedAnswerConfirms(production, ' gke_p_z_prod\n'), true);
  assert.equal(typedAnswerConfirms(production, 'yes'), false);
  assert.equal(typedAnswerConfirms(production, undefined), false);
});

const render: K8sDoc[] = [
  { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'staging-infra' } },
  {
    apiVersion: 'external-secrets.io/v1',
    kind: 'ExternalSecret',
    metadata: { name: 'authentik-secrets', namespace: 'staging-infra' },
    spec: { target: { name: 'authentik-secrets' } },
  },
];

test('remote Secrets: env file, ExternalSecret or the cluster; the rest named, never generated', async () => {
  const env = new Map([
    ['POSTGRES_PASSWORD', 'p1'],
    ['REDIS_PASSWORD', 'r1'],
  ]);
  const asked: string[] = [];
  await assert.rejects(
    planSecrets({
      specs: SECRET_SPECS,
      prefix: '',
      envFile: { path: '/w/.env.stg', values: env },
      rendered: render,
      existsInCluster: (ns, name) => (asked.push(`${ns}/${name}`), Promise.resolve(name === 'authentik-oidc')),
    }),
    (error: Error & { code?: string }) => {
      assert.equal(error.code, 'secrets-missing');
      assert.match(error.message, /^Nothing was applied: a Secret the workloads read is missing: staging-infra\/authentik-postgres-credentials \(\/w\/\.env\.stg lacks AUTHENTIK_POSTGRES_PASSWORD\)\. /);
      return true;
    },
  );
  // postgres-credentials and redis-credentials come from the file: the cluster is not even asked about them.
  assert.deepEqual(asked, ['staging-infra/authentik-postgres-credentials', 'staging-infra/authentik-oidc']);

  const full = new Map(SECRET_SPECS.flatMap((spec) => spec.entries.map((entry): [string, string] => [entry.envVar, `v-${entry.envVar}`])));
  const plan = await planSecrets({ specs: SECRET_SPECS, prefix: 'alice-', envFile: { path: '/w/.env.stg', values: full }, rendered: render, existsInCluster: () => Promise.resolve(false) });
  assert.deepEqual(plan.secrets.map((s) => `${s.namespace}/${s.name}:${s.source}`), SECRET_SPECS.map((s) => `alice-staging-infra/${s.name}:env-file`));
  const postgres = plan.objects.find((o) => o.metadata?.name === 'postgres-credentials') as { data: Record<string, string> };
  assert.equal(Buffer.from(postgres.data.POSTGRES_PASSWORD!, 'base64').toString(), 'v-POSTGRES_PASSWORD');
  assert.ok(plan.secretValues.includes('v-AUTHENTIK_SECRET_KEY'));
  assert.ok(!plan.secretValues.includes('v-POSTGRES_USER'), 'user names are not secrets');

  // No env file: every Secret must already be there (ExternalSecret or cluster).
  const none = await planSecrets({ specs: SECRET_SPECS, prefix: '', envFile: undefined, rendered: render, existsInCluster: () => Promise.resolve(true) });
  assert.deepEqual(none.objects, []);
  assert.equal(none.secrets.find((s) => s.name === 'authentik-secrets')?.source, 'external-secret');
  assert.equal(none.secrets.find((s) => s.name === 'redis-credentials')?.source, 'cluster');
});

test('namespace prefix moves Namespaces and namespaced objects; cluster-scoped ones stay', () => {
  const docs = withNamespacePrefix(
    [
      { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'staging-infra' } },
      { apiVersion: 'v1', kind: 'Service', metadata: { name: 'redis', namespace: 'staging-infra' } },
      { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: { name: 'x' } },
    ],
    'alice-',
  );
  assert.deepEqual(docs.map((d) => [d.metadata?.name, d.metadata?.namespace]), [['alice-staging-infra', undefined], ['redis', 'alice-staging-infra'], ['x', undefined]]);
});

test('objects of new namespaces are shown as new files, Secret values masked', () => {
  const diff = newObjectsDiff([
    { apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: { name: 'redis', namespace: 'staging-infra' }, spec: { replicas: 1 } },
    { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'redis-credentials', namespace: 'staging-infra' }, data: { REDIS_PASSWORD: 'c2VjcmV0' } },
  ]);
  assert.match(diff, /^diff -u -N \/dev\/null NEW\/apps\.v1\.StatefulSet\.staging-infra\.redis\n--- \/dev\/null\n\+\+\+ NEW\/apps\.v1\.StatefulSet\.staging-infra\.redis\n@@ -0,0 \+1,\d+ @@\n\+apiVersion: apps\/v1\n/);
  assert.match(diff, /\+\+\+ NEW\/v1\.Secret\.staging-infra\.redis-credentials/);
  assert.match(diff, /\+  REDIS_PASSWORD: "\*\*\*"/);
  assert.doesNotMatch(diff, /c2VjcmV0/);
});

test('a refused dry run is summed up by what the server refused, not by the patch kubectl prints first', () => {
  const stderr = [
    'Error from server (Invalid): error when applying patch:',
    '{"metadata":{"annotations":{}}}',
    'to:',
    'for: "STDIN": error when patching "STDIN": StatefulSet.apps "redis" is invalid: spec: Forbidden: updates to statefulset spec',
  ].join('\n');
  assert.equal(refusals(stderr), 'StatefulSet.apps "redis" is invalid: spec: Forbidden: updates to statefulset spec');
  assert.equal(refusals('error: unable to recognize "STDIN": no matches for kind "ExternalSecret"'), 'error: unable to recognize "STDIN": no matches for kind "ExternalSecret"');
});

test('command line: --env, --context with --overlay, --confirm-context and --force checked together', () => {
  assert.deepEqual(parseCliArgs(['deploy', '--env', 'stg'], {}).environment, { env: 'stg', force: false });
  assert.deepEqual(parseCliArgs(['deploy', '--context', 'c', '--overlay', 'production', '--confirm-context', 'c'], {}).environment, {
    context: 'c',
    overlay: 'production',
    confirmContext: 'c',
    force: false,
  });
  assert.throws(() => parseCliArgs(['deploy', '--context', 'c'], {}), /--context needs --overlay staging or production/);
  assert.throws(() => parseCliArgs(['deploy', '--env', 'a', '--context', 'c', '--overlay', 'staging'], {}), UsageError);
  assert.throws(() => parseCliArgs(['status', '--force'], {}), /--confirm-context and --force belong to wright deploy/);
});

test('diff sides: live and dry-run objects in the rendered order, volatile fields dropped, Secrets masked like kubectl diff', () => {
  const order = [
    { apiVersion: 'v1', kind: 'Secret', metadata: { name: 's', namespace: 'n' } },
    { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', namespace: 'n' } },
    { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'new', namespace: 'fresh' } },
  ] as K8sDoc[];
  const live = [
    { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', namespace: 'n', resourceVersion: '7', annotations: { 'kubectl.kubernetes.io/last-applied-configuration': '{}' } }, data: { a: '1' } },
    { apiVersion: 'v1', kind: 'Secret', metadata: { name: 's', namespace: 'n' }, data: { same: 'eA==', changed: 'b2xk' } },
  ] as K8sDoc[];
  const merged = [
    { apiVersion: 'v1', kind: 'Secret', metadata: { name: 's', namespace: 'n' }, data: { same: 'eA==', changed: 'bmV3', added: 'YQ==' } },
    { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', namespace: 'n', resourceVersion: '8' }, data: { a: '2' } },
  ] as K8sDoc[];
  const created = [{ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'new', namespace: 'fresh' }, data: { b: '3' } }] as K8sDoc[];
  const sides = diffSides(order, live, merged, created);
  const [liveSecret, liveConfig, liveNew] = sides.live.split('---\n');
  const [mergedSecret, mergedConfig, mergedNew] = sides.merged.split('---\n');
  assert.match(liveSecret!, /same: "\*\*\*"\n\s+changed: "\*\*\* \(before\)"/);
  assert.match(mergedSecret!, /same: "\*\*\*"\n\s+changed: "\*\*\* \(after\)"\n\s+added: "\*\*\*"/);
  assert.doesNotMatch(sides.live + sides.merged, /b2xk|bmV3|eA==/);
  assert.doesNotMatch(liveConfig!, /resourceVersion|last-applied|annotations/);
  assert.match(liveConfig!, /a: "1"/);
  assert.match(mergedConfig!, /a: "2"/);
  assert.equal(liveNew, '# ConfigMap/fresh/new: not in the cluster\n');
  assert.match(mergedNew!, /b: "3"/);
  assert.deepEqual(itemsOf({ kind: 'List', items: [{ kind: 'A' }] }), [{ kind: 'A' }]);
  assert.deepEqual(itemsOf({ kind: 'A' }), [{ kind: 'A' }]);
});

test('the status bar names a remote environment (WRight staging-gke 5/5); the local cluster keeps its text', () => {
  const view = { visible: true, text: '$(check) WRight 5/5', tooltip: '**All 5 pods ready.**', command: 'wright.cluster.focus', accessibilityLabel: 'All 5 pods ready.' };
  const remote = { kind: 'remote', name: 'staging-gke', kubeconfig: '/k', context: 'gke_p_z_c', overlay: 'staging', namespacePrefix: '' } as const;
  const labelled = withEnvironmentLabel(view, remote);
  assert.equal(labelled.text, '$(check) WRight staging-gke 5/5');
  assert.match(labelled.tooltip, /^\*\*Environment staging-gke\*\* \(context gke\\_p\\_z\\_c, overlay staging\)\n\n\*\*All 5 pods ready\.\*\*$/);
  assert.equal(withEnvironmentLabel(view, LOCAL), view);
});

test('create and teardown are not offered in the view while a remote environment is selected', () => {
  const manifest = JSON.parse(readFileSync(resolve(__dirname, '../../package.json'), 'utf8')) as { contributes: { menus: Record<string, { command: string; when?: string }[]> } };
  const title = manifest.contributes.menus['view/title']!;
  for (const command of ['wright.createCluster', 'wright.teardown', 'wright.deploy']) {
    const entries = title.filter((entry) => entry.command === command);
    assert.ok(entries.length > 0, command);
    for (const entry of entries) assert.match(entry.when ?? '', /&& !wright\.environment\.remote$/, command);
  }
  assert.match(title.find((entry) => entry.command === 'wright.deployToEnvironment')?.when ?? '', /&& wright\.environment\.remote$/);
  assert.ok(title.some((entry) => entry.command === 'wright.selectEnvironment'));
});

test("an environment's env file stays in the workspace whatever its context is called", () => {
  assert.equal(envFileName('staging-gke'), '.env.staging-gke');
  assert.equal(envFileName('arn:aws:eks:eu-west-1:123:cluster/prod'), '.env.arn_aws_eks_eu-west-1_123_cluster_prod');
  assert.equal(envFileName('../../etc/x'), '.env..._.._etc_x');
});

test('an environment with a namespace prefix: the view shows and counts its prefixed namespaces, switching rebuilds', () => {
  const snap = {
    namespaces: new Map(['alice-staging-infra', 'staging-infra'].map((name) => [name, toNamespaceInfo({ metadata: { name } })])),
    pods: new Map(
      [pod('redis-0', { namespace: 'alice-staging-infra' }), pod('redis-0', { namespace: 'staging-infra', ready: false })].map(toPodInfo).map((info) => [info.key, info]),
    ),
    services: new Map(),
    ingresses: new Map(),
  };
  const prefixed = environmentNamespaces({ kind: 'remote', name: 'a', kubeconfig: '/k', context: 'c', overlay: 'staging', namespacePrefix: 'alice-' });
  assert.deepEqual(prefixed, ['alice-staging-infra', 'alice-staging-core', 'alice-staging-ai', 'alice-staging-web']);
  assert.deepEqual(environmentNamespaces(LOCAL), ['staging-infra', 'staging-core', 'staging-ai', 'staging-web']);
  const model = new ClusterTreeModel({ showAllNamespaces: false, ingressPorts: { httpPort: 80, httpsPort: 443 }, namespaces: prefixed }, snap);
  assert.deepEqual(model.namespaces().map((node) => node.name), prefixed);
  assert.deepEqual([model.health().ready, model.health().counted], [1, 1], "alice's pod only");
  const update = model.setOptions({ showAllNamespaces: false, ingressPorts: { httpPort: 80, httpsPort: 443 } });
  assert.equal(update.rootsChanged, true);
  assert.deepEqual(model.namespaces().map((node) => node.name), ['staging-infra', 'staging-core', 'staging-ai', 'staging-web']);
  assert.deepEqual([model.health().ready, model.health().counted], [0, 1], 'the unprefixed pod, not ready');
});

test('the engine (what "Deploy Services" and "Create" run) refuses a cloud overlay on the kind cluster before any tool runs', async () => {
  const world = new World();
  try {
    for (const run of [() => world.engine.deploy({ settings: world.settings({ overlay: 'staging' }) }), () => world.engine.create({ settings: world.settings({ overlay: 'production' }) })]) {
      await assert.rejects(run(), (error: Error & { code?: string }) => error.code === 'environment' && /refused on the local kind cluster/.test(error.message));
    }
    assert.equal(world.calls().length, 0, 'no tool ran');
  } finally {
    world.dispose();
  }
});
