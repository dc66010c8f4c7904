// Readiness against what WRight deployed: the record in the state folder, the tree's missing-workload entry, the
// status bar's "4/5" in the warning colour with Deploy Services as its action, and no change without a record.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { toNamespaceInfo, toPodInfo, toServiceInfo, toWorkloadInfo, type ClusterSnapshot, type WorkloadInfo } from '../../src/k8s/clusterSnapshot';
import { deriveStatus, renderStatus } from '../../src/k8s/clusterStatus';
import type { MissingWorkloadNode, TreeOptions } from '../../src/k8s/clusterTree';
import { buildNamespaces, ClusterTreeModel } from '../../src/k8s/clusterTreeModel';
import { nodeText } from '../../src/k8s/nodePresentation';
import { ExpectedWorkloadsStore, missingWorkloads } from '../../src/lifecycle/expectedWorkloads';
import type { WorkloadRef } from '../../src/lifecycle/workloads';
import { World } from '../fixtures/lifecycle/world';
import { pod, service, waiting } from './k8sBuilders';

const NS = 'staging-infra';
const WRIGHT = ['staging-infra', 'staging-core', 'staging-ai', 'staging-web'];
const STACK: WorkloadRef[] = [
  { kind: 'StatefulSet', namespace: NS, name: 'postgres' },
  { kind: 'StatefulSet', namespace: NS, name: 'redis' },
  { kind: 'StatefulSet', namespace: NS, name: 'authentik-postgres' },
  { kind: 'Deployment', namespace: NS, name: 'authentik-server' },
  { kind: 'Deployment', namespace: NS, name: 'authentik-worker' },
];

/** The staging stack with every pod ready, minus the workloads (and their pods) named in `without`. */
function snapshot(without: readonly string[] = [], watched = true): ClusterSnapshot {
  const present = STACK.filter((ref) => !without.includes(ref.name));
  const map = <I extends { key: string }>(items: I[]): Map<string, I> => new Map(items.map((item) => [item.key, item]));
  const podName = (ref: WorkloadRef): string => (ref.kind === 'StatefulSet' ? `${ref.name}-0` : `${ref.name}-5d8f7c9b4-x2k4q`);
  return {
    namespaces: map(WRIGHT.map((name) => toNamespaceInfo({ metadata: { name } }))),
    services: map(['postgres', 'redis'].map((name) => toServiceInfo(service(name, NS, { app: name })))),
    pods: map(present.map((ref) => toPodInfo(pod(podName(ref), { namespace: NS, labels: { app: ref.name }, owner: { kind: ref.kind === 'StatefulSet' ? 'StatefulSet' : 'ReplicaSet', name: ref.name } })))),
    ingresses: new Map(),
    ...(watched ? { workloads: map<WorkloadInfo>(present.map((ref) => toWorkloadInfo({ metadata: { name: ref.name, namespace: ref.namespace } }, ref.kind))) } : {}),
  };
}

const options = (expected?: readonly WorkloadRef[]): TreeOptions => ({
  showAllNamespaces: false,
  ingressPorts: { httpPort: 80, httpsPort: 443 },
  ...(expected ? { expectedWorkloads: expected } : {}),
});

const statusOf = (snap: ClusterSnapshot, expected?: readonly WorkloadRef[]) =>
  deriveStatus({ clusterKnown: true, connection: { kind: 'connected' }, synced: true, health: new ClusterTreeModel(options(expected), snap).health() });

test('a deleted StatefulSet: the status bar reads 4/5 in the warning colour, names it, and offers Deploy Services', () => {
  const state = statusOf(snapshot(['redis']), STACK);
  assert.equal(state.kind, 'incomplete');
  const view = renderStatus(state);
  assert.equal(view.text, '$(warning) WRight 4/5');
  assert.equal(view.background, 'warning');
  assert.equal(view.command, 'wright.deploy');
  assert.match(view.tooltip, /redis \(StatefulSet\) is missing: it was deployed and no longer exists/);
  assert.match(view.tooltip, /Deploy Services/);
  assert.match(view.accessibilityLabel, /redis \(StatefulSet\) is missing/);
});

