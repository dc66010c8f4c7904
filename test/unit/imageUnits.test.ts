// The pure parts of the image caches: names, hosts.toml, the kind config patches, the registry storage layout.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { test } from 'node:test';
import { parse as parseYaml } from 'yaml';
import { hostsToml, hostsTomlPath } from '../../src/images/hostsToml';
import { formatBytes, repositoriesIn } from '../../src/images/imageCacheReport';
import { cacheContainer, localRegistryContainer, mirrorProblem, registryContainers } from '../../src/images/registryContainers';
import { renderKindConfig } from '../../src/lifecycle/kindConfig';
import { KUBECTL_YAML } from '../../src/lifecycle/kubectlYaml';

test('one cache per distinct upstream, named without dots (a DNS name on the kind network), and the local registry', () => {
  const specs = registryContainers({ enabled: true, mirrors: ['docker.io', 'GHCR.io ', 'docker.io', 'quay.io:443'], registryPort: 5001 });
  assert.deepEqual(
    specs.map((s) => [s.name, s.serves, s.remoteUrl, s.hostPort]),
    [
      ['wright-cache-docker-io', 'docker.io', 'https://registry-1.docker.io', undefined],
      ['wright-cache-ghcr-io', 'ghcr.io', 'https://ghcr.io', undefined],
      ['wright-cache-quay-io-443', 'quay.io:443', 'https://quay.io:443', undefined],
      ['wright-registry', 'localhost:5001', undefined, 5001],
    ],
  );
  assert.equal(mirrorProblem('registry.k8s.io'), undefined);
  assert.match(mirrorProblem('https://ghcr.io') ?? '', /is not a registry host/);
  assert.match(mirrorProblem('localhost:5000') ?? '', /only remote registries/);
  assert.match(mirrorProblem('docker') ?? '', /is not a registry host/);
});

test('hosts.toml: a cache keeps its upstream as the fallback; the local registry has none', () => {
  const cache = cacheContainer('registry.k8s.io');
  assert.equal(hostsTomlPath(cache), '/etc/containerd/certs.d/registry.k8s.io/hosts.toml');
  assert.equal(hostsToml(cache).split('\n').filter((l) => !l.startsWith('#')).join('\n'), 'server = "https://registry.k8s.io"\n\n[host."http://wright-cache-registry-k8s-io:5000"]\n  capabilities = ["pull", "resolve"]\n');
  const local = localRegistryContainer(5001);
  assert.equal(hostsTomlPath(local), '/etc/containerd/certs.d/localhost:5001/hosts.toml');
  assert.doesNotMatch(hostsToml(local), /server =/);
});

test('the bundled kind config gains config_path and parallel pulls, read back with kind\'s YAML 1.1 rules; its own patches win', () => {
  const bundled = readFileSync(resolve(__dirname, '../../manifests/kind/cluster.yaml'), 'utf8');
  const rendered = parseYaml(renderKindConfig(bundled, { httpPort: 80, httpsPort: 443, nodeImage: '' }), KUBECTL_YAML) as { containerdConfigPatches: string[]; kubeadmConfigPatches: string[] };
  assert.equal(rendered.containerdConfigPatches.length, 1);
  assert.equal(rendered.kubeadmConfigPatches.length, 1);
  assert.deepEqual(parseYaml(rendered.kubeadmConfigPatches[0]!, KUBECTL_YAML), { apiVersion: 'kubelet.config.k8s.io/v1beta1', kind: 'KubeletConfiguration', serializeImagePulls: false, maxParallelImagePulls: 4 });
  const own = `${bundled}\nkubeadmConfigPatches:\n  - |\n    kind: KubeletConfiguration\n    serializeImagePulls: true\n`;
  const kept = parseYaml(renderKindConfig(own, { httpPort: 80, httpsPort: 443, nodeImage: '' }), KUBECTL_YAML) as { kubeadmConfigPatches: string[] };
  assert.deepEqual(kept.kubeadmConfigPatches, ['kind: KubeletConfiguration\nserializeImagePulls: true\n']);
});

test('repositories and tags from the registry storage layout; sizes in decimal units', () => {
  const root = '/var/lib/registry/docker/registry/v2/repositories';
  const folders = [
    root,
    `${root}/library`,
    `${root}/library/redis`,
    `${root}/library/redis/_layers`,
    `${root}/library/redis/_manifests`,
    `${root}/library/redis/_manifests/tags`,
    `${root}/library/redis/_manifests/tags/8.4.0-alpine`,
    `${root}/library/redis/_manifests/tags/8.4.0-alpine/current`,
    `${root}/library/redis/_manifests/tags/8.4.0-alpine/index`,
    `${root}/ingress-nginx/controller/_manifests`,
    `${root}/ingress-nginx/controller/_manifests/revisions`,
  ];
  assert.deepEqual(repositoriesIn(folders), [
    { name: 'ingress-nginx/controller', tags: [] },
    { name: 'library/redis', tags: ['8.4.0-alpine'] },
  ]);
  assert.equal(formatBytes(512), '512 B');
  assert.equal(formatBytes(4096), '4.1 kB');
  assert.equal(formatBytes(734_000_000), '734 MB');
  assert.equal(formatBytes(1_230_000_000), '1.2 GB');
});
