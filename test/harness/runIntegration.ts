// `npm run test:integration`: runs the integration suite inside the extension host of a real VS Code (code-server),
// the extensionTestsPath way: the smoke-test driver takes the tests from the URL payload and reports the exit code
// back to the page. Prints the results, exits non-zero on failure, and always stops the browser and the server.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launchBrowser, type Browser } from './browser';
import { buildIntegrationSuite } from './buildIntegration';
import { startCodeServer, type CodeServer } from './codeServer';
import { printResults, readResults } from './results';
import { ensureTestTools, repoRoot } from './testTools';

const TIMEOUT_MS = Number(process.env.WRIGHT_INTEGRATION_TIMEOUT_MS ?? 180_000);
const outputDir = join(repoRoot, '.test-output', 'integration');
const FAKE_TOOLS = ['kind', 'docker', 'kubectl'] as const;

/** A vscode-remote:// URI for a path on the server, as the smoke-test driver's payload expects. */
function remoteUri(server: CodeServer, path: string): string {
  return `vscode-remote://${server.authority}${path}`;
}

async function main(): Promise<number> {
  const tools = ensureTestTools();
  const started = Date.now();
  const build = spawnSync('npm', ['run', '--silent', 'build'], { cwd: repoRoot, stdio: ['ignore', 'ignore', 'inherit'] });
  if (build.status !== 0) throw new Error('npm run build failed');
  const testsEntry = await buildIntegrationSuite();

  rmSync(outputDir, { recursive: true, force: true });
  mkdirSync(outputDir, { recursive: true });
  const resultsFile = join(outputDir, 'results.json');
  const scratch = mkdtempSync(join(tmpdir(), 'wright-integration-'));
  const fakeBin = join(scratch, 'bin');
  mkdirSync(fakeBin);
  // The project's fake kind/docker/kubectl, first on the extension host's PATH, so the extension finds them by the
  // default tool names as it would find the real ones. Their scenario switches (WRIGHT_FAKE_*) are set by the tests.
  for (const tool of FAKE_TOOLS) symlinkSync(join(repoRoot, 'test', 'fixtures', 'bin', tool), join(fakeBin, tool));
  const hostLog: string[] = [];

  let server: CodeServer | undefined;
  let browser: Browser | undefined;
  try {
    server = await startCodeServer({
      tools,
      smokeTestDriver: true,
      workspace: join(scratch, 'workspace'),
      env: { WRIGHT_TEST_RESULTS: resultsFile, WRIGHT_TEST_PATH_PREPEND: fakeBin, ...grepEnv() },
      pathPrepend: [fakeBin],
    });
    browser = await launchBrowser(tools.chromium);
    const { page } = browser;
    let exit: (code: number) => void = () => undefined;
    const exited = new Promise<number>((resolveExit) => (exit = resolveExit));
    // Both must exist before the workbench loads: it looks them up once at start-up.
    await page.exposeFunction('codeAutomationExit', (code: number) => exit(code));
    await page.exposeFunction('codeAutomationLog', (type: string, args: unknown[]) => hostLog.push(`[${type}] ${args.map(String).join(' ')}`));
    // The host's console already arrives through codeAutomationLog; the page adds only its own errors.
    page.on('console', (message) => void (message.type() === 'error' && hostLog.push(`[page error] ${message.text()}`)));

    const payload = [
      ['extensionDevelopmentPath', remoteUri(server, repoRoot)],
      ['extensionTestsPath', remoteUri(server, testsEntry)],
    ];
    const url = `${server.url}?folder=${encodeURIComponent(server.workspace)}&payload=${encodeURIComponent(JSON.stringify(payload))}`;
    await page.goto(url);

    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<'timeout'>((resolveTimeout) => (timer = setTimeout(() => resolveTimeout('timeout'), TIMEOUT_MS)));
    const code = await Promise.race([exited, timedOut]);
    clearTimeout(timer);
    if (code === 'timeout') {
      await page.screenshot({ path: join(outputDir, 'timeout.png') }).catch(() => undefined);
      console.error(`Integration tests did not finish within ${TIMEOUT_MS / 1000} s (see ${outputDir}).`);
      return 1;
    }

    const results = readResults(resultsFile);
    if (results) printResults(results);
    else console.error('The extension host wrote no results file: the suite did not load (see the host log below).');
    console.log(`Integration suite in code-server: exit code ${code}, ${((Date.now() - started) / 1000).toFixed(1)} s`);
    return code === 0 && results !== undefined && results.failed === 0 ? 0 : 1;
  } finally {
    writeFileSync(join(outputDir, 'host.log'), hostLog.join('\n') + '\n');
    if (server) writeFileSync(join(outputDir, 'code-server.log'), server.output());
    await browser?.close();
    await server?.stop();
    rmSync(scratch, { recursive: true, force: true, maxRetries: 3 });
  }
}

// `npm run test:integration -- --grep <text>` runs the matching tests only.
function grepEnv(): Record<string, string> {
  const index = process.argv.indexOf('--grep');
  const pattern = index >= 0 ? process.argv[index + 1] : undefined;
  return pattern ? { WRIGHT_TEST_GREP: pattern } : {};
}

main().then(
  (code) => {
    if (code !== 0) console.error(`Host log and code-server log: ${outputDir}`);
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  },
);
