// What teardown does about images: by default it keeps the caches and the local registry (a re-create then
// downloads nothing) and says so; asked to purge, it removes WRight's own (purgeRegistries.ts).
import type { Operation } from '../lifecycle/operation';
import { isCancelled } from '../process/errors';
import { dockerManagedContainers } from './dockerCalls';
import { describePurge, KEPT_MESSAGE, purgeRegistries } from './purgeRegistries';

/** The sentence teardown adds about images, or undefined when there is nothing to say. */
export async function keepOrPurgeRegistries(op: Operation, purge: boolean): Promise<string | undefined> {
  if (purge) {
    const result = await purgeRegistries(op);
    return op.dryRun ? undefined : describePurge(result);
  }
  const kept = await op.exec(dockerManagedContainers(op.target)).catch((error: unknown) => {
    if (isCancelled(error)) throw error;
    return [];
  });
  return kept.length > 0 ? KEPT_MESSAGE : undefined;
}
