// Image caches and the local registry, end to end against the fake docker/kind/kubectl through the real process
// runner: the exact argv WRight issues, what reaches the node (hosts.toml) and the cluster (the
// local-registry-hosting ConfigMap), idempotence, teardown keeping them, --purge-images removing only WRight's,
// and the bad inputs (a busy port, a stopped cache, a foreign container of the same name).
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { join } from 'node:path';
import { afterEach, test } from 'node:test';
import { parse as parseYaml } from 'yaml';
import { formatImageCacheReport } from '../../src/images/imageCacheReport';
import { anyFreePort } from '../../src/portForward/localPorts';
import { failureCode, type UserFacingError } from '../../src/shared/failures';
import { DEFAULT_SETTINGS, type WrightSettings } from '../../src/shared/settings';
import { World, type LoggedCall } from '../fixtures/lifecycle/world';

const TIMEOUT = { timeout: 90_000 };
let world: World | undefined;
const servers: Server[] = [];
afterEach(async () => {
  world?.dispose();
  world = undefined;
  await Promise.all(servers.splice(0).map((server) => new Promise((done) => server.close(done))));
});

const CACHES = ['wright-cache-docker-io', 'wright-cache-ghcr-io', 'wright-cache-registry-k8s-io'];
const ALL = [...CACHES, 'wright-registry'];

async function imageWorld(): Promise<{ w: World; change: Partial<WrightSettings>; port: number }> {
  world = new World();
  const port = await anyFreePort();
  return { w: world, port, change: { images: { ...DEFAULT_SETTINGS.images, enabled: true, registryPort: port } } };
}

const dockerCalls = (w: World, from = 0): LoggedCall[] => w.calls().slice(from).filter((c) => c.tool === 'docker');
const argvOf = (calls: LoggedCall[], verb: string): string[][] => calls.filter((c) => c.argv[0] === verb).map((c) => c.argv);

/** The fake kubectl's stored objects of a cluster. */
function clusterObjects(w: World, cluster = 'wright-test'): Record<string, { data?: Record<string, string> }> {
  return JSON.parse(readFileSync(join(w.fakeState, `objects-${cluster}.json`), 'utf8')) as Record<string, { data?: Record<string, string> }>;
}

test('create runs one cache per upstream (no host port) and the local registry on 127.0.0.1, with the exact argv', TIMEOUT, async () => {
  const { w, change, port } = await imageWorld();
  await w.engine.create(w.options({ ...change, deployOnCreate: false }));
  const runs = argvOf(dockerCalls(w), 'run');
  assert.deepEqual(runs[0], [
    'run', '--detach', '--restart', 'always', '--name', 'wright-cache-docker-io',
    '--label', 'dev.wright.managed=true', '--label', 'dev.wright.role=cache', '--label', 'dev.wright.upstream=docker.io',
    '--mount', 'type=volume,source=wright-cache-docker-io,target=/var/lib/registry,volume-label=dev.wright.managed=true',
    '--env', 'REGISTRY_PROXY_REMOTEURL=https://registry-1.docker.io',
    'registry:3.0.0',
  ]);
  assert.deepEqual(runs[3], [
    'run', '--detach', '--restart', 'always', '--name', 'wright-registry',
    '--label', 'dev.wright.managed=true', '--label', 'dev.wright.role=registry',
    '--mount', 'type=volume,source=wright-registry,target=/var/lib/registry,volume-label=dev.wright.managed=true',
    '--publish', `127.0.0.1:${port}:5000`,
    'registry:3.0.0',
  ]);
  assert.equal(runs.length, 4);
  // No cache publishes a port; the caches pull anonymously (no credentials in their environment).
  for (const run of runs.slice(0, 3)) {
    assert.equal(run.includes('--publish'), false, run.join(' '));
    assert.equal(run.some((arg) => /USERNAME|PASSWORD/.test(arg)), false);
  }
  const docker = w.docker();
  assert.deepEqual(Object.keys(docker.containers).filter((n) => docker.containers[n]?.labels['dev.wright.managed'] === 'true').sort(), [...ALL].sort());
  assert.deepEqual(docker.containers['wright-cache-ghcr-io']?.env, ['REGISTRY_PROXY_REMOTEURL=https://ghcr.io']);
  for (const name of ALL) {
    assert.deepEqual(docker.volumes[name]?.labels, { 'dev.wright.managed': 'true' }, `volume ${name} labelled`);
    // Joined to the kind network (after kind made it: the calls come after kind create).
    assert.ok(docker.containers[name]?.networks.includes('kind'), `${name} on the kind network`);
  }
  const calls = w.calls();
  const kindCreate = calls.findIndex((c) => c.tool === 'kind' && c.argv[0] === 'create');
  const firstRun = calls.findIndex((c) => c.tool === 'docker' && c.argv[0] === 'run');
  const connects = calls.map((c, i) => [c, i] as const).filter(([c]) => c.tool === 'docker' && c.argv[0] === 'network');
  assert.ok(firstRun < kindCreate, 'the caches run before the cluster is created');
  // Side by side: in any order.
  assert.deepEqual(connects.map(([c]) => c.argv).sort(), ALL.map((name) => ['network', 'connect', 'kind', name]));
  assert.ok(connects.every(([, i]) => i > kindCreate), 'connected once kind has made the network');
  assert.deepEqual(docker.containers['wright-registry']?.ports, [{ ip: '127.0.0.1', host: port, container: 5000 }]);
});

