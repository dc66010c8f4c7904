// The fake API server refuses what a real API server refuses, checked through the REAL kubectl (v1.32;
// WRIGHT_TEST_KUBECTL overrides): decode errors (wrong JSON types, malformed quantities), unknown fields under
// kubectl's default --validate=strict (and the warn/ignore modes), 422 Invalid (required fields, names, enum
// values), and Pod Security admission (pods refused, workloads warned about, their pods refused to the
// controllers). Messages are compared with the shapes a real server prints. Fresh --cache-dir per kubectl session.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { parse as parseYaml, stringify } from 'yaml';
import { realKubectl } from '../fixtures/bin/lib/realKubectl';
import { resourceNamed } from '../fixtures/fakeApiServer/resources';
import { FakeApiServer } from '../fixtures/fakeApiServer/server';
import { writeKubeconfig } from '../fixtures/kubeconfig';
import type { Condition, KubeObject } from '../fixtures/fakeApiServer/types';

const KUBECTL = realKubectl();
const skip = existsSync(KUBECTL) ? false : `no kubectl at ${KUBECTL} (set WRIGHT_TEST_KUBECTL)`;
const TIMEOUT = { timeout: 60_000 };

let dir: string;
let kubeconfigPath: string;
let server: FakeApiServer;
let sessions = 0;

interface Result {
  code: number;
  stdout: string;
  stderr: string;
}

function kubectl(args: string[], input?: string, kubeconfig = kubeconfigPath): Promise<Result> {
  const cacheDir = join(dir, `cache-${++sessions}`);
  return new Promise((resolve) => {
    const child = execFile(KUBECTL, ['--kubeconfig', kubeconfig, '--cache-dir', cacheDir, ...args], { timeout: 60_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr });
    });
    child.stdin?.end(input ?? '');
  });
}

async function ok(args: string[], input?: string, kubeconfig = kubeconfigPath): Promise<Result> {
  const result = await kubectl(args, input, kubeconfig);
  assert.equal(result.code, 0, `kubectl ${args.join(' ')} failed: ${result.stderr}`);
  return result;
}

async function refused(args: string[], input: string): Promise<string> {
  const result = await kubectl(args, input);
  assert.notEqual(result.code, 0, `kubectl ${args.join(' ')} should have failed: ${result.stdout}`);
  return result.stderr.trim();
}

async function eventually<T>(what: string, probe: () => T | undefined): Promise<T> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

const NAMESPACES = `apiVersion: v1
kind: Namespace
metadata:
  name: strict
---
apiVersion: v1
kind: Namespace
metadata:
  name: locked
  labels:
    pod-security.kubernetes.io/enforce: restricted
    pod-security.kubernetes.io/enforce-version: latest
    pod-security.kubernetes.io/warn: restricted
`;

/** A StatefulSet like the bundled Redis, with `container` lines spliced into its one container. */
function redis(container: string, name = 'redis', namespace = 'strict'): string {
  return `apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: ${name}
  namespace: ${namespace}
spec:
  serviceName: ${name}
  replicas: 1
  selector:
    matchLabels: { app: ${name} }
  template:
    metadata:
      labels: { app: ${name} }
    spec:
      containers:
        - name: redis
${container
  .split('\n')
  .filter((line) => line !== '')
  .map((line) => `          ${line}`)
  .join('\n')}
`;
}

before(async () => {
  if (skip) return;
  dir = await mkdtemp(join(tmpdir(), 'wright-fakeapi-strict-'));
  server = new FakeApiServer({ podReadyDelayMs: 30 });
  await server.start();
  kubeconfigPath = (await writeKubeconfig(join(dir, 'kubeconfig'), server.url)).path;
  await ok(['apply', '-f', '-'], NAMESPACES);
});

after(async () => {
  if (skip) return;
  await server.dispose();
  await rm(dir, { recursive: true, force: true });
});

