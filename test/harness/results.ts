// Reads the JSON results the integration suite writes from inside the extension host and prints them readably.
import { existsSync, readFileSync } from 'node:fs';
import type { TestResults } from '../integration/index';

export function readResults(file: string): TestResults | undefined {
  if (!existsSync(file)) return undefined;
  return JSON.parse(readFileSync(file, 'utf8')) as TestResults;
}

export function printResults(results: TestResults): void {
  for (const test of results.tests) {
    const mark = test.state === 'passed' ? 'ok  ' : test.state === 'failed' ? 'FAIL' : 'skip';
    const duration = test.durationMs === undefined ? '' : ` (${test.durationMs} ms)`;
    console.log(`  ${mark} ${test.title}${duration}`);
    if (test.error) console.log(test.error.replace(/^/gm, '       '));
  }
  console.log(`  ${results.passed} passed, ${results.failed} failed, ${results.pending} pending`);
}
