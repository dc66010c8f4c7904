// `wright down --purge-images` / "Tear Down and Remove Image Caches": removes the containers and volumes that carry
// WRight's label, and only those (Docker filters by the label; a container of the same name without it is never
// listed). Volumes go after their containers (Docker refuses to remove a volume in use).
import type { Operation } from '../lifecycle/operation';
import { dockerManagedContainers, dockerManagedVolumes, dockerRemoveContainers, dockerRemoveVolumes } from './dockerCalls';

export interface PurgeResult {
  readonly containers: readonly string[];
  readonly volumes: readonly string[];
}

export async function purgeRegistries(op: Operation): Promise<PurgeResult> {
  op.step('Removing the image caches and the local registry');
  const containers = await op.exec(dockerManagedContainers(op.target));
  if (containers.length > 0) await op.exec(dockerRemoveContainers(op.target, containers));
  const volumes = await op.exec(dockerManagedVolumes(op.target));
  if (volumes.length > 0) await op.exec(dockerRemoveVolumes(op.target, volumes));
  return { containers, volumes };
}

export function describePurge(result: PurgeResult): string {
  if (result.containers.length === 0 && result.volumes.length === 0) return 'There were no image caches to remove.';
  return `Removed the image caches and the local registry (${result.containers.length} container${result.containers.length === 1 ? '' : 's'}, ${result.volumes.length} volume${result.volumes.length === 1 ? '' : 's'}).`;
}

/** What teardown says when it keeps them. */
export const KEPT_MESSAGE = 'The image caches and the local registry were kept (the next create downloads nothing again); remove them with wright down --purge-images.';
