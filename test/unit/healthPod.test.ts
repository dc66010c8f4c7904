import assert from 'node:assert/strict';
import { test } from 'node:test';
import { podHealth } from '../../src/k8s/podHealth';
import { pod, running, terminated, waiting } from './k8sBuilders';

test('a running pod whose containers are all ready is ready', () => {
  const info = podHealth(pod('api', { containers: [running('app'), running('sidecar')] }));
  assert.deepEqual(info, { health: 'ready', reason: 'Running', readyContainers: 2, totalContainers: 2, restarts: 0 });
});

test('a running pod with one of two containers not ready is starting', () => {
  const info = podHealth(pod('api', { containers: [running('app'), running('sidecar', false)] }));
  assert.equal(info.health, 'starting');
  assert.equal(info.readyContainers, 1);
  assert.equal(info.totalContainers, 2);
});

test('Pending with ContainerCreating is starting, named by the waiting reason', () => {
  const info = podHealth(pod('db', { phase: 'Pending', containers: [waiting('postgres', 'ContainerCreating')] }));
  assert.equal(info.health, 'starting');
  assert.equal(info.reason, 'ContainerCreating');
});

test('Pending and not yet scheduled is starting, named Unschedulable', () => {
  const raw = pod('db', { phase: 'Pending', containers: [] });
  const unscheduled = { ...raw, status: { ...raw.status, conditions: [{ type: 'PodScheduled', status: 'False', reason: 'Unschedulable' }] } };
  assert.deepEqual([podHealth(unscheduled).health, podHealth(unscheduled).reason], ['starting', 'Unschedulable']);
});

test('running init containers make the pod starting with kubectl-style progress', () => {
  const info = podHealth(
    pod('api', {
      phase: 'Pending',
      initSpec: [{ name: 'migrate' }, { name: 'wait-db' }],
      initContainers: [terminated('migrate', 'Completed', 0), running('wait-db', false)],
      containers: [waiting('app', 'PodInitializing')],
    }),
  );
  assert.deepEqual([info.health, info.reason], ['starting', 'Init:1/2']);
});

test('a native sidecar init container that runs counts as done', () => {
  const info = podHealth(
    pod('api', {
      initSpec: [{ name: 'proxy', restartPolicy: 'Always' }],
      initContainers: [running('proxy', true)],
      containers: [running('app')],
    }),
  );
  assert.equal(info.health, 'ready');
});

test('a crash-looping init container makes the pod failing', () => {
  const info = podHealth(
    pod('api', { phase: 'Pending', initSpec: [{ name: 'migrate' }], initContainers: [waiting('migrate', 'CrashLoopBackOff', 4)], containers: [waiting('app', 'PodInitializing')] }),
  );
  assert.deepEqual([info.health, info.reason, info.restarts], ['failing', 'Init:CrashLoopBackOff', 4]);
});

test('an init container that exited non-zero makes the pod failing', () => {
  const info = podHealth(pod('api', { phase: 'Pending', initSpec: [{ name: 'migrate' }], initContainers: [terminated('migrate', 'Error', 1)], containers: [] }));
  assert.deepEqual([info.health, info.reason], ['failing', 'Init:Error']);
});

for (const reason of ['CrashLoopBackOff', 'ImagePullBackOff', 'ErrImagePull', 'CreateContainerConfigError', 'InvalidImageName']) {
  test(`waiting with ${reason} is failing`, () => {
    const info = podHealth(pod('api', { containers: [running('sidecar'), waiting('app', reason, 3)] }));
    assert.deepEqual([info.health, info.reason, info.restarts, info.readyContainers], ['failing', reason, 3, 1]);
  });
}

test('an image pull failure while Pending is failing, not starting', () => {
  assert.equal(podHealth(pod('api', { phase: 'Pending', containers: [waiting('app', 'ImagePullBackOff')] })).health, 'failing');
});

test('a crash loop after an OOM kill is named OOMKilled', () => {
  const info = podHealth(pod('api', { containers: [waiting('app', 'CrashLoopBackOff', 7, 'OOMKilled')] }));
  assert.deepEqual([info.health, info.reason, info.restarts], ['failing', 'OOMKilled', 7]);
});

test('a container that just terminated with OOMKilled is failing', () => {
  assert.deepEqual(Object.values(podHealth(pod('api', { containers: [terminated('app', 'OOMKilled', 137)] }))).slice(0, 2), ['failing', 'OOMKilled']);
});

test('a container that terminated with a bare non-zero exit code is failing', () => {
  const raw = pod('api', { containers: [{ name: 'app', ready: false, restartCount: 0, state: { terminated: { exitCode: 2 } } }] });
  assert.deepEqual([podHealth(raw).health, podHealth(raw).reason], ['failing', 'ExitCode:2']);
});

test('an evicted pod is failing', () => {
  const info = podHealth(pod('api', { phase: 'Failed', reason: 'Evicted', containers: [terminated('app', 'Completed', 0)] }));
  assert.deepEqual([info.health, info.reason], ['failing', 'Evicted']);
});

test('a Failed pod without a pod-level reason takes the container reason', () => {
  const info = podHealth(pod('api', { phase: 'Failed', containers: [terminated('app', 'Error', 1)] }));
  assert.deepEqual([info.health, info.reason], ['failing', 'Error']);
});

test('a pod with a deletion timestamp is terminating, whatever its containers say', () => {
  assert.equal(podHealth(pod('api', { deleting: true, containers: [waiting('app', 'CrashLoopBackOff')] })).health, 'terminating');
  assert.equal(podHealth(pod('api', { deleting: true })).health, 'terminating');
});

test('a Succeeded pod is completed', () => {
  const info = podHealth(pod('job', { phase: 'Succeeded', containers: [terminated('app', 'Completed', 0)] }));
  assert.deepEqual([info.health, info.reason], ['completed', 'Completed']);
});

test('a pod in phase Unknown, or with no status at all, is unknown', () => {
  assert.equal(podHealth(pod('api', { phase: 'Unknown' })).health, 'unknown');
  assert.deepEqual(podHealth({ metadata: { name: 'bare' } }), { health: 'unknown', reason: 'Unknown', readyContainers: 0, totalContainers: 0, restarts: 0 });
});

test('restarts add up over containers and init containers', () => {
  const info = podHealth(
    pod('api', { initSpec: [{ name: 'init' }], initContainers: [{ ...terminated('init', 'Completed', 0), restartCount: 2 }], containers: [running('a', true, 3), running('b', true, 1)] }),
  );
  assert.equal(info.restarts, 6);
  assert.equal(info.health, 'ready');
});
