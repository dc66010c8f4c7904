import assert from 'node:assert/strict';
import { test } from 'node:test';
import { toNamespaceInfo, toPodInfo, toServiceInfo, type ClusterSnapshot } from '../../src/k8s/clusterSnapshot';
import { deriveStatus, renderStatus, type StatusInputs } from '../../src/k8s/clusterStatus';
import { ClusterTreeModel } from '../../src/k8s/clusterTreeModel';
import type { RawPod, RawService } from '../../src/k8s/kubeObjects';
import { pod, service, waiting } from './k8sBuilders';

const NS = 'staging-infra';
const WRIGHT = ['staging-infra', 'staging-core', 'staging-ai', 'staging-web'];

function inputs(pods: RawPod[], services: RawService[] = [service('redis', NS, { app: 'redis' }), service('postgres', NS, { app: 'postgres' })]): StatusInputs {
  const map = <I extends { key: string }>(items: I[]): Map<string, I> => new Map(items.map((item) => [item.key, item]));
  const snap: ClusterSnapshot = {
    namespaces: map(WRIGHT.map((name) => toNamespaceInfo({ metadata: { name } }))),
    pods: map(pods.map(toPodInfo)),
    services: map(services.map(toServiceInfo)),
    ingresses: new Map(),
  };
  return {
    clusterKnown: true,
    connection: { kind: 'connected' },
    synced: true,
    health: new ClusterTreeModel({ showAllNamespaces: false, ingressPorts: { httpPort: 80, httpsPort: 443 } }, snap).health(),
  };
}

const redis = (name: string, options: Parameters<typeof pod>[1] = {}): RawPod => pod(name, { namespace: NS, labels: { app: 'redis' }, ...options });
const postgres = (name: string, options: Parameters<typeof pod>[1] = {}): RawPod => pod(name, { namespace: NS, labels: { app: 'postgres' }, ...options });

test('no cluster: a subtle item that leads to the view', () => {
  const state = deriveStatus({ ...inputs([]), clusterKnown: false, connection: { kind: 'idle' } });
  assert.deepEqual(state, { kind: 'noCluster' });
  const view = renderStatus(state);
  assert.equal(view.text, '$(server-environment) WRight');
  assert.equal(view.background, undefined);
  assert.equal(view.command, 'wright.cluster.focus');
});

test('creating and deploying spin and name the step, even before the cluster is known', () => {
  const state = deriveStatus({ ...inputs([]), clusterKnown: false, busy: { operation: 'creating', step: 'Creating the kind cluster' } });
  assert.equal(state.kind, 'busy');
  assert.equal(renderStatus(state).text, '$(sync~spin) WRight: Creating the kind cluster');
  const deploying = renderStatus(deriveStatus({ ...inputs([]), busy: { operation: 'deploying', step: 'Waiting for postgres' } }));
  assert.equal(deploying.text, '$(sync~spin) WRight: Waiting for postgres');
  assert.match(deploying.tooltip, /^Deploying: Waiting for postgres$/);
});

test('connecting until the first complete sync', () => {
  const state = deriveStatus({ ...inputs([redis('redis-0')]), synced: false, connection: { kind: 'connecting' } });
  assert.deepEqual(state, { kind: 'connecting' });
  assert.equal(renderStatus(state).text, '$(sync~spin) WRight');
});

test('disconnected names the reason and uses the warning background', () => {
  const state = deriveStatus({ ...inputs([redis('redis-0')]), connection: { kind: 'disconnected', reason: 'connect ECONNREFUSED 127.0.0.1:6443' } });
  assert.equal(state.kind, 'disconnected');
  const view = renderStatus(state);
  assert.equal(view.text, '$(debug-disconnect) WRight');
  assert.equal(view.background, 'warning');
  assert.match(view.tooltip, /ECONNREFUSED 127.0.0.1:6443/);
});

test('nothing deployed: 0/0', () => {
  const state = deriveStatus(inputs([]));
  assert.deepEqual(state, { kind: 'empty' });
  assert.equal(renderStatus(state).text, '$(circle-outline) WRight 0/0');
});

test('starting: "WRight 1/2" listing what is not ready yet', () => {
  const state = deriveStatus(inputs([redis('redis-0'), postgres('postgres-0', { phase: 'Pending', containers: [waiting('pg', 'ContainerCreating')] })]));
  assert.equal(state.kind, 'starting');
  const view = renderStatus(state);
  assert.equal(view.text, '$(loading~spin) WRight 1/2');
  assert.match(view.tooltip, /postgres-0: ContainerCreating/);
  assert.equal(view.background, undefined);
});

