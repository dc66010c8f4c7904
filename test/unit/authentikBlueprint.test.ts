// WRight's Authentik blueprint (manifests/base/authentik/blueprints/wright-staging.yaml) and the manifest settings
// around it, checked on what Kubernetes and Authentik receive: the YAML is parsed with Authentik's custom tags kept
// as tagged values, compared with the model/field list derived from Authentik 2026.8's blueprint schema
// (test/fixtures/authentik/blueprint-schema-2026.8.json says where it came from), and every overlay is built with
// the real `kubectl kustomize`. The last tests feed the checks broken blueprints to prove that they can fail.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, test } from 'node:test';
import { parse, parseAllDocuments, type CollectionTag, type ScalarTag, type YAMLSeq } from 'yaml';
import { SECRET_SPECS } from '../../src/lifecycle/secretSpec';
import { OIDC_APPLICATION_SLUG } from '../../src/lifecycle/oidcClient';
import { realKubectl } from '../fixtures/bin/lib/realKubectl';

const ROOT = resolve(__dirname, '../..');
const MANIFESTS = join(ROOT, 'manifests');
const BLUEPRINT_FILE = join(MANIFESTS, 'base/authentik/blueprints/wright-staging.yaml');
const OVERLAYS = ['overlays/local', 'overlays/staging', 'overlays/production'] as const;

interface SchemaSlice {
  topLevelKeys: string[];
  metadataKeys: string[];
  entryKeys: string[];
  states: string[];
  models: Record<string, { fields: string[]; enums: Record<string, string[]>; redirectUriKeys?: string[]; redirectUriMatchingModes?: string[] }>;
  defaults: Record<string, Record<string, string[]>>;
}
const SCHEMA = JSON.parse(readFileSync(join(ROOT, 'test/fixtures/authentik/blueprint-schema-2026.8.json'), 'utf8')) as SchemaSlice;

// ---- Authentik's YAML tags, kept as values that say which tag they carried ----

/** A value Authentik resolves at apply time: `!Env NAME`, `!Find [model, [field, value]]`, `!KeyOf id`, ... */
class Tagged {
  constructor(
    readonly tag: string,
    readonly value: unknown,
  ) {}
}

const AUTHENTIK_TAGS = ['!Env', '!Find', '!KeyOf', '!Context', '!Format', '!If', '!Condition', '!Enumerate', '!Index', '!Value', '!AtIndex', '!ParseJSON', '!File'];
const customTags: (ScalarTag | CollectionTag)[] = AUTHENTIK_TAGS.flatMap((tag): (ScalarTag | CollectionTag)[] => [
  { tag, identify: (v) => v instanceof Tagged && v.tag === tag, resolve: (str: string) => new Tagged(tag, str) },
  { tag, collection: 'seq', identify: (v) => v instanceof Tagged && v.tag === tag, resolve: (seq) => new Tagged(tag, (seq as YAMLSeq).toJSON()) },
]);

function parseBlueprint(text: string): Record<string, unknown> {
  const docs = parseAllDocuments(text, { customTags });
  assert.equal(docs.length, 1, 'one YAML document');
  const doc = docs[0]!;
  assert.deepEqual([...doc.errors, ...doc.warnings].map((e) => e.message), [], 'parses without errors or unresolved tags');
  return doc.toJS() as Record<string, unknown>;
}

/** Every Tagged value anywhere inside `value`. */
function tagsIn(value: unknown): Tagged[] {
  if (value instanceof Tagged) return [value, ...tagsIn(value.value)];
  if (Array.isArray(value)) return value.flatMap(tagsIn);
  if (typeof value === 'object' && value !== null) return Object.values(value).flatMap(tagsIn);
  return [];
}

interface Entry {
  model?: string;
  id?: string;
  state?: string;
  identifiers?: Record<string, unknown>;
  attrs?: Record<string, unknown>;
  [key: string]: unknown;
}

