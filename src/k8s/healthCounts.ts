// Pod health counted per group, updated one pod at a time, so a group's summary costs O(1) however many pods it
// has. summarize() (healthSummary.ts) computes the same summary from a list; the tests hold the two together.
import type { HealthSummary } from './healthSummary';
import { type PodHealth } from './podHealth';

const WORST_FIRST: readonly PodHealth[] = ['failing', 'unknown', 'starting', 'terminating', 'ready', 'completed'];

export class HealthCounts {
  private readonly counts: Record<PodHealth, number> = { failing: 0, unknown: 0, starting: 0, terminating: 0, ready: 0, completed: 0 };
  private total = 0;

  add(health: PodHealth): void {
    this.counts[health] += 1;
    this.total += 1;
  }

  remove(health: PodHealth): void {
    this.counts[health] -= 1;
    this.total -= 1;
  }

  get size(): number {
    return this.total;
  }

  get ready(): number {
    return this.counts.ready;
  }

  get failing(): number {
    return this.counts.failing;
  }

  /** Pods expected to be ready: all but completed ones and those on their way out. */
  get expected(): number {
    return this.total - this.counts.completed - this.counts.terminating;
  }

  /** None ready and one failing: what serves through this group is down. */
  get down(): boolean {
    return this.counts.ready === 0 && this.counts.failing > 0;
  }

  summary(): HealthSummary {
    const health = this.total === 0 ? 'empty' : (WORST_FIRST.find((h) => this.counts[h] > 0) ?? 'empty');
    return { health, ready: this.counts.ready, expected: this.expected, failing: this.counts.failing };
  }
}
