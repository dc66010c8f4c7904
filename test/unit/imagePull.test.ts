// A pod waiting for an image: which image and since when (from the pod's PodReadyToStartContainers condition), or
// the registry's answer for a failed pull; and how the tree's pod node says it.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { PodNode } from '../../src/k8s/clusterTree';
import { toPodInfo } from '../../src/k8s/clusterSnapshot';
import { formatElapsed, imagePullOf } from '../../src/k8s/imagePull';
import type { RawPod } from '../../src/k8s/kubeObjects';
import { nodeText } from '../../src/k8s/nodePresentation';

const IMAGE = 'ghcr.io/goauthentik/server:2026.8.3';
const SANDBOX_READY = '2026-11-29T10:00:00Z';

function authentikPod(status: RawPod['status']): RawPod {
  return {
    metadata: { name: 'authentik-server-7c9d-abcde', namespace: 'staging-infra', creationTimestamp: '2026-11-29T09:59:58Z' },
    spec: { nodeName: 'wright-staging-control-plane', containers: [{ name: 'server', image: IMAGE }] },
    status,
  };
}

const pulling = authentikPod({
  phase: 'Pending',
  conditions: [
    { type: 'PodReadyToStartContainers', status: 'True', lastTransitionTime: SANDBOX_READY },
    { type: 'PodScheduled', status: 'True' },
    { type: 'Ready', status: 'False', reason: 'ContainersNotReady' },
  ],
  containerStatuses: [{ name: 'server', ready: false, restartCount: 0, image: IMAGE, imageID: '', state: { waiting: { reason: 'ContainerCreating' } } }],
});

test('a pod whose sandbox is ready and whose container waits without an image is pulling, since the sandbox was ready', () => {
  assert.deepEqual(imagePullOf(pulling), { state: 'pulling', images: [IMAGE], since: Date.parse(SANDBOX_READY) });
  const node: PodNode = { kind: 'pod', id: 'p', pod: toPodInfo(pulling), children: [] };
  const text = nodeText(node, Date.parse(SANDBOX_READY) + 42_000);
  assert.equal(text.description, `pulling ${IMAGE} · 42 s 0/1 · 44s`);
  assert.match(text.tooltip, /\*\*Pulling:\*\* pulling ghcr\.io\/goauthentik\/server:2026\.8\.3 · 42 s$/);
});

test('not pulling: sandbox not ready yet (volumes, scheduling), or the image is already there', () => {
  const noSandbox = authentikPod({ ...pulling.status, conditions: [{ type: 'PodScheduled', status: 'True' }] });
  assert.equal(imagePullOf(noSandbox), undefined);
  const present = authentikPod({
    ...pulling.status,
    containerStatuses: [{ name: 'server', ready: false, restartCount: 0, image: IMAGE, imageID: 'ghcr.io/goauthentik/server@sha256:1', state: { waiting: { reason: 'ContainerCreating' } } }],
  });
  assert.equal(imagePullOf(present), undefined);
  const running = authentikPod({ phase: 'Running', conditions: pulling.status?.conditions ?? [], containerStatuses: [{ name: 'server', ready: true, restartCount: 0, state: { running: {} } }] });
  assert.equal(imagePullOf(running), undefined);
  assert.equal(toPodInfo(running).pull, undefined);
});

test('a failed pull shows the registry\'s message instead of the bare reason', () => {
  const message = `rpc error: code = NotFound desc = failed to pull and unpack image "${IMAGE}": failed to resolve reference "${IMAGE}": ${IMAGE}: not found`;
  const failed = authentikPod({
    phase: 'Pending',
    conditions: pulling.status?.conditions ?? [],
    containerStatuses: [{ name: 'server', ready: false, restartCount: 0, image: IMAGE, state: { waiting: { reason: 'ErrImagePull', message } } }],
  });
  assert.deepEqual(imagePullOf(failed), { state: 'failed', image: IMAGE, reason: 'ErrImagePull', message });
  const text = nodeText({ kind: 'pod', id: 'p', pod: toPodInfo(failed), children: [] }, Date.parse(SANDBOX_READY) + 5_000);
  assert.equal(text.description, `ErrImagePull: ${message} 0/1 · 7s`);
  assert.equal(toPodInfo(failed).health, 'failing');
});

test('elapsed time reads in seconds, then minutes', () => {
  assert.equal(formatElapsed(42_400), '42 s');
  assert.equal(formatElapsed(185_000), '3 min 5 s');
  assert.equal(formatElapsed(-5), '0 s');
});
