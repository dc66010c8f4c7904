// The fake docker against the real one. This machine has the real Docker CLI (28.x) but no daemon: the CLI parses
// its flags before it connects, so an argv it accepts fails only with "Cannot connect to the Docker daemon", and
// one it refuses fails with its usage error. Every docker call the image caches make must be accepted; what the
// real CLI refuses, the fake refuses with the same first line. Then the fake engine's own strictness (what the
// daemon would refuse), on its state file.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import {
  dockerContainersInspect,
  dockerExecMkdir,
  dockerExecRepositoryFolders,
  dockerExecStorageKib,
  dockerExecWriteFile,
  dockerImagePresent,
  dockerManagedContainers,
  dockerManagedVolumes,
  dockerNetworkConnect,
  dockerRemoveContainers,
  dockerRemoveVolumes,
  dockerRunRegistry,
  dockerStart,
  dockerVolumesInspect,
} from '../../src/images/dockerCalls';
import { cacheContainer, localRegistryContainer } from '../../src/images/registryContainers';
import type { Target } from '../../src/lifecycle/toolCalls';
import { FAKE_BIN } from '../fixtures/lifecycle/world';

const dirs: string[] = [];
after(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));
function fakeEnv(): NodeJS.ProcessEnv {
  const dir = mkdtempSync(join(tmpdir(), 'wright-fake-docker-'));
  dirs.push(dir);
  return { ...process.env, WRIGHT_FAKE_STATE: dir };
}

// A socket that does not exist: the real CLI never reaches a daemon, even on a machine that has one.
const REAL_ENV = { ...process.env, DOCKER_HOST: 'unix:///nonexistent/wright-test-docker.sock' };
const realDocker = spawnSync('docker', ['--version'], { encoding: 'utf8' });
const noRealDocker = (realDocker.error !== undefined || realDocker.status !== 0) && 'no docker CLI on this machine';
const target: Target = { tools: { kind: 'kind', kubectl: 'kubectl', docker: 'docker' }, clusterName: 'wright-staging', kubeconfig: '/tmp/kubeconfig' };

test('every docker call of the image caches is accepted by the real Docker CLI (it fails only for want of a daemon)', { skip: noRealDocker }, () => {
  const cache = cacheContainer('docker.io');
  const registry = localRegistryContainer(5001);
  const calls = [
    dockerContainersInspect(target, ['wright-cache-docker-io', 'wright-registry']),
    dockerVolumesInspect(target, ['wright-cache-docker-io']),
    dockerImagePresent(target),
    dockerRunRegistry(target, cache),
    dockerRunRegistry(target, registry),
    dockerStart(target, cache.name),
    dockerNetworkConnect(target, 'kind', cache.name),
    dockerManagedContainers(target),
    dockerManagedVolumes(target),
    dockerRemoveContainers(target, [cache.name, registry.name]),
    dockerRemoveVolumes(target, [cache.name]),
    dockerExecMkdir(target, 'wright-staging-control-plane', ['/etc/containerd/certs.d/docker.io']),
    dockerExecWriteFile(target, 'wright-staging-control-plane', '/etc/containerd/certs.d/docker.io/hosts.toml', 'x'),
    dockerExecStorageKib(target, cache.name),
    dockerExecRepositoryFolders(target, cache.name),
  ];
  for (const call of calls) {
    const real = spawnSync(call.command, [...call.args], { encoding: 'utf8', env: REAL_ENV, input: call.options?.input ?? '' });
    assert.notEqual(real.status, 0);
    assert.match(real.stderr, /Cannot connect to the Docker daemon/, `docker ${call.args.join(' ')}\n${real.stderr}`);
  }
});

test('what the real CLI refuses before connecting, the fake refuses with the same first line and exit code', { skip: noRealDocker }, () => {
  for (const argv of [
    ['run', '--bogus', 'registry:3.0.0'],
    ['run', '--detach', '--mount', 'type=volume,source=x,target=/y,bogus=1', 'registry:3.0.0'],
  ]) {
    const real = spawnSync('docker', argv, { encoding: 'utf8', env: REAL_ENV });
    const fake = spawnSync(join(FAKE_BIN, 'docker'), argv, { encoding: 'utf8', env: fakeEnv() });
    assert.equal(fake.status, real.status, argv.join(' '));
    assert.equal(fake.stderr.split('\n')[0], real.stderr.split('\n')[0], argv.join(' '));
  }
});

