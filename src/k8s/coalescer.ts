// Turns a burst of triggers (a watch delivering 200 pod updates during a rollout) into ONE flush at the end of a
// short window, so the tree and status bar refresh once per burst instead of once per event.
import type { Scheduler } from './scheduler';

export class Coalescer {
  private pending: unknown;
  private scheduled = false;

  constructor(
    private readonly delayMs: number,
    private readonly scheduler: Scheduler,
    private readonly flush: () => void,
  ) {}

  trigger(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    // The window starts at the first trigger (not the last), so a continuous stream still refreshes every
    // delayMs instead of starving the view.
    this.pending = this.scheduler.setTimeout(() => {
      this.scheduled = false;
      this.pending = undefined;
      this.flush();
    }, this.delayMs);
  }

  cancel(): void {
    if (this.scheduled) this.scheduler.clearTimeout(this.pending);
    this.scheduled = false;
    this.pending = undefined;
  }
}
