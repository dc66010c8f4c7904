// The fake kind/docker/kubectl (test/fixtures/bin), which the runner puts first on the extension host's PATH:
// a fresh world and argv log per suite, set through the environment that the tools the extension starts inherit.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setEnv } from './wright';

export interface ToolCall {
  readonly tool: 'kind' | 'kubectl' | 'docker';
  readonly argv: readonly string[];
  readonly stdinBytes?: number;
}

export class FakeTools {
  readonly dir = mkdtempSync(join(tmpdir(), 'wright-it-tools-'));
  readonly log = join(this.dir, 'calls.log');
  private readonly restoreEnv: () => void;

  /** `apiUrl`: kind's kubeconfigs point at this fake API server and kubectl's cluster calls go to it. */
  constructor(apiUrl: string) {
    this.restoreEnv = setEnv({ WRIGHT_FAKE_STATE: join(this.dir, 'state'), WRIGHT_FAKE_LOG: this.log, WRIGHT_FAKE_API_URL: apiUrl });
  }

  calls(): ToolCall[] {
    if (!existsSync(this.log)) return [];
    return readFileSync(this.log, 'utf8').split('\n').filter(Boolean).map((line) => JSON.parse(line) as ToolCall);
  }

  /** The raw argv log, for "no secret in it" checks. */
  rawLog(): string {
    return existsSync(this.log) ? readFileSync(this.log, 'utf8') : '';
  }

  dispose(): void {
    this.restoreEnv();
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/** The value after `flag` in argv (`--flag value` or `--flag=value`). */
export function flagValue(argv: readonly string[], flag: string): string | undefined {
  const index = argv.indexOf(flag);
  if (index >= 0) return argv[index + 1];
  return argv.find((arg) => arg.startsWith(`${flag}=`))?.slice(flag.length + 1);
}
