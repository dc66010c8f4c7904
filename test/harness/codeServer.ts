// Starts a confined code-server (a real VS Code) for the tests and `npm start`: its own HOME, XDG and TMP dirs,
// user-data and extensions dirs, a free 127.0.0.1 port, no auth; stopped by killing its whole process group.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { type TestTools } from './testTools';
import { anyFreePort } from '../../src/portForward/localPorts';

/** User settings that keep the workbench quiet and predictable (FACTS.md). */
export const defaultSettings: Readonly<Record<string, unknown>> = {
  'workbench.startupEditor': 'none',
  'chat.disableAIFeatures': true,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'telemetry.telemetryLevel': 'off',
  'workbench.tips.enabled': false,
  'security.workspace.trust.enabled': false,
  // Workspaces may live inside this repository (npm start's is under .tools/): no "open the parent repository?" prompt.
  'git.openRepositoryInParentFolders': 'never',
};

export interface CodeServerOptions {
  readonly tools: TestTools;
  /** Folder to open in the workbench; a fresh empty one when omitted. */
  readonly workspace?: string;
  /** .vsix files installed with --install-extension into this server's extensions dir before it starts. */
  readonly installVsix?: readonly string[];
  /** Lets a page drive extension tests (extensionTestsPath in the payload, exit code via codeAutomationExit). */
  readonly smokeTestDriver?: boolean;
  /** Extra environment for the server and so for the extension host (e.g. a fake API server's address). */
  readonly env?: Readonly<Record<string, string>>;
  /** Directories put first on the extension host's PATH (e.g. fake kind/kubectl/docker). */
  readonly pathPrepend?: readonly string[];
  /** Merged over defaultSettings. */
  readonly settings?: Readonly<Record<string, unknown>>;
  /**
   * Workspace trust on, as users have it: the folder opens in Restricted Mode until it is trusted (no start-up
   * prompt). Off by default, so the other tests need not answer the trust prompt.
   */
  readonly workspaceTrust?: boolean;
  /** Defaults to a free port. */
  readonly port?: number;
  /** Parent folder of the confined dirs; a fresh temp dir when omitted. */
  readonly baseDir?: string;
  /** Receives code-server's own output lines (dropped when omitted, kept in `output()` either way). */
  readonly onOutput?: (line: string) => void;
}

export interface CodeServer {
  readonly port: number;
  readonly url: string;
  /** `127.0.0.1:PORT`: the remote authority in vscode-remote:// URIs. */
  readonly authority: string;
  readonly workspace: string;
  readonly baseDir: string;
  /** Resolves with the exit code (or signal) when the server process ends, whoever ended it. */
  readonly exited: Promise<number | string>;
  /** code-server's own output so far, for failure reports. */
  output(): string;
  /** Kills the process group and removes the temp dirs it created. */
  stop(): Promise<void>;
}

