// The fake Kubernetes API server as its own process (test/fixtures/fakeApiServer/main.ts), the way the journey
// test needs it: the extension in code-server reaches it through the fake kind's kubeconfig, and the test drives
// it through its /__fake/ control endpoint (crash-loop a pod, read the request log).
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../harness/testTools';

export interface FakeClusterOptions {
  readonly portFile: string;
  /** How long a new pod stays ContainerCreating before it is Running and Ready. */
  readonly readyDelayMs: number;
  /** How long a deleted pod stays Terminating. */
  readonly terminationMs: number;
}

export interface FakeClusterProcess {
  readonly url: string;
  /** POSTs (or GETs without a body) to the control endpoint, e.g. control('pods/crashloop', {...}). */
  control<T = unknown>(path: string, body?: unknown): Promise<T>;
  output(): string;
  stop(): Promise<void>;
}

export async function startFakeCluster(options: FakeClusterOptions): Promise<FakeClusterProcess> {
  const args = [
    '--import',
    'tsx',
    join(repoRoot, 'test', 'fixtures', 'fakeApiServer', 'main.ts'),
    '--port-file',
    options.portFile,
    '--ready-delay-ms',
    String(options.readyDelayMs),
    '--termination-ms',
    String(options.terminationMs),
    '--quiet',
  ];
  // Its own process group, so stop() also ends anything it started.
  const child = spawn(process.execPath, args, { cwd: repoRoot, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<void>((resolveExit) => child.once('exit', () => resolveExit()));

  const stop = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null && child.pid !== undefined) {
      try {
        process.kill(-child.pid, 'SIGTERM');
      } catch {
        // Already gone.
      }
      const timer = setTimeout(() => child.pid !== undefined && process.kill(-child.pid, 'SIGKILL'), 5_000);
      await exited;
      clearTimeout(timer);
    }
  };

  const deadline = Date.now() + 30_000;
  while (!/listening (http:\S+)/.test(output) || !existsSync(options.portFile)) {
    if (child.exitCode !== null || Date.now() > deadline) {
      await stop();
      throw new Error(`the fake API server did not start:\n${output}`);
    }
    await new Promise((resolveSleep) => setTimeout(resolveSleep, 100));
  }
  const url = `http://127.0.0.1:${readFileSync(options.portFile, 'utf8').trim()}`;

  return {
    url,
    async control<T>(path: string, body?: unknown): Promise<T> {
      const response = await fetch(`${url}/__fake/${path}`, {
        method: body === undefined ? 'GET' : 'POST',
        headers: { 'content-type': 'application/json' },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      const text = await response.text();
      if (!response.ok) throw new Error(`fake API server control ${path}: ${response.status} ${text}`);
      return (text === '' ? undefined : JSON.parse(text)) as T;
    },
    output: () => output,
    stop,
  };
}
