import assert from 'node:assert/strict';
import { test } from 'node:test';
import { describeSummary, summarize } from '../../src/k8s/healthSummary';
import { worseHealth } from '../../src/k8s/podHealth';

test('worst health wins', () => {
  assert.equal(summarize(['ready', 'starting', 'ready']).health, 'starting');
  assert.equal(summarize(['ready', 'failing', 'starting', 'unknown']).health, 'failing');
  assert.equal(summarize(['ready', 'terminating']).health, 'terminating');
  assert.equal(summarize(['completed', 'ready']).health, 'ready');
  assert.equal(worseHealth('unknown', 'starting'), 'unknown');
});

test('counts ready pods among those expected to be ready', () => {
  assert.deepEqual(summarize(['ready', 'ready']), { health: 'ready', ready: 2, expected: 2, failing: 0 });
  // A job's completed pod and a pod on its way out are not expected to be ready.
  assert.deepEqual(summarize(['ready', 'completed', 'terminating', 'failing']), { health: 'failing', ready: 1, expected: 2, failing: 1 });
});

test('describes groups the way the tree shows them', () => {
  assert.equal(describeSummary(summarize([])), 'no pods');
  assert.equal(describeSummary(summarize(['ready', 'starting'])), '1/2 ready');
  assert.equal(describeSummary(summarize(['ready', 'failing'])), '1/2 ready, 1 failing');
  assert.equal(describeSummary(summarize(['completed'])), 'completed');
  assert.equal(describeSummary(summarize(['terminating'])), 'terminating');
});
