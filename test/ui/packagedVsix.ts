// The packaged extension the UI tests install: `npm run package` (production build + vsce), run again only when
// something that goes into the .vsix is newer than the file, so the smoke and journey tests of one `npm test`
// share one packaging step.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../harness/testTools';

/** What the .vsix is built from (see .vscodeignore and scripts/build.mjs). */
const INPUTS = ['src', 'manifests', 'media', 'package.json', 'README.md', 'CHANGELOG.md', 'LICENSE', 'scripts/build.mjs', '.vscodeignore'];

function newestMtime(path: string): number {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return readdirSync(path).reduce((newest, name) => Math.max(newest, newestMtime(join(path, name))), stat.mtimeMs);
}

export function packagedVsix(): string {
  const { version } = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { version: string };
  const vsix = join(repoRoot, `wright-staging-${version}.vsix`);
  const inputs = Math.max(...INPUTS.map((input) => newestMtime(join(repoRoot, input))));
  if (existsSync(vsix) && statSync(vsix).mtimeMs > inputs) return vsix;
  const packaged = spawnSync('npm', ['run', '--silent', 'package'], { cwd: repoRoot, encoding: 'utf8' });
  assert.equal(packaged.status, 0, `npm run package failed:\n${packaged.stdout}${packaged.stderr}`);
  assert.ok(existsSync(vsix), `npm run package did not produce ${vsix}`);
  return vsix;
}

/**
 * The API probe (test/fixtures/apiProbe), packaged into `dir`: a second extension that activates WRight as any other
 * extension could and records what it was handed.
 */
export function packagedApiProbe(dir: string): string {
  const source = join(repoRoot, 'test', 'fixtures', 'apiProbe');
  for (const file of readdirSync(source)) copyFileSync(join(source, file), join(dir, file));
  const vsix = join(dir, 'wright-api-probe.vsix');
  const vsce = join(repoRoot, 'node_modules', '@vscode', 'vsce', 'vsce');
  const packaged = spawnSync(process.execPath, [vsce, 'package', '--allow-missing-repository', '--skip-license', '--no-dependencies', '-o', vsix], { cwd: dir, encoding: 'utf8' });
  assert.equal(packaged.status, 0, `packaging the API probe failed:\n${packaged.stdout}${packaged.stderr}`);
  return vsix;
}
