// Aggregates pod health for a group (a service, a namespace, the whole cluster): "2/2 ready", worst health wins.
import { worseHealth, type PodHealth } from './podHealth';

export type GroupHealth = PodHealth | 'empty';

export interface HealthSummary {
  readonly health: GroupHealth;
  /** Pods that are ready. */
  readonly ready: number;
  /** Pods expected to be ready: completed (job) pods and pods on their way out do not count. */
  readonly expected: number;
  readonly failing: number;
}

export const EMPTY_SUMMARY: HealthSummary = { health: 'empty', ready: 0, expected: 0, failing: 0 };

export function summarize(healths: Iterable<PodHealth>): HealthSummary {
  let health: GroupHealth = 'empty';
  let ready = 0;
  let expected = 0;
  let failing = 0;
  for (const pod of healths) {
    health = health === 'empty' ? pod : worseHealth(health, pod);
    if (pod === 'ready') ready += 1;
    if (pod === 'failing') failing += 1;
    if (pod !== 'completed' && pod !== 'terminating') expected += 1;
  }
  return { health, ready, expected, failing };
}

/** The short text shown next to a service or namespace. */
export function describeSummary(summary: HealthSummary): string {
  if (summary.health === 'empty') return 'no pods';
  if (summary.expected === 0) return summary.health === 'completed' ? 'completed' : summary.health;
  const text = `${summary.ready}/${summary.expected} ready`;
  return summary.failing > 0 ? `${text}, ${summary.failing} failing` : text;
}