test('an unquoted `yes` in args (a YAML 1.1 boolean) is refused like a real API server refuses it', { skip, ...TIMEOUT }, async () => {
  const stderr = await refused(['apply', '-f', '-'], redis('image: redis:8\nargs: [redis-server, --appendonly, yes]'));
  assert.equal(stderr, 'Error from server (BadRequest): error when creating "STDIN": StatefulSet in version "v1" cannot be handled as a StatefulSet: json: cannot unmarshal bool into Go struct field Container.spec.template.spec.containers.args of type string');
  assert.equal(server.cluster.store.get(resourceNamed('apps/statefulsets'), 'strict', 'redis'), undefined, 'nothing stored');
  await ok(['apply', '-f', '-'], redis('image: redis:8\nargs: [redis-server, --appendonly, "yes"]'));
});

test('other wrong JSON types name the Go struct, the field path and the Go type', { skip, ...TIMEOUT }, async () => {
  const replicas = await refused(['apply', '-f', '-'], redis('image: redis:8').replace('replicas: 1', 'replicas: two'));
  assert.match(replicas, /StatefulSet in version "v1" cannot be handled as a StatefulSet: json: cannot unmarshal string into Go struct field StatefulSetSpec\.spec\.replicas of type int32$/);
  const port = await refused(['apply', '-f', '-'], redis('image: redis:8\nports: [{ containerPort: "6379" }]', 'typed'));
  assert.match(port, /json: cannot unmarshal string into Go struct field ContainerPort\.spec\.template\.spec\.containers\.ports\.containerPort of type int32$/);
  // kubectl decodes metadata itself (with the same Go decoder): its client-side message must equal the fake's.
  const labels = await refused(['apply', '-f', '-'], 'apiVersion: v1\nkind: ConfigMap\nmetadata: { name: c, namespace: strict, labels: { enabled: true } }\n');
  assert.equal(labels, 'error: unable to decode "STDIN": json: cannot unmarshal bool into Go struct field ObjectMeta.metadata.labels of type string');
  assert.throws(() => server.cluster.create(resourceNamed('configmaps'), 'strict', { metadata: { name: 'c', labels: { enabled: true } } }), {
    message: 'ConfigMap in version "v1" cannot be handled as a ConfigMap: json: cannot unmarshal bool into Go struct field ObjectMeta.metadata.labels of type string',
  });
});

