// Everything WRight hands to kubectl or kind must reach them unchanged. Both read YAML with YAML 1.1 rules
// (sigs.k8s.io/yaml), where an unquoted `yes`, `no`, `on`, `off`, `y` or `n` is a boolean, while the `yaml`
// library writes YAML 1.2 and leaves those strings bare: Redis's `--appendonly "yes"` once reached a real API
// server as `true` and the StatefulSet was refused. So for every overlay: the rendered manifests mean the same
// under both rule sets, and every document WRight sends (render, Secrets, owner marker, kind config), read back
// the way kubectl and kind read it, equals what WRight meant to send.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, test } from 'node:test';
import { CONTAINERD_REGISTRY_PATCH, KUBELET_PARALLEL_PULLS_PATCH } from '../../src/images/kindNodePatches';
import { parse, parseAllDocuments, stringify } from 'yaml';
import { renderKindConfig } from '../../src/lifecycle/kindConfig';
import { parseManifestStream, toKubectlStream, withSecrets, type K8sDoc } from '../../src/lifecycle/manifests';
import { ownerMarkerObject } from '../../src/lifecycle/ownerMarker';
import { resolveSecrets } from '../../src/lifecycle/secretValues';
import { SECRET_SPECS } from '../../src/lifecycle/secretSpec';
import { realKubectl } from '../fixtures/bin/lib/realKubectl';

const MANIFESTS = resolve(__dirname, '../../manifests');
const OVERLAYS = ['local', 'staging', 'production'] as const;

const kustomize = (dir: string): string => execFileSync(realKubectl(), ['kustomize', dir], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });

/** What `kubectl apply -f -` reads: successive JSON values when the stream starts with `{`, else YAML 1.1 documents. */
function readLikeKubectl(stream: string): unknown[] {
  if (stream.trimStart().startsWith('{')) {
    // WRight writes one JSON document per line; each is read as YAML 1.1 too (JSON is YAML), so a value that a
    // YAML reader could take for another type would show up here.
    return stream
      .split('\n')
      .filter((line) => line.trim() !== '')
      .map((line): unknown => {
        const asYaml11 = parse(line, { version: '1.1' }) as unknown;
        assert.deepEqual(asYaml11, JSON.parse(line), 'a JSON line reads the same as YAML 1.1');
        return asYaml11;
      });
  }
  return parseAllDocuments(stream, { version: '1.1' }).map((doc) => doc.toJS() as unknown);
}

const readYaml12 = (text: string): unknown[] => parseAllDocuments(text).map((doc) => doc.toJS() as unknown);

/** Paths where two values differ, e.g. `StatefulSet/redis spec.template.spec.containers[0].args[2]: "yes" vs true`. */
function differences(a: unknown, b: unknown, path = ''): string[] {
  if (Array.isArray(a) && Array.isArray(b)) {
    const out = a.length === b.length ? [] : [`${path}: ${a.length} items vs ${b.length}`];
    a.forEach((item, i) => out.push(...differences(item, b[i], `${path}[${i}]`)));
    return out;
  }
  if (a && b && typeof a === 'object' && typeof b === 'object') {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    return [...keys].flatMap((key) => differences((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key], path ? `${path}.${key}` : key));
  }
  return Object.is(a, b) ? [] : [`${path}: ${JSON.stringify(a)} vs ${JSON.stringify(b)}`];
}

function docDifferences(intended: readonly unknown[], received: readonly unknown[]): string[] {
  if (intended.length !== received.length) return [`${intended.length} documents meant, ${received.length} received`];
  return intended.flatMap((doc, i) => {
    const d = doc as K8sDoc;
    return differences(doc, received[i]).map((line) => `${String(d.kind)}/${String(d.metadata?.name)} ${line}`);
  });
}

