// What WRight deployed, remembered per cluster in the state folder: the Deployments and StatefulSets of the last
// manifests it rendered and applied. Readiness is measured against this list, so a workload that should exist and
// does not (its apply was refused, someone deleted it) counts as failing instead of silently dropping out of the
// count. No record (a cluster WRight never deployed to) means: count what exists, as before.
import { promises as fs } from 'node:fs';
import { join } from 'node:path';
import type { WorkloadRef } from './workloads';

export interface ExpectedWorkloadsRecord {
  readonly workloads: readonly WorkloadRef[];
  /** When the manifests holding them were rendered and sent to the cluster. */
  readonly recordedAt: string;
}

type Records = Record<string, ExpectedWorkloadsRecord>;

const KINDS: ReadonlySet<string> = new Set(['Deployment', 'StatefulSet']);

function isWorkloadRef(value: unknown): value is WorkloadRef {
  const ref = value as Partial<WorkloadRef> | null;
  return typeof ref === 'object' && ref !== null && KINDS.has(String(ref.kind)) && typeof ref.namespace === 'string' && typeof ref.name === 'string';
}

export class ExpectedWorkloadsStore {
  private readonly file: string;

  constructor(stateDir: string) {
    this.file = join(stateDir, 'deployed-workloads.json');
  }

  async get(cluster: string): Promise<ExpectedWorkloadsRecord | undefined> {
    const record = (await this.readAll())[cluster];
    if (!record || !Array.isArray(record.workloads)) return undefined;
    // A hand-edited or damaged entry is dropped rather than trusted.
    return { workloads: record.workloads.filter(isWorkloadRef).map(({ kind, namespace, name }) => ({ kind, namespace, name })), recordedAt: String(record.recordedAt) };
  }

  async record(cluster: string, workloads: readonly WorkloadRef[]): Promise<void> {
    const all = await this.readAll();
    all[cluster] = { workloads: workloads.map(({ kind, namespace, name }) => ({ kind, namespace, name })), recordedAt: new Date().toISOString() };
    await this.writeAll(all);
  }

  /** The cluster is gone (or new): nothing of it is expected any more. */
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
      // Missing or damaged: nothing is expected, which is today's behaviour (count what exists).
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

/** The expected workloads that the cluster does not have (compared by kind, namespace and name). */
export function missingWorkloads(expected: readonly WorkloadRef[], present: readonly WorkloadRef[]): WorkloadRef[] {
  const key = (ref: WorkloadRef): string => `${ref.kind}/${ref.namespace}/${ref.name}`;
  const found = new Set(present.map(key));
  return expected.filter((ref) => !found.has(key(ref)));
}
