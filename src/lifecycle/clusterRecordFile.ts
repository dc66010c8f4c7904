// A JSON file in the state folder holding one record per cluster name (ownership, deployed workloads, timings):
// read whole, changed, written back atomically (temporary file + rename, mode 0600). A missing or damaged file
// reads as empty: each store says what "nothing recorded" means for it.
import { promises as fs } from 'node:fs';
import { dirname } from 'node:path';

export class ClusterRecordFile<T> {
  constructor(readonly file: string) {}

  async readAll(): Promise<Record<string, T>> {
    try {
      const parsed = JSON.parse(await fs.readFile(this.file, 'utf8')) as unknown;
      return parsed && typeof parsed === 'object' ? (parsed as Record<string, T>) : {};
    } catch {
      return {};
    }
  }

  async writeAll(records: Record<string, T>): Promise<void> {
    await fs.mkdir(dirname(this.file), { recursive: true });
    const temp = `${this.file}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
    await fs.writeFile(temp, `${JSON.stringify(records, null, 2)}\n`, { mode: 0o600 });
    await fs.rename(temp, this.file);
  }

  async forget(cluster: string): Promise<void> {
    const all = await this.readAll();
    if (!(cluster in all)) return;
    delete all[cluster];
    await this.writeAll(all);
  }
}