describe('what WRight sends to kubectl reads back unchanged under YAML 1.1 rules', () => {
  const secrets = resolveSecrets(new Map(), SECRET_SPECS).objects;

  for (const overlay of OVERLAYS) {
    test(`overlays/${overlay}: the render means the same under YAML 1.1 and 1.2, and the apply stream round-trips`, () => {
      const dir = join(MANIFESTS, 'overlays', overlay);
      const rendered = kustomize(dir);
      const docs = parseManifestStream(rendered, dir);
      assert.deepEqual(docDifferences(readYaml12(rendered), docs), [], 'an unquoted yes/no/on/off/y/n in the manifests: quote it');

      const sent = withSecrets(docs, secrets);
      assert.ok(sent.some((doc) => doc.kind === 'Secret'), 'the stream carries the Secrets');
      assert.deepEqual(docDifferences(sent, readLikeKubectl(toKubectlStream(sent))), []);
    });
  }

  test('ingress-nginx (applied with kubectl apply -k) means the same under YAML 1.1 and 1.2', () => {
    const rendered = kustomize(join(MANIFESTS, 'ingress-nginx'));
    assert.deepEqual(docDifferences(readYaml12(rendered), readLikeKubectl(rendered)), []);
  });

  test('the owner marker round-trips', () => {
    const marker = ownerMarkerObject(new Date('2026-11-29T10:00:00Z'));
    assert.deepEqual(readLikeKubectl(toKubectlStream([marker])), [marker]);
  });

  test('Secrets keep values that YAML 1.1 would turn into booleans or numbers', () => {
    const tricky = { apiVersion: 'v1', kind: 'Secret', metadata: { name: 's', namespace: 'n' }, stringData: { a: 'yes', b: 'off', c: '0755', d: 'y', e: '1e3', f: '~', g: 'null' } };
    assert.deepEqual(readLikeKubectl(toKubectlStream([tricky])), [tricky]);
  });

  test('read like kubectl: yes/on/y are booleans, but timestamps and a-b:c values stay strings', () => {
    const [doc] = parseManifestStream('a: yes\nb: on\nc: y\nd: 2026-01-01\ne: 8080:80\nf: 12:30\ng: "yes"\nh: 0755\n', 'test');
    assert.deepEqual(doc, { a: true, b: true, c: true, d: '2026-01-01', e: '8080:80', f: '12:30', g: 'yes', h: 493 });
  });

  test('the check can fail: the YAML 1.2 stream WRight used to send turns Redis\'s "yes" into true', () => {
    const dir = join(MANIFESTS, 'overlays', 'local');
    const docs = parseManifestStream(kustomize(dir), dir);
    const yaml12Stream = docs.map((doc) => stringify(doc, { lineWidth: 0 })).join('---\n');
    const found = docDifferences(docs, readLikeKubectl(yaml12Stream));
    assert.ok(found.some((line) => /^StatefulSet\/redis .*args\[\d+\]: "yes" vs true$/.test(line)), found.join('\n'));
  });
});

describe('the kind config reads back as WRight meant it under YAML 1.1 rules (kind uses them too)', () => {
  const source = readFileSync(join(MANIFESTS, 'kind', 'cluster.yaml'), 'utf8');

  for (const nodeImage of ['', 'kindest/node:v1.33.1', 'on']) {
    test(`bundled config, node image ${nodeImage || '(pinned)'}, ports 8080/8443`, () => {
      const intended = parse(source) as { nodes: Array<Record<string, unknown> & { extraPortMappings: Array<Record<string, unknown>> }> } & Record<string, unknown>;
      // The image caches' patches (src/images/kindNodePatches.ts) are added to every rendered config.
      intended.containerdConfigPatches = [CONTAINERD_REGISTRY_PATCH];
      intended.kubeadmConfigPatches = [KUBELET_PARALLEL_PULLS_PATCH];
      for (const node of intended.nodes) {
        if (nodeImage) node.image = nodeImage;
        for (const mapping of node.extraPortMappings) {
          mapping.hostPort = mapping.containerPort === 80 ? 8080 : 8443;
          mapping.listenAddress = '127.0.0.1';
        }
      }
      const rendered = renderKindConfig(source, { httpPort: 8080, httpsPort: 8443, nodeImage });
      const readByKind = parse(rendered, { version: '1.1' }) as typeof intended;
      assert.deepEqual(differences(intended, readByKind), []);
      assert.equal((readByKind.nodes[0]!.labels as Record<string, unknown>)['ingress-ready'], 'true', 'a label value is a string');
    });
  }
});
