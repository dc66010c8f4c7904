// The one place that starts child processes (through execa). Callers pass an argument array, never a shell
// string; cancellation is an AbortSignal that ends the child's whole process tree; every run is logged
// (argv, duration, exit code, stderr on failure) through a logger that redacts secrets.
import type { execa as ExecaFunction, ResultPromise } from 'execa';
import { CancelledError, commandLabel, ProcessFailedError, ProcessTimedOutError, ToolNotFoundError, toolName } from './errors';
import { killTree } from './killTree';

/**
 * What the runner logs through and masks with. The shared Logger and SecretRedactor fit these shapes; they are
 * declared here so this lowest layer imports nothing from the layers above it (docs/architecture.md).
 */
export interface RunLogger {
  debug(message: string): void;
  info(message: string): void;
  error(message: string): void;
}

export interface RunRedactor {
  redact(text: string): string;
}

export interface RunOptions {
  readonly signal?: AbortSignal;
  /** Written to the child's stdin (how secrets reach kubectl: never on the command line). */
  readonly input?: string;
  readonly cwd?: string;
  /** Added to the inherited environment. */
  readonly env?: Readonly<Record<string, string>>;
  /** Called for each line of output as it arrives (progress for long waits). */
  readonly onLine?: (line: string, stream: 'stdout' | 'stderr') => void;
  /** Exit codes that are not failures (e.g. `kind get clusters` never fails, but `docker info` may). */
  readonly allowedExitCodes?: readonly number[];
  /** Log at debug level instead of info (status polls that would flood the log). */
  readonly quiet?: boolean;
  /**
   * Ends the child's whole process group after this long and fails with ProcessTimedOutError: a backstop for tools
   * whose own timeouts do not bound the whole run (kubectl retries discovery past its --request-timeout).
   */
  readonly timeoutMs?: number;
}

export interface RunResult {
  readonly stdout: string;
  readonly stderr: string;
  readonly exitCode: number;
  readonly durationMs: number;
}

/** A long-running child (a port-forward, a log follow). */
export interface RunningProcess {
  readonly pid: number | undefined;
  /** Settles when the child exits, with its exit code (undefined when killed by a signal). */
  readonly exited: Promise<number | undefined>;
  stop(): Promise<void>;
}

export interface ProcessRunner {
  run(command: string, args: readonly string[], options?: RunOptions): Promise<RunResult>;
  start(command: string, args: readonly string[], options?: RunOptions): RunningProcess;
}

const GRACE_MS = 3000;

// execa is ESM-only: loaded on first use through import(), which works both in esbuild's CommonJS bundle
// (where it becomes a bundled require) and under plain node/tsx tests (where a static require would fail).
let execaLoaded: Promise<typeof ExecaFunction> | undefined;
const loadExeca = (): Promise<typeof ExecaFunction> => (execaLoaded ??= import('execa').then((module) => module.execa));

export class ExecaProcessRunner implements ProcessRunner {
  /** With a redactor, the stderr carried by ProcessFailedError is masked too (it reaches messages, not only logs). */
  constructor(
    private readonly logger: RunLogger,
    private readonly redactor?: RunRedactor,
  ) {}

