// The incremental tree model against the same model built from scratch: random sequences of watch changes
// (pods added, removed, relabelled, changing health; services added, removed, re-selecting; namespaces coming
// and going; ingresses) applied one batch at a time must leave exactly the tree and the status-bar health that a
// fresh build of the final snapshot gives. And the nodes the view holds stay the same objects across updates.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ClusterNode } from '../../src/k8s/clusterNodes';
import { toIngressInfo, toNamespaceInfo, toPodInfo, toServiceInfo, toWorkloadInfo, type ClusterSnapshot, type IngressInfo, type NamespaceInfo, type PodInfo, type ServiceInfo, type WorkloadInfo } from '../../src/k8s/clusterSnapshot';
import { ClusterTreeModel } from '../../src/k8s/clusterTreeModel';
import type { WatchChanges, WatchedKind } from '../../src/k8s/clusterWatcher';
import { ingress, pod, running, service, waiting } from './k8sBuilders';

const NAMESPACES = ['staging-infra', 'staging-core', 'staging-ai', 'staging-web', 'team-x'];
// WRight deployed these; the random changes create and delete them.
const EXPECTED = [
  { kind: 'StatefulSet', namespace: 'staging-infra', name: 'redis' },
  { kind: 'Deployment', namespace: 'staging-infra', name: 'web' },
  { kind: 'Deployment', namespace: 'team-x', name: 'api' },
] as const;
const OPTIONS = { showAllNamespaces: true, ingressPorts: { httpPort: 80, httpsPort: 443 }, expectedWorkloads: EXPECTED };
const noKeys = (): Record<WatchedKind, Set<string>> => ({ namespaces: new Set(), services: new Set(), pods: new Set(), ingresses: new Set(), deployments: new Set(), statefulsets: new Set() });

/** A small seeded generator, so a failure can be replayed. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

interface World {
  namespaces: Map<string, NamespaceInfo>;
  services: Map<string, ServiceInfo>;
  pods: Map<string, PodInfo>;
  ingresses: Map<string, IngressInfo>;
  workloads: Map<string, WorkloadInfo>;
}

const snapshotOf = (world: World): ClusterSnapshot => ({ namespaces: world.namespaces, services: world.services, pods: world.pods, ingresses: world.ingresses, workloads: world.workloads });

/** Everything the view and the status bar show, as plain data. */
function dump(nodes: readonly ClusterNode[]): unknown[] {
  return nodes.map((node) => {
    const base = { id: node.id, kind: node.kind, children: dump(node.children) };
    if (node.kind === 'namespace') return { ...base, exists: node.exists, summary: node.summary };
    if (node.kind === 'service') return { ...base, summary: node.summary, urls: node.urls, forwards: node.forwards, ports: node.service.ports };
    if (node.kind === 'podGroup') return { ...base, label: node.label, summary: node.summary };
    if (node.kind === 'pod') return { ...base, health: node.pod.health, reason: node.pod.reason, labels: node.pod.labels };
    if (node.kind === 'missingWorkload') return { ...base, workload: node.workload };
    return { ...base, text: node.text };
  });
}

function randomPod(next: () => number, name: string, namespace: string) {
  const app = ['a', 'b', 'c', 'd'][Math.floor(next() * 4)]!;
  const state = next();
  const containers = state < 0.6 ? [running('main')] : state < 0.75 ? [waiting('main', 'CrashLoopBackOff', 3)] : state < 0.9 ? [waiting('main', 'ContainerCreating')] : [running('main', false)];
  const owner = next() < 0.8 ? { kind: 'ReplicaSet', name: `${app}-rs` } : undefined;
  return toPodInfo(pod(name, { namespace, labels: { app }, containers, phase: state >= 0.75 && state < 0.9 ? 'Pending' : 'Running', ...(owner ? { owner } : {}), ...(next() < 0.05 ? { deleting: true } : {}) }));
}

