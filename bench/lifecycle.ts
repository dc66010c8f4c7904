// Measures how much time `wright up` spends on its own, apart from the tools it runs: the engine creates the
// cluster and deploys with the fake kind/docker/kubectl (which answer at once), every tool run is timed, and
// WRight's own time is the wall time minus the time during which at least one tool was running. Also reports
// how much the tool runs overlapped (independent steps run in parallel). Prints one JSON line.
// Run: node --import tsx bench/lifecycle.ts [runs]
import { performance } from 'node:perf_hooks';
import { LifecycleEngine } from '../src/lifecycle/engine';
import { ExecaProcessRunner, type ProcessRunner, type RunOptions, type RunResult, type RunningProcess } from '../src/process/runner';
import { anyFreePort } from '../src/portForward/localPorts';
import { silentLogger } from '../src/shared/logger';
import { DEFAULT_SETTINGS } from '../src/shared/settings';
import { SecretRedactor } from '../src/shared/secrets';
import { TEST_MANIFESTS, World } from '../test/fixtures/lifecycle/world';

class TimingRunner implements ProcessRunner {
  readonly intervals: Array<[number, number]> = [];
  constructor(private readonly inner: ProcessRunner) {}

  async run(command: string, args: readonly string[], options?: RunOptions): Promise<RunResult> {
    const start = performance.now();
    try {
      return await this.inner.run(command, args, options);
    } finally {
      this.intervals.push([start, performance.now()]);
    }
  }

  start(command: string, args: readonly string[], options?: RunOptions): RunningProcess {
    return this.inner.start(command, args, options);
  }
}

/** Total length covered by the intervals (overlaps counted once). */
function covered(intervals: ReadonlyArray<[number, number]>): number {
  const sorted = [...intervals].sort((a, b) => a[0] - b[0]);
  let total = 0;
  let end = -Infinity;
  for (const [from, to] of sorted) {
    if (to <= end) continue;
    total += to - Math.max(from, end);
    end = to;
  }
  return total;
}

async function once(): Promise<{ wallMs: number; toolsMs: number; toolRuns: number; toolSumMs: number }> {
  const world = new World();
  try {
    const redactor = new SecretRedactor();
    const runner = new TimingRunner(new ExecaProcessRunner(silentLogger, redactor));
    const engine = new LifecycleEngine({
      runner,
      logger: silentLogger,
      redactor,
      paths: { stateDir: world.stateDir, workspaceDir: world.workspace, manifestsDir: TEST_MANIFESTS, defaultKubeconfig: `${world.home}/.kube/config` },
    });
    // The product's default: image caches on (the test World turns them off), the local registry on a free port.
    const images = { ...DEFAULT_SETTINGS.images, registryPort: await anyFreePort() };
    const start = performance.now();
    await engine.create({ ...world.options({ images }), ifExists: 'reuse' });
    const wallMs = performance.now() - start;
    const toolSumMs = runner.intervals.reduce((sum, [from, to]) => sum + (to - from), 0);
    return { wallMs, toolsMs: covered(runner.intervals), toolRuns: runner.intervals.length, toolSumMs };
  } finally {
    world.dispose();
  }
}

async function main(): Promise<void> {
  const runs = Number(process.argv[2] ?? 5);
  const samples = [];
  for (let i = 0; i < runs; i++) samples.push(await once());
  const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? NaN;
  process.stdout.write(
    JSON.stringify({
      runs,
      wallMsMedian: median(samples.map((s) => s.wallMs)),
      toolsMsMedian: median(samples.map((s) => s.toolsMs)),
      ownMsMedian: median(samples.map((s) => s.wallMs - s.toolsMs)),
      toolRuns: samples[0]?.toolRuns,
      // > 1 when tool runs overlap: independent steps waiting in parallel.
      overlap: median(samples.map((s) => s.toolSumMs / s.toolsMs)),
    }) + '\n',
  );
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
