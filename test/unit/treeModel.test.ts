import assert from 'node:assert/strict';
import { test } from 'node:test';
import { toIngressInfo, toNamespaceInfo, toPodInfo, toServiceInfo, type ClusterSnapshot } from '../../src/k8s/clusterSnapshot';
import type { ClusterNode, NamespaceNode, ServiceNode } from '../../src/k8s/clusterTree';
import { buildNamespaces, buildTree } from '../../src/k8s/clusterTreeModel';
import { ingressUrl } from '../../src/k8s/ingressUrl';
import type { RawIngress, RawPod, RawService } from '../../src/k8s/kubeObjects';
import { ingress, pod, running, service, waiting } from './k8sBuilders';

const DEFAULT_PORTS = { httpPort: 80, httpsPort: 443 };
const OPTIONS = { showAllNamespaces: false, ingressPorts: DEFAULT_PORTS };

function snapshot(objects: { namespaces?: string[]; pods?: RawPod[]; services?: RawService[]; ingresses?: RawIngress[] }): ClusterSnapshot {
  const map = <I extends { key: string }>(items: I[]): Map<string, I> => new Map(items.map((item) => [item.key, item]));
  return {
    namespaces: map((objects.namespaces ?? []).map((name) => toNamespaceInfo({ metadata: { name } }))),
    pods: map((objects.pods ?? []).map(toPodInfo)),
    services: map((objects.services ?? []).map(toServiceInfo)),
    ingresses: map((objects.ingresses ?? []).map(toIngressInfo)),
  };
}

const WRIGHT = ['staging-infra', 'staging-core', 'staging-ai', 'staging-web'];

function infraSnapshot(): ClusterSnapshot {
  const ns = 'staging-infra';
  return snapshot({
    namespaces: [...WRIGHT, 'kube-system', 'ingress-nginx'],
    services: [
      service('redis', ns, { app: 'redis' }, [6379]),
      service('authentik-server', ns, { app: 'authentik', component: 'server' }),
      service('postgres', ns, { app: 'postgres' }, [5432]),
      service('external', ns, undefined),
    ],
    pods: [
      pod('postgres-0', { namespace: ns, labels: { app: 'postgres' }, owner: { kind: 'StatefulSet', name: 'postgres' } }),
      pod('redis-0', { namespace: ns, labels: { app: 'redis' }, containers: [waiting('redis', 'CrashLoopBackOff', 5)] }),
      pod('authentik-server-b', { namespace: ns, labels: { app: 'authentik', component: 'server' }, ready: false }),
      pod('authentik-server-a', { namespace: ns, labels: { app: 'authentik', component: 'server' } }),
      pod('authentik-worker-x', { namespace: ns, labels: { app: 'authentik', component: 'worker' } }),
      pod('coredns', { namespace: 'kube-system', labels: { k8s: 'dns' } }),
    ],
    ingresses: [ingress('authentik', ns, 'auth.wright.localhost', 'authentik-server')],
  });
}

function names(nodes: readonly ClusterNode[]): string[] {
  return nodes.map((node) => {
    switch (node.kind) {
      case 'namespace':
        return node.name;
      case 'service':
        return `svc:${node.service.name}`;
      case 'podGroup':
        return `group:${node.label}`;
      case 'pod':
        return `pod:${node.pod.name}`;
      case 'message':
        return `message:${node.text}`;
      case 'missingWorkload':
        return `missing:${node.workload.kind}/${node.workload.name}`;
    }
  });
}

test("WRight's four namespaces come first in their fixed order; others only with showAllNamespaces", () => {
  const snap = infraSnapshot();
  assert.deepEqual(names(buildNamespaces(snap, OPTIONS)), WRIGHT);
  assert.deepEqual(names(buildNamespaces(snap, { ...OPTIONS, showAllNamespaces: true })), [...WRIGHT, 'ingress-nginx', 'kube-system']);
});

test('services sorted by name with the pods each selects; unselected pods under Other pods', () => {
  const infra = buildNamespaces(infraSnapshot(), OPTIONS)[0]!;
  assert.deepEqual(names(infra.children), ['svc:authentik-server', 'svc:external', 'svc:postgres', 'svc:redis', 'group:Other pods']);
  const authentik = infra.children[0] as ServiceNode;
  assert.deepEqual(names(authentik.children), ['pod:authentik-server-a', 'pod:authentik-server-b']);
  assert.equal(authentik.summary.ready, 1);
  assert.equal(authentik.summary.expected, 2);
  assert.deepEqual(names(infra.children[1]!.children), [], 'a service without a selector selects no pod');
  assert.deepEqual(names(infra.children[4]!.children), ['pod:authentik-worker-x']);
});

test('a pod selected by two services appears under both, with distinct ids', () => {
  const ns = 'staging-core';
  const snap = snapshot({
    namespaces: WRIGHT,
    services: [service('api', ns, { app: 'api' }), service('api-headless', ns, { app: 'api' })],
    pods: [pod('api-1', { namespace: ns, labels: { app: 'api', tier: 'web' } })],
  });
  const core = buildNamespaces(snap, OPTIONS)[1]!;
  const ids = core.children.flatMap((svc) => svc.children.map((child) => child.id));
  assert.equal(ids.length, 2);
  assert.notEqual(ids[0], ids[1]);
  assert.ok(!core.children.some((child) => child.kind === 'podGroup'), 'a selected pod is not also an "other" pod');
});

