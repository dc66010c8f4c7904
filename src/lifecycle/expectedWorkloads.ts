// What WRight deployed, remembered per cluster in the state folder: the Deployments and StatefulSets of the last
// manifests it rendered and applied. Readiness is measured against this list, so a workload that should exist and
// does not (its apply was refused, someone deleted it) counts as failing instead of silently dropping out of the
// count. No record (a cluster WRight never deployed to) means: count what exists, as before.
import { join } from 'node:path';
import { ClusterRecordFile } from './clusterRecordFile';
import type { WorkloadRef } from './workloads';

export interface ExpectedWorkloadsRecord {
  readonly workloads: readonly WorkloadRef[];
  /** When the manifests holding them were rendered and sent to the cluster. */
  readonly recordedAt: string;
}


const KINDS: ReadonlySet<string> = new Set(['Deployment', 'StatefulSet']);

function isWorkloadRef(value: unknown): value is WorkloadRef {
  const ref = value as Partial<WorkloadRef> | null;
  return typeof ref === 'object' && ref !== null && KINDS.has(String(ref.kind)) && typeof ref.namespace === 'string' && typeof ref.name === 'string';
}

export class ExpectedWorkloadsStore {
  private readonly records: ClusterRecordFile<ExpectedWorkloadsRecord>;

  constructor(stateDir: string) {
    this.records = new ClusterRecordFile(join(stateDir, 'deployed-workloads.json'));
  }

  async get(cluster: string): Promise<ExpectedWorkloadsRecord | undefined> {
    const record = (await this.records.readAll())[cluster];
    if (!record || !Array.isArray(record.workloads)) return undefined;
    // A hand-edited or damaged entry is dropped rather than trusted.
    return { workloads: record.workloads.filter(isWorkloadRef).map(({ kind, namespace, name }) => ({ kind, namespace, name })), recordedAt: String(record.recordedAt) };
  }

  async record(cluster: string, workloads: readonly WorkloadRef[]): Promise<void> {
    const all = await this.records.readAll();
    all[cluster] = { workloads: workloads.map(({ kind, namespace, name }) => ({ kind, namespace, name })), recordedAt: new Date().toISOString() };
    await this.records.writeAll(all);
  }

  /** The cluster is gone (or new): nothing of it is expected any more. */
  forget(cluster: string): Promise<void> {
    return this.records.forget(cluster);
  }

}

/** The expected workloads that the cluster does not have (compared by kind, namespace and name). */
export function missingWorkloads(expected: readonly WorkloadRef[], present: readonly WorkloadRef[]): WorkloadRef[] {
  const key = (ref: WorkloadRef): string => `${ref.kind}/${ref.namespace}/${ref.name}`;
  const found = new Set(present.map(key));
  return expected.filter((ref) => !found.has(key(ref)));
}
