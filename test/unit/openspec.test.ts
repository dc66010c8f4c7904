// The OpenSpec record of the project (openspec/): every change and spec must pass `openspec validate --strict`.
// The CLI runs from node_modules as a plain node script (argument arrays, no shell, no npx), with its telemetry
// and update check switched off through its documented variables and a throwaway HOME, so a test run never
// contacts the network or writes to the user's OpenSpec config.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, test } from 'node:test';

const ROOT = resolve(__dirname, '../..');
const CLI = join(ROOT, 'node_modules', '@fission-ai', 'openspec', 'bin', 'openspec.js');
const CHANGE = 'add-bundled-staging-manifests';

const scratch = mkdtempSync(join(tmpdir(), 'wright-openspec-'));
const home = join(scratch, 'home');
mkdirSync(home);
after(() => rmSync(scratch, { recursive: true, force: true }));

interface Run {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

interface ValidationReport {
  readonly items: readonly { id: string; type: string; valid: boolean; issues: readonly { level: string; message: string }[] }[];
  readonly summary: { totals: { items: number; passed: number; failed: number } };
  readonly root: { path: string };
}

function openspec(cwd: string, args: readonly string[]): Promise<Run> {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    // Telemetry and the npm update check are opt-out; both honour these (dist/telemetry/opt-out.js, core/version-check.js).
    OPENSPEC_TELEMETRY: '0',
    DO_NOT_TRACK: '1',
    OPENSPEC_NO_UPDATE_CHECK: '1',
    // Its global config (and any registered stores) live under HOME / XDG_CONFIG_HOME: use an empty one.
    HOME: home,
    USERPROFILE: home,
    XDG_CONFIG_HOME: join(home, '.config'),
    XDG_DATA_HOME: join(home, '.local', 'share'),
    APPDATA: join(home, 'AppData', 'Roaming'),
    NO_COLOR: '1',
  };
  return new Promise((done) => {
    execFile(process.execPath, [CLI, ...args], { cwd, env, timeout: 60_000 }, (error, stdout, stderr) => {
      const code = error === null ? 0 : typeof error.code === 'number' ? error.code : -1;
      done({ code, stdout, stderr });
    });
  });
}

const validateArgs = ['validate', '--all', '--strict', '--no-interactive', '--json'] as const;

function report(run: Run): ValidationReport {
  try {
    return JSON.parse(run.stdout) as ValidationReport;
  } catch {
    assert.fail(`openspec printed no JSON report (exit ${run.code}):\n${run.stdout}\n${run.stderr}`);
  }
}

test('every OpenSpec change and spec of the project passes `openspec validate --all --strict`', async () => {
  const run = await openspec(ROOT, validateArgs);
  const result = report(run);
  const problems = result.items.filter((item) => !item.valid).map((item) => `${item.type} ${item.id}: ${item.issues.map((i) => i.message).join('; ')}`);
  assert.deepEqual(problems, []);
  assert.equal(run.code, 0, run.stderr);
  assert.equal(resolve(result.root.path), ROOT, 'validated the repository\'s own openspec/ folder');
  assert.ok(result.items.some((item) => item.type === 'change' && item.id === CHANGE && item.valid), `change ${CHANGE} was validated`);
  // Nothing written to the (throwaway) home: no telemetry id, no notice flag, no config.
  assert.deepEqual(readdirSync(home, { recursive: true }), []);
});

test('the staging-manifests change carries its spec delta: requirements, each with scenarios', async () => {
  const run = await openspec(ROOT, ['show', CHANGE, '--type', 'change', '--json', '--deltas-only']);
  assert.equal(run.code, 0, run.stderr);
  const shown = JSON.parse(run.stdout) as { deltas: { spec: string; operation: string; requirement: { scenarios: unknown[] } }[] };
  const added = shown.deltas.filter((d) => d.spec === 'staging-manifests' && d.operation === 'ADDED');
  assert.ok(added.length >= 10, `expected the manifests requirements, found ${added.length}`);
  for (const delta of added) assert.ok(delta.requirement.scenarios.length > 0, 'every requirement has a scenario');
});

test('a broken spec fails validation (the check above can fail)', async () => {
  const copy = join(scratch, 'broken');
  cpSync(join(ROOT, 'openspec'), join(copy, 'openspec'), { recursive: true });
  const specFile = join(copy, 'openspec', 'changes', CHANGE, 'specs', 'staging-manifests', 'spec.md');
  const original = readFileSync(specFile, 'utf8');
  // Demote every scenario heading of the first requirement to three hashes: it then has no scenario.
  const firstRequirement = original.indexOf('### Requirement:');
  const secondRequirement = original.indexOf('### Requirement:', firstRequirement + 1);
  const broken = original.slice(0, firstRequirement) + original.slice(firstRequirement, secondRequirement).replaceAll('#### Scenario:', '### Scenario:') + original.slice(secondRequirement);
  assert.notEqual(broken, original);
  writeFileSync(specFile, broken);

  const run = await openspec(copy, validateArgs);
  const result = report(run);
  assert.notEqual(run.code, 0);
  assert.equal(result.summary.totals.failed, 1);
  const change = result.items.find((item) => item.id === CHANGE);
  assert.ok(change && !change.valid);
  assert.ok(change.issues.some((issue) => /scenario/i.test(issue.message)), change.issues.map((i) => i.message).join('\n'));
});
