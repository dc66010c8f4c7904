// The user docs name settings as `wright.<key>`: each must be a setting the extension contributes, so a renamed or
// removed setting cannot leave the docs pointing at something that is not there.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { test } from 'node:test';

const ROOT = resolve(__dirname, '../..');
const DOCS = ['README.md', 'docs/kubernetes-setup.md', 'docs/adding-services.md', 'docs/images.md', 'docs/cloud-migration.md', 'docs/cluster-architecture.md', 'docs/manifests.md'];

/** Every `wright.<key>` written in backticks (how the docs name settings), with the file it is in. */
function settingsNamedIn(file: string, text: string): { file: string; key: string }[] {
  return [...text.matchAll(/`(wright\.[A-Za-z][\w.]*[A-Za-z])`/g)].map((match) => ({ file, key: match[1]! }));
}

/** Names the docs may write as `wright.x` that are not settings: views and the view container. */
const OTHER_IDS = new Set(['wright.cluster']);

function contributedSettings(): Set<string> {
  const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { contributes: { configuration: { properties: Record<string, unknown> } } };
  return new Set(Object.keys(manifest.contributes.configuration.properties));
}

/** The named keys that are neither a contributed setting nor another known id, as "file: key". */
function unknownSettings(named: { file: string; key: string }[], settings: Set<string>): string[] {
  return named.filter(({ key }) => !settings.has(key) && !OTHER_IDS.has(key)).map(({ file, key }) => `${file}: ${key}`);
}

test('every setting the docs name is contributed in package.json', () => {
  const named = DOCS.flatMap((file) => settingsNamedIn(file, readFileSync(join(ROOT, file), 'utf8')));
  assert.ok(named.length >= 10, `the docs name settings (found ${named.length})`);
  assert.deepEqual(unknownSettings(named, contributedSettings()), []);
});

test('a misspelt setting in a doc is reported with its file', () => {
  const named = settingsNamedIn('x.md', 'Set `wright.ingress.httpPort` and `wright.ingres.httpsPort`, see `auth.wright.localhost`.');
  assert.deepEqual(named.map((n) => n.key), ['wright.ingress.httpPort', 'wright.ingres.httpsPort']);
  assert.deepEqual(unknownSettings(named, contributedSettings()), ['x.md: wright.ingres.httpsPort']);
});
