// Whether Authentik applied the blueprint, as `wright status` asks it: over real HTTP to a stand-in for Authentik
// behind the ingress (test/fixtures/fakeAuthentik.ts), through node's http with the *.localhost name in the Host
// header. Every outcome is a named state; a failure is never silence.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { checkOidc, describeOidcCheck, nodeHttpGet } from '../../src/lifecycle/oidcCheck';
import { oidcEndpoints } from '../../src/lifecycle/oidcClient';
import { FakeAuthentik } from '../fixtures/fakeAuthentik';

const TOKEN = 'bootstrap-token-for-the-test-0123456789';
const authentik = new FakeAuthentik('auth.wright.localhost', TOKEN);
let endpoints: { issuer: string; discoveryUrl: string };

before(async () => {
  const port = await authentik.start();
  endpoints = oidcEndpoints(`http://auth.wright.localhost:${port}`);
});
after(() => authentik.stop());

test('applied: the discovery document answers through the ingress host and names the expected issuer', { timeout: 10_000 }, async () => {
  authentik.mode = 'applied';
  const check = await checkOidc(endpoints, TOKEN);
  assert.deepEqual(check, { state: 'applied', issuer: endpoints.issuer });
  assert.match(describeOidcCheck(check), /^applied \(issuer http:\/\/auth\.wright\.localhost:\d+\/application\/o\/wright-staging\/\)$/);
  const request = authentik.requests.at(-1)!;
  assert.equal(request.host, new URL(endpoints.issuer).host, 'connected to 127.0.0.1 with the ingress host in Host');
});

test('the last apply failed: Authentik\'s API (with the bootstrap token) says so, by name', { timeout: 10_000 }, async () => {
  authentik.mode = 'failed';
  const check = await checkOidc(endpoints, TOKEN);
  assert.equal(check.state, 'problem');
  assert.equal(check.state === 'problem' && check.problem, 'blueprint-failed');
  assert.match(describeOidcCheck(check), /^blueprint-failed: .*WRight - staging OIDC application.*status error.*authentik-worker logs/);
  assert.ok(authentik.requests.some((r) => r.path.startsWith('/api/v3/managed/blueprints/') && r.authorized));
});

test('not applied yet, with or without a token to ask why', { timeout: 10_000 }, async () => {
  authentik.mode = 'pending';
  const withToken = await checkOidc(endpoints, TOKEN);
  assert.equal(withToken.state === 'problem' && withToken.problem, 'blueprint-not-applied');
  assert.match(describeOidcCheck(withToken), /lists no such blueprint yet/);
  const wrongToken = await checkOidc(endpoints, 'not-the-token');
  assert.equal(wrongToken.state === 'problem' && wrongToken.problem, 'blueprint-not-applied', 'a refused API call is not taken for an answer');
  const noToken = await checkOidc(endpoints, undefined);
  assert.equal(noToken.state === 'problem' && noToken.problem, 'blueprint-not-applied');
});

test('Authentik starting (503) or nothing listening: authentik-unreachable', { timeout: 10_000 }, async () => {
  authentik.mode = 'starting';
  const starting = await checkOidc(endpoints, TOKEN);
  assert.equal(starting.state === 'problem' && starting.problem, 'authentik-unreachable');
  assert.match(describeOidcCheck(starting), /answered 503/);
  const closed = await checkOidc(oidcEndpoints('http://auth.wright.localhost:1'), TOKEN, nodeHttpGet, 2000);
  assert.equal(closed.state === 'problem' && closed.problem, 'authentik-unreachable');
});

test('a discovery document naming another issuer is a mismatch, not "applied"', { timeout: 10_000 }, async () => {
  authentik.mode = 'applied';
  authentik.issuerOverride = 'http://auth.wright.localhost/application/o/wright-staging/';
  try {
    const check = await checkOidc(endpoints, TOKEN);
    assert.equal(check.state === 'problem' && check.problem, 'issuer-mismatch');
  } finally {
    authentik.issuerOverride = undefined;
  }
});
