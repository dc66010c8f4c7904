// `wright forward` as a real process against the fake API server (with its port-forward endpoint): a TCP round
// trip through the forward, Ctrl-C stops it and frees the port; and the messages for no cluster, an unknown
// service, a service port that does not exist and a malformed port argument.
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, before, test } from 'node:test';
import { parseCliArgs, UsageError } from '../../src/cli/args';
import { isPortFree } from '../../src/portForward/localPorts';
import { writeKubeconfig } from '../fixtures/kubeconfig';
import { seedStagingStack } from '../fixtures/fakeApiServer/scenarios';
import { FakeApiServer } from '../fixtures/fakeApiServer/server';
import { attachPortForward, type PortForwardEndpoint } from '../fixtures/portForwardEndpoint';
import { roundTrip } from '../fixtures/tcp';

const CLI = resolve(__dirname, '../../src/cli.ts');
let server: FakeApiServer;
let endpoint: PortForwardEndpoint;
let echo: Server;
let home: string;

before(async () => {
  home = mkdtempSync(join(tmpdir(), 'wright-cli-forward-'));
  echo = createServer((socket) => socket.on('data', (data) => socket.write(`postgres:${data.toString()}`)));
  await new Promise<void>((done) => echo.listen(0, '127.0.0.1', done));
  const echoAddress = echo.address();
  assert.ok(echoAddress && typeof echoAddress === 'object');
  server = new FakeApiServer({ podReadyDelayMs: 0 });
  seedStagingStack(server.cluster);
  await server.start();
  assert.ok(server.httpServer);
  endpoint = attachPortForward(server.httpServer, (namespace, pod, port) =>
    namespace === 'staging-infra' && pod === 'postgres-0' && port === 5432 ? echoAddress.port : undefined,
  );
  // WRIGHT_HOME/kubeconfig is where `wright up` leaves WRight's kubeconfig.
  await writeKubeconfig(join(home, 'kubeconfig'), server.url);
});

after(async () => {
  endpoint.close();
  await server.dispose();
  await new Promise((done) => echo.close(done));
  rmSync(home, { recursive: true, force: true });
});

interface Running {
  readonly child: ChildProcess;
  stdout: string;
  stderr: string;
  readonly exited: Promise<number | null>;
}

function wright(args: string[], env: Record<string, string> = {}): Running {
  const child = spawn(process.execPath, ['--import', 'tsx', CLI, ...args], {
    env: { ...process.env, WRIGHT_HOME: home, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const running: Running = {
    child,
    stdout: '',
    stderr: '',
    exited: new Promise((done) => child.once('exit', (code) => done(code))),
  };
  child.stdout?.on('data', (chunk: Buffer) => (running.stdout += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (running.stderr += chunk.toString()));
  return running;
}

async function until<T>(read: () => T | undefined, what: string, running: Running): Promise<T> {
  for (let i = 0; i < 300; i++) {
    const value = read();
    if (value !== undefined) return value;
    await new Promise((done) => setTimeout(done, 50));
  }
  assert.fail(`timed out waiting for ${what}; stdout: ${running.stdout} stderr: ${running.stderr}`);
}


test('wright forward postgres carries traffic to the pod until Ctrl-C, then frees the port', async () => {
  const running = wright(['forward', 'postgres', '5432']);
  const port = await until(() => /Forwarding 127\.0\.0\.1:(\d+) -> staging-infra\/postgres:5432/.exec(running.stdout)?.[1], 'the forwarding line', running);
  await until(() => (/connected to pod postgres-0/.test(running.stderr) ? true : undefined), 'the connected line', running);
  assert.equal(await roundTrip(Number(port), 'select 1'), 'postgres:select 1');

  running.child.kill('SIGINT');
  assert.equal(await running.exited, 0);
  assert.equal(await isPortFree(Number(port)), true);
});

test('a busy local port is replaced by a free one, and the user is told', async () => {
  const blocker = createServer();
  await new Promise<void>((done) => blocker.listen(0, '127.0.0.1', done));
  const address = blocker.address();
  assert.ok(address && typeof address === 'object');
  try {
    const running = wright(['forward', 'staging-infra/postgres', `${address.port}:5432`]);
    await until(() => (/Forwarding/.test(running.stdout) ? true : undefined), 'the forwarding line', running);
    assert.match(running.stderr, new RegExp(`Port ${address.port} is in use; using \\d+ instead`));
    running.child.kill('SIGINT');
    assert.equal(await running.exited, 0);
  } finally {
    await new Promise((done) => blocker.close(done));
  }
});

test('no cluster: exit 4 and how to create one', async () => {
  const empty = mkdtempSync(join(tmpdir(), 'wright-cli-empty-'));
  try {
    const running = wright(['forward', 'postgres'], { WRIGHT_HOME: empty });
    assert.equal(await running.exited, 4);
    assert.match(running.stderr, /there is no WRight cluster "wright-staging".*\n\s+create it: wright up/);
  } finally {
    rmSync(empty, { recursive: true, force: true });
  }
});

test('an unknown service or service port: exit 2 naming what exists', async () => {
  const unknown = wright(['forward', 'nope']);
  assert.equal(await unknown.exited, 2);
  assert.match(unknown.stderr, /there is no service staging-infra\/nope/);

  const badPort = wright(['forward', 'postgres', '6000']);
  assert.equal(await badPort.exited, 2);
  assert.match(badPort.stderr, /has no TCP port 6000 \(its ports: 5432\)/);
});

test('forward arguments: namespace/name, LOCAL:PORT, and the mistakes people make', () => {
  assert.deepEqual(parseCliArgs(['forward', 'postgres'], {}).forward, { namespace: 'staging-infra', service: 'postgres' });
  assert.deepEqual(parseCliArgs(['forward', 'staging-core/api', '15432:5432'], {}).forward, {
    namespace: 'staging-core',
    service: 'api',
    remotePort: 5432,
    localPort: 15432,
  });
  assert.throws(() => parseCliArgs(['forward'], {}), UsageError);
  assert.throws(() => parseCliArgs(['forward', 'Postgres'], {}), /not a service name/);
  assert.throws(() => parseCliArgs(['forward', 'postgres', 'abc'], {}), /not a port/);
  assert.throws(() => parseCliArgs(['forward', 'postgres', '70000'], {}), /port number/);
  assert.throws(() => parseCliArgs(['forward', 'postgres', '1', '2'], {}), /unexpected argument "2"/);
});
