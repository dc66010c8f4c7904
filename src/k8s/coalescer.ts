// Turns a burst of triggers (a watch delivering 200 pod updates during a rollout) into few flushes, without
// delaying a lone change: the first trigger after a quiet window flushes on the next timer turn (every trigger of
// the same event-loop turn rides along), and triggers within `windowMs` of the last flush wait for the window's
// end and flush together. A continuous stream therefore refreshes at most once per window.
import type { Scheduler } from './scheduler';

export class Coalescer {
  private pending: unknown;
  private scheduled = false;
  private lastFlush = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly windowMs: number,
    private readonly scheduler: Scheduler,
    private readonly flush: () => void,
  ) {}

  trigger(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    const wait = Math.max(0, this.lastFlush + this.windowMs - this.scheduler.now());
    this.pending = this.scheduler.setTimeout(() => {
      this.scheduled = false;
      this.pending = undefined;
      this.lastFlush = this.scheduler.now();
      this.flush();
    }, wait);
  }

  cancel(): void {
    if (this.scheduled) this.scheduler.clearTimeout(this.pending);
    this.scheduled = false;
    this.pending = undefined;
  }
}
