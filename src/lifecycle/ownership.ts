// What WRight itself created, remembered in the state folder, so teardown removes only that: the cluster (a
// cluster WRight found already existing is reused but recorded as not ours), the kubeconfig file when it did not
// exist before, and the entries merged into the default kubeconfig on request.
import { promises as fs } from 'node:fs';
import { join } from 'node:path';

export interface ClusterRecord {
  /** kind's cluster was created by WRight (not found existing and reused). */
  readonly createdCluster: boolean;
  /** The kubeconfig file did not exist before WRight's create wrote it. */
  readonly createdKubeconfigFile: string | undefined;
  /** The default kubeconfig that WRight merged kind-<name> into (opt-in). */
  readonly mergedInto: string | undefined;
  readonly createdAt: string;
  /** The host ports the cluster's ingress was published on (they may differ from the settings: "Use ports 8080/8443"). */
  readonly ingressPorts?: { readonly httpPort: number; readonly httpsPort: number };
  /**
   * Set while `kind create` runs (written before it starts): the create's deadline. A node made up to then is
   * this create's, however long the image pull before it took.
   */
  readonly creatingUntil?: string;
}

type Records = Record<string, ClusterRecord>;

export class OwnershipStore {
  private readonly file: string;

  constructor(stateDir: string) {
    this.file = join(stateDir, 'ownership.json');
  }

  async get(cluster: string): Promise<ClusterRecord | undefined> {
    return (await this.readAll())[cluster];
  }

  async update(cluster: string, change: Partial<ClusterRecord>): Promise<void> {
    const all = await this.readAll();
    const current = all[cluster] ?? { createdCluster: false, createdKubeconfigFile: undefined, mergedInto: undefined, createdAt: new Date().toISOString() };
    all[cluster] = { ...current, ...change };
    await this.writeAll(all);
  }

  /** Puts back a record read earlier (undefined: none). */
  async replace(cluster: string, record: ClusterRecord | undefined): Promise<void> {
    if (!record) return this.forget(cluster);
    const all = await this.readAll();
    all[cluster] = record;
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
      // Missing or damaged: nothing is known to be ours, which errs on the side of deleting less.
      return {};
    }
  }

  private async writeAll(records: Records): Promise<void> {
    await fs.mkdir(join(this.file, '..'), { recursive: true });
    const temp = `${this.file}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
    await fs.writeFile(temp, `${JSON.stringify(records, null, 2)}\n`, { mode: 0o600 });
    await fs.rename(temp, this.file);
  }
}