test('the node gets a hosts.toml per registry and the kind config turns on config_path and parallel pulls', TIMEOUT, async () => {
  const { w, change, port } = await imageWorld();
  await w.engine.create(w.options({ ...change, deployOnCreate: false }));
  const node = w.docker().containers['wright-test-control-plane'];
  assert.ok(node, 'the fake kind made the node container');
  assert.equal(
    node.files['/etc/containerd/certs.d/docker.io/hosts.toml'],
    [
      "# Written by WRight: pulls of docker.io go through WRight's pull-through cache first, then upstream.",
      'server = "https://registry-1.docker.io"',
      '',
      '[host."http://wright-cache-docker-io:5000"]',
      '  capabilities = ["pull", "resolve"]',
      '',
    ].join('\n'),
  );
  assert.match(node.files['/etc/containerd/certs.d/registry.k8s.io/hosts.toml'] ?? '', /^server = "https:\/\/registry\.k8s\.io"$/m);
  assert.match(node.files['/etc/containerd/certs.d/ghcr.io/hosts.toml'] ?? '', /^\[host\."http:\/\/wright-cache-ghcr-io:5000"\]$/m);
  assert.equal(node.files[`/etc/containerd/certs.d/localhost:${port}/hosts.toml`], `# Written by WRight: localhost:${port} is WRight's local registry (wright-registry on the kind network).\n[host."http://wright-registry:5000"]\n`);
  // The files went in through stdin (never a shell string): docker exec --interactive <node> cp /dev/stdin <path>.
  const writes = argvOf(dockerCalls(w), 'exec').filter((argv) => argv.includes('cp'));
  assert.equal(writes.length, 4);
  assert.ok(writes.some((argv) => JSON.stringify(argv) === JSON.stringify(['exec', '--interactive', 'wright-test-control-plane', 'cp', '/dev/stdin', '/etc/containerd/certs.d/docker.io/hosts.toml'])), JSON.stringify(writes));
  const mkdirs = argvOf(dockerCalls(w), 'exec').filter((argv) => argv.includes('mkdir'));
  assert.deepEqual(mkdirs, [['exec', 'wright-test-control-plane', 'mkdir', '-p', ...['docker.io', 'ghcr.io', 'registry.k8s.io', `localhost:${port}`].map((r) => `/etc/containerd/certs.d/${r}`)]]);

  const config = parseYaml(readFileSync(join(w.fakeState, 'created-config-wright-test.yaml'), 'utf8')) as { containerdConfigPatches: string[]; kubeadmConfigPatches: string[] };
  assert.match(config.containerdConfigPatches[0] ?? '', /config_path = "\/etc\/containerd\/certs.d"/);
  const kubelet = parseYaml(config.kubeadmConfigPatches[0] ?? '') as Record<string, unknown>;
  assert.deepEqual(kubelet, { apiVersion: 'kubelet.config.k8s.io/v1beta1', kind: 'KubeletConfiguration', serializeImagePulls: false, maxParallelImagePulls: 4 });

  // KEP-1755: the ConfigMap tools read to find the registry.
  const hosting = clusterObjects(w)['ConfigMap/kube-public/local-registry-hosting'];
  assert.ok(hosting, 'local-registry-hosting applied');
  assert.deepEqual(parseYaml(hosting.data?.['localRegistryHosting.v1'] ?? ''), {
    host: `localhost:${port}`,
    hostFromClusterNetwork: 'wright-registry:5000',
    help: 'https://kind.sigs.k8s.io/docs/user/local-registry/',
  });
});

