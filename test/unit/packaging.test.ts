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

test('Restricted Mode: every setting that names an executable, a file or manifests is restricted, and the lifecycle commands need trust', async () => {
  const { readFile } = await import('node:fs/promises');
  const manifest = JSON.parse(await readFile(join(root, 'package.json'), 'utf8')) as {
    capabilities: { untrustedWorkspaces: { supported: string; restrictedConfigurations: string[] } };
    contributes: { configuration: { properties: Record<string, { scope?: string }> }; commands: { command: string; enablement?: string }[] };
  };
  const trust = manifest.capabilities.untrustedWorkspaces;
  assert.equal(trust.supported, 'limited');
  const declared = Object.keys(manifest.contributes.configuration.properties);
  const pathLike = declared.filter((key) => /^wright\.(tools\.|kubeconfig$|mergeIntoDefaultKubeconfig$|manifests$|nodeImage$|envFile$|environments$)/.test(key));
  assert.deepEqual([...trust.restrictedConfigurations].sort(), pathLike.sort());
  for (const tool of declared.filter((key) => key.startsWith('wright.tools.'))) {
    assert.equal(manifest.contributes.configuration.properties[tool]?.scope, 'machine-overridable', tool);
  }
  for (const id of ['wright.createCluster', 'wright.deploy', 'wright.teardown', 'wright.deployToEnvironment']) {
    const command = manifest.contributes.commands.find((entry) => entry.command === id);
    assert.match(command?.enablement ?? '', /(^|&& )isWorkspaceTrusted( &&|$)/, id);
  }
});
