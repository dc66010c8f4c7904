// The process runner: logging, typed errors, redaction, stdin, and cancellation of a whole process tree.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { test } from 'node:test';
import { CancelledError, ProcessFailedError, ToolNotFoundError } from '../../src/process/errors';
import { ExecaProcessRunner, describe as describeArgv } from '../../src/process/runner';
import type { Logger } from '../../src/shared/logger';
import { SecretRedactor } from '../../src/shared/secrets';
import { isAlive, waitForPid } from '../fixtures/pidFile';

function recorder(): { logger: Logger; lines: string[] } {
  const lines: string[] = [];
  const record = (level: string) => (message: string) => void lines.push(`${level} ${message}`);
  return { lines, logger: { trace: record('trace'), debug: record('debug'), info: record('info'), warn: record('warn'), error: record('error') } };
}

const node = process.execPath;

test('runs with an argument array, logs argv and exit, passes stdin', async () => {
  const { logger, lines } = recorder();
  const runner = new ExecaProcessRunner(logger);
  const result = await runner.run(node, ['-e', 'process.stdin.pipe(process.stdout)', 'a b; rm -rf /'], { input: 'from stdin' });
  assert.equal(result.stdout, 'from stdin');
  assert.equal(result.exitCode, 0);
  assert.ok(lines[0]!.startsWith(`info $ ${node} -e`));
  assert.ok(lines[0]!.includes(`'a b; rm -rf /'`), 'arguments are quoted in the log, never run by a shell');
  // Runs overlap (preflight asks three tools at once): the exit line names its command.
  assert.ok(lines[1]!.startsWith(`info ${basename(node)} process.stdin.pipe(process.stdout): exit 0 in `), lines[1]);
  assert.match(lines[1]!, /: exit 0 in \d+ ms$/);
});

test('quiet runs log at debug level', async () => {
  const { logger, lines } = recorder();
  await new ExecaProcessRunner(logger).run(node, ['-e', ''], { quiet: true });
  assert.ok(lines.every((line) => line.startsWith('debug ')));
});

test('a failure is a ProcessFailedError with redacted stderr and the ERROR line as headline', async () => {
  const { logger, lines } = recorder();
  const redactor = new SecretRedactor();
  redactor.add('hunter2-secret');
  const runner = new ExecaProcessRunner(logger, redactor);
  const error = await runner.run(node, ['-e', 'console.error("progress...\\nERROR: bad password hunter2-secret"); process.exit(3)']).catch((e: unknown) => e);
  assert.ok(error instanceof ProcessFailedError);
  assert.equal(error.exitCode, 3);
  assert.match(error.message, /failed \(exit code 3\): ERROR: bad password \*{6}$/);
  assert.equal(error.stderr.includes('hunter2-secret'), false);
  assert.equal(lines.join('\n').includes('hunter2-secret'), false);
  assert.equal((await runner.run(node, ['-e', 'process.exit(2)'], { allowedExitCodes: [2] })).exitCode, 2);
});

test('a missing executable is a ToolNotFoundError named after the tool', async () => {
  const runner = new ExecaProcessRunner(recorder().logger);
  const error = await runner.run('/nonexistent/bin/kind', ['version']).catch((e: unknown) => e);
  assert.ok(error instanceof ToolNotFoundError);
  assert.equal(error.tool, 'kind');
});

test('cancelling ends the child and its grandchildren', { timeout: 30_000 }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'wright-runner-'));
  const pidFile = join(dir, 'grandchild.pid');
  const script = `const c = require('node:child_process').spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
require('node:fs').writeFileSync(${JSON.stringify(pidFile)}, String(c.pid)); setInterval(() => {}, 1000);`;
  const controller = new AbortController();
  const running = new ExecaProcessRunner(recorder().logger).run(node, ['-e', script], { signal: controller.signal });
  // The pid is read before cancelling, and only once it is complete (the file exists empty for a moment first).
  const pid = await waitForPid(pidFile);
  controller.abort();
  await assert.rejects(running, CancelledError);
  assert.equal(isAlive(pid), false, 'the grandchild survived');
  rmSync(dir, { recursive: true, force: true });
});

test('an already aborted signal runs nothing', async () => {
  const { logger, lines } = recorder();
  await assert.rejects(new ExecaProcessRunner(logger).run(node, ['-e', ''], { signal: AbortSignal.abort() }), CancelledError);
  assert.deepEqual(lines, []);
});

test('background processes report their exit and stop on request', async () => {
  const runner = new ExecaProcessRunner(recorder().logger);
  const quick = runner.start(node, ['-e', 'process.exit(4)']);
  assert.equal(await quick.exited, 4);
  const lines: string[] = [];
  const slow = runner.start(node, ['-e', 'console.log("up"); setInterval(() => {}, 1000)'], { onLine: (line) => void lines.push(line) });
  while (lines.length === 0) await new Promise((r) => setTimeout(r, 20));
  assert.ok(typeof slow.pid === 'number');
  await slow.stop();
  assert.equal(await slow.exited, undefined, 'killed by a signal');
  assert.deepEqual(lines, ['up']);
});

test('describe quotes only what needs quoting', () => {
  assert.equal(describeArgv('kubectl', ['get', 'pods', '-o', 'json']), 'kubectl get pods -o json');
  assert.equal(describeArgv('docker', ['info', '--format', '{{.ServerVersion}}']), `docker info --format '{{.ServerVersion}}'`);
  assert.equal(describeArgv('x', ["it's"]), `x 'it'\\''s'`);
});

test("a failed tool is named by its file name and subcommand, past kubectl's global flags", () => {
  const error = new ProcessFailedError(
    '/opt/tools/kubectl',
    ['--kubeconfig', '/s/kubeconfig', '--context', 'kind-x', 'apply', '-f', '-'],
    1,
    'Warning: x\nerror: the server has asked for the client to provide credentials\n',
  );
  assert.equal(error.message, 'kubectl apply failed (exit code 1): error: the server has asked for the client to provide credentials');
  assert.equal(new ProcessFailedError('C:\\tools\\kind.exe', ['create', 'cluster'], 1, '').message, 'kind create failed (exit code 1)');
});