test('a second up starts nothing new; a stopped cache is started again, not duplicated', TIMEOUT, async () => {
  const { w, change } = await imageWorld();
  await w.engine.create(w.options({ ...change, deployOnCreate: false }));
  const before = w.calls().length;
  await w.engine.create({ ...w.options({ ...change, deployOnCreate: false }), ifExists: 'reuse' });
  const second = dockerCalls(w, before);
  assert.deepEqual(argvOf(second, 'run'), []);
  assert.deepEqual(argvOf(second, 'start'), []);
  assert.deepEqual(argvOf(second, 'network'), [], 'already on the kind network');
  // The prerequisites ask about the registry; then one inspect answers for all.
  assert.deepEqual(argvOf(second, 'container'), [['container', 'inspect', 'wright-registry'], ['container', 'inspect', ...ALL]]);
  assert.equal(argvOf(second, 'volume').length, 0);

  // Docker restarted without the caches (or someone stopped one): started, not re-created.
  const file = join(w.fakeState, 'docker.json');
  const state = JSON.parse(readFileSync(file, 'utf8')) as { containers: Record<string, { running: boolean; id: string }> };
  state.containers['wright-cache-ghcr-io']!.running = false;
  const id = state.containers['wright-cache-ghcr-io']!.id;
  writeFileSync(file, JSON.stringify(state));
  const third = w.calls().length;
  await w.engine.create({ ...w.options({ ...change, deployOnCreate: false }), ifExists: 'reuse' });
  assert.deepEqual(argvOf(dockerCalls(w, third), 'start'), [['start', 'wright-cache-ghcr-io']]);
  assert.deepEqual(argvOf(dockerCalls(w, third), 'run'), []);
  assert.equal(w.docker().containers['wright-cache-ghcr-io']?.running, true);
  assert.equal(w.docker().containers['wright-cache-ghcr-io']?.id, id, 'the same container');
});

test('teardown keeps the caches (and says so); --purge-images removes only what WRight labelled', TIMEOUT, async () => {
  const { w, change } = await imageWorld();
  await w.engine.create(w.options({ ...change, deployOnCreate: false }));
  // Something cached, and things that are not WRight's.
  const file = join(w.fakeState, 'docker.json');
  const state = JSON.parse(readFileSync(file, 'utf8')) as { containers: Record<string, unknown>; volumes: Record<string, { files: Record<string, string> }> };
  state.volumes['wright-cache-docker-io']!.files['/docker/registry/v2/repositories/library/redis/_manifests/tags/8.4.0-alpine/current/link'] = 'sha256:abc';
  state.containers['team-registry'] = { ...(state.containers['wright-registry'] as object), id: 'f'.repeat(64), name: 'team-registry', labels: {}, mounts: [{ name: 'team-data', destination: '/var/lib/registry' }], ports: [] };
  state.volumes['team-data'] = { labels: {}, files: {} } as never;
  writeFileSync(file, JSON.stringify(state));

  const result = await w.engine.teardown(w.options(change));
  assert.equal(result.deleted, true);
  assert.match(result.message, /Deleted the cluster "wright-test"\. The image caches and the local registry were kept .*--purge-images/);
  let docker = w.docker();
  for (const name of ALL) assert.ok(docker.containers[name] && docker.volumes[name], `${name} kept`);
  assert.equal(docker.containers['wright-test-control-plane'], undefined, 'the node is gone');
  assert.ok(docker.volumes['wright-cache-docker-io']?.files['/docker/registry/v2/repositories/library/redis/_manifests/tags/8.4.0-alpine/current/link']);

  // A re-create reuses the kept caches: nothing is run again.
  const before = w.calls().length;
  await w.engine.create(w.options({ ...change, deployOnCreate: false }));
  assert.deepEqual(argvOf(dockerCalls(w, before), 'run'), []);

  const purgeFrom = w.calls().length;
  const purged = await w.engine.teardown({ ...w.options(change), purgeImages: true });
  assert.match(purged.message, /Removed the image caches and the local registry \(4 containers, 4 volumes\)\./);
  const purgeCalls = dockerCalls(w, purgeFrom);
  assert.deepEqual(
    purgeCalls.filter((c) => c.argv[0] === 'ps' || (c.argv[0] === 'volume' && c.argv[1] === 'ls')).map((c) => c.argv),
    [
      ['ps', '--all', '--filter', 'label=dev.wright.managed=true', '--format', '{{.Names}}'],
      ['volume', 'ls', '--filter', 'label=dev.wright.managed=true', '--format', '{{.Name}}'],
    ],
  );
  assert.deepEqual(argvOf(purgeCalls, 'rm'), [['rm', '--force', ...ALL]]);
  docker = w.docker();
  for (const name of ALL) assert.ok(!docker.containers[name] && !docker.volumes[name], `${name} removed`);
  assert.ok(docker.containers['team-registry'] && docker.volumes['team-data'], 'what WRight did not make is untouched');

  // Nothing left to purge: said so, no error.
  const again = await w.engine.teardown({ ...w.options(change), purgeImages: true });
  assert.match(again.message, /no cluster .* There were no image caches to remove\./);
});