/** Everything the blueprint names that Authentik 2026.8 would not know, or that would not resolve. */
function blueprintProblems(blueprint: Record<string, unknown>): string[] {
  const problems: string[] = [];
  for (const key of Object.keys(blueprint)) if (!SCHEMA.topLevelKeys.includes(key)) problems.push(`unknown top-level key ${key}`);
  if (blueprint['version'] !== 1) problems.push(`version is ${String(blueprint['version'])}, not 1`);
  const metadata = (blueprint['metadata'] ?? {}) as Record<string, unknown>;
  if (typeof metadata['name'] !== 'string') problems.push('metadata.name is missing');
  for (const key of Object.keys(metadata)) if (!SCHEMA.metadataKeys.includes(key)) problems.push(`unknown metadata key ${key}`);
  const entries = (blueprint['entries'] ?? []) as Entry[];
  if (!Array.isArray(entries) || entries.length === 0) problems.push('no entries');
  const ids = new Set(entries.map((e) => e.id).filter((id): id is string => typeof id === 'string'));
  entries.forEach((entry, index) => {
    const where = `entry ${index} (${entry.model ?? '?'})`;
    for (const key of Object.keys(entry)) if (!SCHEMA.entryKeys.includes(key)) problems.push(`${where}: unknown key ${key}`);
    const model = entry.model ? SCHEMA.models[entry.model] : undefined;
    if (!model) {
      problems.push(`${where}: model ${entry.model ?? '(none)'} is not in the schema slice`);
      return;
    }
    if (entry.state !== undefined && !SCHEMA.states.includes(entry.state)) problems.push(`${where}: state ${entry.state}`);
    // Idempotence: fixed identifiers (no tag that could differ between applies) and `present`, which updates in place.
    if (!entry.identifiers || Object.keys(entry.identifiers).length === 0) problems.push(`${where}: no identifiers`);
    if ((entry.state ?? 'present') !== 'present') problems.push(`${where}: state ${entry.state} does not keep the object in step`);
    for (const [field, value] of Object.entries(entry.identifiers ?? {})) {
      if (!model.fields.includes(field)) problems.push(`${where}: identifier ${field} is not a field`);
      if (value instanceof Tagged) problems.push(`${where}: identifier ${field} is computed (${value.tag})`);
    }
    for (const [field, value] of Object.entries(entry.attrs ?? {})) {
      if (!model.fields.includes(field)) problems.push(`${where}: attribute ${field} is not a field of ${entry.model}`);
      const allowed = model.enums[field];
      if (allowed && typeof value === 'string' && !allowed.includes(value)) problems.push(`${where}: ${field} ${value} is not one of ${allowed.join(', ')}`);
    }
    const redirects = entry.attrs?.['redirect_uris'];
    if (redirects !== undefined) {
      if (!Array.isArray(redirects)) problems.push(`${where}: redirect_uris is not a list of {matching_mode, url}`);
      else {
        for (const uri of redirects as Record<string, unknown>[]) {
          if (Object.keys(uri).sort().join() !== [...(model.redirectUriKeys ?? [])].sort().join()) problems.push(`${where}: redirect uri keys ${Object.keys(uri).join(',')}`);
          if (!model.redirectUriMatchingModes?.includes(String(uri['matching_mode']))) problems.push(`${where}: matching_mode ${String(uri['matching_mode'])}`);
        }
      }
    }
  });
  for (const tagged of tagsIn(blueprint)) {
    if (tagged.tag === '!KeyOf' && !ids.has(String(tagged.value))) problems.push(`!KeyOf ${String(tagged.value)} names no entry id`);
    if (tagged.tag === '!Find') {
      const [model, query] = tagged.value as [string, [string, string]];
      const known = SCHEMA.models[model];
      if (!known) problems.push(`!Find on unknown model ${model}`);
      else if (!known.fields.includes(query[0])) problems.push(`!Find ${model} by unknown field ${query[0]}`);
      else if (!SCHEMA.defaults[model]?.[query[0]]?.includes(query[1])) problems.push(`!Find ${model} ${query[0]}=${query[1]}: not an object Authentik creates itself`);
    }
    if (tagged.tag === '!Env' && (typeof tagged.value !== 'string' || !/^[A-Z_][A-Z0-9_]*$/.test(tagged.value))) problems.push(`!Env ${JSON.stringify(tagged.value)}: use the plain form with one variable name`);
  }
  return problems;
}

// ---- kustomize ----

