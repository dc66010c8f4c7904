// Runs every test/unit/**/*.test.ts with node's built-in test runner (Node 20 has no glob support in --test).
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

function find(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return find(path);
    return entry.name.endsWith('.test.ts') ? [path] : [];
  });
}

const filter = process.argv.slice(2);
const files = find('test/unit').filter((file) => filter.length === 0 || filter.some((part) => file.includes(part)));
if (files.length === 0) {
  console.error('No unit test files matched.');
  process.exit(1);
}
// node:test has no time limit by default: a regression that hangs must fail instead. Tests that need longer set
// their own { timeout }.
const result = spawnSync(process.execPath, ['--import', 'tsx', '--test', '--test-timeout=120000', '--test-reporter', 'spec', ...files], { stdio: 'inherit' });
process.exit(result.status ?? 1);
