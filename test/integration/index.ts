// The extensionTestsPath entry: VS Code's extension host calls run(), which runs every *.test.js next to this file
// with mocha and rejects when a test fails. Results also go to the JSON file named by WRIGHT_TEST_RESULTS, because
// the runner cannot rely on the host's console reaching it intact.
import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Mocha from 'mocha';

export interface TestResult {
  readonly title: string;
  readonly state: 'passed' | 'failed' | 'pending';
  readonly durationMs?: number;
  readonly error?: string;
}

export interface TestResults {
  readonly passed: number;
  readonly failed: number;
  readonly pending: number;
  readonly tests: readonly TestResult[];
}

export async function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'tdd', timeout: 30_000, color: false, reporter: 'spec' });
  const grep = process.env.WRIGHT_TEST_GREP;
  if (grep) mocha.grep(grep);
  for (const file of readdirSync(__dirname).filter((name) => name.endsWith('.test.js')).sort()) {
    mocha.addFile(join(__dirname, file));
  }
  await mocha.loadFilesAsync();

  const tests: TestResult[] = [];
  await new Promise<void>((resolveRun) => {
    const runner = mocha.run(() => resolveRun());
    runner.on('pass', (test) => tests.push({ title: test.fullTitle(), state: 'passed', durationMs: test.duration ?? 0 }));
    runner.on('pending', (test) => tests.push({ title: test.fullTitle(), state: 'pending' }));
    // 'fail' also fires for hooks, so a failing suiteSetup is reported rather than silently skipping its tests.
    runner.on('fail', (test, error: Error) => tests.push({ title: test.fullTitle(), state: 'failed', error: error.stack ?? String(error) }));
  });

  const count = (state: TestResult['state']): number => tests.filter((test) => test.state === state).length;
  const results: TestResults = { passed: count('passed'), failed: count('failed'), pending: count('pending'), tests };
  const resultsFile = process.env.WRIGHT_TEST_RESULTS;
  if (resultsFile) writeFileSync(resultsFile, JSON.stringify(results, null, 2));
  if (results.failed > 0) throw new Error(`${results.failed} integration test(s) failed`);
  if (results.passed === 0) throw new Error('no integration test ran');
}
