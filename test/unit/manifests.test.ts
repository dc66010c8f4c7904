// Policy and schema tests over the bundled manifests as Kubernetes will receive them: every target is built by the
// real `kubectl kustomize` (WRIGHT_TEST_KUBECTL, default a pinned v1.32 binary), parsed, and checked object by
// object. Each check returns a list of problems, so a failure names the object and field; the last tests feed the
// checks broken objects to prove that they can fail.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { before, describe, test } from 'node:test';
import { parse, parseAllDocuments } from 'yaml';
import { SECRET_SPECS } from '../../src/lifecycle/secretSpec';
import { realKubectl } from '../fixtures/bin/lib/realKubectl';

const ROOT = resolve(__dirname, '../..');
const MANIFESTS = join(ROOT, 'manifests');
const KUBECTL = realKubectl();
const TARGETS = ['base', 'ingress-nginx', 'overlays/local', 'overlays/staging', 'overlays/production'] as const;
type Target = (typeof TARGETS)[number];

// ---- the slice of the Kubernetes object model these checks read (the schema test checks the rest) ----

interface Metadata {
  name: string;
  namespace?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}
interface K8sObject {
  apiVersion: string;
  kind: string;
  metadata: Metadata;
  spec?: unknown;
  data?: Record<string, string>;
}
interface SecurityContext {
  runAsNonRoot?: boolean;
  runAsUser?: number;
  privileged?: boolean;
  allowPrivilegeEscalation?: boolean;
  seccompProfile?: { type: string };
  capabilities?: { add?: string[]; drop?: string[] };
}
interface EnvVar {
  name: string;
  value?: string;
  valueFrom?: { secretKeyRef?: { name: string; key: string }; configMapKeyRef?: { name: string; key: string } };
}
interface ContainerPort {
  name?: string;
  containerPort: number;
  hostPort?: number;
  protocol?: string;
}
interface Container {
  name: string;
  image?: string;
  args?: string[];
  ports?: ContainerPort[];
  env?: EnvVar[];
  envFrom?: { secretRef?: { name: string }; configMapRef?: { name: string } }[];
  resources?: { requests?: Record<string, string>; limits?: Record<string, string> };
  livenessProbe?: Probe;
  readinessProbe?: Probe;
  startupProbe?: Probe;
  securityContext?: SecurityContext;
  volumeMounts?: { name: string; mountPath: string }[];
}
interface Probe {
  httpGet?: { path: string; port: number | string };
  exec?: { command: string[] };
}
interface Volume {
  name: string;
  secret?: { secretName: string };
  configMap?: { name: string };
  [source: string]: unknown;
}
interface PodSpec extends SecurityContext {
  containers: Container[];
  initContainers?: Container[];
  securityContext?: SecurityContext;
  volumes?: Volume[];
  hostNetwork?: boolean;
  hostPID?: boolean;
  hostIPC?: boolean;
  nodeSelector?: Record<string, string>;
  tolerations?: { key?: string; effect?: string }[];
}
interface ClaimTemplate {
  metadata: { name: string };
  spec: { storageClassName?: string; accessModes: string[]; resources: { requests: { storage: string } } };
}
interface Workload extends K8sObject {
  spec: {
    replicas?: number;
    selector: { matchLabels: Record<string, string> };
    template: { metadata: { labels: Record<string, string> }; spec: PodSpec };
    volumeClaimTemplates?: ClaimTemplate[];
  };
}
interface Service extends K8sObject {
  spec: { selector?: Record<string, string>; ports: { name?: string; port: number; targetPort?: number | string }[] };
}
interface Ingress extends K8sObject {
  spec: {
    ingressClassName?: string;
    tls?: { hosts?: string[]; secretName?: string }[];
    rules: { host?: string; http: { paths: { backend: { service: { name: string; port: { name?: string; number?: number } } } }[] } }[];
  };
}

// ---- building ----

const builds = new Map<string, K8sObject[]>();

