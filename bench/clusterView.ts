// The live view at scale against its peers, in one run on one seed: a fake API server in its own process holds a
// cluster shaped like real ones (Services, ReplicaSet/StatefulSet owners, ~20% of the pods behind no Service,
// ~10% crash-looping, ~10% pending; test/fixtures/fakeApiServer/seedRealistic.ts). Per round, three ways to get
// the pods: WRight's view model from nothing to a complete tree + status bar, a bare client-node list (the floor
// the watcher stands on), and `kubectl get pods -A -o json` as a process (what a tree that shells out to kubectl
// pays on every refresh), and the same list read as bytes only (the fake server's own share of each). The server runs without its controllers, so the seed stays as seeded. Then changes: readiness flips, pods added and removed, each timed from the request to
// the API server until WRight's tree and status bar reflect it (a pod is deleted with propagationPolicy=Orphan
// so the fake server does not scan the namespace for dependents it could not have). Medians with min/max; heap after gc().
// Run: node --expose-gc --import tsx bench/clusterView.ts [--pods 5000] [--rounds 5] [--changes 41]
// Prints one JSON line.
import { execFile, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs, promisify } from 'node:util';
import { ClusterViewModel } from '../src/k8s/clusterViewModel';
import type { PodInfo } from '../src/k8s/clusterSnapshot';
import { loadClient } from '../src/k8s/kubeClient';
import { rawGet } from '../src/k8s/rawList';
import { silentLogger } from '../src/shared/logger';
import { realKubectl } from '../test/fixtures/bin/lib/realKubectl';

const { values } = parseArgs({ options: { pods: { type: 'string', default: '5000' }, rounds: { type: 'string', default: '5' }, changes: { type: 'string', default: '41' } } });
const POD_COUNT = Number(values.pods);
const ROUNDS = Number(values.rounds);
const CHANGES = Number(values.changes);
const KUBECTL = realKubectl();
const CONTEXT = 'kind-wright-staging';

interface Spread {
  median: number;
  min: number;
  max: number;
}

function spread(samples: readonly number[]): Spread {
  const sorted = [...samples].sort((a, b) => a - b);
  return { median: sorted[Math.floor(sorted.length / 2)] ?? NaN, min: sorted[0] ?? NaN, max: sorted[sorted.length - 1] ?? NaN };
}

function percentile(samples: readonly number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
}

