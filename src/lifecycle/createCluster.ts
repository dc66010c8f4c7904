// `create`: preflight, then `kind create cluster` with the rendered config into WRight's own kubeconfig, then
// the ingress controller. Cancelling (or timing out) before the cluster is complete deletes it, but only when
// this run created it; a cluster that existed before is offered for reuse or, if WRight made it, re-creation.
import { promises as fs } from 'node:fs';
import { join } from 'node:path';
import { ensureRegistries, type ReadyRegistry } from '../images/ensureRegistries';
import { wireNodes } from '../images/wireNodes';
import { CancelledError, isCancelled, ProcessFailedError } from '../process/errors';
import { UserFacingError } from '../shared/failures';
import { settingRef } from '../shared/wording';
import { installIngress } from './ingress';
import { renderKindConfigFile } from './kindConfig';
import { inspectKubeconfig } from './kubeconfigFile';
import type { Operation } from './operation';
import { writeOwnerMarker } from './ownerMarker';
import type { OwnershipStore } from './ownership';
import { assertPreflight, runPreflight } from './preflight';
import { deleteCluster, isOurs } from './teardownCluster';
import { kindCreateCluster, kindExportKubeconfig } from './toolCalls';

export type IfExists = 'ask' | 'reuse' | 'recreate';

export interface CreateResult {
  /** An existing cluster was kept and brought up to date. */
  readonly reused: boolean;
}

/** How long `kind create cluster --wait` waits for the control plane. */
const KIND_WAIT_SECONDS = 60;

export async function createCluster(op: Operation, ownership: OwnershipStore, ifExists: IfExists, adopt = false): Promise<CreateResult> {
  const name = op.settings.clusterName;
  op.step('Checking prerequisites');
  const report = await runPreflight(op, { ports: true, envFile: op.settings.deployOnCreate });
  // An existing cluster already holds its ports; they matter only when a new one is made.
  const relevant = report.clusterExists ? { ...report, checks: report.checks.filter((c) => c.id !== 'ports') } : report;
  assertPreflight(op, relevant);

  if (report.clusterExists) {
    if (ifExists === 'ask') {
      throw new UserFacingError(
        `The cluster "${name}" already exists. Reuse it, or re-create it from scratch (its data is lost)?`,
        [
          { title: 'Reuse', command: 'wright.createCluster', args: [{ ifExists: 'reuse' }] },
          { title: 'Re-create', command: 'wright.createCluster', args: [{ ifExists: 'recreate' }] },
        ],
        undefined,
        'cluster-exists',
      );
    }
    if (ifExists === 'reuse') {
      // Reusing changes the cluster (ingress controller, then the services): only WRight's own, unless asked.
      if (!adopt && !(await isOurs(op, ownership))) {
        throw new UserFacingError(
          `The cluster "${name}" exists but was not created by WRight, so WRight leaves it unchanged. To install WRight's ingress and services into it anyway, adopt it (wright up --adopt), or choose another cluster name (--cluster-name).`,
          [
            { title: 'Adopt It', command: 'wright.createCluster', args: [{ ifExists: 'reuse', adopt: true }] },
            { title: 'Open Settings', command: 'workbench.action.openSettings', args: ['wright.clusterName'] },
          ],
          undefined,
          'cluster-exists',
        );
      }
      op.step(`Reusing the existing cluster "${name}"`);
      await fs.mkdir(op.deps.paths.stateDir, { recursive: true });
      // Brings WRight's kubeconfig up to date (the file may have been removed or belong to another folder).
      await op.exec(kindExportKubeconfig(op.target));
      // Caches first: the ingress controller's image is pulled through them when the node lacks it.
      if (op.settings.images.enabled) await connectImages(op, (await ensureRegistries(op)).ready, op.signal);
      await installIngress(op, op.settings.timeouts.createSeconds, op.signal);
      return { reused: true };
    }
    if (!(await isOurs(op, ownership))) {
      throw new UserFacingError(
        `The cluster "${name}" was not created by WRight, so WRight will not delete it. Delete it yourself (kind delete cluster --name ${name}) or choose another cluster name.`,
        [{ title: 'Open Settings', command: 'workbench.action.openSettings', args: ['wright.clusterName'] }],
        undefined,
        'cluster-exists',
      );
    }
    op.step(`Deleting the existing cluster "${name}"`);
    await deleteCluster(op, ownership);
    // Its ports are free now; anything else holding them is a real problem.
    assertPreflight(op, await runPreflight(op, { ports: true, envFile: false }));
  }

  await createNew(op, ownership);
  return { reused: false };
}

