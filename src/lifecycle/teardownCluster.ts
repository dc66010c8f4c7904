// `teardown`: stop what WRight started (port-forwards register hooks), delete the kind cluster, and remove what
// WRight added for it: the kind-<name> entries it merged into the default kubeconfig (only if it merged them) and
// its own kubeconfig file (only if it created the file and nothing else is left in it). A cluster WRight did not
// create (no ownership record, no marker inside) is never deleted.
import { promises as fs } from 'node:fs';
import { keepOrPurgeRegistries } from '../images/teardownImages';
import { isCancelled } from '../process/errors';
import { UserFacingError } from '../shared/failures';
import { inspectKubeconfig } from './kubeconfigFile';
import type { Operation } from './operation';
import { hasOwnerMarker } from './ownerMarker';
import type { OwnershipStore } from './ownership';
import { existingClusters } from './kindClusters';
import { dockerNodeCreated, kindDeleteCluster, kubectlConfigDelete } from './toolCalls';

export type TeardownHook = () => Promise<void> | void;

export interface TeardownResult {
  readonly deleted: boolean;
  readonly message: string;
}

export async function teardownCluster(op: Operation, ownership: OwnershipStore, hooks: Iterable<TeardownHook>, purgeImages = false): Promise<TeardownResult> {
  const name = op.settings.clusterName;
  op.step('Stopping what WRight started');
  await Promise.all(
    [...hooks].map(async (hook) => {
      try {
        await hook();
      } catch (error) {
        op.logger.warn(`A teardown hook failed (continuing): ${(error as Error).message}`);
      }
    }),
  );
  op.step('Checking the cluster');
  const clusters = await existingClusters(op);
  if (!clusters.includes(name)) {
    await removeOwnedFiles(op, ownership);
    const images = await keepOrPurgeRegistries(op, purgeImages);
    return { deleted: false, message: `There is no cluster "${name}": nothing to tear down.${images ? ` ${images}` : ''}` };
  }
  if (!(await isOurs(op, ownership))) {
    throw new UserFacingError(
      `The cluster "${name}" was not created by WRight, so WRight will not delete it. To delete it yourself: kind delete cluster --name ${name}`,
      [],
      undefined,
      'cluster-exists',
    );
  }
  op.step(`Deleting the cluster "${name}"`, 'its data volumes go with it');
  await deleteCluster(op, ownership);
  const images = await keepOrPurgeRegistries(op, purgeImages);
  return { deleted: true, message: `Deleted the cluster "${name}".${images ? ` ${images}` : ''}` };
}

/**
 * Ours: this machine's record says WRight created it (and the cluster is not younger than the record), or the
 * cluster carries WRight's marker.
 */
export async function isOurs(op: Operation, ownership: OwnershipStore): Promise<boolean> {
  const record = await ownership.get(op.settings.clusterName);
  if (record?.createdCluster && !(await madeAfter(op, record.creatingUntil ?? record.createdAt))) return true;
  return hasOwnerMarker(op);
}

/** Node containers are created before kind finishes and WRight writes its record; allow for clock skew (Docker VMs). */
const RECORD_SLACK_MS = 60_000;

/**
 * True when the cluster's node was created after the record was written: the record is about an earlier cluster of
 * the same name (deleted outside this state folder: by hand, or by the other front end), not this one. Unknown
 * (docker cannot say) counts as not later, as before.
 */
async function madeAfter(op: Operation, recordedAt: string): Promise<boolean> {
  const recorded = Date.parse(recordedAt);
  const created = await op.exec(dockerNodeCreated(op.target)).catch((error: unknown) => {
    if (isCancelled(error)) throw error;
    return Number.NaN;
  });
  if (Number.isNaN(recorded) || Number.isNaN(created) || created <= recorded + RECORD_SLACK_MS) return false;
  op.logger.warn(`WRight's record of "${op.settings.clusterName}" (${recordedAt}) is older than the cluster now there (${new Date(created).toISOString()}): asking the cluster instead`);
  return true;
}

export async function deleteCluster(op: Operation, ownership: OwnershipStore, signal: AbortSignal = op.signal): Promise<void> {
  await op.exec(kindDeleteCluster(op.target), signal);
  await removeOwnedFiles(op, ownership, signal);
}

async function removeOwnedFiles(op: Operation, ownership: OwnershipStore, signal: AbortSignal = op.signal): Promise<void> {
  const record = await ownership.get(op.settings.clusterName);
  if (!record) return;
  if (record.mergedInto) {
    // kind delete only cleans the kubeconfig it is given (WRight's own); the merged copy is removed entry by entry.
    for (const what of ['context', 'cluster', 'user'] as const) {
      try {
        await op.exec(kubectlConfigDelete(op.target, record.mergedInto, what), signal);
      } catch (error) {
        op.logger.debug(`kubectl config delete-${what}: ${(error as Error).message}`);
      }
    }
  }
  if (record.createdKubeconfigFile && !op.dryRun) {
    const state = await inspectKubeconfig(record.createdKubeconfigFile).catch(() => undefined);
    if (state?.exists && state.contexts.length === 0) await fs.rm(record.createdKubeconfigFile, { force: true });
  }
  if (!op.dryRun) await ownership.forget(op.settings.clusterName);
}