function heapAfterGc(): number {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error('run with node --expose-gc');
  gc();
  gc();
  return process.memoryUsage().heapUsed;
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'wright-bench-'));
  const kubeconfigPath = join(dir, 'kubeconfig');
  const target = { kubeconfigPath, context: CONTEXT };
  const server = spawn(process.execPath, ['--max-old-space-size=8192', '--import', 'tsx', 'test/fixtures/fakeApiServer/main.ts', '--kubeconfig', kubeconfigPath, '--quiet', '--no-controllers'], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  try {
    const url = await new Promise<string>((resolve, reject) => {
      server.stdout.on('data', (chunk: Buffer) => {
        const match = /listening (\S+)/.exec(chunk.toString());
        if (match?.[1]) resolve(match[1]);
      });
      server.once('exit', (code) => reject(new Error(`fake API server exited (${code})`)));
    });
    const control = async (path: string, body: unknown): Promise<void> => {
      const response = await fetch(`${url}/__fake/${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
      if (!response.ok) throw new Error(`control ${path}: ${response.status} ${await response.text()}`);
    };
    await control('seed', { scenario: 'realistic', count: POD_COUNT, services: 80 });

    const client = await loadClient(target);
    const core = client.kc.makeApiClient(client.k8s.CoreV1Api);
    const options = { showAllNamespaces: false, ingressPorts: { httpPort: 80, httpsPort: 443 } };
    const syncModel = async (): Promise<ClusterViewModel> => {
      const model = new ClusterViewModel(target, { logger: silentLogger, options });
      await new Promise<void>((resolve) => {
        const off = model.onDidUpdate(() => {
          if (model.complete) {
            off();
            resolve();
          }
        });
        model.start();
      });
      if (model.podCount !== POD_COUNT) throw new Error(`the model holds ${model.podCount} pods, expected ${POD_COUNT}`);
      return model;
    };

    // What the model holds: the heap (after gc()) with a complete model minus the heap just before it was made. A
    // first model is made and stopped before, so that code compiled and caches filled on first use are in both
    // figures, and its watch sockets are given time to close (they are released at times of their own).
    await (await syncModel()).stop();
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    const heapBefore = heapAfterGc();
    const measured = await syncModel();
    const cacheHeapMb = (heapAfterGc() - heapBefore) / 1048576;
    await measured.stop();

    // The client is loaded once per window, apart from any refresh: warm it before the clock starts.
    await core.listPodForAllNamespaces();

    const sync: number[] = [];
    const bare: number[] = [];
    const kubectl: number[] = [];
    const serve: number[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      const syncStart = performance.now();
      const model = await syncModel();
      sync.push(performance.now() - syncStart);
      await model.stop();

      let start = performance.now();
      await core.listPodForAllNamespaces();
      bare.push(performance.now() - start);

      start = performance.now();
      // --chunk-size=0: one request, as WRight's list makes (kubectl's default pages by 500, and the fake server
      // answers each page by scanning its store: that would charge kubectl for the fake's paging, not its own work).
      await promisify(execFile)(KUBECTL, ['--kubeconfig', kubeconfigPath, '--cache-dir', join(dir, 'cache'), 'get', 'pods', '-A', '-o', 'json', '--chunk-size=0'], { maxBuffer: 1 << 30 });
      kubectl.push(performance.now() - start);

      // The share of every figure above that is the fake server's: the same list read as bytes, not parsed.
      start = performance.now();
      await rawGet(client, '/api/v1/pods');
      serve.push(performance.now() - start);
    }

    // Changes: from the request to the API server until the tree and the status bar show it.
    const model = await syncModel();
    const readyPods = [...model.pods()].filter((pod) => pod.health === 'ready' && pod.owner?.kind === 'ReplicaSet');
    const latencies: Record<'flip' | 'add' | 'remove', number[]> = { flip: [], add: [], remove: [] };
    const timeChange = async (send: () => Promise<void>, seen: () => boolean): Promise<number> => {
      const start = performance.now();
      const done = new Promise<void>((resolve) => {
        const off = model.onDidUpdate(() => {
          if (seen()) {
            off();
            resolve();
          }
        });
      });
      await send();
      await done;
      return performance.now() - start;
    };
    type ChangeKind = 'flip' | 'add' | 'remove';
    const change = async (kind: ChangeKind, pod: PodInfo): Promise<number> => {
      if (kind === 'flip') {
        return timeChange(() => control('pods/ready', { namespace: pod.namespace, pod: pod.name, ready: false }), () => model.podHealth(pod.key) !== 'ready');
      }
      if (kind === 'add') {
        const name = `${pod.name}-added`;
        const object = { apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: pod.namespace, labels: pod.labels }, spec: { nodeName: 'wright-staging-control-plane', containers: [{ name: 'main', image: pod.images[0] ?? 'x' }] }, status: { phase: 'Pending' } };
        return timeChange(() => control('objects', { object }), () => model.podHealth(`${pod.namespace}/${name}`) !== undefined);
      }
      return timeChange(
        async () => {
          const response = await fetch(`${url}/api/v1/namespaces/${pod.namespace}/pods/${pod.name}?gracePeriodSeconds=0&propagationPolicy=Orphan`, { method: 'DELETE' });
          if (!response.ok) throw new Error(`delete ${pod.name}: ${response.status}`);
        },
        () => model.podHealth(pod.key) === undefined,
      );
    };
    const KINDS: readonly ChangeKind[] = ['flip', 'add', 'remove'];
    // One untimed change of each kind first, on pods the timed ones do not use: the fake server loads a kind's
    // validator (its kubernetes-models module) on the first create of that kind, where a real API server has it
    // ready. That made the first timed "add" ~190 ms, so the p99 of 41 changes measured the fake, not WRight.
    for (const [index, kind] of KINDS.entries()) {
      const pod = readyPods[readyPods.length - 1 - index];
      if (pod) await change(kind, pod);
    }
    for (let i = 0; i < CHANGES; i++) {
      // Changes 100 ms apart: each is a lone change, as a pod turning unready is (a burst is coalesced into one
      // refresh per window instead, see coalescer.ts).
      await new Promise((resolve) => setTimeout(resolve, 100));
      const pod: PodInfo | undefined = readyPods[i];
      if (!pod) break;
      const kind = KINDS[i % 3]!;
      latencies[kind].push(await change(kind, pod));
    }
    await model.stop();

    // The same, seen from outside the code: `wright status --watch --json` (the shipped dist/cli.js) as a process,
    // from its start to the first complete snapshot, and from a readiness flip to the change line naming the pod.
    const cli = await measureStatusWatch(dir, kubeconfigPath, readyPods.slice(CHANGES, CHANGES + 11), control);
    const all = [...latencies.flip, ...latencies.add, ...latencies.remove];
    const syncSpread = spread(sync);
    const kubectlSpread = spread(kubectl);
    const bareSpread = spread(bare);
    process.stdout.write(
      JSON.stringify({
        pods: POD_COUNT,
        services: 80,
        rounds: ROUNDS,
        syncMs: syncSpread,
        bareClientListMs: bareSpread,
        kubectlGetAllPodsMs: kubectlSpread,
        kubectlOverSync: kubectlSpread.median / syncSpread.median,
        syncOverBareList: syncSpread.median / bareSpread.median,
        serverListBytesMs: spread(serve),
        cacheHeapMb,
        changes: all.length,
        statusWatch: cli,
        changeMs: { p50: percentile(all, 50), p99: percentile(all, 99), slowest: [...all].sort((a, b) => b - a).slice(0, 5), flipP50: percentile(latencies.flip, 50), addP50: percentile(latencies.add, 50), removeP50: percentile(latencies.remove, 50) },
      }) + '\n',
    );
  } finally {
    server.kill('SIGTERM');
    rmSync(dir, { recursive: true, force: true });
  }
}

async function measureStatusWatch(dir: string, kubeconfigPath: string, pods: readonly PodInfo[], control: (path: string, body: unknown) => Promise<void>) {
  const started = performance.now();
  const child = spawn(process.execPath, [join('dist', 'cli.js'), 'status', '--watch', '--json', '--kubeconfig', kubeconfigPath], {
    env: { ...process.env, WRIGHT_HOME: join(dir, 'home') },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const waiters: { test: (line: { type: string; changed?: { kind: string; name?: string; health?: string }[] }) => boolean; resolve: () => void }[] = [];
  let partial = '';
  child.stdout.on('data', (chunk: Buffer) => {
    const parts = (partial + chunk.toString()).split('\n');
    partial = parts.pop() ?? '';
    for (const text of parts) {
      const line = JSON.parse(text) as Parameters<(typeof waiters)[number]['test']>[0];
      for (const waiter of [...waiters]) {
        if (!waiter.test(line)) continue;
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve();
      }
    }
  });
  const next = (test: (typeof waiters)[number]['test']): Promise<void> => new Promise((resolve) => waiters.push({ test, resolve }));
  try {
    await next((line) => line.type === 'snapshot');
    const firstSnapshotMs = performance.now() - started;
    const flips: number[] = [];
    for (const pod of pods) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      const start = performance.now();
      const seen = next((line) => line.type === 'change' && (line.changed ?? []).some((node) => node.kind === 'pod' && node.name === pod.name && node.health !== 'ready'));
      await control('pods/ready', { namespace: pod.namespace, pod: pod.name, ready: false });
      await seen;
      flips.push(performance.now() - start);
    }
    return { processStartToSnapshotMs: firstSnapshotMs, flipToLineP50Ms: percentile(flips, 50), flips: flips.length };
  } finally {
    child.kill('SIGINT');
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