test('a malformed resource quantity fails decoding with the quantity parser message', { skip, ...TIMEOUT }, async () => {
  const stderr = await refused(['apply', '-f', '-'], redis('image: redis:8\nresources: { requests: { cpu: lots } }', 'quantity'));
  assert.equal(stderr, `Error from server (BadRequest): error when creating "STDIN": StatefulSet in version "v1" cannot be handled as a StatefulSet: quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'`);
  const suffix = await refused(['apply', '-f', '-'], redis('image: redis:8\nresources: { limits: { memory: 192i } }', 'quantity'));
  assert.match(suffix, /cannot be handled as a StatefulSet: unable to parse quantity's suffix$/);
  await ok(['apply', '-f', '-'], redis('image: redis:8\nresources: { requests: { cpu: 1, memory: 64Mi }, limits: { cpu: 500m, memory: 1e9 } }', 'quantity'));
});

test('unknown fields: refused under the default --validate=strict, a warning under warn, silent under ignore; never stored', { skip, ...TIMEOUT }, async () => {
  const manifest = redis('image: redis:8\nfoo: 1\nbar: [x]', 'unknown');
  const stderr = await refused(['apply', '-f', '-'], manifest);
  assert.equal(stderr, 'Error from server (BadRequest): error when creating "STDIN": StatefulSet in version "v1" cannot be handled as a StatefulSet: strict decoding error: unknown field "spec.template.spec.containers[0].bar", unknown field "spec.template.spec.containers[0].foo"');
  const warned = await ok(['apply', '--validate=warn', '-f', '-'], manifest);
  assert.match(warned.stderr, /^Warning: unknown field "spec\.template\.spec\.containers\[0\]\.bar"$/m);
  assert.match(warned.stderr, /^Warning: unknown field "spec\.template\.spec\.containers\[0\]\.foo"$/m);
  const stored = server.cluster.store.get(resourceNamed('apps/statefulsets'), 'strict', 'unknown') as KubeObject & { spec: { template: { spec: { containers: Record<string, unknown>[] } } } };
  assert.equal('foo' in (stored.spec.template.spec.containers[0] ?? {}), false, 'unknown fields are dropped');
  const ignored = await ok(['apply', '--validate=false', '-f', '-'], manifest.replace('name: unknown', 'name: ignored').replace(/app: unknown/g, 'app: ignored'));
  assert.doesNotMatch(ignored.stderr, /unknown field/);
  const metadata = await refused(['apply', '-f', '-'], 'apiVersion: v1\nkind: ConfigMap\nmetadata: { name: m, namespace: strict, lables: { a: b } }\n');
  assert.match(metadata, /ConfigMap in version "v1" cannot be handled as a ConfigMap: strict decoding error: unknown field "metadata\.lables"$/);
});

test('422 Invalid: a missing image, a missing container name, an unsupported enum value, several at once', { skip, ...TIMEOUT }, async () => {
  const image = await refused(['apply', '-f', '-'], redis('args: [redis-server]', 'noimage'));
  // kubectl prints a 422 from the Status causes: one cause inline, several as a list.
  assert.equal(image, 'The StatefulSet "noimage" is invalid: spec.template.spec.containers[0].image: Required value');
  assert.throws(() => server.cluster.create(resourceNamed('apps/statefulsets'), 'strict', parseYaml(redis('args: [redis-server]', 'noimage'))), {
    message: 'StatefulSet.apps "noimage" is invalid: spec.template.spec.containers[0].image: Required value',
  });
  const several = await refused(['apply', '-f', '-'], redis('image: redis:8\nimagePullPolicy: Sometimes', 'several').replace('containers:\n        - name: redis', 'containers:\n        - image: busybox\n        - name: redis'));
  assert.deepEqual(several.split('\n').sort(), [
    '* spec.template.spec.containers[0].name: Required value',
    '* spec.template.spec.containers[1].imagePullPolicy: Unsupported value: "Sometimes": supported values: "Always", "IfNotPresent", "Never"',
    'The StatefulSet "several" is invalid: ',
  ]);
  const selector = await refused(['apply', '-f', '-'], redis('image: redis:8', 'noselector').replace('  selector:\n    matchLabels: { app: noselector }\n', ''));
  assert.equal(selector, 'The StatefulSet "noselector" is invalid: spec.selector: Required value');
});

test('422 Invalid: object names follow the per-kind rules with the real messages', { skip, ...TIMEOUT }, async () => {
  const service = await refused(['apply', '-f', '-'], 'apiVersion: v1\nkind: Service\nmetadata: { name: 1-redis, namespace: strict }\nspec: { ports: [{ port: 6379 }] }\n');
  assert.equal(service, `The Service "1-redis" is invalid: metadata.name: Invalid value: "1-redis": a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')`);
  const configMap = await refused(['apply', '-f', '-'], 'apiVersion: v1\nkind: ConfigMap\nmetadata: { name: My_Settings, namespace: strict }\n');
  assert.match(configMap, /^The ConfigMap "My_Settings" is invalid: metadata\.name: Invalid value: "My_Settings": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '\.', and must start and end with an alphanumeric character \(e\.g\. 'example\.com', regex used for validation is/);
  const namespace = await refused(['apply', '-f', '-'], 'apiVersion: v1\nkind: Namespace\nmetadata: { name: staging.infra }\n');
  assert.match(namespace, /^The Namespace "staging\.infra" is invalid: metadata\.name: Invalid value: "staging\.infra": a lowercase RFC 1123 label must consist of/);
  await ok(['apply', '-f', '-'], 'apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata: { name: "system:wright-reader" }\nrules: [{ apiGroups: [""], resources: [pods], verbs: [get] }]\n');
});

const POD = `apiVersion: v1
kind: Pod
metadata: { name: rooty, namespace: locked }
spec:
  containers:
    - name: app
      image: busybox
`;

test('Pod Security "restricted": a violating pod is forbidden with the plugin message; a compliant one is admitted', { skip, ...TIMEOUT }, async () => {
  const stderr = await refused(['apply', '-f', '-'], POD);
  assert.equal(
    stderr,
    'Error from server (Forbidden): error when creating "STDIN": pods "rooty" is forbidden: violates PodSecurity "restricted:latest": allowPrivilegeEscalation != false (container "app" must set securityContext.allowPrivilegeEscalation=false), unrestricted capabilities (container "app" must set securityContext.capabilities.drop=["ALL"]), runAsNonRoot != true (pod or container "app" must set securityContext.runAsNonRoot=true), seccompProfile (pod or container "app" must set securityContext.seccompProfile.type to "RuntimeDefault" or "Localhost")',
  );
  const privileged = await refused(['apply', '-f', '-'], POD.replace('image: busybox', 'image: busybox\n      securityContext: { privileged: true, runAsUser: 0 }\n      ports: [{ containerPort: 80, hostPort: 80 }]'));
  assert.match(privileged, /violates PodSecurity "restricted:latest": hostPort \(container "app" uses hostPort 80\), privileged \(container "app" must set securityContext\.privileged=true\)|violates PodSecurity "restricted:latest": hostPort \(container "app" uses hostPort 80\), privileged \(container "app" must not set securityContext\.privileged=true\), allowPrivilegeEscalation != false/);
  assert.match(privileged, /runAsUser=0 \(container "app" must not set runAsUser=0\)/);
  const compliant = POD.replace('image: busybox', 'image: busybox\n      securityContext: { allowPrivilegeEscalation: false, runAsNonRoot: true, capabilities: { drop: [ALL] }, seccompProfile: { type: RuntimeDefault } }');
  const admitted = await ok(['apply', '-f', '-'], compliant);
  assert.match(admitted.stdout, /pod\/rooty created/);
  assert.equal(admitted.stderr, '');
});

test('Pod Security: a Deployment is admitted with a warning, and its ReplicaSet cannot create pods (FailedCreate, ReplicaFailure)', { skip, ...TIMEOUT }, async () => {
  const deployment = `apiVersion: apps/v1
kind: Deployment
metadata: { name: web, namespace: locked }
spec:
  replicas: 1
  selector: { matchLabels: { app: web } }
  template:
    metadata: { labels: { app: web } }
    spec:
      containers:
        - name: web
          image: nginx
`;
  const applied = await ok(['apply', '-f', '-'], deployment);
  assert.match(applied.stderr, /^Warning: would violate PodSecurity "restricted:latest": allowPrivilegeEscalation != false \(container "web" must set securityContext\.allowPrivilegeEscalation=false\), unrestricted capabilities/m);
  assert.match(applied.stdout, /deployment\.apps\/web created/);
  const events = resourceNamed('events');
  const failed = await eventually('a FailedCreate event', () => server.cluster.store.list(events, 'locked').find((event) => event.reason === 'FailedCreate' && (event.involvedObject as { kind: string }).kind === 'ReplicaSet'));
  assert.match(String(failed.message), /^Error creating: pods "web-[a-z0-9]+-[a-z0-9]{5}" is forbidden: violates PodSecurity "restricted:latest": allowPrivilegeEscalation != false/);
  assert.equal(failed.type, 'Warning');
  const pods = server.cluster.store.list(resourceNamed('pods'), 'locked').filter((pod) => pod.metadata.name.startsWith('web-'));
  assert.deepEqual(pods, []);
  const condition = await eventually('ReplicaFailure on the Deployment', () => ((server.cluster.store.get(resourceNamed('apps/deployments'), 'locked', 'web')?.status as { conditions?: Condition[] } | undefined)?.conditions ?? []).find((entry) => entry.type === 'ReplicaFailure'));
  assert.equal(condition.reason, 'FailedCreate');
  const described = await ok(['get', 'events', '-n', 'locked', '--field-selector', 'reason=FailedCreate', '-o', 'jsonpath={.items[*].reason}']);
  assert.match(described.stdout, /FailedCreate/);
});

test('Pod Security: a StatefulSet\'s pod is refused to the controller with its own event wording', { skip, ...TIMEOUT }, async () => {
  await ok(['apply', '-f', '-'], redis('image: redis:8', 'cache', 'locked'));
  const failed = await eventually('a FailedCreate event', () => server.cluster.store.list(resourceNamed('events'), 'locked').find((event) => event.reason === 'FailedCreate' && (event.involvedObject as { name: string }).name === 'cache'));
  assert.match(String(failed.message), /^create Pod cache-0 in StatefulSet cache failed error: pods "cache-0" is forbidden: violates PodSecurity "restricted:latest": /);
  assert.equal(server.cluster.store.get(resourceNamed('pods'), 'locked', 'cache-0'), undefined);
});

test('the bundled local overlay (staging-infra enforces restricted) applies whole with no warning, and its pods run', { skip, ...TIMEOUT }, async () => {
  const manifests = await ok(['kustomize', 'manifests/overlays/local']);
  const applied = await kubectl(['apply', '-f', '-'], manifests.stdout);
  assert.equal(applied.code, 0, applied.stderr);
  assert.equal(applied.stderr, '', 'no unknown-field or Pod Security warning');
  await ok(['rollout', 'status', 'statefulset/redis', '-n', 'staging-infra', '--timeout=30s']);
  await ok(['wait', '--for=condition=Available', 'deployment', '--all', '-n', 'staging-infra', '--timeout=30s']);
  await ok(['wait', '--for=condition=Available', 'deployment', '--all', '-n', 'ingress-nginx', '--timeout=30s']);
  const failures = server.cluster.store.list(resourceNamed('events')).filter((event) => event.reason === 'FailedCreate' && (event.metadata.namespace === 'staging-infra' || event.metadata.namespace === 'ingress-nginx'));
  assert.deepEqual(failures, []);
});

test('the staging and production overlays also apply with no warning, and no pod is refused', { skip, timeout: 120_000 }, async () => {
  for (const overlay of ['staging', 'production']) {
    const own = new FakeApiServer({ podReadyDelayMs: 20 });
    await own.start();
    try {
      const ownKubeconfig = (await writeKubeconfig(join(dir, `kubeconfig-${overlay}`), own.url)).path;
      const manifests = await ok(['kustomize', `manifests/overlays/${overlay}`]);
      const applied = await kubectl(['apply', '-f', '-'], manifests.stdout, ownKubeconfig);
      assert.equal(applied.code, 0, `${overlay}: ${applied.stderr}`);
      assert.equal(applied.stderr, '', `${overlay}: no unknown-field or Pod Security warning`);
      await ok(['rollout', 'status', 'statefulset/redis', '-n', 'staging-infra', '--timeout=30s'], undefined, ownKubeconfig);
      assert.ok(own.cluster.store.get(resourceNamed('pods'), 'staging-infra', 'redis-0'), `${overlay}: redis-0 runs`);
      const failures = own.cluster.store.list(resourceNamed('events')).filter((event) => event.reason === 'FailedCreate');
      assert.deepEqual(failures, [], overlay);
    } finally {
      await own.dispose();
    }
  }
});

test('unknown fields in a re-apply (a strategic merge patch) are refused with the patch, as the real server words it', { skip, ...TIMEOUT }, async () => {
  await ok(['apply', '-f', '-'], redis('image: redis:8', 'patched'));
  const stderr = await refused(['apply', '-f', '-'], redis('image: redis:9\nfoo: 1', 'patched'));
  assert.match(stderr, /^The request is invalid: patch: Invalid value: "map\[metadata:map\[annotations:map\[kubectl\.kubernetes\.io\/last-applied-configuration:.*\]\] spec:map\[template:map\[spec:map\[\$setElementOrder\/containers:\[map\[name:redis\]\] containers:\[map\[foo:1 image:redis:9 name:redis\]\]\]\]\]\]": strict decoding error: unknown field "spec\.template\.spec\.containers\[0\]\.foo"$/);
  const stored = server.cluster.store.get(resourceNamed('apps/statefulsets'), 'strict', 'patched') as KubeObject & { spec: { template: { spec: { containers: { image: string }[] } } } };
  assert.equal(stored.spec.template.spec.containers[0]?.image, 'redis:8', 'the refused patch changed nothing');
  const warned = await ok(['apply', '--validate=warn', '-f', '-'], redis('image: redis:9\nfoo: 1', 'patched'));
  assert.match(warned.stderr, /^Warning: unknown field "spec\.template\.spec\.containers\[0\]\.foo"$/m);
});

test('a StatefulSet spec change outside the mutable fields is refused (apply, server dry run and diff alike); replicas and template may change', { skip, ...TIMEOUT }, async () => {
  const volume = (size: string): string => `apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: vol
  namespace: strict
spec:
  serviceName: vol
  replicas: 1
  selector:
    matchLabels: { app: vol }
  template:
    metadata:
      labels: { app: vol }
    spec:
      containers:
        - name: redis
          image: redis:8
  volumeClaimTemplates:
    - metadata: { name: data }
      spec:
        accessModes: [ReadWriteOnce]
        resources: { requests: { storage: ${size} } }
`;
  await ok(['apply', '-f', '-'], volume('1Gi'));
  const forbidden = "spec: Forbidden: updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'revisionHistoryLimit', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden";
  assert.equal(await refused(['apply', '-f', '-'], volume('5Gi')), `The StatefulSet "vol" is invalid: ${forbidden}`);
  assert.equal(await refused(['apply', '--dry-run=server', '-f', '-'], volume('5Gi')), `The StatefulSet "vol" is invalid: ${forbidden}`);
  const diff = await kubectl(['diff', '-f', '-'], volume('5Gi'));
  assert.ok(diff.code > 1, `kubectl diff fails (exit ${diff.code}: >1 is an error, 1 means differences)`);
  assert.match(diff.stderr, /The StatefulSet "vol" is invalid: spec: Forbidden: updates to statefulset spec/);
  const stored = server.cluster.store.get(resourceNamed('apps/statefulsets'), 'strict', 'vol') as KubeObject & { spec: { volumeClaimTemplates: { spec: { resources: { requests: { storage: string } } } }[] } };
  assert.equal(stored.spec.volumeClaimTemplates[0]?.spec.resources.requests.storage, '1Gi', 'nothing changed');
  await ok(['apply', '-f', '-'], volume('1Gi').replace('replicas: 1', 'replicas: 2').replace('image: redis:8', 'image: redis:9'));
});

test('RBAC: a namespace-limited user is refused cluster-scope lists and other namespaces with the authorizer\'s 403', { skip, ...TIMEOUT }, async () => {
  server.rbac.restrict({ user: 'alice', namespaces: ['strict'] });
  const aliceConfig = join(dir, 'kubeconfig-alice');
  await writeFile(
    aliceConfig,
    stringify({
      apiVersion: 'v1',
      kind: 'Config',
      'current-context': 'alice',
      clusters: [{ name: 'fake', cluster: { server: server.url } }],
      contexts: [{ name: 'alice', context: { cluster: 'fake', user: 'alice' } }],
      users: [{ name: 'alice', user: { as: 'alice' } }],
    }),
  );
  const asAlice = (args: string[]): Promise<Result> => kubectl(args, undefined, aliceConfig);
  const all = await asAlice(['get', 'pods', '-A']);
  assert.notEqual(all.code, 0);
  assert.equal(all.stderr.trim(), 'Error from server (Forbidden): pods is forbidden: User "alice" cannot list resource "pods" in API group "" at the cluster scope');
  const other = await asAlice(['get', 'statefulsets', '-n', 'locked']);
  assert.equal(other.stderr.trim(), 'Error from server (Forbidden): statefulsets.apps is forbidden: User "alice" cannot list resource "statefulsets" in API group "apps" in the namespace "locked"');
  const ns = await asAlice(['get', 'namespace', 'locked']);
  assert.equal(ns.stderr.trim(), 'Error from server (Forbidden): namespaces "locked" is forbidden: User "alice" cannot get resource "namespaces" in API group "" in the namespace "locked"');
  assert.equal((await asAlice(['get', 'pods', '-n', 'strict'])).code, 0, 'her own namespace is hers');
  assert.equal((await asAlice(['get', 'namespace', 'strict'])).code, 0);
  assert.equal((await kubectl(['get', 'pods', '-A'])).code, 0, 'the administrator is not limited');
});
