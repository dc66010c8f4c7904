// Measures `wright verify` (without --restart) end to end as a user runs it: the built CLI (dist/cli.js, which
// loads the lazily bundled clients dist/clientNode.js, dist/pg.js and dist/ioredis.js) in a fresh process per
// run, against the verify test world in this process: the fake API server with the bundled overlay's objects,
// PGlite with pgvector and Debian's redis-server behind its port-forward, an instant local ingress. The child is
// spawned asynchronously: PGlite serves from this process's event loop. Prints one JSON line.
// Run: node --import tsx bench/verify.ts [runs]
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { closeSharedPglite } from '../test/fixtures/verify/pgliteServer';
import { CLUSTER, VerifyWorld } from '../test/fixtures/verify/verifyWorld';

const root = join(__dirname, '..');

function runCli(world: VerifyWorld): Promise<{ wallMs: number; reportMs: number; ok: boolean; checks: number }> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, [join(root, 'dist', 'cli.js'), 'verify', '--json', '--cluster-name', CLUSTER, '--http-port', String(world.ingress.port)], {
      env: { ...process.env, WRIGHT_HOME: world.stateDir },
      cwd: world.workspace,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      const wallMs = performance.now() - started;
      try {
        const report = JSON.parse(stdout) as { durationMs: number; ok: boolean; checks: unknown[] };
        if (code !== 0) throw new Error(`wright verify exited ${code}: ${stdout}`);
        resolve({ wallMs, reportMs: report.durationMs, ok: report.ok, checks: report.checks.length });
      } catch (error) {
        reject(new Error(`${(error as Error).message}\n${stderr}`));
      }
    });
  });
}

async function main(): Promise<void> {
  const runs = Number(process.argv[2] ?? 5);
  const world = await VerifyWorld.start();
  try {
    const samples = [];
    for (let i = 0; i < runs; i++) samples.push(await runCli(world));
    const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? NaN;
    process.stdout.write(
      JSON.stringify({ runs, checks: samples[0]?.checks, wallMsMedian: median(samples.map((s) => s.wallMs)), checksMsMedian: median(samples.map((s) => s.reportMs)) }) + '\n',
    );
  } finally {
    await world.dispose();
    await closeSharedPglite();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
