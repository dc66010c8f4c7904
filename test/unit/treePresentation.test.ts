import assert from 'node:assert/strict';
import { test } from 'node:test';
import { toPodInfo, toServiceInfo } from '../../src/k8s/clusterSnapshot';
import type { PodNode, ServiceNode } from '../../src/k8s/clusterTree';
import { summarize } from '../../src/k8s/healthSummary';
import { escapeMarkdown, formatAge, nodeText } from '../../src/k8s/nodePresentation';
import { pod, running, service, waiting } from './k8sBuilders';

const CREATED = Date.parse('2026-11-01T10:00:00Z');

test('ages read like kubectl', () => {
  assert.equal(formatAge(CREATED, CREATED + 45_000), '45s');
  assert.equal(formatAge(CREATED, CREATED + 12 * 60_000), '12m');
  assert.equal(formatAge(CREATED, CREATED + 3 * 3_600_000), '3h');
  assert.equal(formatAge(CREATED, CREATED + 50 * 3_600_000), '2d');
  assert.equal(formatAge(undefined, CREATED), 'unknown age');
});

test('a pod says its reason, ready containers, restarts and age; the tooltip has node, owner and images', () => {
  const info = toPodInfo(
    pod('redis-0', { namespace: 'staging-infra', owner: { kind: 'StatefulSet', name: 'redis' }, containers: [running('redis', true, 2), waiting('exporter', 'CrashLoopBackOff', 1)] }),
  );
  const node: PodNode = { kind: 'pod', id: 'x', pod: info, children: [] };
  const text = nodeText(node, CREATED + 5 * 60_000);
  assert.equal(text.label, 'redis-0');
  assert.equal(text.description, 'CrashLoopBackOff 1/2, 3 restarts · 5m');
  assert.match(text.tooltip, /- Node: wright-staging-control-plane/);
  assert.match(text.tooltip, /- Owner: StatefulSet\/redis/);
  assert.match(text.tooltip, /- Image: `img\/redis:1`/);
  assert.match(text.tooltip, /- Image: `img\/exporter:1`/);
});

test('a service shows its ports and ingress URLs as links', () => {
  const node: ServiceNode = {
    kind: 'service',
    id: 'svc',
    service: toServiceInfo(service('authentik-server', 'staging-infra', { app: 'authentik' }, [80, 443])),
    urls: ['http://auth.wright.localhost:8080/'],
    forwards: [],
    summary: summarize(['ready', 'starting']),
    children: [],
  };
  const text = nodeText(node, CREATED);
  assert.equal(text.description, '1/2 ready');
  assert.match(text.tooltip, /- Port: 80\/TCP/);
  assert.match(text.tooltip, /- Port: 443\/TCP/);
  assert.match(text.tooltip, /\[http:\/\/auth\.wright\.localhost:8080\/\]\(http:\/\/auth\.wright\.localhost:8080\/\)/);
});

test('a forwarded service shows where it is forwarded, and why a forward is not carrying traffic', () => {
  const node: ServiceNode = {
    kind: 'service',
    id: 'svc',
    service: toServiceInfo(service('postgres', 'staging-infra', { app: 'postgres' }, [5432])),
    urls: [],
    forwards: [
      { address: '127.0.0.1:5432', servicePort: 5432, state: 'active' },
      { address: '127.0.0.1:15432', servicePort: 5432, state: 'waiting', detail: 'no ready pod behind service postgres' },
    ],
    summary: summarize(['ready']),
    children: [],
  };
  const text = nodeText(node, CREATED);
  assert.equal(text.description, '1/1 ready · → 127.0.0.1:5432 · → 127.0.0.1:15432 (waiting for a pod)');
  assert.match(text.tooltip, /- Port-forward: → 127\.0\.0\.1:5432\n/);
  assert.match(text.tooltip, /- Port-forward: → 127\.0\.0\.1:15432 \\\(waiting for a pod\\\) \(no ready pod behind service postgres\)/);
});

test('names from the cluster cannot inject Markdown', () => {
  assert.equal(escapeMarkdown('a*b_[c](d)'), 'a\\*b\\_\\[c\\]\\(d\\)');
});

test('a workload entry says its kind and that no Service selects it; Other pods says bare pods', () => {
  const workload = nodeText(
    { kind: 'podGroup', id: 'ns/staging-infra/workload/Deployment/authentik-worker', namespace: 'staging-infra', label: 'authentik-worker', workload: { kind: 'Deployment', name: 'authentik-worker' }, summary: summarize(['ready', 'starting']), children: [] },
    CREATED,
  );
  assert.equal(workload.label, 'authentik-worker');
  assert.match(workload.description, /^Deployment · /);
  assert.match(workload.tooltip, /^\*\*Deployment authentik-worker\*\* — .*\n\nNo Service selects its pods/);
  const other = nodeText({ kind: 'podGroup', id: 'ns/staging-infra/other', namespace: 'staging-infra', label: 'Other pods', summary: summarize(['ready']), children: [] }, CREATED);
  assert.match(other.tooltip, /no service selects and no workload owns/);
});