/** `kubectl kustomize <dir>`, parsed. A missing kubectl is a failure with a fix, never a skip. */
function build(target: string): K8sObject[] {
  const cached = builds.get(target);
  if (cached) return cached;
  let out: string;
  try {
    out = execFileSync(KUBECTL, ['kustomize', join(MANIFESTS, target)], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (error) {
    const err = error as NodeJS.ErrnoException & { stderr?: string };
    if (err.code === 'ENOENT') {
      throw new Error(`kubectl not found at "${KUBECTL}". Set WRIGHT_TEST_KUBECTL to a kubectl >= 1.27 (kustomize v5) to build the manifests.`);
    }
    throw new Error(`kubectl kustomize ${target} failed: ${err.stderr ?? err.message}`);
  }
  const objects = parseAllDocuments(out).map((doc) => {
    if (doc.errors.length > 0) throw new Error(`${target}: unparsable output: ${doc.errors[0]?.message}`);
    return doc.toJS() as K8sObject;
  });
  builds.set(target, objects);
  return objects;
}

const id = (o: K8sObject): string => `${o.kind} ${o.metadata.namespace ? `${o.metadata.namespace}/` : ''}${o.metadata.name}`;
const WORKLOAD_KINDS = new Set(['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'Job', 'CronJob']);
const workloads = (objects: K8sObject[]): Workload[] => objects.filter((o): o is Workload => WORKLOAD_KINDS.has(o.kind));
const containersOf = (w: Workload): Container[] => [...(w.spec.template.spec.initContainers ?? []), ...w.spec.template.spec.containers];
function find<T extends K8sObject>(objects: K8sObject[], kind: string, name: string, namespace?: string): T {
  const found = objects.find((o) => o.kind === kind && o.metadata.name === name && (namespace === undefined || o.metadata.namespace === namespace));
  assert.ok(found, `${kind} ${namespace ?? ''}/${name} is missing`);
  return found as T;
}
const matches = (selector: Record<string, string>, labels: Record<string, string>): boolean =>
  Object.entries(selector).every(([key, value]) => labels[key] === value);

/** Kubernetes quantities, enough for comparisons: "250m", "1", "512Mi", "2Gi". */
function quantity(value: string): number {
  const match = /^(\d+(?:\.\d+)?)(m|Ki|Mi|Gi|Ti|k|M|G)?$/.exec(value);
  if (!match) throw new Error(`not a quantity: ${value}`);
  const scale: Record<string, number> = { m: 1e-3, Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, k: 1e3, M: 1e6, G: 1e9 };
  return Number(match[1]) * (match[2] ? (scale[match[2]] ?? NaN) : 1);
}

// ---- the checks: each returns the problems it finds ----

function containerProblems(objects: K8sObject[]): string[] {
  const problems: string[] = [];
  for (const w of workloads(objects)) {
    for (const c of containersOf(w)) {
      const where = `${id(w)} container ${c.name}`;
      for (const kind of ['requests', 'limits'] as const) {
        for (const resource of ['cpu', 'memory']) {
          if (!c.resources?.[kind]?.[resource]) problems.push(`${where}: no ${kind}.${resource}`);
        }
      }
      for (const resource of ['cpu', 'memory']) {
        const request = c.resources?.requests?.[resource];
        const limit = c.resources?.limits?.[resource];
        if (request && limit && quantity(request) > quantity(limit)) problems.push(`${where}: ${resource} request above its limit`);
      }
      if (!c.livenessProbe) problems.push(`${where}: no livenessProbe`);
      if (!c.readinessProbe) problems.push(`${where}: no readinessProbe`);
      problems.push(...imageProblems(where, c.image));
    }
  }
  return problems;
}

/** A pinned image names a tag (not `latest`), optionally a digest too. */
function imageProblems(where: string, image: string | undefined): string[] {
  if (!image) return [`${where}: no image`];
  const [nameAndTag, digest] = image.split('@');
  const lastSegment = (nameAndTag ?? '').split('/').pop() ?? '';
  const tag = lastSegment.includes(':') ? lastSegment.slice(lastSegment.indexOf(':') + 1) : undefined;
  if (!tag) return [`${where}: image ${image} has no tag`];
  if (tag === 'latest') return [`${where}: image ${image} uses latest`];
  if (digest !== undefined && !/^sha256:[0-9a-f]{64}$/.test(digest)) return [`${where}: image ${image} has a malformed digest`];
  return [];
}

/** The Pod Security "restricted" profile, as far as the pod spec shows it (hostPort is checked separately). */
function podSecurityProblems(objects: K8sObject[]): string[] {
  const problems: string[] = [];
  const allowedVolumes = new Set(['configMap', 'emptyDir', 'persistentVolumeClaim', 'secret', 'projected', 'downwardAPI', 'csi', 'ephemeral']);
  for (const w of workloads(objects)) {
    const pod = w.spec.template.spec;
    if (pod.hostNetwork || pod.hostPID || pod.hostIPC) problems.push(`${id(w)}: uses host namespaces`);
    for (const volume of pod.volumes ?? []) {
      const sources = Object.keys(volume).filter((key) => key !== 'name');
      if (!sources.every((source) => allowedVolumes.has(source))) problems.push(`${id(w)}: volume ${volume.name} is ${sources.join(',')}`);
    }
    for (const c of containersOf(w)) {
      const where = `${id(w)} container ${c.name}`;
      const sc = c.securityContext ?? {};
      if ((sc.runAsNonRoot ?? pod.securityContext?.runAsNonRoot) !== true) problems.push(`${where}: runAsNonRoot is not true`);
      if ((sc.runAsUser ?? pod.securityContext?.runAsUser) === 0) problems.push(`${where}: runs as uid 0`);
      const seccomp = sc.seccompProfile?.type ?? pod.securityContext?.seccompProfile?.type;
      if (seccomp !== 'RuntimeDefault' && seccomp !== 'Localhost') problems.push(`${where}: seccompProfile is ${seccomp ?? 'unset'}`);
      if (sc.privileged) problems.push(`${where}: privileged`);
      if (sc.allowPrivilegeEscalation !== false) problems.push(`${where}: allowPrivilegeEscalation is not false`);
      if (!sc.capabilities?.drop?.includes('ALL')) problems.push(`${where}: capabilities not dropped`);
      for (const added of sc.capabilities?.add ?? []) {
        if (added !== 'NET_BIND_SERVICE') problems.push(`${where}: adds capability ${added}`);
      }
    }
  }
  return problems;
}

/** Every Secret reference is declared in SECRET_SPECS (same name, namespace and key): the deploy step creates only those. */
function secretRefProblems(objects: K8sObject[]): string[] {
  const problems: string[] = [];
  const declared = (namespace: string | undefined, name: string) => SECRET_SPECS.find((s) => s.name === name && s.namespace === namespace);
  for (const w of workloads(objects)) {
    const namespace = w.metadata.namespace;
    for (const c of containersOf(w)) {
      for (const env of c.env ?? []) {
        const ref = env.valueFrom?.secretKeyRef;
        if (!ref) continue;
        const spec = declared(namespace, ref.name);
        if (!spec) problems.push(`${id(w)} env ${env.name}: Secret ${ref.name} is not in SECRET_SPECS`);
        else if (!spec.entries.some((e) => e.key === ref.key)) problems.push(`${id(w)} env ${env.name}: key ${ref.key} is not in Secret ${ref.name}`);
      }
      for (const from of c.envFrom ?? []) {
        if (from.secretRef && !declared(namespace, from.secretRef.name)) problems.push(`${id(w)}: envFrom Secret ${from.secretRef.name} is not in SECRET_SPECS`);
      }
    }
    for (const volume of w.spec.template.spec.volumes ?? []) {
      if (volume.secret && !declared(namespace, volume.secret.secretName)) problems.push(`${id(w)}: volume Secret ${volume.secret.secretName} is not in SECRET_SPECS`);
    }
  }
  return problems;
}

/** Every ConfigMap reference names a ConfigMap (and key) in the same build and namespace. */
function configMapRefProblems(objects: K8sObject[]): string[] {
  const problems: string[] = [];
  for (const w of workloads(objects)) {
    const lookup = (name: string) => objects.find((o) => o.kind === 'ConfigMap' && o.metadata.name === name && o.metadata.namespace === w.metadata.namespace);
    for (const c of containersOf(w)) {
      for (const env of c.env ?? []) {
        const ref = env.valueFrom?.configMapKeyRef;
        if (!ref) continue;
        const configMap = lookup(ref.name);
        if (!configMap) problems.push(`${id(w)} env ${env.name}: no ConfigMap ${ref.name}`);
        else if (configMap.data?.[ref.key] === undefined) problems.push(`${id(w)} env ${env.name}: ConfigMap ${ref.name} has no key ${ref.key}`);
      }
      for (const from of c.envFrom ?? []) {
        if (from.configMapRef && !lookup(from.configMapRef.name)) problems.push(`${id(w)}: envFrom ConfigMap ${from.configMapRef.name} is missing`);
      }
    }
    for (const volume of w.spec.template.spec.volumes ?? []) {
      if (volume.configMap && !lookup(volume.configMap.name)) problems.push(`${id(w)}: volume ConfigMap ${volume.configMap.name} is missing`);
    }
  }
  return problems;
}

/** Every Service selects the pods of exactly one workload and targets a port those pods declare. */
function serviceProblems(objects: K8sObject[]): string[] {
  const problems: string[] = [];
  for (const service of objects.filter((o): o is Service => o.kind === 'Service')) {
    const selector = service.spec.selector;
    if (!selector || Object.keys(selector).length === 0) {
      problems.push(`${id(service)}: no selector`);
      continue;
    }
    const selected = workloads(objects).filter((w) => w.metadata.namespace === service.metadata.namespace && matches(selector, w.spec.template.metadata.labels));
    if (selected.length !== 1) {
      problems.push(`${id(service)}: selects ${selected.length} workloads`);
      continue;
    }
    const ports = selected[0]!.spec.template.spec.containers.flatMap((c) => c.ports ?? []);
    for (const port of service.spec.ports) {
      const target = port.targetPort ?? port.port;
      const found = typeof target === 'string' ? ports.some((p) => p.name === target) : ports.some((p) => p.containerPort === target);
      if (!found) problems.push(`${id(service)} port ${port.name ?? port.port}: target ${target} is not a container port of ${id(selected[0]!)}`);
    }
  }
  return problems;
}

/** Every Ingress backend names an existing Service port in the same namespace. */
function ingressProblems(objects: K8sObject[]): string[] {
  const problems: string[] = [];
  for (const ingress of objects.filter((o): o is Ingress => o.kind === 'Ingress')) {
    for (const rule of ingress.spec.rules) {
      for (const path of rule.http.paths) {
        const { name, port } = path.backend.service;
        const service = objects.find((o): o is Service => o.kind === 'Service' && o.metadata.name === name && o.metadata.namespace === ingress.metadata.namespace);
        if (!service) problems.push(`${id(ingress)}: backend Service ${name} is missing`);
        else if (!service.spec.ports.some((p) => (port.name !== undefined ? p.name === port.name : p.port === port.number))) {
          problems.push(`${id(ingress)}: Service ${name} has no port ${port.name ?? port.number}`);
        }
      }
    }
  }
  return problems;
}

const REQUIRED_LABELS = ['app.kubernetes.io/name', 'app.kubernetes.io/instance', 'app.kubernetes.io/component', 'app.kubernetes.io/part-of', 'app.kubernetes.io/managed-by'];

/** The app.kubernetes.io labels on every object and pod template; ownership labels kept out of selectors. */
function labelProblems(objects: K8sObject[]): string[] {
  const problems: string[] = [];
  for (const o of objects) {
    const labels = o.metadata.labels ?? {};
    // The ingress-nginx Namespace and cluster-wide RBAC have no component, as upstream; the rest must have all five.
    const required = o.metadata.name === 'ingress-nginx' && !o.metadata.namespace ? REQUIRED_LABELS.filter((l) => !l.endsWith('/component')) : REQUIRED_LABELS;
    for (const label of required) if (!labels[label]) problems.push(`${id(o)}: no label ${label}`);
    if (labels['app.kubernetes.io/part-of'] !== undefined && labels['app.kubernetes.io/part-of'] !== 'wright') problems.push(`${id(o)}: part-of is not wright`);
    if (labels['app.kubernetes.io/managed-by'] !== undefined && labels['app.kubernetes.io/managed-by'] !== 'wright') problems.push(`${id(o)}: managed-by is not wright`);
  }
  for (const w of workloads(objects)) {
    const template = w.spec.template.metadata.labels;
    for (const label of REQUIRED_LABELS) if (!template[label]) problems.push(`${id(w)}: pod template has no label ${label}`);
    if (!matches(w.spec.selector.matchLabels, template)) problems.push(`${id(w)}: selector does not match its own pods`);
    for (const label of ['app.kubernetes.io/part-of', 'app.kubernetes.io/managed-by', 'app.kubernetes.io/version']) {
      if (label in w.spec.selector.matchLabels) problems.push(`${id(w)}: selector holds ${label}`);
    }
  }
  return problems;
}

const DEPRECATED_KUSTOMIZE_FIELDS = ['commonLabels', 'patchesStrategicMerge', 'patchesJson6902', 'bases', 'vars', 'imageTags'];

/** Kustomization files: explicit headers, no deprecated fields, every listed resource exists. */
function kustomizationProblems(file: string, text: string): string[] {
  const doc = parse(text) as Record<string, unknown>;
  const problems: string[] = [];
  if (doc['apiVersion'] !== 'kustomize.config.k8s.io/v1beta1') problems.push(`${file}: apiVersion is ${String(doc['apiVersion'])}`);
  if (doc['kind'] !== 'Kustomization') problems.push(`${file}: kind is ${String(doc['kind'])}`);
  for (const field of DEPRECATED_KUSTOMIZE_FIELDS) if (field in doc) problems.push(`${file}: deprecated field ${field}`);
  return problems;
}

// ---- offline schema check, from @kubernetes/client-node's generated models (the OpenAPI types of the API) ----

interface AttributeType {
  baseName: string;
  type: string;
}
interface Model {
  getAttributeTypeMap(): AttributeType[];
}
type Models = Record<string, unknown>;

function modelFor(models: Models, name: string): Model | undefined {
  const candidate = models[name] as Partial<Model> | undefined;
  return typeof candidate?.getAttributeTypeMap === 'function' ? (candidate as Model) : undefined;
}

/** Unknown fields (a typo such as `livenesProbe` is silently dropped by the API server) and wrong value types. */
function schemaProblems(models: Models, object: K8sObject): string[] {
  const [group, version] = object.apiVersion.includes('/') ? object.apiVersion.split('/') : ['', object.apiVersion];
  const known: Record<string, string> = { '': 'v1', apps: 'v1', 'networking.k8s.io': 'v1', 'rbac.authorization.k8s.io': 'v1', policy: 'v1' };
  if (known[group ?? ''] !== version) return [`${id(object)}: unexpected apiVersion ${object.apiVersion}`];
  const modelName = `V1${object.kind}`;
  if (!modelFor(models, modelName)) return [`${id(object)}: no schema for ${modelName}`];
  const problems: string[] = [];
  check(models, object, modelName, id(object), problems);
  return problems;
}

function check(models: Models, value: unknown, type: string, path: string, problems: string[]): void {
  const arrayOf = /^Array<(.+)>$/.exec(type);
  const mapOf = /^\{ \[key: string\]: (.+); \}$/.exec(type);
  if (type === 'any' || type === 'object') return;
  if (type === 'string' || type === 'Date') {
    if (typeof value !== 'string') problems.push(`${path}: expected a string, got ${JSON.stringify(value)}`);
  } else if (type === 'number') {
    if (typeof value !== 'number') problems.push(`${path}: expected a number, got ${JSON.stringify(value)}`);
  } else if (type === 'boolean') {
    if (typeof value !== 'boolean') problems.push(`${path}: expected a boolean, got ${JSON.stringify(value)}`);
  } else if (type === 'IntOrString') {
    if (typeof value !== 'string' && typeof value !== 'number') problems.push(`${path}: expected an int or string`);
  } else if (arrayOf) {
    if (!Array.isArray(value)) problems.push(`${path}: expected a list`);
    else value.forEach((item, index) => check(models, item, arrayOf[1]!, `${path}[${index}]`, problems));
  } else if (mapOf) {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) problems.push(`${path}: expected a map`);
    else for (const [key, item] of Object.entries(value)) check(models, item, mapOf[1]!, `${path}.${key}`, problems);
  } else {
    const model = modelFor(models, type);
    if (!model) {
      problems.push(`${path}: no schema for ${type}`);
      return;
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      problems.push(`${path}: expected an object (${type})`);
      return;
    }
    const attributes = model.getAttributeTypeMap();
    for (const [key, item] of Object.entries(value)) {
      const attribute = attributes.find((a) => a.baseName === key);
      if (!attribute) problems.push(`${path}: unknown field "${key}" in ${type}`);
      else check(models, item, attribute.type, `${path}.${key}`, problems);
    }
  }
}

// ---- the tests ----

describe('kustomize builds', () => {
  test(`kubectl (${KUBECTL}) is available and carries kustomize v5`, () => {
    let version: string;
    try {
      version = execFileSync(KUBECTL, ['version', '--client'], { encoding: 'utf8' });
    } catch (error) {
      assert.fail(`kubectl not runnable at "${KUBECTL}" (${(error as Error).message}). Set WRIGHT_TEST_KUBECTL to a kubectl >= 1.27.`);
    }
    assert.match(version, /Kustomize Version: v5\./);
  });

  for (const target of TARGETS) {
    test(`${target} builds`, () => {
      const objects = build(target);
      assert.ok(objects.length > 0, `${target} built nothing`);
      for (const o of objects) assert.ok(o.apiVersion && o.kind && o.metadata.name, `incomplete object in ${target}: ${JSON.stringify(o).slice(0, 120)}`);
    });
  }
});

describe('layout of manifests/', () => {
  const files = (dir: string): string[] =>
    readdirSync(dir).flatMap((name) => {
      const path = join(dir, name);
      return statSync(path).isDirectory() ? files(path) : [path];
    });

  test('every kustomization.yaml has explicit headers and no deprecated fields', () => {
    const kustomizations = files(MANIFESTS).filter((f) => basename(f) === 'kustomization.yaml');
    assert.ok(kustomizations.length >= 5, `found only ${kustomizations.length} kustomizations`);
    assert.deepEqual(kustomizations.flatMap((f) => kustomizationProblems(relative(ROOT, f), readFileSync(f, 'utf8'))), []);
  });

  test('one resource per file, named by its kind', () => {
    const problems: string[] = [];
    for (const kustomization of files(MANIFESTS).filter((f) => basename(f) === 'kustomization.yaml')) {
      const doc = parse(readFileSync(kustomization, 'utf8')) as { resources?: string[] };
      for (const entry of doc.resources ?? []) {
        const path = resolve(dirname(kustomization), entry);
        if (statSync(path).isDirectory()) continue;
        const docs = parseAllDocuments(readFileSync(path, 'utf8')).map((d) => d.toJS() as K8sObject);
        if (docs.length !== 1) problems.push(`${relative(ROOT, path)}: ${docs.length} documents`);
        else if (basename(path) !== `${docs[0]!.kind.toLowerCase()}.yaml`) problems.push(`${relative(ROOT, path)}: holds a ${docs[0]!.kind}`);
      }
    }
    assert.deepEqual(problems, []);
  });
});

describe('schema (offline, from the Kubernetes API models in @kubernetes/client-node)', () => {
  let models: Models;
  before(async () => {
    models = await import('@kubernetes/client-node');
  });

  for (const target of TARGETS) {
    test(`${target}: every object has only known fields with the right types`, () => {
      assert.deepEqual(build(target).flatMap((o) => schemaProblems(models, o)), []);
    });
  }

  test('the schema check catches an unknown field, a wrong type and an unknown kind', () => {
    const deployment = structuredClone(find<Workload>(build('base'), 'Deployment', 'authentik-server'));
    const container = deployment.spec.template.spec.containers[0] as unknown as Record<string, unknown>;
    container['livenesProbe'] = container['livenessProbe'];
    (deployment.spec as Record<string, unknown>)['replicas'] = '2';
    const problems = schemaProblems(models, deployment);
    assert.ok(problems.some((p) => p.includes('unknown field "livenesProbe"')), problems.join('\n'));
    assert.ok(problems.some((p) => p.includes('.spec.replicas: expected a number')), problems.join('\n'));
    assert.deepEqual(schemaProblems(models, { apiVersion: 'v1', kind: 'Sekret', metadata: { name: 'x' } }), ['Sekret x: no schema for V1Sekret']);
  });
});

describe('policy over every build', () => {
  for (const target of TARGETS) {
    describe(target, () => {
      test('every container: requests and limits, liveness and readiness probes, a pinned image', () => {
        assert.deepEqual(containerProblems(build(target)), []);
      });
      test('every pod meets the restricted Pod Security profile', () => {
        assert.deepEqual(podSecurityProblems(build(target)), []);
      });
      test('Secret references are all declared in SECRET_SPECS; no Secret object is shipped', () => {
        assert.deepEqual(secretRefProblems(build(target)), []);
        assert.deepEqual(build(target).filter((o) => o.kind === 'Secret').map(id), []);
      });
      test('ConfigMap references resolve', () => {
        assert.deepEqual(configMapRefProblems(build(target)), []);
      });
      test('Services select one workload and target declared ports; Ingress backends exist', () => {
        assert.deepEqual(serviceProblems(build(target)), []);
        assert.deepEqual(ingressProblems(build(target)), []);
      });
      test('app.kubernetes.io labels everywhere, ownership labels out of selectors', () => {
        assert.deepEqual(labelProblems(build(target)), []);
      });
      test('no admission webhooks (configurations, jobs or controller flags)', () => {
        const objects = build(target);
        assert.deepEqual(objects.filter((o) => /WebhookConfiguration$/.test(o.kind) || o.kind === 'Job' || o.metadata.name.includes('admission')).map(id), []);
        const args = workloads(objects).flatMap((w) => containersOf(w).flatMap((c) => c.args ?? []));
        assert.deepEqual(args.filter((a) => a.startsWith('--validating-webhook')), []);
      });
      test('hostPorts only on the ingress controller', () => {
        const withHostPorts = workloads(build(target)).filter((w) => containersOf(w).some((c) => (c.ports ?? []).some((p) => p.hostPort !== undefined)));
        const expected = build(target).some((o) => o.kind === 'Namespace' && o.metadata.name === 'ingress-nginx') ? ['Deployment ingress-nginx/ingress-nginx-controller'] : [];
        assert.deepEqual(withHostPorts.map(id), expected);
      });
      test('every namespaced object lives in a namespace the build declares', () => {
        const objects = build(target);
        const declared = new Set(objects.filter((o) => o.kind === 'Namespace').map((o) => o.metadata.name));
        assert.deepEqual(objects.filter((o) => o.metadata.namespace && !declared.has(o.metadata.namespace)).map(id), []);
      });
    });
  }
});

describe('the staging-infra stack', () => {
  const STATEFUL = [
    { name: 'postgres', mountPath: '/var/lib/postgresql/data' },
    { name: 'redis', mountPath: '/data' },
    { name: 'authentik-postgres', mountPath: '/var/lib/postgresql/data' },
  ];

  test('the workloads and Services the engine and the tree expect', () => {
    const objects = build('base');
    for (const { name } of STATEFUL) find(objects, 'StatefulSet', name, 'staging-infra');
    find(objects, 'Deployment', 'authentik-server', 'staging-infra');
    find(objects, 'Deployment', 'authentik-worker', 'staging-infra');
    const port = (name: string) => find<Service>(objects, 'Service', name, 'staging-infra').spec.ports.map((p) => [p.name, p.port]);
    assert.deepEqual(port('postgres'), [['postgres', 5432]]);
    assert.deepEqual(port('redis'), [['redis', 6379]]);
    assert.deepEqual(port('authentik-postgres'), [['postgres', 5432]]);
    assert.deepEqual(port('authentik-server'), [['http', 80]]);
    assert.equal(objects.some((o) => o.kind === 'Service' && o.metadata.name === 'authentik-worker'), false, 'the worker has no Service');
  });

  test('the three stateful workloads keep their data on a PVC mounted where the software writes', () => {
    for (const target of TARGETS.filter((t) => t !== 'ingress-nginx')) {
      const objects = build(target);
      for (const { name, mountPath } of STATEFUL) {
        const set = find<Workload>(objects, 'StatefulSet', name);
        const claims = set.spec.volumeClaimTemplates ?? [];
        assert.equal(claims.length, 1, `${target} ${name}: one claim template`);
        assert.deepEqual(claims[0]!.spec.accessModes, ['ReadWriteOnce']);
        assert.ok(quantity(claims[0]!.spec.resources.requests.storage) >= 2 ** 30, `${target} ${name}: at least 1Gi`);
        const mount = set.spec.template.spec.containers[0]!.volumeMounts?.find((m) => m.name === claims[0]!.metadata.name);
        assert.equal(mount?.mountPath, mountPath, `${target} ${name}: claim mounted at ${mountPath}`);
      }
    }
  });

  test('every Secret key in SECRET_SPECS is read by some workload (the contract has no dead entries)', () => {
    const read = new Set(
      workloads(build('base')).flatMap((w) =>
        containersOf(w).flatMap((c) => (c.env ?? []).flatMap((e) => (e.valueFrom?.secretKeyRef ? [`${w.metadata.namespace}/${e.valueFrom.secretKeyRef.name}/${e.valueFrom.secretKeyRef.key}`] : []))),
      ),
    );
    const declared = SECRET_SPECS.flatMap((s) => s.entries.map((e) => `${s.namespace}/${s.name}/${e.key}`));
    assert.deepEqual(declared.filter((key) => !read.has(key)), []);
  });

  test('Postgres runs pgvector and creates the extension on first start', () => {
    const objects = build('base');
    const postgres = find<Workload>(objects, 'StatefulSet', 'postgres');
    const container = postgres.spec.template.spec.containers[0]!;
    assert.match(container.image ?? '', /^pgvector\/pgvector:[\d.]+-pg\d+$/);
    const init = container.volumeMounts?.find((m) => m.mountPath === '/docker-entrypoint-initdb.d');
    assert.ok(init, 'init scripts mounted');
    const volume = postgres.spec.template.spec.volumes?.find((v) => v.name === init.name);
    const script = Object.values(find(objects, 'ConfigMap', volume?.configMap?.name ?? '?').data ?? {}).join('\n');
    assert.match(script, /CREATE EXTENSION IF NOT EXISTS vector;/);
    assert.equal(container.env?.find((e) => e.name === 'PGDATA')?.value, '/var/lib/postgresql/data/pgdata', 'PGDATA below the mount (lost+found)');
    for (const probe of [container.livenessProbe, container.readinessProbe, container.startupProbe]) {
      assert.match(probe?.exec?.command.join(' ') ?? '', /pg_isready/);
    }
  });

  test('Redis persists with appendonly to /data and is probed with redis-cli ping', () => {
    const container = find<Workload>(build('base'), 'StatefulSet', 'redis').spec.template.spec.containers[0]!;
    assert.match((container.args ?? []).join(' '), /--appendonly yes/);
    assert.match(container.livenessProbe?.exec?.command.join(' ') ?? '', /redis-cli ping/);
    assert.match(container.readinessProbe?.exec?.command.join(' ') ?? '', /redis-cli ping/);
    assert.ok(!(container.livenessProbe?.exec?.command.join(' ') ?? '').includes('-a '), 'no password on the probe command line');
  });

  test('Authentik: server and worker on one pinned image, the documented probes, no Redis', () => {
    const objects = build('base');
    const server = find<Workload>(objects, 'Deployment', 'authentik-server').spec.template.spec.containers[0]!;
    const worker = find<Workload>(objects, 'Deployment', 'authentik-worker').spec.template.spec.containers[0]!;
    assert.match(server.image ?? '', /^ghcr\.io\/goauthentik\/server:2026\.8\.\d+$/);
    assert.equal(worker.image, server.image);
    assert.deepEqual(server.args, ['server']);
    assert.deepEqual(worker.args, ['worker']);
    assert.equal(server.startupProbe?.httpGet?.path, '/-/health/live/');
    assert.equal(server.livenessProbe?.httpGet?.path, '/-/health/live/');
    assert.equal(server.readinessProbe?.httpGet?.path, '/-/health/ready/');
    assert.equal(server.ports?.find((p) => p.name === 'http')?.containerPort, 9000);
    for (const probe of [worker.startupProbe, worker.livenessProbe, worker.readinessProbe]) assert.deepEqual(probe?.exec?.command, ['ak', 'healthcheck']);
    const config = find(objects, 'ConfigMap', 'authentik-config').data ?? {};
    const env = [...Object.keys(config), ...(server.env ?? []).map((e) => e.name), ...(worker.env ?? []).map((e) => e.name)];
    assert.ok(env.includes('AUTHENTIK_SECRET_KEY') && env.includes('AUTHENTIK_POSTGRESQL__PASSWORD'));
    assert.equal(config['AUTHENTIK_POSTGRESQL__HOST'], 'authentik-postgres');
    assert.deepEqual(env.filter((name) => name.includes('REDIS')), [], 'Authentik >= 2025.10 uses no Redis');
    assert.deepEqual(objects.filter((o) => o.metadata.name.includes('authentik-redis')).map(id), []);
  });

  test('the Ingress serves auth.wright.localhost through the nginx class', () => {
    for (const target of ['base', 'overlays/local'] as const) {
      const ingress = find<Ingress>(build(target), 'Ingress', 'authentik', 'staging-infra');
      assert.equal(ingress.spec.ingressClassName, 'nginx');
      assert.deepEqual(ingress.spec.rules.map((r) => r.host), ['auth.wright.localhost']);
    }
  });

  test('four namespaces; the three placeholders carry a LimitRange with defaults', () => {
    const objects = build('base');
    const namespaces = objects.filter((o) => o.kind === 'Namespace').map((o) => o.metadata.name).sort();
    assert.deepEqual(namespaces, ['staging-ai', 'staging-core', 'staging-infra', 'staging-web']);
    for (const namespace of ['staging-core', 'staging-ai', 'staging-web']) {
      const ranges = objects.filter((o) => o.kind === 'LimitRange' && o.metadata.namespace === namespace);
      assert.equal(ranges.length, 1, `${namespace}: one LimitRange`);
      const limit = (ranges[0]!.spec as { limits: { type: string; default?: Record<string, string>; defaultRequest?: Record<string, string> }[] }).limits[0]!;
      assert.equal(limit.type, 'Container');
      assert.ok(limit.default?.['cpu'] && limit.default['memory'] && limit.defaultRequest?.['cpu'] && limit.defaultRequest['memory'], `${namespace}: defaults`);
    }
    const infra = find(objects, 'Namespace', 'staging-infra');
    assert.equal(infra.metadata.labels?.['pod-security.kubernetes.io/enforce'], 'restricted');
  });
});

describe('ingress-nginx for kind', () => {
  test('v1.15.1 on the ingress-ready node, hostPorts 80/443, status "localhost", default class nginx', () => {
    const objects = build('ingress-nginx');
    const deployment = find<Workload>(objects, 'Deployment', 'ingress-nginx-controller', 'ingress-nginx');
    const pod = deployment.spec.template.spec;
    const controller = pod.containers[0]!;
    assert.match(controller.image ?? '', /\/ingress-nginx\/controller:v1\.15\.1@sha256:[0-9a-f]{64}$/);
    assert.ok(controller.args?.includes('--publish-status-address=localhost'));
    assert.equal(pod.nodeSelector?.['ingress-ready'], 'true');
    assert.ok(pod.tolerations?.some((t) => t.key === 'node-role.kubernetes.io/control-plane' && t.effect === 'NoSchedule'));
    const hostPorts = (controller.ports ?? []).filter((p) => p.hostPort !== undefined).map((p) => [p.containerPort, p.hostPort]);
    assert.deepEqual(hostPorts, [[80, 80], [443, 443]]);
    const ingressClass = find(objects, 'IngressClass', 'nginx');
    assert.equal(ingressClass.metadata.annotations?.['ingressclass.kubernetes.io/is-default-class'], 'true');
    assert.deepEqual(ingressClass.spec, { controller: 'k8s.io/ingress-nginx' });
    for (const kind of ['ServiceAccount', 'ConfigMap', 'Service', 'Role', 'RoleBinding']) find(objects, kind, kind === 'ConfigMap' || kind === 'Service' ? 'ingress-nginx-controller' : 'ingress-nginx', 'ingress-nginx');
    for (const kind of ['ClusterRole', 'ClusterRoleBinding']) find(objects, kind, 'ingress-nginx');
  });

  test('only the local overlay brings the controller; cloud overlays use the cloud one', () => {
    const hasController = (target: Target) => build(target).some((o) => o.kind === 'Deployment' && o.metadata.name === 'ingress-nginx-controller');
    assert.equal(hasController('overlays/local'), true);
    assert.equal(hasController('overlays/staging'), false);
    assert.equal(hasController('overlays/production'), false);
  });
});

describe('overlays differ where they should', () => {
  const classes = (target: Target) => workloads(build(target)).flatMap((w) => (w.spec.volumeClaimTemplates ?? []).map((c) => c.spec.storageClassName));
  const replicas = (target: Target, name: string) => find<Workload>(build(target), 'Deployment', name).spec.replicas ?? 1;
  const ingress = (target: Target) => find<Ingress>(build(target), 'Ingress', 'authentik');
  const postgresMemory = (target: Target) => quantity(find<Workload>(build(target), 'StatefulSet', 'postgres').spec.template.spec.containers[0]!.resources?.limits?.['memory'] ?? '0');

  test('storage class: kind\'s "standard" locally, a cloud class elsewhere', () => {
    assert.deepEqual([...new Set(classes('overlays/local'))], ['standard']);
    for (const target of ['overlays/staging', 'overlays/production'] as const) {
      const used = new Set(classes(target));
      assert.equal(used.size, 1, `${target}: one class for all claims`);
      assert.ok(!used.has('standard') && !used.has(undefined), `${target}: ${[...used].join(',')}`);
    }
  });

  test('replicas: one Authentik server locally, several in staging and production', () => {
    assert.equal(replicas('overlays/local', 'authentik-server'), 1);
    assert.ok(replicas('overlays/staging', 'authentik-server') >= 2);
    assert.ok(replicas('overlays/production', 'authentik-server') >= 2);
    assert.ok(replicas('overlays/production', 'authentik-worker') >= 2);
    find(build('overlays/production'), 'PodDisruptionBudget', 'authentik-server', 'staging-infra');
  });

  test('TLS on the public host in staging and production, none locally', () => {
    assert.equal(ingress('overlays/local').spec.tls, undefined);
    for (const target of ['overlays/staging', 'overlays/production'] as const) {
      const spec = ingress(target).spec;
      const hosts = spec.rules.map((r) => r.host);
      assert.ok(!hosts.some((h) => h?.endsWith('.localhost')), `${target}: a public host`);
      assert.deepEqual(spec.tls?.flatMap((t) => t.hosts), hosts, `${target}: TLS covers the host`);
      assert.ok(spec.tls?.every((t) => t.secretName), `${target}: TLS secret named`);
    }
    assert.notDeepEqual(ingress('overlays/staging').spec.rules[0]!.host, ingress('overlays/production').spec.rules[0]!.host);
  });

  test('production gives Postgres more memory than local', () => {
    assert.ok(postgresMemory('overlays/production') > postgresMemory('overlays/local'));
  });
});

describe('kind cluster config', () => {
  interface PortMapping {
    containerPort: number;
    hostPort: number;
    listenAddress?: string;
    protocol?: string;
  }
  interface KindNode {
    role: string;
    image?: string;
    kubeadmConfigPatches?: string[];
    labels?: Record<string, string>;
    extraPortMappings?: PortMapping[];
  }
  const config = parse(readFileSync(join(MANIFESTS, 'kind/cluster.yaml'), 'utf8')) as {
    kind: string;
    apiVersion: string;
    networking?: { apiServerAddress?: string };
    nodes: KindNode[];
  };

  test('one control-plane node on a digest-pinned kindest/node image', () => {
    assert.equal(config.kind, 'Cluster');
    assert.equal(config.apiVersion, 'kind.x-k8s.io/v1alpha4');
    assert.deepEqual(config.nodes.map((n) => n.role), ['control-plane']);
    assert.match(config.nodes[0]!.image ?? '', /^kindest\/node:v1\.\d+\.\d+@sha256:[0-9a-f]{64}$/);
  });

  test("the node is labelled ingress-ready=true through kind's labels field (a string value), not a kubeadm patch", () => {
    assert.deepEqual(config.nodes[0]!.labels, { 'ingress-ready': 'true' });
    // kubeadm's kubeletExtraArgs changed shape in v1beta4; a patch in the old shape would silently not apply.
    assert.equal(config.nodes[0]!.kubeadmConfigPatches, undefined);
  });

  test('80 and 443 reach the controller, bound to 127.0.0.1 only', () => {
    const mappings = config.nodes.flatMap((n) => n.extraPortMappings ?? []);
    assert.deepEqual(
      mappings.map((m) => [m.containerPort, m.hostPort, m.listenAddress, m.protocol]),
      [
        [80, 80, '127.0.0.1', 'TCP'],
        [443, 443, '127.0.0.1', 'TCP'],
      ],
    );
    assert.equal(config.networking?.apiServerAddress, '127.0.0.1');
    const controllerHostPorts = find<Workload>(build('ingress-nginx'), 'Deployment', 'ingress-nginx-controller').spec.template.spec.containers[0]!.ports?.map((p) => p.hostPort).filter(Boolean);
    assert.deepEqual(mappings.map((m) => m.containerPort), controllerHostPorts, 'the node ports the controller holds are the ones mapped');
  });
});

describe('the checks can fail', () => {
  const sample = (): K8sObject[] => structuredClone(build('base'));

  test('a container without limits or probes, or with an unpinned image, is reported', () => {
    const objects = sample();
    const container = find<Workload>(objects, 'StatefulSet', 'redis').spec.template.spec.containers[0]!;
    delete container.resources?.limits;
    delete container.readinessProbe;
    container.image = 'redis:latest';
    const problems = containerProblems(objects);
    assert.ok(problems.includes('StatefulSet staging-infra/redis container redis: no limits.cpu'), problems.join('\n'));
    assert.ok(problems.includes('StatefulSet staging-infra/redis container redis: no readinessProbe'), problems.join('\n'));
    assert.ok(problems.includes('StatefulSet staging-infra/redis container redis: image redis:latest uses latest'), problems.join('\n'));
    assert.deepEqual(imageProblems('x', 'registry.local:5000/redis'), ['x: image registry.local:5000/redis has no tag']);
    assert.deepEqual(imageProblems('x', 'registry.local:5000/redis:8.4.0'), []);
  });

  test('a root or privilege-escalating container is reported', () => {
    const objects = sample();
    const pod = find<Workload>(objects, 'Deployment', 'authentik-worker').spec.template.spec;
    delete pod.securityContext?.runAsNonRoot;
    pod.containers[0]!.securityContext = { allowPrivilegeEscalation: true, capabilities: { add: ['SYS_ADMIN'] } };
    const problems = podSecurityProblems(objects).filter((p) => p.includes('authentik-worker'));
    assert.equal(problems.length, 4, problems.join('\n'));
  });

  test('an undeclared Secret key, a missing ConfigMap, a Service selecting nothing and a dangling Ingress are reported', () => {
    const objects = sample();
    const server = find<Workload>(objects, 'Deployment', 'authentik-server');
    server.spec.template.spec.containers[0]!.env!.push({ name: 'X', valueFrom: { secretKeyRef: { name: 'authentik-secrets', key: 'NOT_DECLARED' } } });
    server.spec.template.spec.containers[0]!.envFrom = [{ configMapRef: { name: 'nope' } }];
    find<Service>(objects, 'Service', 'redis').spec.selector = { 'app.kubernetes.io/name': 'nothing' };
    find<Ingress>(objects, 'Ingress', 'authentik').spec.rules[0]!.http.paths[0]!.backend.service.port = { name: 'https' };
    assert.deepEqual(secretRefProblems(objects), ['Deployment staging-infra/authentik-server env X: key NOT_DECLARED is not in Secret authentik-secrets']);
    assert.deepEqual(configMapRefProblems(objects), ['Deployment staging-infra/authentik-server: envFrom ConfigMap nope is missing']);
    assert.deepEqual(serviceProblems(objects), ['Service staging-infra/redis: selects 0 workloads']);
    assert.deepEqual(ingressProblems(objects), ['Ingress staging-infra/authentik: Service authentik-server has no port https']);
  });

  test('missing labels and a deprecated kustomize field are reported', () => {
    const objects = sample();
    const postgres = find<Workload>(objects, 'StatefulSet', 'postgres');
    delete postgres.metadata.labels?.['app.kubernetes.io/managed-by'];
    postgres.spec.selector.matchLabels['app.kubernetes.io/part-of'] = 'wright';
    assert.deepEqual(labelProblems(objects), ['StatefulSet staging-infra/postgres: no label app.kubernetes.io/managed-by', 'StatefulSet staging-infra/postgres: selector holds app.kubernetes.io/part-of']);
    assert.deepEqual(kustomizationProblems('k.yaml', 'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\ncommonLabels: {a: b}\n'), ['k.yaml: deprecated field commonLabels']);
  });
});
