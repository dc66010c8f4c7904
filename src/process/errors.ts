// Typed failures of external tools. The VS Code and CLI front ends turn these into messages with a way forward.

/** The executable is not installed or not on PATH (or the configured path is wrong). */
export class ToolNotFoundError extends Error {
  constructor(readonly tool: string) {
    // Worded like src/shared/wording.ts's settingRef(), so the CLI names WRIGHT_<TOOL> instead of the setting.
    super(`${tool} was not found. Install it (on PATH), or set its path in the setting wright.tools.${tool}.`);
    this.name = 'ToolNotFoundError';
  }
}

/** The tool ran and exited non-zero. `stderr` is already redacted. */
export class ProcessFailedError extends Error {
  constructor(
    readonly command: string,
    readonly args: readonly string[],
    readonly exitCode: number | undefined,
    readonly stderr: string,
  ) {
    const firstLine = headline(stderr);
    super(`${commandLabel(command, args)} failed${exitCode === undefined ? '' : ` (exit code ${exitCode})`}${firstLine ? `: ${firstLine}` : ''}`);
    this.name = 'ProcessFailedError';
  }
}

/** The tool did not finish within its time limit and was ended (its whole process group). */
export class ProcessTimedOutError extends ProcessFailedError {
  constructor(command: string, args: readonly string[], readonly timeoutMs: number, stderr: string) {
    super(command, args, undefined, `${stderr.trim()}\nerror: did not finish within ${Math.round(timeoutMs / 1000)} s and was stopped`.trim());
    this.name = 'ProcessTimedOutError';
  }
}

/** `kubectl apply` for `/usr/bin/kubectl --kubeconfig F --context C apply -f -`: how messages and logs name a run. */
export function commandLabel(command: string, args: readonly string[]): string {
  const subcommand = args.find((arg, index) => !arg.startsWith('-') && !isFlagValue(args, index));
  return [toolName(command), subcommand].filter(Boolean).join(' ');
}

/** `kubectl` for "/usr/local/bin/kubectl" or "C:\\tools\\kubectl.exe". */
export function toolName(command: string): string {
  const base = command.split(/[\\/]/).pop() ?? command;
  return base.replace(/\.exe$/i, '');
}

/** True for the value of a `--flag value` pair (kubectl's `--kubeconfig F --context C get ...`). */
function isFlagValue(args: readonly string[], index: number): boolean {
  const previous = args[index - 1];
  return previous !== undefined && previous.startsWith('--') && !previous.includes('=');
}

/** The line that says what went wrong: kind and kubectl print progress first and "ERROR: ..." last. */
function headline(stderr: string): string {
  const lines = stderr.split(/\r?\n/).map((line) => line.trim()).filter((line) => line !== '');
  return lines.find((line) => /^(error|fatal)\b/i.test(line)) ?? lines[0] ?? '';
}

/** The user (or a shutdown) cancelled the operation. Never shown as an error. */
export class CancelledError extends Error {
  constructor(message = 'Cancelled') {
    super(message);
    this.name = 'CancelledError';
  }
}

export function isCancelled(error: unknown): error is CancelledError {
  return error instanceof CancelledError;
}