test('a container of a cache\'s name that WRight did not make is left alone, and the others still work', TIMEOUT, async () => {
  const { w, change } = await imageWorld();
  // Someone's own container named like WRight's cache, unlabelled, and stopped.
  const file = join(w.fakeState, 'docker.json');
  mkdirSync(w.fakeState, { recursive: true });
  writeFileSync(
    file,
    JSON.stringify({
      containers: { 'wright-cache-ghcr-io': { id: 'e'.repeat(64), name: 'wright-cache-ghcr-io', image: 'nginx', created: '', labels: {}, running: false, restart: 'no', networks: ['bridge'], mounts: [], env: [], ports: [], files: {} } },
      volumes: {},
      networks: { bridge: {} },
      images: {},
    }),
  );
  await w.engine.create(w.options({ ...change, deployOnCreate: false }));
  const calls = dockerCalls(w);
  const touching = calls.filter((c) => c.argv.includes('wright-cache-ghcr-io') && !(c.argv[0] === 'container' && c.argv[1] === 'inspect'));
  assert.deepEqual(touching, [], 'never started, connected or removed');
  assert.ok(w.logLines.some((line) => line.startsWith('warn') && line.includes('"wright-cache-ghcr-io" exists but was not made by WRight')));
  const node = w.docker().containers['wright-test-control-plane']!;
  assert.equal(node.files['/etc/containerd/certs.d/ghcr.io/hosts.toml'], undefined, 'no mirror for ghcr.io: pulls go upstream');
  assert.ok(node.files['/etc/containerd/certs.d/docker.io/hosts.toml']);

  await w.engine.teardown({ ...w.options(change), purgeImages: true });
  const foreign = w.docker().containers['wright-cache-ghcr-io'];
  assert.ok(foreign && foreign.image === 'nginx' && !foreign.running, 'purge left it as it was');
});

test('the local registry port taken: named, another port offered, nothing made', TIMEOUT, async () => {
  const { w, change, port } = await imageWorld();
  const server = createServer();
  servers.push(server);
  await new Promise<void>((done) => server.listen(port, '127.0.0.1', done));
  let error: UserFacingError | undefined;
  try {
    await w.engine.create(w.options({ ...change, deployOnCreate: false }));
  } catch (caught) {
    error = caught as UserFacingError;
  }
  assert.equal(failureCode(error), 'ports-busy');
  assert.match(error!.message, new RegExp(`^Port ${port} is already in use on 127\\.0\\.0\\.1, and the local registry needs it\\. Port (\\d+) is free: set the setting wright\\.images\\.registryPort to \\1\\.$`));
  const offered = Number(/Port (\d+) is free/.exec(error!.message)?.[1]);
  assert.deepEqual(error!.actions.map((a) => a.title), [`Use port ${offered}`]);
  assert.deepEqual(error!.actions[0]?.args, [{ registryPort: offered }]);
  assert.deepEqual(argvOf(dockerCalls(w), 'run'), []);
  assert.equal(w.calls().some((c) => c.tool === 'kind' && c.argv[0] === 'create'), false);
});

