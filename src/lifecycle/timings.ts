// How long create and deploy took, recorded in the state folder when they run, so `wright verify` can hold them
// against the proposal's targets (cluster creation < 2 min, deployment < 5 min, all pods healthy < 5 min after
// deployment). One record per cluster name; a re-created cluster overwrites its record, teardown forgets it.
import { promises as fs } from 'node:fs';
import { join } from 'node:path';

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

type Records = Record<string, TimingRecord>;

export class TimingStore {
  private readonly file: string;

  constructor(stateDir: string) {
    this.file = join(stateDir, 'timings.json');
  }

  async get(cluster: string): Promise<TimingRecord | undefined> {
    return (await this.readAll())[cluster];
  }

  /** Merges `change` into the cluster's record; `replace` starts a new record (a newly created cluster). */
  async record(cluster: string, change: TimingRecord, replace = false): Promise<void> {
    const all = await this.readAll();
    all[cluster] = { ...(replace ? {} : all[cluster]), ...change };
    await this.writeAll(all);
  }

  async forget(cluster: string): Promise<void> {
    const all = await this.readAll();
    if (!(cluster in all)) return;
    delete all[cluster];
    await this.writeAll(all);
  }

  private async readAll(): Promise<Records> {
    try {
      const parsed = JSON.parse(await fs.readFile(this.file, 'utf8')) as unknown;
      return parsed && typeof parsed === 'object' ? (parsed as Records) : {};
    } catch {
      return {};
    }
  }

  private async writeAll(records: Records): Promise<void> {
    await fs.mkdir(join(this.file, '..'), { recursive: true });
    const temp = `${this.file}.${process.pid}.tmp`;
    await fs.writeFile(temp, `${JSON.stringify(records, null, 2)}\n`, { mode: 0o600 });
    await fs.rename(temp, this.file);
  }
}