interface Container {
  name: string;
  env?: { name: string; value?: string; valueFrom?: { secretKeyRef?: { name: string; key: string } } }[];
  args?: string[];
  resources?: { limits?: Record<string, string> };
  startupProbe?: { periodSeconds?: number; failureThreshold?: number; initialDelaySeconds?: number };
  volumeMounts?: { name: string; mountPath: string; readOnly?: boolean }[];
}
interface K8sObject {
  kind: string;
  metadata: { name: string; namespace?: string };
  data?: Record<string, string>;
  spec?: { template?: { spec: { containers: Container[]; volumes?: { name: string; configMap?: { name: string } }[] } }; rules?: { host: string }[]; tls?: unknown[] };
}
const builds = new Map<string, K8sObject[]>();
function build(target: string): K8sObject[] {
  const cached = builds.get(target);
  if (cached) return cached;
  const out = execFileSync(realKubectl(), ['kustomize', join(MANIFESTS, target)], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  // YAML 1.1, as kubectl reads it: a quoted "yes" must stay a string.
  const objects = parseAllDocuments(out, { version: '1.1' }).map((d) => d.toJS() as K8sObject);
  builds.set(target, objects);
  return objects;
}
const workloadsOf = (objects: K8sObject[]) => objects.filter((o) => ['Deployment', 'StatefulSet', 'DaemonSet', 'Job'].includes(o.kind) && o.spec?.template);
const find = (objects: K8sObject[], kind: string, name: string): K8sObject => {
  const found = objects.find((o) => o.kind === kind && o.metadata.name === name);
  assert.ok(found, `${kind} ${name} is missing`);
  return found;
};
const container = (objects: K8sObject[], kind: string, name: string): Container => find(objects, kind, name).spec!.template!.spec.containers[0]!;
function bytes(value: string): number {
  const match = /^(\d+)(mb|gb|Mi|Gi)$/.exec(value);
  assert.ok(match, `not a size: ${value}`);
  return Number(match[1]) * ({ mb: 2 ** 20, gb: 2 ** 30, Mi: 2 ** 20, Gi: 2 ** 30 } as Record<string, number>)[match[2]!]!;
}

// ---- the tests ----

describe('the blueprint file', () => {
  const text = readFileSync(BLUEPRINT_FILE, 'utf8');
  const blueprint = parseBlueprint(text);
  const entries = blueprint['entries'] as Entry[];
  const provider = entries.find((e) => e.model === 'authentik_providers_oauth2.oauth2provider')!;
  const application = entries.find((e) => e.model === 'authentik_core.application')!;

  test('parses as YAML with the custom tags kept, and names only models and fields Authentik 2026.8 has', () => {
    assert.ok(tagsIn(blueprint).length >= 8, 'the tags survived parsing as tagged values');
    assert.deepEqual(blueprintProblems(blueprint), []);
  });

  test('creates one OAuth2/OpenID provider and the application `wright-staging` on it', () => {
    assert.deepEqual(entries.map((e) => e.model), ['authentik_providers_oauth2.oauth2provider', 'authentik_core.application']);
    assert.deepEqual(application.identifiers, { slug: OIDC_APPLICATION_SLUG });
    assert.deepEqual(application.attrs?.['provider'], new Tagged('!KeyOf', provider.id));
    assert.equal(provider.attrs?.['client_type'], 'confidential');
    assert.equal(provider.attrs?.['issuer_mode'], 'per_provider');
  });

  test('client id and secret from the environment; default flows, signing key and scopes found, not hard-coded', () => {
    assert.deepEqual(provider.attrs?.['client_id'], new Tagged('!Env', 'AUTHENTIK_OIDC_CLIENT_ID'));
    assert.deepEqual(provider.attrs?.['client_secret'], new Tagged('!Env', 'AUTHENTIK_OIDC_CLIENT_SECRET'));
    const found = (field: string) => (provider.attrs?.[field] as Tagged).value;
    assert.deepEqual(found('authorization_flow'), ['authentik_flows.flow', ['slug', 'default-provider-authorization-implicit-consent']]);
    assert.deepEqual(found('invalidation_flow'), ['authentik_flows.flow', ['slug', 'default-provider-invalidation-flow']]);
    assert.deepEqual(found('signing_key'), ['authentik_crypto.certificatekeypair', ['name', 'authentik Self-signed Certificate']]);
    const scopes = (provider.attrs?.['property_mappings'] as Tagged[]).map((t) => (t.value as [string, [string, string]])[1][1].split('scope-')[1]);
    assert.deepEqual(scopes, ['openid', 'email', 'profile', 'offline_access']);
  });

  test('regex redirect URIs cover *.wright.localhost[:port] and local dev servers, and nothing else', () => {
    const patterns = (provider.attrs?.['redirect_uris'] as { matching_mode: string; url: string }[]).map((u) => {
      assert.equal(u.matching_mode, 'regex');
      return new RegExp(u.url);
    });
    const allowed = (url: string) => patterns.some((p) => p.test(url));
    for (const url of ['http://api.wright.localhost/auth/callback', 'http://web.wright.localhost:8080/callback', 'http://a.b.wright.localhost/x', 'http://localhost:3000/api/auth/callback', 'http://localhost:5173/', 'http://127.0.0.1:8000/callback']) {
      assert.ok(allowed(url), `${url} is allowed`);
    }
    for (const url of ['http://evil.example/callback', 'http://wright.localhost.evil.example/cb', 'http://api.wright.localhost@evil.example/cb', 'https://localhost.evil.example:3000/cb', 'http://localhost/cb', 'javascript://localhost:1/%0aalert(1)']) {
      assert.ok(!allowed(url), `${url} is refused`);
    }
  });

  test('every !Env is set on the worker from a Secret that the secret spec generates', () => {
    const names = tagsIn(blueprint).filter((t) => t.tag === '!Env').map((t) => String(t.value));
    assert.ok(names.length >= 2);
    for (const overlay of OVERLAYS) {
      const worker = container(build(overlay), 'Deployment', 'authentik-worker');
      for (const name of names) {
        const ref = worker.env?.find((e) => e.name === name)?.valueFrom?.secretKeyRef;
        assert.ok(ref, `${overlay}: the worker has no ${name} from a Secret`);
        const spec = SECRET_SPECS.find((s) => s.name === ref.name && s.namespace === 'staging-infra');
        assert.ok(spec?.entries.some((e) => e.key === ref.key), `${overlay}: ${ref.name}/${ref.key} is not in SECRET_SPECS`);
      }
    }
  });
});

describe('kustomize builds mount the blueprint into the worker, and only there', () => {
  for (const overlay of OVERLAYS) {
    test(overlay, () => {
      const objects = build(overlay);
      const configMaps = objects.filter((o) => o.kind === 'ConfigMap' && o.metadata.name.startsWith('authentik-blueprints'));
      assert.equal(configMaps.length, 1, 'one blueprint ConfigMap');
      const configMap = configMaps[0]!;
      assert.equal(configMap.data?.['wright-staging.yaml'], readFileSync(BLUEPRINT_FILE, 'utf8'), 'the ConfigMap carries the file unchanged');
      const mounting = workloadsOf(objects).filter((w) => w.spec!.template!.spec.volumes?.some((v) => v.configMap?.name === configMap.metadata.name));
      assert.deepEqual(mounting.map((w) => `${w.kind}/${w.metadata.name}`), ['Deployment/authentik-worker']);
      const pod = mounting[0]!.spec!.template!.spec;
      const volume = pod.volumes!.find((v) => v.configMap?.name === configMap.metadata.name)!;
      const mounts = pod.containers.flatMap((c) => (c.volumeMounts ?? []).filter((m) => m.name === volume.name));
      assert.equal(mounts.length, 1);
      // Below /blueprints (where the worker looks) but not /blueprints itself (which would hide the built-in ones).
      assert.match(mounts[0]!.mountPath, /^\/blueprints\/[a-z0-9-]+$/);
      assert.equal(mounts[0]!.readOnly, true);
    });
  }
});

describe('manifest settings around Authentik and Redis', () => {
  test('Redis: maxmemory below the memory limit with an eviction policy, in every overlay', () => {
    for (const overlay of OVERLAYS) {
      const redis = container(build(overlay), 'StatefulSet', 'redis');
      const args = redis.args ?? [];
      const arg = (flag: string) => args[args.indexOf(flag) + 1];
      assert.equal(arg('--maxmemory-policy'), 'volatile-lru', overlay);
      const expanded = (arg('--maxmemory') ?? '').replace(/^\$\((\w+)\)$/, (_, name: string) => redis.env?.find((e) => e.name === name)?.value ?? '?');
      const limit = bytes(redis.resources?.limits?.['memory'] ?? '0Mi');
      assert.ok(bytes(expanded) < limit * 0.9, `${overlay}: maxmemory ${expanded} leaves room below the ${redis.resources?.limits?.['memory']} limit`);
      assert.ok(bytes(expanded) >= limit * 0.5, `${overlay}: maxmemory ${expanded} uses most of the limit`);
    }
    const memory = (overlay: string) => bytes(container(build(overlay), 'StatefulSet', 'redis').resources?.limits?.['memory'] ?? '0Mi');
    assert.ok(memory('overlays/production') > memory('overlays/local'), 'production gives its larger Redis more memory');
  });

  test('Authentik server and worker: startup probes allow about 600 s, as the official chart', () => {
    for (const overlay of OVERLAYS) {
      for (const name of ['authentik-server', 'authentik-worker']) {
        const probe = container(build(overlay), 'Deployment', name).startupProbe;
        const seconds = (probe?.initialDelaySeconds ?? 0) + (probe?.periodSeconds ?? 10) * (probe?.failureThreshold ?? 3);
        assert.ok(seconds >= 600 && seconds <= 660, `${overlay} ${name}: ${seconds} s`);
      }
    }
  });

  test('AUTHENTIK_WEB__BASE_URL is the URL of the overlay\'s Ingress', () => {
    for (const overlay of OVERLAYS) {
      const objects = build(overlay);
      const ingress = find(objects, 'Ingress', 'authentik');
      const host = ingress.spec?.rules?.[0]?.host;
      const scheme = ingress.spec?.tls ? 'https' : 'http';
      assert.equal(find(objects, 'ConfigMap', 'authentik-config').data?.['AUTHENTIK_WEB__BASE_URL'], `${scheme}://${host}`, overlay);
    }
  });

  test("Authentik's Postgres is on the 17.x patch release checked in docs/manifests.md", () => {
    const image = (container(build('overlays/local'), 'StatefulSet', 'authentik-postgres') as Container & { image?: string }).image ?? '';
    const minor = /^postgres:17\.(\d+)-alpine$/.exec(image);
    assert.ok(minor, image);
    assert.ok(Number(minor[1]) >= 10, `${image} is older than 17.10`);
    assert.ok(readFileSync(join(ROOT, 'docs/manifests.md'), 'utf8').includes(`\`${image}\``), 'docs/manifests.md names the image');
  });
});

describe('the blueprint checks can fail', () => {
  const base = () => parseBlueprint(readFileSync(BLUEPRINT_FILE, 'utf8'));

  test('an unknown model, field, state or matching mode is reported', () => {
    const blueprint = base();
    const [provider, application] = blueprint['entries'] as Entry[];
    provider!.attrs!['redirect_uris'] = 'http://localhost:3000/cb';
    provider!.attrs!['client_typ'] = 'confidential';
    application!.model = 'authentik_core.app';
    provider!.state = 'gone';
    const problems = blueprintProblems(blueprint);
    assert.ok(problems.includes('entry 0 (authentik_providers_oauth2.oauth2provider): attribute client_typ is not a field of authentik_providers_oauth2.oauth2provider'), problems.join('\n'));
    assert.ok(problems.includes('entry 0 (authentik_providers_oauth2.oauth2provider): redirect_uris is not a list of {matching_mode, url}'), problems.join('\n'));
    assert.ok(problems.includes('entry 0 (authentik_providers_oauth2.oauth2provider): state gone'), problems.join('\n'));
    assert.ok(problems.includes('entry 1 (authentik_core.app): model authentik_core.app is not in the schema slice'), problems.join('\n'));
  });

  test('a dangling !KeyOf, a !Find of something Authentik does not create, and a computed identifier are reported', () => {
    const text = readFileSync(BLUEPRINT_FILE, 'utf8')
      .replace('!KeyOf wright-staging-provider', '!KeyOf no-such-entry')
      .replace('default-provider-invalidation-flow', 'my-logout-flow')
      .replace('slug: wright-staging', 'slug: !Env APP_SLUG');
    const problems = blueprintProblems(parseBlueprint(text));
    assert.ok(problems.includes('!KeyOf no-such-entry names no entry id'), problems.join('\n'));
    assert.ok(problems.includes('!Find authentik_flows.flow slug=my-logout-flow: not an object Authentik creates itself'), problems.join('\n'));
    assert.ok(problems.includes('entry 1 (authentik_core.application): identifier slug is computed (!Env)'), problems.join('\n'));
  });

  test('without the custom tags, the blueprint would not parse cleanly', () => {
    const doc = parseAllDocuments(readFileSync(BLUEPRINT_FILE, 'utf8'))[0]!;
    assert.ok(doc.warnings.some((w) => /Unresolved tag: !Env/.test(w.message)), 'the plain parser warns about !Env');
    assert.equal(typeof parse('a: 1'), 'object');
  });
});
