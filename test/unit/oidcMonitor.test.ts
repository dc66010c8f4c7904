// The view's OIDC blueprint state (src/k8s/oidcMonitor.ts): checked only while Authentik serves, one check at a
// time, again after a pause, secrets registered with the redactor; against the Authentik stand-in over real HTTP.
// The answer reaches the authentik-server node's tooltip and description.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { toPodInfo, toServiceInfo, type ClusterSnapshot } from '../../src/k8s/clusterSnapshot';
import type { ServiceNode } from '../../src/k8s/clusterTree';
import { buildNamespaces } from '../../src/k8s/clusterTreeModel';
import { nodeText } from '../../src/k8s/nodePresentation';
import { OidcMonitor } from '../../src/k8s/oidcMonitor';
import { oidcEndpoints } from '../../src/lifecycle/oidcClient';
import { FakeAuthentik } from '../fixtures/fakeAuthentik';
import { pod, service } from './k8sBuilders';

const TOKEN = 'bootstrap-token-for-the-monitor-test-01';
const CLIENT_SECRET = 'client-secret-for-the-monitor-test-0123';
const authentik = new FakeAuthentik('auth.wright.localhost', TOKEN);
let secrets: Record<string, Record<string, string>>;

before(async () => {
  const port = await authentik.start();
  const { issuer, discoveryUrl } = oidcEndpoints(`http://auth.wright.localhost:${port}`);
  secrets = {
    'staging-core/oidc-client': { OIDC_ISSUER: issuer, OIDC_DISCOVERY_URL: discoveryUrl, OIDC_CLIENT_ID: 'wright-staging', OIDC_CLIENT_SECRET: CLIENT_SECRET },
    'staging-infra/authentik-secrets': { AUTHENTIK_BOOTSTRAP_TOKEN: TOKEN, AUTHENTIK_BOOTSTRAP_EMAIL: 'admin@wright.localhost' },
  };
});
after(() => authentik.stop());

function monitor(now: { t: number }, redacted: string[], changes: { n: number }): OidcMonitor {
  return new OidcMonitor({
    readSecret: (namespace, name) => {
      const data = secrets[`${namespace}/${name}`];
      return data ? Promise.resolve(data) : Promise.reject(Object.assign(new Error('NotFound'), { code: 404 }));
    },
    redact: (values) => redacted.push(...values),
    onChange: () => changes.n++,
    now: () => now.t,
    retryMs: 10_000,
    recheckMs: 60_000,
  });
}

test('no check while Authentik does not serve; then a named problem, retried after the pause, until applied', { timeout: 20_000 }, async () => {
  const now = { t: 0 };
  const redacted: string[] = [];
  const changes = { n: 0 };
  const m = monitor(now, redacted, changes);
  const before = authentik.requests.length;
  m.update(false);
  await m.settled();
  assert.equal(authentik.requests.length, before, 'nothing asked while authentik-server has no ready pod');

  authentik.mode = 'failed';
  m.update(true);
  m.update(true); // one at a time
  await m.settled();
  assert.equal(m.current?.state === 'problem' && m.current.problem, 'blueprint-failed');
  assert.equal(changes.n, 1);
  assert.ok(redacted.includes(CLIENT_SECRET) && redacted.includes(TOKEN), 'the Secrets\' values went to the redactor');
  assert.ok(!redacted.includes('wright-staging'), 'the client id is not a secret');

  authentik.mode = 'applied';
  const asked = authentik.requests.length;
  now.t = 5_000;
  m.update(true);
  await m.settled();
  assert.equal(authentik.requests.length, asked, 'no new check before the pause is over');
  now.t = 10_000;
  m.update(true);
  await m.settled();
  assert.equal(m.current?.state, 'applied');
  assert.equal(changes.n, 2);

  m.reset();
  assert.equal(m.current, undefined, 'a reset forgets the answer');
});

test('without an oidc-client Secret (custom manifests) there is nothing to say', { timeout: 20_000 }, async () => {
  const saved = secrets['staging-core/oidc-client'];
  delete secrets['staging-core/oidc-client'];
  try {
    const m = monitor({ t: 0 }, [], { n: 0 });
    m.update(true);
    await m.settled();
    assert.equal(m.current, undefined);
  } finally {
    secrets['staging-core/oidc-client'] = saved!;
  }
});

test('the answer is on authentik-server\'s node only: tooltip line, and the problem in the description', () => {
  const ns = 'staging-infra';
  const map = <I extends { key: string }>(items: I[]): Map<string, I> => new Map(items.map((item) => [item.key, item]));
  const snap: ClusterSnapshot = {
    namespaces: new Map(),
    pods: map([pod('authentik-server-a', { namespace: ns, labels: { app: 'authentik' } })].map(toPodInfo)),
    services: map([service('authentik-server', ns, { app: 'authentik' }), service('redis', ns, { app: 'redis' })].map(toServiceInfo)),
    ingresses: new Map(),
  };
  const options = { showAllNamespaces: false, ingressPorts: { httpPort: 80, httpsPort: 443 } };
  const problem = { state: 'problem' as const, problem: 'blueprint-failed' as const, message: 'Authentik\'s last apply of the blueprint failed (status error).' };
  const [authentikNode, redisNode] = buildNamespaces(snap, { ...options, oidc: problem })[0]!.children as ServiceNode[];
  assert.deepEqual(authentikNode!.oidc, problem);
  assert.equal(redisNode!.oidc, undefined);
  const text = nodeText(authentikNode!, 0);
  assert.match(text.description, / · OIDC: blueprint-failed$/);
  assert.match(text.tooltip, /- OIDC blueprint: ✗ blueprint-failed: Authentik's last apply/);
  const applied = nodeText(buildNamespaces(snap, { ...options, oidc: { state: 'applied', issuer: 'http://auth.wright.localhost/application/o/wright-staging/' } })[0]!.children[0]!, 0);
  assert.doesNotMatch(applied.description, /OIDC/);
  assert.match(applied.tooltip, /- OIDC blueprint: applied \\\(issuer http:\/\/auth\.wright\.localhost\/application\/o\/wright-staging\/\\\)/, 'Markdown-escaped');
});

test('no OIDC client: asked again only after the long pause, or at once after a reset (a deploy ended)', { timeout: 20_000 }, async () => {
  const saved = secrets['staging-core/oidc-client'];
  delete secrets['staging-core/oidc-client'];
  const now = { t: 0 };
  const reads: string[] = [];
  const counting = new OidcMonitor({
    readSecret: (namespace, name) => {
      reads.push(`${namespace}/${name}`);
      const data = secrets[`${namespace}/${name}`];
      return data ? Promise.resolve(data) : Promise.reject(Object.assign(new Error('NotFound'), { code: 404 }));
    },
    redact: () => undefined,
    onChange: () => undefined,
    now: () => now.t,
    retryMs: 10_000,
    recheckMs: 60_000,
  });
  try {
    counting.update(true);
    await counting.settled();
    assert.deepEqual(reads, ['staging-core/oidc-client']);
    now.t = 30_000;
    counting.update(true);
    await counting.settled();
    assert.equal(reads.length, 1, 'not asked again within the long pause');
    secrets['staging-core/oidc-client'] = saved!;
    authentik.mode = 'applied';
    counting.reset();
    counting.update(true);
    await counting.settled();
    assert.equal(counting.current?.state, 'applied', 'asked at once after the reset');
  } finally {
    secrets['staging-core/oidc-client'] = saved!;
  }
});