  async run(command: string, args: readonly string[], options: RunOptions = {}): Promise<RunResult> {
    const { signal } = options;
    if (signal?.aborted) throw new CancelledError();
    const started = Date.now();
    const argv = this.redact(describe(command, args));
    // Runs overlap (preflight asks docker, kind and kubectl at once): every line names its command.
    const label = this.redact(commandLabel(command, args));
    const log = options.quiet ? this.logger.debug.bind(this.logger) : this.logger.info.bind(this.logger);
    log(`$ ${argv}`);

    const { child } = await this.spawn(command, args, options);
    let killed: Promise<void> | undefined;
    const onAbort = (): void => void (killed ??= killTree(child.pid, GRACE_MS));
    signal?.addEventListener('abort', onAbort, { once: true });
    // Aborted while execa was loading: the listener above came too late to fire.
    if (signal?.aborted) onAbort();
    let timedOut = false;
    const timer =
      options.timeoutMs === undefined
        ? undefined
        : setTimeout(() => {
            timedOut = true;
            onAbort();
          }, options.timeoutMs);
    try {
      const result = await child;
      const durationMs = Date.now() - started;
      const exitCode = result.exitCode ?? 0;
      if (signal?.aborted || timedOut) {
        // The direct child is gone; wait for the rest of its group too, so "cancelled" means "stopped".
        await killed;
        if (signal?.aborted || options.timeoutMs === undefined) {
          log(`${label}: cancelled after ${durationMs} ms`);
          throw new CancelledError();
        }
        const stderr = this.redact(String(result.stderr ?? ''));
        this.logger.error(`${argv} stopped after ${durationMs} ms (time limit ${options.timeoutMs} ms)\n${stderr.trim()}`);
        throw new ProcessTimedOutError(command, args, options.timeoutMs, stderr);
      }
      if (result.failed && !(options.allowedExitCodes ?? []).includes(exitCode)) {
        if (isNotFound(result)) throw new ToolNotFoundError(toolName(command));
        const stderr = this.redact(String(result.stderr ?? ''));
        this.logger.error(`${argv} failed after ${durationMs} ms (exit code ${result.exitCode ?? 'none'})\n${stderr.trim()}`);
        throw new ProcessFailedError(command, args, result.exitCode, stderr);
      }
      log(`${label}: exit ${exitCode} in ${durationMs} ms`);
      return { stdout: String(result.stdout ?? ''), stderr: String(result.stderr ?? ''), exitCode, durationMs };
    } finally {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
    }
  }

  start(command: string, args: readonly string[], options: RunOptions = {}): RunningProcess {
    this.logger.info(`$ ${this.redact(describe(command, args))} (in the background)`);
    let pid: number | undefined;
    const spawned = this.spawn(command, args, options).then((wrapped) => {
      pid = wrapped.child.pid;
      return wrapped;
    });
    const exited = spawned.then(
      ({ child }) =>
        child.then(
          (result) => {
            if (isNotFound(result)) this.logger.error(new ToolNotFoundError(toolName(command)).message);
            return result.signal ? undefined : result.exitCode;
          },
          () => undefined,
        ),
      () => undefined,
    );
    const stop = async (): Promise<void> => {
      const wrapped = await spawned.catch(() => undefined);
      await killTree(wrapped?.child.pid, GRACE_MS);
      await exited;
    };
    if (options.signal?.aborted) void stop();
    else options.signal?.addEventListener('abort', () => void stop(), { once: true });
    return {
      get pid() {
        return pid;
      },
      exited,
      stop,
    };
  }

  private redact(text: string): string {
    return this.redactor ? this.redactor.redact(text) : text;
  }

  /** Wrapped in an object: the child is itself a promise, and returning it bare would wait for its exit. */
  private async spawn(command: string, args: readonly string[], options: RunOptions): Promise<{ child: ResultPromise<{ reject: false }> }> {
    const execa = await loadExeca();
    const child = execa(command, [...args], {
      reject: false,
      ...(options.input === undefined ? { stdin: 'ignore' as const } : { input: options.input }),
      cwd: options.cwd,
      env: options.env,
      // A group of its own, so that cancelling ends the whole tree (kind starts docker, which starts more).
      detached: process.platform !== 'win32',
      stripFinalNewline: false,
      windowsHide: true,
    });
    const { onLine } = options;
    if (onLine) {
      forEachLine(child.stdout, (line) => onLine(line, 'stdout'));
      forEachLine(child.stderr, (line) => onLine(line, 'stderr'));
    }
    return { child };
  }
}

function forEachLine(stream: NodeJS.ReadableStream | null, onLine: (line: string) => void): void {
  if (!stream) return;
  let pending = '';
  stream.on('data', (chunk: Buffer | string) => {
    pending += chunk.toString();
    const lines = pending.split(/\r?\n/);
    pending = lines.pop() ?? '';
    for (const line of lines) if (line.trim() !== '') onLine(line);
  });
  stream.on('end', () => {
    if (pending.trim() !== '') onLine(pending);
  });
}

function isNotFound(result: { code?: string; failed: boolean; exitCode?: number }): boolean {
  return result.failed && result.code === 'ENOENT';
}


/** A copy-pasteable rendering of argv, for logs only: never executed. */
export function describe(command: string, args: readonly string[]): string {
  return [command, ...args].map((part) => (/^[\w@%+=:,./-]+$/.test(part) ? part : `'${part.replace(/'/g, `'\\''`)}'`)).join(' ');
}
