// How long create and deploy took, recorded in the state folder when they run, so `wright verify` can hold them
// against the proposal's targets (cluster creation < 2 min, deployment < 5 min, all pods healthy < 5 min after
// deployment). One record per cluster name; a re-created cluster overwrites its record, teardown forgets it.
import { join } from 'node:path';
import { ClusterRecordFile } from './clusterRecordFile';

export interface TimingRecord {
  /** `create` of a new cluster: preflight, kind create, ingress controller ready. */
  readonly clusterCreationMs?: number;
  readonly clusterCreatedAt?: string;
  /** `deploy` (or the deploy part of `create`): secrets, render, apply, until every workload is ready. */
  readonly deploymentMs?: number;
  /** From the apply until every workload is ready: "all pods healthy after deployment". */
  readonly allHealthyMs?: number;
  readonly deployedAt?: string;
}


export class TimingStore {
  private readonly records: ClusterRecordFile<TimingRecord>;

  constructor(stateDir: string) {
    this.records = new ClusterRecordFile(join(stateDir, 'timings.json'));
  }

  async get(cluster: string): Promise<TimingRecord | undefined> {
    return (await this.records.readAll())[cluster];
  }

  /** Merges `change` into the cluster's record; `replace` starts a new record (a newly created cluster). */
  async record(cluster: string, change: TimingRecord, replace = false): Promise<void> {
    const all = await this.records.readAll();
    all[cluster] = { ...(replace ? {} : all[cluster]), ...change };
    await this.records.writeAll(all);
  }

  forget(cluster: string): Promise<void> {
    return this.records.forget(cluster);
  }

}
