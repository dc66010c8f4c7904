// The context one lifecycle operation runs in: the injected dependencies, the settings of this run, the target
// cluster, progress reporting, cancellation, and `exec`, which runs a ToolCall (or, in a dry run, prints the
// calls that would change something instead of running them).
import { CancelledError } from '../process/errors';
import { describe, type ProcessRunner, type RunResult } from '../process/runner';
import type { Logger } from '../shared/logger';
import type { SecretRedactor } from '../shared/secrets';
import type { WrightSettings } from '../shared/settings';
import { isolatedKubeconfig, type LifecyclePaths } from './paths';
import type { Target, ToolCall } from './toolCalls';

/** Progress as a step ("Creating the kind cluster") and an optional detail ("3/5 ready: redis starting"). */
export type Progress = (step: string, detail?: string) => void;

export interface LifecycleDeps {
  readonly runner: ProcessRunner;
  /** Should already redact through `redactor` (see redactingLogger). */
  readonly logger: Logger;
  readonly redactor: SecretRedactor;
  readonly paths: LifecyclePaths;
}

export interface OperationOptions {
  readonly settings: WrightSettings;
  readonly progress?: Progress;
  readonly signal?: AbortSignal;
  /** Print the commands that would change something instead of running them (reads still run). */
  readonly dryRun?: boolean;
  /** Where a dry run prints (the CLI's stdout). */
  readonly print?: (line: string) => void;
  /** Seconds between readiness polls (tests shorten it). */
  readonly pollSeconds?: number;
  /**
   * How long create/deploy/teardown wait for another WRight process's operation on the same state folder to
   * finish (the CLI waits; the extension, default 0, refuses at once and says who is busy).
   */
  readonly waitForOthersMs?: number;
  /** create/deploy: put the staging or production overlay on the local kind cluster anyway (`--force`). */
  readonly allowCloudOverlay?: boolean;
  /** A cluster other than the local kind cluster (an environment, src/environments): its kubeconfig and context. */
  readonly remote?: { readonly kubeconfig: string; readonly context: string };
}

const EMPTY_RESULT: RunResult = { stdout: '', stderr: '', exitCode: 0, durationMs: 0 };

export class Operation {
  readonly target: Target;
  readonly settings: WrightSettings;
  readonly signal: AbortSignal;
  readonly dryRun: boolean;

  constructor(
    readonly deps: LifecycleDeps,
    readonly options: OperationOptions,
  ) {
    this.settings = options.settings;
    this.signal = options.signal ?? new AbortController().signal;
    this.dryRun = options.dryRun ?? false;
    this.target = {
      tools: options.settings.tools,
      clusterName: options.settings.clusterName,
      kubeconfig: options.remote?.kubeconfig ?? isolatedKubeconfig(options.settings.kubeconfig, deps.paths),
      ...(options.remote ? { context: options.remote.context } : {}),
    };
  }

  get logger(): Logger {
    return this.deps.logger;
  }

  step(step: string, detail?: string): void {
    this.throwIfCancelled();
    // Progress first: a front end that shows both (the CLI with --verbose) recognises the log line that follows.
    this.options.progress?.(step, detail);
    this.deps.logger.info(detail ? `${step}: ${detail}` : step);
  }

  /** Detail under the current step, without logging (poll results would flood the log). */
  detail(step: string, detail: string): void {
    this.options.progress?.(step, detail);
  }

  async exec<T>(call: ToolCall<T>, signal: AbortSignal = this.signal): Promise<T> {
    this.throwIfCancelled(signal);
    if (this.dryRun && call.mutates) {
      const input = call.inputSummary ? `   # ${call.inputSummary}` : '';
      this.options.print?.(`would run: ${this.deps.redactor.redact(describe(call.command, call.args))}${input}`);
      return call.parse(EMPTY_RESULT);
    }
    if (this.dryRun) this.options.print?.(`runs:      ${describe(call.command, call.args)}`);
    const result = await this.deps.runner.run(call.command, call.args, { ...call.options, signal });
    return call.parse(result);
  }

  throwIfCancelled(signal: AbortSignal = this.signal): void {
    if (signal.aborted) throw new CancelledError();
  }

  /** Waits, but wakes up (and throws) as soon as the operation is cancelled. */
  sleep(ms: number, signal: AbortSignal = this.signal): Promise<void> {
    return new Promise((resolve, reject) => {
      if (signal.aborted) return reject(new CancelledError());
      const timer = setTimeout(() => {
        signal.removeEventListener('abort', onAbort);
        resolve();
      }, ms);
      const onAbort = (): void => {
        clearTimeout(timer);
        reject(new CancelledError());
      };
      signal.addEventListener('abort', onAbort, { once: true });
    });
  }
}