test('namespace aggregates count every pod once and the worst health wins', () => {
  const infra = buildNamespaces(infraSnapshot(), OPTIONS)[0]!;
  assert.equal(infra.summary.health, 'failing');
  assert.equal(infra.summary.ready, 3);
  assert.equal(infra.summary.expected, 5);
  assert.equal(infra.summary.failing, 1);
});

test('placeholder namespaces say that nothing is deployed, or that they do not exist yet', () => {
  const [, core, , web] = buildNamespaces(snapshot({ namespaces: ['staging-infra', 'staging-core'] }), OPTIONS);
  assert.deepEqual(names(core!.children), ['message:Nothing deployed yet']);
  assert.equal(core!.exists, true);
  assert.deepEqual(names(web!.children), ['message:Not created yet']);
  assert.equal(web!.exists, false);
});

test('ids are stable across rebuilds and unique in the tree', () => {
  const collect = (nodes: readonly ClusterNode[]): string[] => nodes.flatMap((node) => [node.id, ...collect(node.children)]);
  const first = collect(buildNamespaces(infraSnapshot(), OPTIONS));
  const second = collect(buildNamespaces(infraSnapshot(), OPTIONS));
  assert.deepEqual(first, second);
  assert.equal(new Set(first).size, first.length);
});

test('services behind an Ingress get its URL; port omitted when it is the default', () => {
  const infra = buildNamespaces(infraSnapshot(), OPTIONS)[0]!;
  const authentik = infra.children.find((c): c is ServiceNode => c.kind === 'service' && c.service.name === 'authentik-server')!;
  assert.deepEqual(authentik.urls, ['http://auth.wright.localhost/']);
  const redis = infra.children.find((c): c is ServiceNode => c.kind === 'service' && c.service.name === 'redis')!;
  assert.deepEqual(redis.urls, []);
});

test('ingress URLs use the configured host ports, and https for TLS hosts', () => {
  const ports = { httpPort: 8080, httpsPort: 8443 };
  const route = { host: 'auth.wright.localhost', path: '/', service: 'authentik-server', tls: false };
  assert.equal(ingressUrl(route, ports), 'http://auth.wright.localhost:8080/');
  assert.equal(ingressUrl({ ...route, tls: true }, ports), 'https://auth.wright.localhost:8443/');
  assert.equal(ingressUrl({ ...route, tls: true }, DEFAULT_PORTS), 'https://auth.wright.localhost/');
  assert.equal(ingressUrl({ ...route, path: '/api(/|$)(.*)' }, DEFAULT_PORTS), 'http://auth.wright.localhost/api');
  const snap = snapshot({
    namespaces: WRIGHT,
    services: [service('web', 'staging-web', { app: 'web' })],
    ingresses: [ingress('web', 'staging-web', 'app.wright.localhost', 'web', true, '/app')],
  });
  const web = buildNamespaces(snap, { ...OPTIONS, ingressPorts: ports })[3]!.children[0] as ServiceNode;
  assert.deepEqual(web.urls, ['https://app.wright.localhost:8443/app']);
});

test('the top level says when it is connecting or disconnected, and is empty when idle', () => {
  const snap = infraSnapshot();
  assert.deepEqual(buildTree(snap, { kind: 'idle' }, false, OPTIONS), []);
  assert.deepEqual(names(buildTree(snap, { kind: 'connecting' }, false, OPTIONS)), ['message:Connecting to the cluster…']);
  const down = buildTree(snap, { kind: 'disconnected', reason: 'ECONNREFUSED' }, true, OPTIONS);
  assert.deepEqual(
    names(down),
    ['message:Cannot reach the cluster', 'message:Docker stopped, or the cluster deleted outside WRight? Check Prerequisites', ...WRIGHT],
    'the last known state stays visible',
  );
  const message = down[0]!;
  assert.ok(message.kind === 'message' && message.action?.command === 'wright.refresh' && message.detail === 'ECONNREFUSED');
  const hint = down[1]!;
  assert.ok(hint.kind === 'message' && hint.action?.command === 'wright.checkPrerequisites');
  assert.deepEqual(names(buildTree(snap, { kind: 'connected' }, true, OPTIONS)), WRIGHT);
});

test('timestamps from a list (Date) and from a watch (string) give the same pod', () => {
  const fromList = toPodInfo(pod('a', { created: new Date('2026-11-01T10:00:00Z'), containers: [running('app')] }));
  const fromWatch = toPodInfo(pod('a', { created: '2026-11-01T10:00:00Z', containers: [running('app')] }));
  assert.deepEqual(fromList, fromWatch);
  assert.equal(fromList.createdAt, Date.parse('2026-11-01T10:00:00Z'));
});

test('pods record their controlling owner', () => {
  const infra: NamespaceNode = buildNamespaces(infraSnapshot(), OPTIONS)[0]!;
  const postgres = infra.children.find((c) => c.kind === 'service' && c.service.name === 'postgres')!;
  const first = postgres.children[0]!;
  assert.ok(first.kind === 'pod');
  assert.deepEqual(first.pod.owner, { kind: 'StatefulSet', name: 'postgres' });
});

test('port-forwards are attached to the service they forward, and to no other', () => {
  const badge = { address: '127.0.0.1:5432', servicePort: 5432, state: 'active' as const };
  const infra = buildNamespaces(infraSnapshot(), { ...OPTIONS, forwards: new Map([['staging-infra/postgres', [badge]]]) })[0]!;
  const services = infra.children.filter((c): c is ServiceNode => c.kind === 'service');
  assert.deepEqual(services.find((s) => s.service.name === 'postgres')!.forwards, [badge]);
  assert.ok(services.filter((s) => s.service.name !== 'postgres').every((s) => s.forwards.length === 0));
});
