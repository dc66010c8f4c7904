// `wright doctor --env-file new.env` as people run it: through the `bin` entry (a `wright` link on PATH to the
// built dist/cli.js, as npm installs it) and through `node -- dist/cli.js` / `node dist/cli.js -- ...`. Node itself
// takes `--env-file` even after the script name and exits 9 ("node: new.env: not found") before WRight runs;
// the bin's `#!/usr/bin/env -S node --` stops that. Run with this Node (20) and, when present, the tools' Node 24.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { after, before, test } from 'node:test';
import { promisify } from 'node:util';
import { testToolPaths } from '../harness/testTools';
import { REPO_ROOT, worldEnv } from '../fixtures/cliProcess';
import { World } from '../fixtures/lifecycle/world';

const run = promisify(execFile);
const build = mkdtempSync(join(tmpdir(), 'wright-bin-'));
const cli = join(build, 'dist', 'cli.js');
const binDir = join(build, 'bin');
let world: World;

before(async () => {
  await run(process.execPath, [join(REPO_ROOT, 'scripts', 'build.mjs'), '--outdir', join(build, 'dist')], { cwd: REPO_ROOT });
  mkdirSync(binDir);
  symlinkSync(cli, join(binDir, 'wright'));
  world = new World();
  mkdirSync(world.workspace, { recursive: true });
});
after(() => {
  world.dispose();
  rmSync(build, { recursive: true, force: true });
});

const DOCTOR = ['doctor', '--http-port', '18080', '--https-port', '18443'];

async function doctor(command: string, args: readonly string[], nodeDir: string): Promise<{ code: number; stdout: string; stderr: string }> {
  const env = { ...worldEnv(world), PATH: [binDir, nodeDir, process.env.PATH].join(delimiter), WRIGHT_FAKE_STATE: world.fakeState, HOME: world.home };
  try {
    const { stdout, stderr } = await run(command, [...args], { cwd: world.workspace, env });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

const nodes = [{ label: `Node ${process.versions.node}`, dir: dirname(process.execPath) }];
const node24 = testToolPaths();
if (existsSync(node24.node)) nodes.push({ label: 'Node 24 (test tools)', dir: node24.nodeBinDir });

for (const { label, dir } of nodes) {
  const node = join(dir, 'node');
  test(`${label}: \`wright doctor --env-file new.env\` through the bin entry reaches WRight`, { timeout: 120_000 }, async () => {
    for (const flag of [['--env-file', 'new.env'], ['--env-file=new.env']]) {
      const result = await doctor('wright', [...DOCTOR, ...flag], dir);
      assert.doesNotMatch(result.stderr, /not found/, `Node took the flag: ${result.stderr}`);
      assert.equal(result.code, 0, result.stdout + result.stderr);
      assert.match(result.stdout, /new\.env: not created yet/);
    }
  });

  test(`${label}: \`node -- dist/cli.js\` and \`node dist/cli.js -- ...\` with --env-file reach WRight`, { timeout: 120_000 }, async () => {
    for (const args of [['--', cli, ...DOCTOR, '--env-file', 'new.env'], [cli, '--', ...DOCTOR, '--env-file', 'new.env']]) {
      const result = await doctor(node, args, dir);
      assert.equal(result.code, 0, result.stdout + result.stderr);
      assert.match(result.stdout, /new\.env: not created yet/);
    }
  });
}
