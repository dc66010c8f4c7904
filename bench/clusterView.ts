// Measures the live view against the slow path it replaces, at a size no laptop cluster reaches (5000 pods):
// the fake API server runs in its own process (so it does not share this event loop); this process runs
// WRight's ClusterWatcher and builds the tree, then runs `kubectl get pods -A -o json` once, as a tool that
// refreshes by spawning kubectl does on every expansion. Prints one JSON line.
// Run: node --import tsx bench/clusterView.ts [pods]
import { execFile, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { promisify } from 'node:util';
import { deriveStatus } from '../src/k8s/clusterStatus';
import { buildNamespaces, buildTree } from '../src/k8s/clusterTree';
import { ClusterWatcher } from '../src/k8s/clusterWatcher';
import { silentLogger } from '../src/shared/logger';
import { realKubectl } from '../test/fixtures/bin/lib/realKubectl';

const POD_COUNT = Number(process.argv[2] ?? 5000);
const CHANGES = 21;
const KUBECTL = realKubectl();
const NAMESPACES = ['staging-infra', 'staging-core', 'staging-ai', 'staging-web'];
const options = { showAllNamespaces: false, ingressPorts: { httpPort: 80, httpsPort: 443 } };

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'wright-bench-'));
  const kubeconfigPath = join(dir, 'kubeconfig');
  const server = spawn(
    process.execPath,
    ['--import', 'tsx', 'test/fixtures/fakeApiServer/main.ts', '--kubeconfig', kubeconfigPath, '--quiet'],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );

  try {
    const url = await new Promise<string>((resolve, reject) => {
      server.stdout.on('data', (chunk: Buffer) => {
        const match = /listening (\S+)/.exec(chunk.toString());
        if (match?.[1]) resolve(match[1]);
      });
      server.once('exit', (code) => reject(new Error(`fake API server exited (${code})`)));
    });
    const control = (path: string, body: unknown): Promise<Response> =>
      fetch(`${url}/__fake/${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    await control('seed', { scenario: 'pods', count: POD_COUNT });

    // The client is loaded once per window, apart from any refresh: measure it separately.
    const importStart = performance.now();
    await import('@kubernetes/client-node');
    const clientImportMs = performance.now() - importStart;

    const heapBefore = process.memoryUsage().heapUsed;
    const syncStart = performance.now();
    const watcher = new ClusterWatcher({ kubeconfigPath, context: 'kind-wright-staging' }, { logger: silentLogger });
    await new Promise<void>((resolve) => {
      watcher.onDidChange(() => {
        if (watcher.synced && watcher.state.kind === 'connected') resolve();
      });
      watcher.start();
    });
    buildTree(watcher.snapshot(), watcher.state, watcher.synced, options);
    const syncMs = performance.now() - syncStart;
    const watcherHeapMb = (process.memoryUsage().heapUsed - heapBefore) / 1048576;

    const kubectlStart = performance.now();
    await promisify(execFile)(KUBECTL, ['--kubeconfig', kubeconfigPath, '--cache-dir', join(dir, 'cache'), 'get', 'pods', '-A', '-o', 'json'], {
      maxBuffer: 1 << 30,
    });
    const kubectlMs = performance.now() - kubectlStart;

    // A pod turns unready in the API server -> WRight's tree and status reflect it. Includes the 50 ms coalescing window.
    const latencies: number[] = [];
    for (let i = 0; i < CHANGES; i++) {
      const namespace = NAMESPACES[i % NAMESPACES.length] ?? 'staging-infra';
      const key = [...watcher.snapshot().pods.values()].filter((pod) => pod.namespace === namespace && pod.health === 'ready')[i];
      if (!key) break;
      const start = performance.now();
      await new Promise<void>((resolve) => {
        const off = watcher.onDidChange(() => {
          if (watcher.snapshot().pods.get(key.key)?.health !== 'ready') {
            const namespaces = buildNamespaces(watcher.snapshot(), options);
            buildTree(watcher.snapshot(), watcher.state, watcher.synced, options);
            deriveStatus({ clusterKnown: true, connection: watcher.state, synced: true, namespaces });
            off();
            resolve();
          }
        });
        void control('pods/ready', { namespace, pod: key.name, ready: false });
      });
      latencies.push(performance.now() - start);
    }
    latencies.sort((a, b) => a - b);
    await watcher.stop();

    process.stdout.write(
      JSON.stringify({
        pods: POD_COUNT,
        clientImportMs,
        watcherInitialSyncMs: syncMs,
        kubectlGetAllPodsMs: kubectlMs,
        kubectlOverWatcher: kubectlMs / syncMs,
        changeToViewMedianMs: latencies[Math.floor(latencies.length / 2)] ?? null,
        watcherHeapMb,
      }) + '\n',
    );
  } finally {
    server.kill('SIGTERM');
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
