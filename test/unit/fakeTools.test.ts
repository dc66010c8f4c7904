// Keeps the fake tools honest: where they answer like the real ones, compare with the real ones on this machine
// (kubectl: $WRIGHT_TEST_KUBECTL; docker: the real CLI when its daemon is down), and check the formats that the
// engine's parsers expect from kind's source.
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { parseKindVersion, parseKubectlVersion } from '../../src/lifecycle/versions';
import { FAKE_BIN } from '../fixtures/lifecycle/world';
import { realKubectl as resolveRealKubectl } from '../fixtures/bin/lib/realKubectl';

const realKubectl = resolveRealKubectl();
const stateDirs: string[] = [];
after(() => stateDirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));
const fakeState = (): string => {
  const dir = mkdtempSync(join(tmpdir(), 'wright-fake-'));
  stateDirs.push(dir);
  return dir;
};
const fakeEnv = (extra: Record<string, string> = {}) => ({ ...process.env, WRIGHT_FAKE_STATE: fakeState(), ...extra });

function keysDeep(value: unknown, prefix = ''): string[] {
  if (!value || typeof value !== 'object') return [prefix];
  return Object.entries(value).flatMap(([key, inner]) => keysDeep(inner, prefix ? `${prefix}.${key}` : key)).sort();
}

test('fake kubectl version has the real kubectl\'s JSON shape', { skip: !existsSync(realKubectl) && 'no real kubectl' }, () => {
  const real = JSON.parse(execFileSync(realKubectl, ['version', '--client', '-o', 'json'], { encoding: 'utf8' })) as unknown;
  const fake = JSON.parse(execFileSync(join(FAKE_BIN, 'kubectl'), ['version', '--client', '-o', 'json'], { encoding: 'utf8', env: fakeEnv() })) as unknown;
  assert.deepEqual(keysDeep(fake), keysDeep(real));
  assert.ok(parseKubectlVersion(JSON.stringify(real)));
  assert.equal(parseKubectlVersion(JSON.stringify(fake))?.text, 'v1.33.4');
});

test('fake kubectl kustomize is the real one', { skip: !existsSync(realKubectl) && 'no real kubectl' }, () => {
  const dir = join(__dirname, '../fixtures/lifecycle/manifests/overlays/local');
  const real = execFileSync(realKubectl, ['kustomize', dir], { encoding: 'utf8' });
  const fake = execFileSync(join(FAKE_BIN, 'kubectl'), ['--kubeconfig', '/nonexistent', '--context', 'kind-x', 'kustomize', dir], { encoding: 'utf8', env: fakeEnv() });
  assert.equal(fake, real);
});

test('fake docker says what the real docker CLI says when the daemon is down', () => {
  const real = spawnSync('docker', ['info', '--format', '{{.ServerVersion}}'], { encoding: 'utf8' });
  const fake = spawnSync(join(FAKE_BIN, 'docker'), ['info', '--format', '{{.ServerVersion}}'], { encoding: 'utf8', env: fakeEnv({ WRIGHT_FAKE_DOCKER: 'down' }) });
  assert.equal(fake.status, 1);
  assert.match(fake.stderr, /Cannot connect to the Docker daemon/);
  if (real.error || real.status === 0) return; // no docker CLI here, or a running daemon: nothing to compare
  assert.equal(fake.status, real.status);
  assert.equal(fake.stderr.trim(), real.stderr.trim().split('\n').pop());
});

test('fake kind speaks kind\'s formats', () => {
  const env = fakeEnv();
  assert.equal(parseKindVersion(execFileSync(join(FAKE_BIN, 'kind'), ['version'], { encoding: 'utf8', env }))?.text, 'v0.30.0');
  const none = spawnSync(join(FAKE_BIN, 'kind'), ['get', 'clusters'], { encoding: 'utf8', env });
  assert.deepEqual([none.status, none.stdout, none.stderr], [0, '', 'No kind clusters found.\n']);
  const kubeconfig = join(env.WRIGHT_FAKE_STATE, 'kc');
  execFileSync(join(FAKE_BIN, 'kind'), ['create', 'cluster', '--name', 'a', '--kubeconfig', kubeconfig], { env, stdio: 'ignore' });
  const again = spawnSync(join(FAKE_BIN, 'kind'), ['create', 'cluster', '--name', 'a', '--kubeconfig', kubeconfig], { encoding: 'utf8', env });
  assert.equal(again.status, 1);
  assert.match(again.stderr, /node\(s\) already exist for a cluster with the name "a"/);
  // The kubeconfig it wrote is one the real kubectl reads.
  if (existsSync(realKubectl)) {
    const contexts = execFileSync(realKubectl, ['config', 'get-contexts', '-o', 'name', '--kubeconfig', kubeconfig], { encoding: 'utf8' });
    assert.equal(contexts.trim(), 'kind-a');
  }
});