test('ready: "WRight 2/2"; completed and terminating pods do not count', () => {
  const state = deriveStatus(inputs([redis('redis-0'), postgres('postgres-0'), postgres('postgres-old', { deleting: true }), pod('migrate', { namespace: NS, phase: 'Succeeded' })]));
  assert.deepEqual(state, { kind: 'ready', ready: 2, expected: 2 });
  const view = renderStatus(state);
  assert.equal(view.text, '$(check) WRight 2/2');
  assert.equal(view.background, undefined);
});

test('degraded: a failing pod while its service still has a ready one (warning background)', () => {
  const state = deriveStatus(inputs([redis('redis-0'), postgres('postgres-0'), postgres('postgres-1', { containers: [waiting('pg', 'CrashLoopBackOff', 3)] })]));
  assert.equal(state.kind, 'degraded');
  const view = renderStatus(state);
  assert.equal(view.text, '$(warning) WRight 2/3');
  assert.equal(view.background, 'warning');
  assert.match(view.tooltip, /staging-infra\/postgres-1: CrashLoopBackOff/);
  assert.equal(view.command, 'wright.showUnhealthyPods');
});

test('failing: a service with no ready pod names it (error background)', () => {
  const state = deriveStatus(inputs([redis('redis-0', { containers: [waiting('redis', 'ImagePullBackOff')] }), postgres('postgres-0')]));
  assert.equal(state.kind, 'failing');
  assert.deepEqual((state).down, ['staging-infra/redis']);
  const view = renderStatus(state);
  assert.equal(view.text, '$(error) WRight 1/2');
  assert.equal(view.background, 'error');
  assert.match(view.tooltip, /staging-infra\/redis has no ready pod/);
  assert.match(view.tooltip, /redis-0: ImagePullBackOff/);
});

test('failing also covers pods that no service selects, grouped by owner', () => {
  const worker = pod('authentik-worker-1', { namespace: NS, labels: { app: 'worker' }, owner: { kind: 'ReplicaSet', name: 'authentik-worker-5d' }, containers: [waiting('w', 'CrashLoopBackOff')] });
  const state = deriveStatus(inputs([redis('redis-0'), postgres('postgres-0'), worker]));
  assert.equal(state.kind, 'failing');
  assert.deepEqual((state).down, ['staging-infra/authentik-worker-5d']);
});

test('a pod selected by two services is counted once', () => {
  const state = deriveStatus(inputs([redis('redis-0')], [service('redis', NS, { app: 'redis' }), service('redis-headless', NS, { app: 'redis' })]));
  assert.deepEqual(state, { kind: 'ready', ready: 1, expected: 1 });
});

test('a long list of problems is cut in the tooltip', () => {
  const pods = Array.from({ length: 14 }, (_, i) => redis(`redis-${i}`, { containers: [waiting('r', 'ErrImagePull')] }));
  const view = renderStatus(deriveStatus(inputs(pods)));
  assert.match(view.tooltip, /… and 4 more/);
});

test('running port-forwards are listed in the tooltip under the cluster state', () => {
  const state = deriveStatus(inputs([redis('redis-0'), postgres('postgres-0')]));
  const plain = renderStatus(state);
  const view = renderStatus(state, [
    { service: 'staging-infra/postgres', badge: { address: '127.0.0.1:5432', servicePort: 5432, state: 'active' } },
    { service: 'staging-infra/redis', badge: { address: '127.0.0.1:6379', servicePort: 6379, state: 'failed', detail: 'ECONNREFUSED' } },
  ]);
  assert.equal(view.text, plain.text);
  assert.ok(view.tooltip.startsWith(plain.tooltip));
  assert.match(view.tooltip, /\*\*Port-forwards\*\*\n\n- staging-infra\/postgres:5432 → 127\.0\.0\.1:5432\n- staging-infra\/redis:6379 → 127\.0\.0\.1:6379 \\\(failed\\\)/);
});

test('a long step is cut in the status bar and shown whole in the tooltip', () => {
  const step = 'Waiting for services: 3/5 ready: authentik-server starting, authentik-worker starting';
  const view = renderStatus(deriveStatus({ ...inputs([]), busy: { operation: 'deploying', step } }));
  assert.ok(view.text.length < 70, view.text);
  assert.ok(view.text.endsWith('…'));
  assert.ok(view.tooltip.includes('authentik-worker starting'));
});

test('screen readers hear the tooltip as plain text, without Markdown marks', () => {
  const state = deriveStatus(inputs([redis('redis-0', { containers: [waiting('redis', 'CrashLoopBackOff', 3)] }), postgres('postgres-0')]));
  const view = renderStatus(state);
  assert.match(view.tooltip, /\*\*Failing:\*\*/);
  assert.ok(!view.accessibilityLabel.includes('**'), view.accessibilityLabel);
  assert.ok(!view.accessibilityLabel.includes('\\'), view.accessibilityLabel);
  assert.match(view.accessibilityLabel, /^Failing: staging-infra\/redis has no ready pod\. staging-infra\/redis-0: CrashLoopBackOff/);
});