test('the fake engine refuses what the daemon refuses: a taken name or port, exec into a stopped container, cp into a missing folder, removing a volume in use', () => {
  const env = fakeEnv();
  const docker = (...argv: string[]) => spawnSync(join(FAKE_BIN, 'docker'), argv, { encoding: 'utf8', env, input: 'hello' });
  // Docker's own rule: at least two characters ([a-zA-Z0-9][a-zA-Z0-9_.-]+).
  assert.match(docker('run', '--detach', '--name', 'a', 'registry:3.0.0').stderr, /Invalid container name \(a\)/);
  const run = (name: string, port: string) => docker('run', '--detach', '--name', name, '--mount', `type=volume,source=${name},target=/var/lib/registry`, '--publish', `127.0.0.1:${port}:5000`, 'registry:3.0.0');
  assert.equal(run('reg-a', '5001').status, 0);
  const conflict = run('reg-a', '5002');
  assert.equal(conflict.status, 125);
  assert.match(conflict.stderr, /^docker: Error response from daemon: Conflict\. The container name "\/reg-a" is already in use by container "[0-9a-f]{64}"/);
  const port = run('reg-b', '5001');
  assert.equal(port.status, 125);
  assert.match(port.stderr, /Bind for 127\.0\.0\.1:5001 failed: port is already allocated/);

  const missing = docker('container', 'inspect', 'reg-a', 'nope');
  assert.equal(missing.status, 1);
  assert.equal((JSON.parse(missing.stdout) as { Name: string }[])[0]?.Name, '/reg-a', 'the existing one is still printed');
  assert.equal(missing.stderr.trim(), 'Error response from daemon: No such container: nope');

  assert.match(docker('exec', '--interactive', 'reg-a', 'cp', '/dev/stdin', '/etc/x/hosts.toml').stderr, /cp: cannot create regular file '\/etc\/x\/hosts\.toml': No such file or directory/);
  assert.equal(docker('exec', 'reg-a', 'mkdir', '-p', '/etc/x').status, 0);
  assert.equal(docker('exec', 'reg-a', 'cp', '/dev/stdin', '/etc/x/hosts.toml').status, 1, 'without --interactive there is no stdin');
  assert.equal(docker('exec', '--interactive', 'reg-a', 'cp', '/dev/stdin', '/etc/x/hosts.toml').status, 0);
  assert.equal(docker('exec', 'reg-a', 'cat', '/etc/x/hosts.toml').stdout, 'hello');

  assert.match(docker('volume', 'rm', 'reg-a').stderr, /^Error response from daemon: remove reg-a: volume is in use - \[[0-9a-f]{64}\]/);
  assert.equal(docker('rm', 'reg-a').status, 1, 'a running container needs --force');
  assert.equal(docker('rm', '--force', 'reg-a').stdout, 'reg-a\n');
  assert.equal(docker('volume', 'rm', 'reg-a').stdout, 'reg-a\n');

  // Stopped (as after a Docker restart without --restart): exec is refused, start brings it back.
  assert.equal(docker('run', '--detach', '--name', 'reg-c', 'registry:3.0.0').status, 0);
  const file = join(env.WRIGHT_FAKE_STATE!, 'docker.json');
  const state = JSON.parse(readFileSync(file, 'utf8')) as { containers: Record<string, { running: boolean; id: string }> };
  state.containers['reg-c']!.running = false;
  writeFileSync(file, JSON.stringify(state));
  assert.equal(docker('exec', 'reg-c', 'du', '-sk', '/var/lib/registry').stderr.trim(), `Error response from daemon: container ${state.containers['reg-c']!.id} is not running`);
  assert.equal(docker('start', 'reg-c').stdout, 'reg-c\n');
  assert.equal(docker('exec', 'reg-c', 'du', '-sk', '/var/lib/registry').status, 0);
});
