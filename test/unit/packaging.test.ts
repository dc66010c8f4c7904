// What the .vsix carries, as vsce itself lists it from .vscodeignore: the bundles, the manifests, the media and
// the four top-level documents, and nothing else (no sources, tests, node_modules, source maps or tool caches).
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { test } from 'node:test';
import { promisify } from 'node:util';

const root = join(__dirname, '..', '..');
const ALLOWED = [/^dist\/(extension|cli|clientNode|execa|liveView|verify|pg|ioredis)\.js$/, /^manifests\//, /^media\//, /^(package\.json|README\.md|CHANGELOG\.md|LICENSE)$/];

test('the .vsix holds only the allowlisted files, the manifests among them', async () => {
  const vsce = join(root, 'node_modules', '@vscode', 'vsce', 'vsce');
  const { stdout } = await promisify(execFile)(process.execPath, [vsce, 'ls', '--no-dependencies'], { cwd: root });
  const files = stdout.split('\n').map((line) => line.trim()).filter(Boolean);
  const stray = files.filter((file) => !ALLOWED.some((pattern) => pattern.test(file)));
  assert.deepEqual(stray, [], `files that must not ship: ${stray.join(', ')}`);
  for (const needed of ['package.json', 'README.md', 'LICENSE', 'manifests/kind/cluster.yaml', 'manifests/overlays/local/kustomization.yaml', 'media/wright.svg']) {
    assert.ok(files.includes(needed), `${needed} is missing from the .vsix`);
  }
});
