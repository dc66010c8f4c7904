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

const results = {
  date: new Date().toISOString(),
  node: process.version,
  activation: {
    bundleKb: sizeKb('dist/extension.js'),
    loadMsMedian: median(samples.map((s) => s.loadMs)),
    activateMsMedian: median(samples.map((s) => s.activateMs)),
    totalMsMedian: median(samples.map((s) => s.loadMs + s.activateMs)),
    kubernetesClientLoaded: samples.some((s) => s.clientLoaded),
    runs: RUNS,
  },
  clientBundleKb: sizeKb('dist/clientNode.js'),
  vsixKb: vsix ? sizeKb(vsix) : null,
};

const row = (label, value, goal) => console.log(`${label.padEnd(42)} ${String(value).padStart(10)}  ${goal}`);
console.log(`WRight bench (${results.node}, median of ${RUNS} fresh processes)\n`);
row('activation bundle (dist/extension.js)', `${results.activation.bundleKb.toFixed(1)} KB`, '');
row('load dist/extension.js', `${results.activation.loadMsMedian.toFixed(2)} ms`, '');
row('activate()', `${results.activation.activateMsMedian.toFixed(2)} ms`, '');
row('load + activate', `${results.activation.totalMsMedian.toFixed(2)} ms`, 'goal < 50 ms');
row('Kubernetes client loaded on activation', results.activation.kubernetesClientLoaded ? 'YES' : 'no', 'goal: no');
row('lazy client bundle (dist/clientNode.js)', `${results.clientBundleKb.toFixed(0)} KB`, '');
row('.vsix', vsix ? `${results.vsixKb.toFixed(0)} KB` : 'not built', 'goal < 3 MB');
writeFileSync(join(root, 'bench', 'results.json'), JSON.stringify(results, null, 2) + '\n');
