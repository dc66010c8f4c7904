// Runs every test/unit/**/*.test.ts with node's built-in test runner (Node 20 has no glob support in --test).
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

function find(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return find(path);
    return entry.name.endsWith('.test.ts') ? [path] : [];
  });
}

// The verify tests run real servers: Debian's redis-server and PostgreSQL (for a server that checks passwords).
// `npm test` installs them on Debian as root, like Chromium for the UI tests; elsewhere it says how.
function ensureServers() {
  const onPath = (name) => (process.env.PATH ?? '').split(':').some((dir) => dir && existsSync(join(dir, name)));
  const hasPostgres = existsSync('/usr/lib/postgresql') && readdirSync('/usr/lib/postgresql').some((v) => existsSync(join('/usr/lib/postgresql', v, 'bin', 'initdb')));
  const missing = [...(onPath('redis-server') || process.env.WRIGHT_TEST_REDIS_SERVER ? [] : ['redis-server']), ...(hasPostgres || process.env.WRIGHT_TEST_PG_BIN ? [] : ['postgresql'])];
  if (missing.length === 0) return;
  if (process.getuid?.() !== 0 || !existsSync('/usr/bin/apt-get')) {
    console.error(`[tools] the verify tests need ${missing.join(' and ')}: install them (Debian: sudo apt-get install -y ${missing.join(' ')}).`);
    return;
  }
  console.log(`[tools] apt-get install ${missing.join(' ')}`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  for (const args of [['update', '-qq'], ['install', '-y', '-qq', '--no-install-recommends', ...missing]]) {
    const result = spawnSync('apt-get', args, { stdio: 'inherit', env });
    if (result.status !== 0) console.error(`[tools] apt-get ${args.join(' ')} failed`);
  }
}

const filter = process.argv.slice(2);
const files = find('test/unit').filter((file) => filter.length === 0 || filter.some((part) => file.includes(part)));
if (files.length === 0) {
  console.error('No unit test files matched.');
  process.exit(1);
}
// node:test has no time limit by default: a regression that hangs must fail instead. Tests that need longer set
// their own { timeout }. The limit also applies to each file as a whole (node runs every file as one test of its
// own), so it is sized for the longest file on a busy 2-core machine: lifecycleEngine.test.ts, 30 tests, took
// over 120 s there while other work ran.
const TIMEOUT_MS = 300_000;
ensureServers();
const result = spawnSync(process.execPath, ['--import', 'tsx', '--test', `--test-timeout=${TIMEOUT_MS}`, '--test-reporter', 'spec', ...files], { stdio: 'inherit' });
process.exit(result.status ?? 1);
