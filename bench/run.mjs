// `npm run bench`: the project's budgets, measured (never asserted in tests). Prints a table and writes
// bench/results.json. Run it after `npm run package` so the sizes are those of the shipped, minified files.
import { execFileSync } from 'node:child_process';
import { readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const RUNS = 15;
const root = new URL('..', import.meta.url).pathname;
const sizeKb = (file) => statSync(join(root, file)).size / 1024;
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

const samples = Array.from({ length: RUNS }, () =>
  JSON.parse(execFileSync(process.execPath, [join(root, 'bench', 'activation.cjs')], { encoding: 'utf8' })),
);
const vsix = readdirSync(root).find((file) => file.endsWith('.vsix'));

// First use of the cluster: loading the lazily bundled Kubernetes client in a fresh process.
const clientLoadScript = `const t=performance.now();require(${JSON.stringify(join(root, 'dist', 'clientNode.js'))});process.stdout.write(String(performance.now()-t))`;
const clientLoadMs = median(Array.from({ length: 5 }, () => Number(execFileSync(process.execPath, ['-e', clientLoadScript], { encoding: 'utf8' }))));

// The live view at 5,000 and 20,000 pods against kubectl and a bare client-node list (bench/clusterView.ts; the
// fake API server in its own process, seeded like a real cluster).
const viewAt = (pods) =>
  JSON.parse(
    execFileSync(process.execPath, ['--expose-gc', '--import', 'tsx', join(root, 'bench', 'clusterView.ts'), '--pods', String(pods), '--rounds', '5', '--changes', '41'], {
      cwd: root,
      encoding: 'utf8',
      maxBuffer: 1 << 26,
    }),
  );
const views = [viewAt(5000), viewAt(20000)];

// `wright up` with fake tools that answer at once: WRight's own time apart from the tools (bench/lifecycle.ts).
const lifecycle = JSON.parse(execFileSync(process.execPath, ['--import', 'tsx', join(root, 'bench', 'lifecycle.ts'), '5'], { cwd: root, encoding: 'utf8' }));

// `wright verify` without --restart, the built CLI in a fresh process, against real PostgreSQL (PGlite) and Redis
// behind the fake API server's port-forward (bench/verify.ts).
const verify = JSON.parse(execFileSync(process.execPath, ['--import', 'tsx', join(root, 'bench', 'verify.ts'), '5'], { cwd: root, encoding: 'utf8' }));

const results = {
  date: new Date().toISOString(),
  node: process.version,
  activation: {
    bundleKb: sizeKb('dist/extension.js'),
    loadMsMedian: median(samples.map((s) => s.loadMs)),
    activateMsMedian: median(samples.map((s) => s.activateMs)),
    totalMsMedian: median(samples.map((s) => s.loadMs + s.activateMs)),
    kubernetesClientLoaded: samples.some((s) => s.clientLoaded),
    verifyClientsLoaded: samples.some((s) => s.verifyClientsLoaded),
    runs: RUNS,
  },
  clientBundleKb: sizeKb('dist/clientNode.js'),
  clientBundleLoadMsMedian: clientLoadMs,
  clusterView: views,
  lifecycle,
  verify,
  vsixKb: vsix ? sizeKb(vsix) : null,
};

const row = (label, value, goal) => console.log(`${label.padEnd(42)} ${String(value).padStart(10)}  ${goal}`);
console.log(`WRight bench (${results.node}, median of ${RUNS} fresh processes)\n`);
row('activation bundle (dist/extension.js)', `${results.activation.bundleKb.toFixed(1)} KB`, '');
row('load dist/extension.js', `${results.activation.loadMsMedian.toFixed(2)} ms`, '');
row('activate()', `${results.activation.activateMsMedian.toFixed(2)} ms`, '');
row('load + activate', `${results.activation.totalMsMedian.toFixed(2)} ms`, 'goal < 50 ms');
row('Kubernetes client loaded on activation', results.activation.kubernetesClientLoaded ? 'YES' : 'no', 'goal: no');
row('pg / ioredis loaded on activation', results.activation.verifyClientsLoaded ? 'YES' : 'no', 'goal: no');
row('lazy client bundle (dist/clientNode.js)', `${results.clientBundleKb.toFixed(0)} KB`, '');
row('.vsix', vsix ? `${results.vsixKb.toFixed(0)} KB` : 'not built', 'goal < 3 MB');
row('load it on first use', `${clientLoadMs.toFixed(0)} ms`, 'once per window');
for (const view of views) {
  const ms = (spread) => `${spread.median.toFixed(0)} ms (${spread.min.toFixed(0)}-${spread.max.toFixed(0)})`;
  console.log(`\nLive view, ${view.pods} pods, ${view.services} Services (median of ${view.rounds} rounds, min-max):`);
  row('view model: nothing -> complete tree', ms(view.syncMs), '');
  row('bare client-node list of the pods', ms(view.bareClientListMs), '');
  row('kubectl get pods -A -o json', ms(view.kubectlGetAllPodsMs), '');
  row('kubectl / view model', `${view.kubectlOverSync.toFixed(1)}x`, 'goal >= 6x');
  row('  the fake server serving the list (bytes)', ms(view.serverListBytesMs), 'in both figures');
  row('view model / bare list', `${view.syncOverBareList.toFixed(2)}x`, 'goal <= 1.3x');
  row(`change -> tree + status, p50 (${view.changes})`, `${view.changeMs.p50.toFixed(1)} ms`, 'goal < 20 ms');
  row('change -> tree + status, p99', `${view.changeMs.p99.toFixed(1)} ms`, 'goal < 50 ms');
  row('cache heap after gc()', `${view.cacheHeapMb.toFixed(1)} MB`, view.pods >= 20000 ? 'goal < 40 MB' : '');
  row('status --watch: start -> snapshot', `${view.statusWatch.processStartToSnapshotMs.toFixed(0)} ms`, 'a fresh process');
  row('status --watch: flip -> line, p50', `${view.statusWatch.flipToLineP50Ms.toFixed(1)} ms`, '');
}
console.log(`\nwright up with instant fake tools (median of ${lifecycle.runs}):`);
row('wall time', `${lifecycle.wallMsMedian.toFixed(0)} ms`, '');
row('  of which tools were running', `${lifecycle.toolsMsMedian.toFixed(0)} ms`, `${lifecycle.toolRuns} tool runs`);
row("  WRight's own time", `${lifecycle.ownMsMedian.toFixed(0)} ms`, 'goal < 500 ms');
row('tool runs overlapping (sum / covered)', `${lifecycle.overlap.toFixed(2)}x`, '> 1: independent steps in parallel');
console.log(`\nwright verify, ${verify.checks} checks, no --restart (median of ${verify.runs} fresh processes):`);
row('checks (report durationMs)', `${verify.checksMsMedian.toFixed(0)} ms`, 'goal: a few seconds');
row('wall time incl. process start and client loading', `${verify.wallMsMedian.toFixed(0)} ms`, '');
writeFileSync(join(root, 'bench', 'results.json'), JSON.stringify(results, null, 2) + '\n');