test('random watch changes applied incrementally give the tree and health of a fresh build', () => {
  for (let seed = 1; seed <= 40; seed++) {
    const next = random(seed);
    const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!;
    const world: World = { namespaces: new Map(), services: new Map(), pods: new Map(), ingresses: new Map(), workloads: new Map() };
    for (const name of NAMESPACES.slice(0, 3)) world.namespaces.set(name, toNamespaceInfo({ metadata: { name } }));
    const model = new ClusterTreeModel(OPTIONS, snapshotOf(world));
    for (let step = 0; step < 60; step++) {
      const keys = noKeys();
      for (let change = 0, batch = 1 + Math.floor(next() * 4); change < batch; change++) {
        const namespace = pick(NAMESPACES);
        const roll = next();
        if (roll < 0.45) {
          const info = randomPod(next, `p${Math.floor(next() * 30)}`, namespace);
          world.pods.set(info.key, info);
          keys.pods.add(info.key);
        } else if (roll < 0.6 && world.pods.size > 0) {
          const key = pick([...world.pods.keys()]);
          world.pods.delete(key);
          keys.pods.add(key);
        } else if (roll < 0.75) {
          const selector = next() < 0.15 ? undefined : { app: pick(['a', 'b', 'c', 'd']) };
          const info = toServiceInfo(service(`s${Math.floor(next() * 5)}`, namespace, selector, [next() < 0.5 ? 80 : 8080]));
          world.services.set(info.key, info);
          keys.services.add(info.key);
        } else if (roll < 0.82 && world.services.size > 0) {
          const key = pick([...world.services.keys()]);
          world.services.delete(key);
          keys.services.add(key);
        } else if (roll < 0.86) {
          const expected = pick(EXPECTED);
          const info = toWorkloadInfo({ metadata: { name: expected.name, namespace: expected.namespace } }, expected.kind);
          if (world.workloads.has(info.key)) world.workloads.delete(info.key);
          else world.workloads.set(info.key, info);
          keys[expected.kind === 'StatefulSet' ? 'statefulsets' : 'deployments'].add(info.key);
        } else if (roll < 0.9) {
          if (world.namespaces.has(namespace) && next() < 0.5) world.namespaces.delete(namespace);
          else world.namespaces.set(namespace, toNamespaceInfo({ metadata: { name: namespace } }));
          keys.namespaces.add(namespace);
        } else {
          const info = toIngressInfo(ingress(`i${Math.floor(next() * 2)}`, namespace, `h${Math.floor(next() * 3)}.wright.localhost`, `s${Math.floor(next() * 5)}`, next() < 0.3));
          world.ingresses.set(info.key, info);
          keys.ingresses.add(info.key);
        }
      }
      // Now and then a kind is listed afresh (a reconnect): for pods the model rebuilds, for others it diffs.
      const relisted = new Set<WatchedKind>(next() < 0.1 ? [pick(['namespaces', 'services', 'ingresses', 'deployments', 'statefulsets', 'pods'] as const)] : []);
      const changes: WatchChanges = { relisted, keys };
      model.apply(snapshotOf(world), changes);
      const fresh = new ClusterTreeModel(OPTIONS, snapshotOf(world));
      assert.deepEqual(dump(model.namespaces()), dump(fresh.namespaces()), `seed ${seed}, step ${step}: tree`);
      assert.deepEqual(model.health(), fresh.health(), `seed ${seed}, step ${step}: health`);
    }
  }
});

test('an update names the nodes it changed; untouched nodes stay the same objects', () => {
  const ns = 'staging-infra';
  const pods = [pod('redis-0', { namespace: ns, labels: { app: 'redis' } }), pod('pg-0', { namespace: ns, labels: { app: 'pg' } })].map(toPodInfo);
  const world: World = {
    workloads: new Map(),
    namespaces: new Map(NAMESPACES.slice(0, 4).map((name) => [name, toNamespaceInfo({ metadata: { name } })])),
    services: new Map([service('redis', ns, { app: 'redis' }), service('pg', ns, { app: 'pg' })].map(toServiceInfo).map((s) => [s.key, s])),
    pods: new Map(pods.map((p) => [p.key, p])),
    ingresses: new Map(),
  };
  const model = new ClusterTreeModel({ showAllNamespaces: false, ingressPorts: OPTIONS.ingressPorts }, snapshotOf(world));
  const infra = model.namespaces()[0]!;
  const [pg, redis] = infra.children;
  const redisPod = redis!.children[0]!;
  const pgPod = pg!.children[0]!;

  const flipped = toPodInfo(pod('redis-0', { namespace: ns, labels: { app: 'redis' }, containers: [waiting('main', 'CrashLoopBackOff', 1)] }));
  world.pods.set(flipped.key, flipped);
  const update = model.apply(snapshotOf(world), { relisted: new Set(), keys: { ...noKeys(), pods: new Set([flipped.key]) } });

  assert.equal(update.rootsChanged, false);
  assert.deepEqual(new Set([...update.changed].map((node) => node.id)), new Set([redisPod.id, redis!.id, infra.id]), 'the pod, its service and its namespace');
  assert.equal(model.namespaces()[0], infra, 'the namespace node is the same object');
  assert.equal(infra.children[1], redis, 'the service node is the same object');
  assert.equal(redis!.children[0], redisPod, 'the pod node is the same object, with the new data');
  assert.equal(redisPod.kind === 'pod' && redisPod.pod.health, 'failing');
  assert.equal(pg!.children[0], pgPod);
  assert.equal(model.parentOf(redisPod), redis);
  assert.equal(model.parentOf(redis!), infra);
  assert.deepEqual(model.health().down, ['staging-infra/redis']);
});
