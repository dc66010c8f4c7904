import assert from 'node:assert/strict';
import { test } from 'node:test';
import { backoffDelay, DEFAULT_BACKOFF } from '../../src/k8s/backoff';
import { Coalescer } from '../../src/k8s/coalescer';
import { ManualScheduler } from './k8sManualScheduler';

test('a lone change after a quiet window flushes on the next timer turn, with its whole burst', () => {
  const scheduler = new ManualScheduler();
  let flushes = 0;
  const coalescer = new Coalescer(50, scheduler, () => (flushes += 1));
  for (let i = 0; i < 200; i++) coalescer.trigger();
  assert.equal(flushes, 0, 'never synchronously');
  assert.deepEqual(scheduler.pending(), [0]);
  scheduler.advance(0);
  assert.equal(flushes, 1);
  scheduler.advance(1000);
  assert.equal(flushes, 1, 'nothing more without new triggers');
  coalescer.trigger();
  scheduler.advance(0);
  assert.equal(flushes, 2, 'quiet again: the next change is not delayed');
});

test('changes right after a flush wait for the end of the window and flush together', () => {
  const scheduler = new ManualScheduler();
  let flushes = 0;
  const coalescer = new Coalescer(50, scheduler, () => (flushes += 1));
  coalescer.trigger();
  scheduler.advance(0);
  scheduler.advance(10);
  for (let i = 0; i < 100; i++) coalescer.trigger();
  scheduler.advance(39);
  assert.equal(flushes, 1);
  scheduler.advance(1);
  assert.equal(flushes, 2);
});

test('a continuous stream still flushes once per window', () => {
  const scheduler = new ManualScheduler();
  let flushes = 0;
  const coalescer = new Coalescer(50, scheduler, () => (flushes += 1));
  for (let ms = 0; ms < 500; ms += 10) {
    coalescer.trigger();
    scheduler.advance(10);
  }
  // At 0 (leading), then at 50, 100, ..., 500: never more than one flush per window.
  assert.equal(flushes, 11);
});

test('cancel drops a pending flush', () => {
  const scheduler = new ManualScheduler();
  let flushes = 0;
  const coalescer = new Coalescer(50, scheduler, () => (flushes += 1));
  coalescer.trigger();
  coalescer.cancel();
  scheduler.advance(100);
  assert.equal(flushes, 0);
  coalescer.trigger();
  scheduler.advance(0);
  assert.equal(flushes, 1);
});

test('backoff doubles from 0.5 s up to 30 s', () => {
  const noJitter = { ...DEFAULT_BACKOFF, jitter: 0 };
  assert.deepEqual(
    [0, 1, 2, 3, 4, 5, 6, 7, 20].map((attempt) => backoffDelay(attempt, noJitter)),
    [500, 1000, 2000, 4000, 8000, 16000, 30000, 30000, 30000],
  );
});

test('backoff jitter stays within its fraction and under the maximum', () => {
  assert.equal(backoffDelay(0, DEFAULT_BACKOFF, () => 0), 400);
  assert.equal(backoffDelay(0, DEFAULT_BACKOFF, () => 0.999999), 600);
  assert.equal(backoffDelay(10, DEFAULT_BACKOFF, () => 0.999999), 30000);
});