test('the tree shows the missing workload under its namespace, as failing, and the namespace counts it', () => {
  const [infra] = buildNamespaces(snapshot(['redis']), options(STACK));
  assert.ok(infra);
  const missing = infra.children.filter((child): child is MissingWorkloadNode => child.kind === 'missingWorkload');
  assert.deepEqual(
    missing.map((node) => node.workload),
    [{ kind: 'StatefulSet', namespace: NS, name: 'redis' }],
  );
  assert.deepEqual([infra.summary.health, infra.summary.ready, infra.summary.expected, infra.summary.failing], ['failing', 4, 5, 1]);
  const text = nodeText(missing[0]!, Date.now());
  assert.equal(text.label, 'StatefulSet redis');
  assert.equal(text.description, 'missing');
  assert.match(text.tooltip, /redis \(StatefulSet\) is missing: it was deployed and no longer exists/);
  // A namespace with nothing but a missing workload still shows it (not "Nothing deployed yet").
  const core = buildNamespaces(snapshot(), options([{ kind: 'Deployment', namespace: 'staging-core', name: 'api' }]))[1]!;
  assert.deepEqual(core.children.map((child) => child.kind), ['missingWorkload']);
});

test('with everything present the record changes nothing; without a record a deletion is not noticed (today)', () => {
  const all = renderStatus(statusOf(snapshot(), STACK));
  assert.equal(all.text, '$(check) WRight 5/5');
  const noRecord = renderStatus(statusOf(snapshot(['redis'])));
  assert.equal(noRecord.text, '$(check) WRight 4/4');
  // Workloads not watched (an older snapshot): nothing can be said to be missing.
  assert.equal(renderStatus(statusOf(snapshot(['redis'], false), STACK)).text, '$(check) WRight 4/4');
});

test('every deployed workload gone: 0/5, not "nothing deployed"', () => {
  const state = statusOf(snapshot(STACK.map((ref) => ref.name)), STACK);
  assert.equal(state.kind, 'incomplete');
  assert.equal(renderStatus(state).text, '$(warning) WRight 0/5');
});

test('a service down as well: failing (error colour) wins, and the tooltip still names the missing workload', () => {
  const snap = snapshot(['redis']);
  const pods = new Map(snap.pods);
  const postgres = toPodInfo(
    pod('postgres-0', { namespace: NS, labels: { app: 'postgres' }, owner: { kind: 'StatefulSet', name: 'postgres' }, containers: [waiting('postgres', 'CrashLoopBackOff', 5)] }),
  );
  pods.set(postgres.key, postgres);
  const state = statusOf({ ...snap, pods }, STACK);
  assert.equal(state.kind, 'failing');
  const view = renderStatus(state);
  assert.equal(view.text, '$(error) WRight 3/5');
  assert.equal(view.background, 'error');
  assert.match(view.tooltip, /redis \(StatefulSet\) is missing/);
});

test('the record: kept per cluster in the state folder, damaged entries dropped, forgotten on request', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'wright-expected-'));
  try {
    const store = new ExpectedWorkloadsStore(dir);
    assert.equal(await store.get('a'), undefined);
    await store.record('a', STACK);
    await store.record('b', STACK.slice(0, 1));
    assert.deepEqual((await store.get('a'))?.workloads, STACK);
    await store.forget('a');
    assert.equal(await store.get('a'), undefined);
    assert.equal((await store.get('b'))?.workloads.length, 1);
    writeFileSync(join(dir, 'deployed-workloads.json'), JSON.stringify({ c: { recordedAt: 'x', workloads: [{ kind: 'Pod', namespace: 'n', name: 'p' }, STACK[0], 'junk'] } }));
    assert.deepEqual((await store.get('c'))?.workloads, [STACK[0]]);
    writeFileSync(join(dir, 'deployed-workloads.json'), '{ not json');
    assert.equal(await store.get('c'), undefined);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('missingWorkloads compares kind, namespace and name', () => {
  const present: WorkloadRef[] = [{ kind: 'Deployment', namespace: NS, name: 'redis' }, ...STACK.filter((ref) => ref.name !== 'redis')];
  assert.deepEqual(missingWorkloads(STACK, present), [{ kind: 'StatefulSet', namespace: NS, name: 'redis' }]);
});

test('the engine records what a deploy rendered, not on a dry run, and forgets it with the cluster', { timeout: 120_000 }, async () => {
  const w = new World();
  try {
    await w.engine.create(w.options({}, { dryRun: true, print: () => undefined }));
    assert.equal(await w.engine.expectedWorkloadsOf('wright-test'), undefined, 'a dry run records nothing');
    await w.engine.create(w.options());
    const expected = await w.engine.expectedWorkloadsOf('wright-test');
    assert.deepEqual(
      expected?.map((ref) => `${ref.kind}/${ref.namespace}/${ref.name}`).sort(),
      ['Deployment/staging-infra/authentik-server', 'StatefulSet/staging-infra/postgres'],
    );
    await w.engine.teardown(w.options());
    assert.equal(await w.engine.expectedWorkloadsOf('wright-test'), undefined);
  } finally {
    w.dispose();
  }
});