test('doctor names the registry image and the port; wright images lists what each cache holds and its size', TIMEOUT, async () => {
  const { w, change, port } = await imageWorld();
  const report = await w.engine.doctor(w.options(change));
  const images = report.checks.find((c) => c.id === 'images');
  assert.deepEqual(images && { level: images.level, message: images.message }, {
    level: 'ok',
    message: `Image caches for docker.io, ghcr.io, registry.k8s.io: registry:3.0.0 is pulled on the first create; port ${port} is free for the local registry`,
  });
  assert.deepEqual(argvOf(dockerCalls(w), 'image'), [['image', 'inspect', '--format', '{{.Id}}', 'registry:3.0.0']]);

  await w.engine.create(w.options({ ...change, deployOnCreate: false }));
  const file = join(w.fakeState, 'docker.json');
  const state = JSON.parse(readFileSync(file, 'utf8')) as { containers: Record<string, { running: boolean }>; volumes: Record<string, { files: Record<string, string> }> };
  const repo = '/docker/registry/v2/repositories';
  Object.assign(state.volumes['wright-cache-ghcr-io']!.files, {
    [`${repo}/goauthentik/server/_manifests/tags/2026.8.3/current/link`]: 'sha256:1',
    [`${repo}/goauthentik/server/_layers/sha256/aa/link`]: 'sha256:aa',
    '/docker/registry/v2/blobs/sha256/aa/aa/data': 'x'.repeat(300_000),
  });
  Object.assign(state.volumes['wright-cache-registry-k8s-io']!.files, { [`${repo}/ingress-nginx/controller/_manifests/revisions/sha256/59/link`]: 'sha256:59' });
  state.containers['wright-cache-docker-io']!.running = false;
  writeFileSync(file, JSON.stringify(state));

  const cache = await w.engine.imageCache(w.options(change));
  const byName = new Map(cache.registries.map((r) => [r.name, r]));
  assert.deepEqual(byName.get('wright-cache-ghcr-io')?.repositories, [{ name: 'goauthentik/server', tags: ['2026.8.3'] }]);
  assert.ok((byName.get('wright-cache-ghcr-io')?.sizeBytes ?? 0) > 300_000);
  assert.deepEqual(byName.get('wright-cache-registry-k8s-io')?.repositories, [{ name: 'ingress-nginx/controller', tags: [] }]);
  assert.equal(byName.get('wright-cache-docker-io')?.state, 'stopped');
  assert.deepEqual(byName.get('wright-registry')?.repositories, []);
  const text = formatImageCacheReport(cache);
  assert.match(text, /^wright-cache-ghcr-io {2}\(cache for ghcr\.io\) {2}running, \d+ kB on disk\n {4}goauthentik\/server: 2026\.8\.3$/m);
  assert.match(text, /^ {4}ingress-nginx\/controller \(by digest\)$/m);
  assert.match(text, /^wright-cache-docker-io {2}\(cache for docker\.io\) {2}stopped$/m);
  // Read inside the containers: no port of a cache was published to do it.
  // (Side by side, so in either order.)
  const reads = argvOf(dockerCalls(w), 'exec').filter((argv) => argv[1] === 'wright-cache-ghcr-io').sort((a, b) => a[2]!.localeCompare(b[2]!));
  assert.deepEqual(reads, [
    ['exec', 'wright-cache-ghcr-io', 'du', '-sk', '/var/lib/registry'],
    ['exec', 'wright-cache-ghcr-io', 'find', '/var/lib/registry/docker/registry/v2/repositories', '-type', 'd'],
  ]);
});

test('images turned off: no docker call about caches, and the kind config still pulls in parallel', TIMEOUT, async () => {
  world = new World();
  const w = world;
  await w.engine.create(w.options({ deployOnCreate: false }));
  const verbs = [...new Set(dockerCalls(w).map((c) => c.argv[0]))];
  assert.deepEqual(verbs, ['info'], 'only the daemon check');
  assert.equal(w.calls().some((c) => c.tool === 'kind' && c.argv[1] === 'nodes'), false);
  const config = readFileSync(join(w.fakeState, 'created-config-wright-test.yaml'), 'utf8');
  assert.match(config, /serializeImagePulls: false/);
});
