// `npm run test:electron`: the same integration suite in desktop VS Code through @vscode/test-electron, for
// machines that can download VS Code (CI uses code-server instead). WRIGHT_VSCODE_VERSION picks the version
// (default: stable; e.g. 1.90.0 to check the engines minimum).
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { runTests } from '@vscode/test-electron';
import { buildIntegrationSuite } from './buildIntegration';
import { printResults, readResults } from './results';
import { repoRoot } from './testTools';

async function main(): Promise<number> {
  const build = spawnSync('npm', ['run', '--silent', 'build'], { cwd: repoRoot, stdio: ['ignore', 'ignore', 'inherit'] });
  if (build.status !== 0) throw new Error('npm run build failed');
  const extensionTestsPath = await buildIntegrationSuite();

  const outputDir = join(repoRoot, '.test-output', 'electron');
  rmSync(outputDir, { recursive: true, force: true });
  mkdirSync(outputDir, { recursive: true });
  const resultsFile = join(outputDir, 'results.json');
  const scratch = mkdtempSync(join(tmpdir(), 'wright-electron-'));
  const fakeBin = join(scratch, 'bin');
  const workspace = join(scratch, 'workspace');
  mkdirSync(fakeBin);
  mkdirSync(workspace);
  try {
    // runTests rejects when VS Code exits non-zero (or cannot be downloaded); the results file tells which tests failed.
    const code = await runTests({
      version: process.env.WRIGHT_VSCODE_VERSION ?? 'stable',
      extensionDevelopmentPath: repoRoot,
      extensionTestsPath,
      extensionTestsEnv: {
        WRIGHT_TEST_RESULTS: resultsFile,
        WRIGHT_TEST_PATH_PREPEND: fakeBin,
        PATH: `${fakeBin}${delimiter}${process.env.PATH ?? ''}`,
        // As in codeServer.ts: stops VS Code from replacing this environment with a login shell's.
        VSCODE_CLI: '1',
      },
      launchArgs: [
        workspace,
        '--disable-extensions',
        '--disable-workspace-trust',
        '--user-data-dir',
        join(scratch, 'user-data'),
        '--extensions-dir',
        join(scratch, 'extensions'),
      ],
    }).catch((error: unknown) => {
      console.error(error instanceof Error ? error.message : String(error));
      return 1;
    });
    const results = readResults(resultsFile);
    if (results) printResults(results);
    return code === 0 && results !== undefined && results.failed === 0 ? 0 : 1;
  } finally {
    rmSync(scratch, { recursive: true, force: true, maxRetries: 3 });
  }
}

main().then(
  (code) => (process.exitCode = code),
  (error: unknown) => {
    console.error('test:electron failed:', error instanceof Error ? error.message : error);
    process.exitCode = 1;
  },
);