async function createNew(op: Operation, ownership: OwnershipStore): Promise<void> {
  const { stateDir } = op.deps.paths;
  await fs.mkdir(stateDir, { recursive: true });
  const kubeconfigBefore = await inspectKubeconfig(op.target.kubeconfig);
  const configFile = join(stateDir, `kind-config-${op.settings.clusterName}.yaml`);
  const { httpPort, httpsPort } = op.settings.ingress;
  // Before the cluster: made or started here, joined to the kind network once kind has made it.
  const registries = op.settings.images.enabled ? (await ensureRegistries(op)).ready : [];
  await renderKindConfigFile(join(op.deps.paths.manifestsDir, 'kind', 'cluster.yaml'), configFile, { httpPort, httpsPort, nodeImage: op.settings.nodeImage });

  const timeoutSeconds = op.settings.timeouts.createSeconds;
  const timeout = AbortSignal.timeout(timeoutSeconds * 1000);
  const deadline = Date.now() + timeoutSeconds * 1000;
  const signal = AbortSignal.any([op.signal, timeout]);
  const step = `Creating the kind cluster "${op.settings.clusterName}"`;
  let startedCreate = false;
  const recordBefore = await ownership.get(op.settings.clusterName);
  try {
    op.step(step, `ports ${httpPort}/${httpsPort} on 127.0.0.1`);
    // Recorded as WRight's BEFORE kind runs: if this process dies mid-create (SIGKILL, a crash, a power cut), the
    // half-made cluster is still known to be ours, and `wright down` can remove it. `creatingUntil` bounds when
    // its node can have been made (see isOurs), so a later hand-made cluster of the same name is not claimed.
    if (!op.dryRun) {
      await ownership.update(op.settings.clusterName, {
        createdCluster: true,
        createdKubeconfigFile: kubeconfigBefore.exists ? undefined : op.target.kubeconfig,
        mergedInto: undefined,
        createdAt: new Date().toISOString(),
        creatingUntil: new Date(deadline).toISOString(),
        ingressPorts: { httpPort, httpsPort },
      });
    }
    startedCreate = true;
    // kind reports its steps (" ✓ Preparing nodes 📦") on stderr; they make good progress detail.
    const onLine = (line: string): void => {
      const text = line.replace(/[^\x20-\x7E]/g, '').replace(/^\s*[•✓✗]?\s*/, '').trim();
      if (text) op.detail(step, text);
    };
    await op.exec(kindCreateCluster(op.target, configFile, KIND_WAIT_SECONDS, onLine), signal);
    if (!op.dryRun) await ownership.update(op.settings.clusterName, { createdAt: new Date().toISOString(), creatingUntil: undefined });
    await writeOwnerMarker(op, signal);
    await connectImages(op, registries, signal);
    if (op.settings.mergeIntoDefaultKubeconfig) {
      op.step('Adding the cluster to your default kubeconfig', op.deps.paths.defaultKubeconfig);
      await op.exec(kindExportKubeconfig(op.target, op.deps.paths.defaultKubeconfig), signal);
      await ownership.update(op.settings.clusterName, { mergedInto: op.deps.paths.defaultKubeconfig });
    }
    // One budget for the whole create: the ingress gets what kind left of it, not a fresh one.
    await installIngress(op, Math.max(1, Math.round((deadline - Date.now()) / 1000)), signal);
  } catch (error) {
    const cancelled = op.signal.aborted;
    const timedOut = !cancelled && timeout.aborted;
    const alreadyExisted = error instanceof ProcessFailedError && /already exist/i.test(error.stderr);
    // Someone else's cluster of that name appeared meanwhile: the record made above must not claim it.
    if (alreadyExisted && !op.dryRun) await ownership.replace(op.settings.clusterName, recordBefore);
    if (startedCreate && !alreadyExisted && !op.dryRun) await removeHalfMade(op, ownership, kubeconfigBefore.exists);
    if (timedOut) {
      throw new UserFacingError(
        `Creating the cluster took longer than ${timeoutSeconds} s and was stopped; the half-made cluster was removed. First runs pull large images: raise ${settingRef('wright.timeouts.createSeconds')} and try again.`,
        [{ title: 'Open Settings', command: 'workbench.action.openSettings', args: ['wright.timeouts.createSeconds'] }],
        error instanceof Error ? error.message : undefined,
        'timeout',
      );
    }
    if (cancelled) throw new CancelledError('Cluster creation cancelled; the half-made cluster was removed.');
    throw error;
  } finally {
    await fs.rm(configFile, { force: true });
  }
}

/**
 * Wires the node to the caches. A failure here costs speed, not correctness (the node still pulls from upstream),
 * so it is a warning, not a reason to throw away the cluster just made.
 */
async function connectImages(op: Operation, registries: readonly ReadyRegistry[], signal: AbortSignal): Promise<void> {
  try {
    await wireNodes(op, registries, signal);
  } catch (error) {
    if (isCancelled(error) || signal.aborted) throw error;
    op.logger.warn(`Could not connect the cluster to the image caches (images are pulled from their registries instead): ${error instanceof Error ? error.message : String(error)}`);
  }
}

/** Deletes the cluster this run started, whatever state it reached, without the (aborted) signal. */
async function removeHalfMade(op: Operation, ownership: OwnershipStore, kubeconfigExisted: boolean): Promise<void> {
  op.logger.warn(`Removing the half-made cluster "${op.settings.clusterName}" (created by this run)`);
  op.options.progress?.('Cleaning up', `removing the half-made cluster "${op.settings.clusterName}"`);
  // The record makes deleteCluster treat it as ours (it is: this run created it) and lets it remove the file.
  await ownership.update(op.settings.clusterName, {
    createdCluster: true,
    createdKubeconfigFile: kubeconfigExisted ? undefined : op.target.kubeconfig,
  });
  try {
    await deleteCluster(op, ownership, new AbortController().signal);
  } catch (cleanupError) {
    op.logger.error(`Could not remove the half-made cluster: ${(cleanupError as Error).message}. Remove it with: kind delete cluster --name ${op.settings.clusterName}`);
  }
}
