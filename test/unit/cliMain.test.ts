// The `wright` command through main(): flags to settings, output, exit codes, --dry-run, --json, confirmation;
// and once as a real process (tsx) to see Ctrl-C cancel a slow create and clean up.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterEach, test } from 'node:test';
import { parseCliArgs, UsageError } from '../../src/cli/args';
import { EXIT } from '../../src/cli/exitCodes';
import { FAKE_BIN, World } from '../fixtures/lifecycle/world';
import { isAlive, waitForPid } from '../fixtures/pidFile';
import { runCli } from '../fixtures/lifecycle/runCli';

let world: World | undefined;
afterEach(() => {
  world?.dispose();
  world = undefined;
});

const wright = runCli;

// High free ports: this machine's 80/443 are not the test's business.
// Image caches off: these tests are about the CLI itself, with a 5 s budget (test/unit/cliImages.test.ts has them on).
const PORTS = ['--http-port', '18080', '--https-port', '18443', '--cluster-name', 'cli-test', '--timeout', '5', '--no-image-cache'];

test('flags become settings; bad flags are usage errors', () => {
  const args = parseCliArgs(['up', '--cluster-name', 'x', '--http-port', '8080', '--no-deploy', '--env-file', 'a.env'], { WRIGHT_KIND: '/opt/kind' });
  assert.equal(args.command, 'up');
  assert.equal(args.settings.clusterName, 'x');
  assert.equal(args.settings.ingress.httpPort, 8080);
  assert.equal(args.settings.ingress.httpsPort, 443);
  assert.equal(args.settings.deployOnCreate, false);
  assert.equal(args.settings.tools.kind, '/opt/kind');
  assert.equal(args.settings.tools.kubectl, 'kubectl');
  assert.throws(() => parseCliArgs(['up', '--http-port', '99999'], {}), UsageError);
  assert.throws(() => parseCliArgs(['fly'], {}), /unknown command "fly"/);
  assert.throws(() => parseCliArgs(['up', '--bogus'], {}), UsageError);
  assert.equal(parseCliArgs([], {}).command, 'help');
});

test('usage error exits 2 with the usage text', async () => {
  world = new World();
  const run = await wright(world, ['nope']);
  assert.equal(run.code, EXIT.usage);
  assert.match(run.stderr, /unknown command "nope"[\s\S]*Usage: wright <command>/);
});

test('up --kubeconfig tells the user to export that kubeconfig, not the state folder\'s', async () => {
  const w = (world = new World());
  const up = await wright(w, ['up', ...PORTS, '--no-deploy', '--kubeconfig', 'team.kubeconfig']);
  assert.equal(up.code, EXIT.ok, up.stderr);
  const wanted = join(w.workspace, 'team.kubeconfig');
  assert.ok(existsSync(wanted), 'kind wrote the kubeconfig the flag named');
  assert.equal(/export KUBECONFIG=(.+)$/m.exec(up.stdout)?.[1], wanted);
});

test('up, status, up again (reuse), down --yes: output and exit codes', async () => {
  const w = (world = new World());
  const up = await wright(w, ['up', ...PORTS]);
  assert.equal(up.code, EXIT.ok, up.stderr);
  assert.match(up.stdout, /Created the cluster "cli-test" and deployed 2 workloads, all ready\./);
  assert.match(up.stdout, new RegExp(`export KUBECONFIG=${join(w.stateDir, 'kubeconfig')}`));
  assert.match(up.stderr, /• Checking prerequisites\n[\s\S]*• Waiting for services\n {4}2\/2 ready/);

  const status = await wright(w, ['status', '--cluster-name', 'cli-test', '--json']);
  assert.equal(status.code, EXIT.ok);
  const json = JSON.parse(status.stdout) as { exists: boolean; ready: number; total: number; context: string };
  assert.deepEqual([json.exists, json.ready, json.total, json.context], [true, 3, 3, 'kind-cli-test']);

  const again = await wright(w, ['up', ...PORTS]);
  assert.equal(again.code, EXIT.ok);
  assert.match(again.stdout, /^Reused the cluster/);

  const down = await wright(w, ['down', '--cluster-name', 'cli-test', '--yes']);
  assert.equal(down.code, EXIT.ok);
  assert.match(down.stdout, /Deleted the cluster "cli-test"/);
  const absent = await wright(w, ['status', '--cluster-name', 'cli-test']);
  assert.equal(absent.code, EXIT.clusterState);
  assert.match(absent.stdout, /Exists +no/);
  const downAgain = await wright(w, ['down', '--cluster-name', 'cli-test', '--yes']);
  assert.match(downAgain.stdout, /nothing to tear down/);
});

