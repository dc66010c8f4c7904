// The secret contract (src/lifecycle/secretSpec.ts) against Kubernetes' naming rules and against .env.example,
// the file users copy: every .env key the deploy step reads is documented there, with the same defaults.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { test } from 'node:test';
import { SECRET_SPECS } from '../../src/lifecycle/secretSpec';

const ROOT = resolve(__dirname, '../..');

/** KEY=value lines of a .env file, in order (comments and blank lines skipped). */
function envLines(text: string): [string, string][] {
  return text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'))
    .map((line) => {
      const eq = line.indexOf('=');
      assert.ok(eq > 0, `not a KEY=value line: ${line}`);
      return [line.slice(0, eq), line.slice(eq + 1)];
    });
}

test('Secret names, namespaces and keys are valid Kubernetes names', () => {
  const dns1123 = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
  for (const spec of SECRET_SPECS) {
    assert.match(spec.name, dns1123);
    assert.match(spec.namespace, dns1123);
    assert.ok(spec.entries.length > 0, `${spec.name} has entries`);
    for (const entry of spec.entries) {
      // A Secret key usable as an environment variable name (what the workloads do with it).
      assert.match(entry.key, /^[A-Za-z_][A-Za-z0-9_]*$/);
      assert.match(entry.envVar, /^[A-Z_][A-Z0-9_]*$/);
    }
  }
});

test('no duplicate Secret, key within a Secret, or .env variable', () => {
  const names = SECRET_SPECS.map((s) => `${s.namespace}/${s.name}`);
  assert.equal(new Set(names).size, names.length);
  for (const spec of SECRET_SPECS) {
    const keys = spec.entries.map((e) => e.key);
    assert.equal(new Set(keys).size, keys.length, `${spec.name} keys`);
  }
  const envVars = SECRET_SPECS.flatMap((s) => s.entries.map((e) => e.envVar));
  assert.equal(new Set(envVars).size, envVars.length);
});

test('every password, secret and token is generated, never a fixed default', () => {
  for (const entry of SECRET_SPECS.flatMap((s) => s.entries)) {
    if (/PASSWORD|SECRET|TOKEN/.test(entry.key)) assert.ok('generate' in entry.fallback, `${entry.envVar} must be generated`);
  }
});

test('.env.example documents exactly the .env variables of the contract, with the same defaults', () => {
  const lines = envLines(readFileSync(join(ROOT, '.env.example'), 'utf8'));
  const documented = new Map(lines);
  assert.equal(documented.size, lines.length, '.env.example repeats a key');
  const expected = new Map(SECRET_SPECS.flatMap((s) => s.entries.map((e): [string, string] => [e.envVar, 'value' in e.fallback ? e.fallback.value : ''])));
  assert.deepEqual(documented, expected);
});

test('the .env parser used above rejects a malformed line', () => {
  assert.throws(() => envLines('GOOD=1\nnot a pair\n'), /not a KEY=value line: not a pair/);
});
