// How a workload that WRight deployed and that no longer exists is named, in the same words by the status bar,
// the tree and `wright status`.

export interface MissingWorkload {
  readonly kind: string;
  readonly namespace: string;
  readonly name: string;
}

export const MISSING_REASON = 'it was deployed and no longer exists';

/** "redis (StatefulSet) is missing: it was deployed and no longer exists"; `escape` guards the name (Markdown). */
export function describeMissing(workload: Pick<MissingWorkload, 'kind' | 'name'>, escape: (text: string) => string = (text) => text): string {
  return `${escape(workload.name)} (${workload.kind}) is missing: ${MISSING_REASON}`;
}
