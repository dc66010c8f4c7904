// The pure parts of verification: percentiles, the report's summary, its Markdown and terminal renderings; and
// the timings that `wright up` / `wright deploy` record for `wright verify` to read.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { afterEach, test } from 'node:test';
import { parseCliArgs, UsageError } from '../../src/cli/args';
import { formatVerifyReport } from '../../src/cli/verifyCommand';
import { EXIT } from '../../src/cli/exitCodes';
import { main } from '../../src/cli/main';
import { TimingStore } from '../../src/lifecycle/timings';
import { percentile } from '../../src/verify/latency';
import { buildReport, summarizeReport, type CheckResult } from '../../src/verify/report';
import { reportMarkdown } from '../../src/verify/reportMarkdown';
import { FAKE_BIN, TEST_MANIFESTS, World } from '../fixtures/lifecycle/world';

test('percentiles by nearest rank: one slow sample in twenty is p100, not p95', () => {
  const samples = [...Array.from({ length: 19 }, (_, i) => i + 1), 500];
  assert.equal(percentile(samples, 50), 10);
  assert.equal(percentile(samples, 95), 19);
  assert.equal(percentile(samples, 100), 500);
  assert.equal(percentile([7], 95), 7);
  assert.throws(() => percentile([], 50), /no samples/);
  assert.throws(() => percentile([1], 0), /percentile/);
});

const checks: CheckResult[] = [
  { id: 'api', title: 'API server', criterion: 'The API answers.', measured: 'Kubernetes v1.32.0 answered in 3 ms', threshold: 'answers', status: 'pass', durationMs: 3 },
  {
    id: 'ingress-latency',
    title: 'Ingress latency',
    criterion: 'p95 within target.',
    measured: 'p50 150 ms, p95 160 ms over 20 requests',
    threshold: 'p95 ≤ 100 ms',
    status: 'fail',
    reason: 'p95 160 ms is over the 100 ms target',
    fix: 'verify again | later',
    durationMs: 3000,
  },
  { id: 'persistence', title: 'Data survives restarts', criterion: 'Markers survive.', measured: 'not run', threshold: 'row and key read back', status: 'skipped', reason: 'runs only when asked', durationMs: 0 },
];

test('the summary names failed checks; skipped checks do not fail the report', () => {
  const report = buildReport('c', 'kind-c', new Date('2026-11-29T10:00:00Z'), 1234, checks);
  assert.equal(report.ok, false);
  assert.deepEqual(report.counts, { pass: 1, fail: 1, skipped: 1 });
  assert.equal(summarizeReport(report), 'Verified c: 1 passed, 1 failed (ingress-latency), 1 skipped.');
  assert.equal(buildReport('c', 'kind-c', new Date(), 1, [checks[0] as CheckResult, checks[2] as CheckResult]).ok, true);
});

test('Markdown report: a table with measured values, then reason and way forward, pipes escaped', () => {
  const md = reportMarkdown(buildReport('c', 'kind-c', new Date('2026-11-29T10:00:00Z'), 1234, checks));
  assert.match(md, /^# WRight verification: c$/m);
  assert.match(md, /^\| ✗ \*\*fail\*\* \| Ingress latency \| p50 150 ms, p95 160 ms over 20 requests \| p95 ≤ 100 ms \|$/m);
  assert.match(md, /\*\*Why it failed:\*\* p95 160 ms is over the 100 ms target/);
  assert.match(md, /\*\*Way forward:\*\* verify again \| later/);
  assert.match(md, /\*\*Why it was skipped:\*\* runs only when asked/);
  assert.match(md, /Verified 2026-11-29 10:00:00 UTC/);
});

test('terminal table: mark, check, measured, target; reason and fix under a failure', () => {
  const text = formatVerifyReport(buildReport('c', 'kind-c', new Date(), 1234, checks));
  assert.match(text, /✗ Ingress latency\s+p50 150 ms, p95 160 ms over 20 requests\s+p95 ≤ 100 ms\n\s+p95 160 ms is over the 100 ms target\n\s+→ verify again \| later/);
  assert.match(text, /- Data survives restarts\s+not run\s+row and key read back\n\s+skipped: runs only when asked/);
});

test('verify flags: --restart and --samples belong to verify; samples are 1-1000', () => {
  assert.deepEqual(parseCliArgs(['verify'], {}).verify, { restart: false, samples: 20 });
  assert.deepEqual(parseCliArgs(['verify', '--restart', '--samples', '50', '--json'], {}).verify, { restart: true, samples: 50 });
  assert.throws(() => parseCliArgs(['verify', '--samples', '0'], {}), /--samples must be a whole number from 1 to 1000, not "0"/);
  assert.throws(() => parseCliArgs(['verify', '--samples', 'many'], {}), UsageError);
  assert.throws(() => parseCliArgs(['status', '--restart'], {}), /--restart and --samples belong to wright verify/);
});

let world: World | undefined;
afterEach(() => {
  world?.dispose();
  world = undefined;
});

test('wright up records how long creation and deployment took; wright down forgets it', { timeout: 60_000 }, async () => {
  const w = (world = new World());
  const io = {
    stdout: () => undefined,
    stderr: () => undefined,
    env: { ...process.env, WRIGHT_HOME: w.stateDir, WRIGHT_KIND: join(FAKE_BIN, 'kind'), WRIGHT_KUBECTL: join(FAKE_BIN, 'kubectl'), WRIGHT_DOCKER: join(FAKE_BIN, 'docker') },
    cwd: w.workspace,
    signal: new AbortController().signal,
    manifestsDir: TEST_MANIFESTS,
    version: '0.1.0',
  };
  const flags = ['--http-port', '18080', '--https-port', '18443', '--cluster-name', 'timing-test', '--timeout', '5', '--no-image-cache'];
  assert.equal(await main(['up', ...flags], io), EXIT.ok);
  const record = await new TimingStore(w.stateDir).get('timing-test');
  assert.ok(record, 'a timing record was written');
  assert.equal(typeof record.clusterCreationMs, 'number');
  assert.equal(typeof record.deploymentMs, 'number');
  assert.equal(typeof record.allHealthyMs, 'number');
  assert.ok((record.allHealthyMs ?? Infinity) <= (record.deploymentMs ?? 0), 'all-healthy is measured from the apply, inside the deployment');
  assert.ok(record.clusterCreatedAt && record.deployedAt);
  assert.equal(await main(['down', '--yes', ...flags], io), EXIT.ok);
  assert.equal(await new TimingStore(w.stateDir).get('timing-test'), undefined);
});