export async function startCodeServer(options: CodeServerOptions): Promise<CodeServer> {
  const ownsBase = options.baseDir === undefined;
  const baseDir = options.baseDir ?? mkdtempSync(join(tmpdir(), 'wright-code-server-'));
  const dirs = {
    home: join(baseDir, 'home'),
    config: join(baseDir, 'config'),
    data: join(baseDir, 'data'),
    tmp: join(baseDir, 'tmp'),
    userData: join(baseDir, 'user-data'),
    extensions: join(baseDir, 'extensions'),
  };
  for (const dir of Object.values(dirs)) mkdirSync(dir, { recursive: true });
  const workspace = options.workspace ?? join(baseDir, 'workspace');
  mkdirSync(workspace, { recursive: true });
  mkdirSync(join(dirs.userData, 'User'), { recursive: true });
  const trustSettings = options.workspaceTrust ? { 'security.workspace.trust.enabled': true, 'security.workspace.trust.startupPrompt': 'never' } : {};
  writeFileSync(join(dirs.userData, 'User', 'settings.json'), JSON.stringify({ ...defaultSettings, ...trustSettings, ...options.settings }, null, 2));

  const env: NodeJS.ProcessEnv = {
    ...process.env,
    ...options.env,
    HOME: dirs.home,
    XDG_CONFIG_HOME: dirs.config,
    XDG_DATA_HOME: dirs.data,
    XDG_CACHE_HOME: join(dirs.home, '.cache'),
    TMPDIR: dirs.tmp,
    PATH: [...(options.pathPrepend ?? []), options.tools.nodeBinDir, process.env.PATH ?? ''].join(delimiter),
    // The extension host would otherwise take its environment from a login shell, which resets PATH.
    VSCODE_CLI: '1',
  };
  const common = ['--user-data-dir', dirs.userData, '--extensions-dir', dirs.extensions];

  for (const vsix of options.installVsix ?? []) {
    const result = spawnSync(options.tools.node, [options.tools.codeServerEntry, ...common, '--install-extension', vsix, '--force'], {
      env,
      encoding: 'utf8',
    });
    if (result.status !== 0) throw new Error(`code-server --install-extension ${vsix} failed:\n${result.stdout}${result.stderr}`);
  }

  const port = options.port ?? (await freePort());
  const args = [
    options.tools.codeServerEntry,
    ...common,
    '--auth',
    'none',
    '--bind-addr',
    `127.0.0.1:${port}`,
    '--disable-telemetry',
    '--disable-update-check',
    ...(options.workspaceTrust ? [] : ['--disable-workspace-trust']),
    '--disable-getting-started-override',
    ...(options.smokeTestDriver ? ['--vscode-option', 'enable-smoke-test-driver'] : []),
    workspace,
  ];
  // detached: the server becomes a process-group leader (setsid), so stop() reaches every child it forks.
  const child = spawn(options.tools.node, args, { env, cwd: workspace, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  const exited = new Promise<number | string>((resolveExit) =>
    child.once('exit', (code, signal) => resolveExit(code ?? signal ?? 'unknown')),
  );
  let output = '';
  const onData = (chunk: Buffer): void => {
    const text = chunk.toString();
    output += text;
    for (const line of text.split('\n')) if (line.trim() !== '') options.onOutput?.(line);
  };
  child.stdout.on('data', onData);
  child.stderr.on('data', onData);

  const stop = async (): Promise<void> => {
    await killGroup(child);
    if (ownsBase) rmSync(baseDir, { recursive: true, force: true, maxRetries: 3 });
  };
  const url = `http://127.0.0.1:${port}/`;
  try {
    await waitForHttp(url, child, () => output, 60_000);
  } catch (error) {
    await stop();
    throw error;
  }
  return { port, url, authority: `127.0.0.1:${port}`, workspace, baseDir, exited, output: () => output, stop };
}

/** A port that was free a moment ago on 127.0.0.1. */
export const freePort = anyFreePort;

async function waitForHttp(url: string, child: ChildProcess, output: () => string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`code-server exited (${child.exitCode ?? child.signalCode}) before answering:\n${output()}`);
    }
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(2_000), redirect: 'manual' });
      if (response.status < 500) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((resolveSleep) => setTimeout(resolveSleep, 250));
  }
  throw new Error(`code-server did not answer ${url} within ${timeoutMs / 1000} s:\n${output()}`);
}

async function killGroup(child: ChildProcess): Promise<void> {
  if (child.pid === undefined) return;
  const exited = new Promise<void>((resolveExit) => {
    if (child.exitCode !== null || child.signalCode !== null) resolveExit();
    else child.once('exit', () => resolveExit());
  });
  signalGroup(child.pid, 'SIGTERM');
  const timer = setTimeout(() => signalGroup(child.pid!, 'SIGKILL'), 5_000);
  await exited;
  clearTimeout(timer);
  // Children (extension host, file watcher, pty host) may outlive the leader: finish the group off.
  signalGroup(child.pid, 'SIGKILL');
}

function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // The group is already gone.
  }
}