const REDIS = (args: string, extra = '') => `apiVersion: apps/v1
kind: StatefulSet
metadata: { name: redis, namespace: staging-infra }
spec:
  serviceName: redis
  selector: { matchLabels: { app: redis } }
  template:
    metadata: { labels: { app: redis } }
    spec:
      containers:
        - name: redis
          image: redis:8
          args:
${args}${extra ? `\n${extra}` : ''}
`;

test('fake kubectl apply (offline) reads YAML 1.1 like kubectl, and refuses what the fake API server refuses', { timeout: 60_000 }, () => {
  const env = fakeEnv();
  const kubeconfig = join(env.WRIGHT_FAKE_STATE, 'kc');
  execFileSync(join(FAKE_BIN, 'kind'), ['create', 'cluster', '--name', 'wright-staging', '--kubeconfig', kubeconfig], { env, stdio: 'ignore' });
  const apply = (input: string, ...flags: string[]) => spawnSync(join(FAKE_BIN, 'kubectl'), ['--kubeconfig', kubeconfig, 'apply', ...flags, '-f', '-'], { encoding: 'utf8', env, input });
  // The same text as real kubectl against the fake API server (fakeApiServerStrict.test.ts) and a real cluster.
  const unquoted = apply(REDIS('            - --appendonly\n            - yes'));
  assert.equal(unquoted.status, 1);
  assert.equal(unquoted.stderr.trim(), 'Error from server (BadRequest): error when creating "STDIN": StatefulSet in version "v1" cannot be handled as a StatefulSet: json: cannot unmarshal bool into Go struct field Container.spec.template.spec.containers.args of type string');
  const quoted = apply(REDIS('            - --appendonly\n            - "yes"'));
  assert.equal(quoted.status, 0, quoted.stderr);
  assert.match(quoted.stdout, /statefulset\.apps\/redis created/);
  const unknown = apply(REDIS('            - --appendonly\n            - "yes"', '          bogus: 1'));
  assert.equal(unknown.stderr.trim(), 'Error from server (BadRequest): error when creating "STDIN": StatefulSet in version "v1" cannot be handled as a StatefulSet: strict decoding error: unknown field "spec.template.spec.containers[0].bogus"');
  const warned = apply(REDIS('            - --appendonly\n            - "yes"', '          bogus: 1'), '--validate=warn');
  assert.equal(warned.status, 0);
  assert.equal(warned.stderr, 'Warning: unknown field "spec.template.spec.containers[0].bogus"\n');
  const invalid = apply(REDIS('            - --appendonly\n            - "yes"').replace('image: redis:8', 'imagePullPolicy: Sometimes'));
  assert.equal(invalid.status, 1);
  assert.deepEqual(invalid.stderr.trim().split('\n').sort(), ['* spec.template.spec.containers[0].image: Required value', '* spec.template.spec.containers[0].imagePullPolicy: Unsupported value: "Sometimes": supported values: "Always", "IfNotPresent", "Never"', 'The StatefulSet "redis" is invalid: ']);
  // go-yaml v2 keeps timestamp-looking scalars as strings, so a ConfigMap's unquoted date is accepted.
  const marker = apply('apiVersion: v1\nkind: ConfigMap\nmetadata: { name: owner, namespace: kube-system }\ndata: { createdAt: 2026-11-29T10:00:00.000Z, port: 8080:80 }\n');
  assert.equal(marker.status, 0, marker.stderr);
});
