// `wright images [--json]`, `wright down [--purge-images]` and the image flags, through main() against the fakes.
import assert from 'node:assert/strict';
import { afterEach, test } from 'node:test';
import { parseCliArgs } from '../../src/cli/args';
import { EXIT } from '../../src/cli/exitCodes';
import { anyFreePort } from '../../src/portForward/localPorts';
import { World } from '../fixtures/lifecycle/world';
import { runCli, type CliRun } from '../fixtures/lifecycle/runCli';

let world: World | undefined;
afterEach(() => {
  world?.dispose();
  world = undefined;
});

function wright(w: World, argv: string[], confirm?: (question: string) => Promise<boolean>): Promise<CliRun> {
  return runCli(w, argv, confirm ? { confirm } : {});
}

test('image flags become settings; --purge-images belongs to down', () => {
  const args = parseCliArgs(['up', '--registry-port', '5999', '--image-mirrors', 'docker.io, quay.io'], {});
  assert.deepEqual(args.settings.images, { enabled: true, mirrors: ['docker.io', 'quay.io'], registryPort: 5999 });
  assert.equal(parseCliArgs(['up', '--no-image-cache'], {}).settings.images.enabled, false);
  assert.equal(parseCliArgs(['down', '--purge-images'], {}).purgeImages, true);
  assert.throws(() => parseCliArgs(['up', '--purge-images'], {}), /--purge-images goes with down only/);
  assert.throws(() => parseCliArgs(['up', '--registry-port', '0'], {}), /--registry-port must be a port number/);
  assert.equal(parseCliArgs(['images', '--json'], {}).json, true);
});

test('wright up, images --json, down keeps the caches, down --purge-images removes them', { timeout: 120_000 }, async () => {
  const w = (world = new World());
  const port = await anyFreePort();
  const common = ['--cluster-name', 'cli-img', '--http-port', String(await anyFreePort()), '--https-port', String(await anyFreePort()), '--registry-port', String(port), '--timeout', '20'];
  const up = await wright(w, ['up', '--no-deploy', ...common]);
  assert.equal(up.code, EXIT.ok, up.stderr);
  assert.match(up.stderr, /• Starting the image caches\n {4}docker\.io, ghcr\.io, registry\.k8s\.io, localhost:\d+\n/);

  const images = await wright(w, ['images', '--json', ...common]);
  assert.equal(images.code, EXIT.ok, images.stderr);
  const report = JSON.parse(images.stdout) as { ok: boolean; registries: { name: string; state: string; serves: string; repositories: unknown[] }[] };
  assert.equal(report.ok, true);
  assert.deepEqual(
    report.registries.map((r) => [r.name, r.serves, r.state, r.repositories.length]),
    [
      ['wright-cache-docker-io', 'docker.io', 'running', 0],
      ['wright-cache-ghcr-io', 'ghcr.io', 'running', 0],
      ['wright-cache-registry-k8s-io', 'registry.k8s.io', 'running', 0],
      ['wright-registry', `localhost:${port}`, 'running', 0],
    ],
  );
  const text = await wright(w, ['images', ...common]);
  assert.match(text.stdout, /^wright-registry {2}\(local registry at localhost:\d+\) {2}running, [\d.]+ kB on disk\n {4}\(no images yet\)$/m);

  let asked = '';
  const down = await wright(w, ['down', ...common], (question) => {
    asked = question;
    return Promise.resolve(true);
  });
  assert.equal(down.code, EXIT.ok, down.stderr);
  assert.match(asked, /The image caches are kept \(--purge-images removes them\)\./);
  assert.match(down.stdout, /The image caches and the local registry were kept/);
  assert.equal(Object.keys(w.docker().containers).length, 4, 'the four registries remain, the node is gone');

  const purge = await wright(w, ['down', '--yes', '--purge-images', ...common]);
  assert.equal(purge.code, EXIT.ok, purge.stderr);
  assert.match(purge.stdout, /Removed the image caches and the local registry \(4 containers, 4 volumes\)\./);
  assert.deepEqual(w.docker().containers, {});
  assert.deepEqual(w.docker().volumes, {});
});
