// What WRight itself created, remembered in the state folder, so teardown removes only that: the cluster (a
// cluster WRight found already existing is reused but recorded as not ours), the kubeconfig file when it did not
// exist before, and the entries merged into the default kubeconfig on request.
import { join } from 'node:path';
import { ClusterRecordFile } from './clusterRecordFile';

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


export class OwnershipStore {
  private readonly records: ClusterRecordFile<ClusterRecord>;

  constructor(stateDir: string) {
    this.records = new ClusterRecordFile(join(stateDir, 'ownership.json'));
  }

  async get(cluster: string): Promise<ClusterRecord | undefined> {
    return (await this.records.readAll())[cluster];
  }

  async update(cluster: string, change: Partial<ClusterRecord>): Promise<void> {
    const all = await this.records.readAll();
    const current = all[cluster] ?? { createdCluster: false, createdKubeconfigFile: undefined, mergedInto: undefined, createdAt: new Date().toISOString() };
    all[cluster] = { ...current, ...change };
    await this.records.writeAll(all);
  }

  /** Puts back a record read earlier (undefined: none). */
  async replace(cluster: string, record: ClusterRecord | undefined): Promise<void> {
    if (!record) return this.forget(cluster);
    const all = await this.records.readAll();
    all[cluster] = record;
    await this.records.writeAll(all);
  }

  forget(cluster: string): Promise<void> {
    return this.records.forget(cluster);
  }

}