test('down asks first; without a terminal it needs --yes', async () => {
  const w = (world = new World());
  await wright(w, ['up', ...PORTS, '--no-deploy']);
  const noTty = await wright(w, ['down', '--cluster-name', 'cli-test']);
  assert.equal(noTty.code, EXIT.usage);
  assert.match(noTty.stderr, /data volumes[\s\S]*--yes/);
  const questions: string[] = [];
  const declined = await wright(w, ['down', '--cluster-name', 'cli-test'], { confirm: (q) => (questions.push(q), Promise.resolve(false)) });
  assert.equal(declined.code, EXIT.ok);
  assert.match(questions[0]!, /Delete the cluster "cli-test"\? Its data volumes/);
  assert.ok('cli-test' in w.fakeClusters());
  await wright(w, ['down', '--cluster-name', 'cli-test'], { confirm: () => Promise.resolve(true) });
  assert.deepEqual(w.fakeClusters(), {});
});

test('failures print the cause and the fix, with their exit code', async () => {
  const w = (world = new World({ WRIGHT_FAKE_DOCKER: 'down' }));
  const docker = await wright(w, ['up', ...PORTS]);
  assert.equal(docker.code, EXIT.prerequisites);
  assert.match(docker.stderr, /^error: Docker is not running\. Start Docker/m);
  w.setEnv({ WRIGHT_FAKE_DOCKER: 'up' });
  const deploy = await wright(w, ['deploy', '--cluster-name', 'cli-test']);
  assert.equal(deploy.code, EXIT.clusterState);
  assert.match(deploy.stderr, /There is no cluster "cli-test"[\s\S]*create it: wright up/);
  const name = await wright(w, ['up', '--cluster-name', 'Bad_Name']);
  assert.equal(name.code, EXIT.prerequisites);
});

test('doctor --json lists every check; a failing check exits 3', async () => {
  const w = (world = new World({ WRIGHT_FAKE_DOCKER: 'down' }));
  const run = await wright(w, ['doctor', ...PORTS, '--json']);
  assert.equal(run.code, EXIT.prerequisites);
  const report = JSON.parse(run.stdout) as { ok: boolean; checks: Array<{ id: string; level: string }> };
  assert.equal(report.ok, false);
  assert.deepEqual(report.checks.find((c) => c.id === 'docker')?.level, 'fail');
  const human = await wright(w, ['doctor', ...PORTS]);
  assert.match(human.stdout, /✗ Docker is not running[\s\S]*✓ kind v0\.30\.0[\s\S]*Fix the problems marked ✗/);
});

test('--dry-run prints the exact commands and changes nothing', async () => {
  const w = (world = new World());
  const run = await wright(w, ['up', ...PORTS, '--dry-run']);
  assert.equal(run.code, EXIT.ok, run.stderr);
  assert.match(run.stdout, /would run: \S+kind create cluster --name cli-test --config \S+ --kubeconfig \S+ --wait 60s/);
  assert.match(run.stdout, /would run: \S+kubectl --kubeconfig \S+ --context kind-cli-test apply -f - --request-timeout=10s +# \d+ documents on stdin, secrets not shown/);
  assert.match(run.stdout, /would add to \S+\.env: POSTGRES_USER, POSTGRES_PASSWORD/);
  assert.deepEqual(w.fakeClusters(), {});
});

test('Ctrl-C on a real `wright up` cancels kind, removes the half-made cluster and exits 130', { timeout: 60_000 }, async () => {
  const w = (world = new World({ WRIGHT_FAKE_KIND_CREATE: 'slow' }));
  const child = spawn(process.execPath, ['--import', 'tsx', resolve(__dirname, '../../src/cli.ts'), 'up', ...PORTS], {
    cwd: resolve(__dirname, '../..'),
    env: { ...process.env, WRIGHT_HOME: w.stateDir, WRIGHT_KIND: join(FAKE_BIN, 'kind'), WRIGHT_KUBECTL: join(FAKE_BIN, 'kubectl'), WRIGHT_DOCKER: join(FAKE_BIN, 'docker') },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => void (stderr += chunk.toString()));
  const grandchild = await waitForPid(join(w.fakeState, 'grandchild.pid'));
  child.kill('SIGINT');
  const code = await new Promise<number | null>((r) => child.on('exit', r));
  assert.equal(code, EXIT.cancelled, stderr);
  assert.match(stderr, /Cancelled\. Cluster creation cancelled; the half-made cluster was removed\./);
  assert.deepEqual(w.fakeClusters(), {});
  assert.equal(isAlive(grandchild), false);
});
