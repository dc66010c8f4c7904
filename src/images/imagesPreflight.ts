// The images' part of the prerequisites: the pinned registry image (present, or pulled on the first create), the
// mirror list, and the local registry's port on 127.0.0.1 (free, or already held by WRight's own registry).
import { describeFailure, UserFacingError } from '../shared/failures';
import { settingRef } from '../shared/wording';
import type { Operation } from '../lifecycle/operation';
import { probePort } from '../lifecycle/ports';
import { isCancelled } from '../process/errors';
import { dockerContainerInspect, dockerImagePresent, isManaged } from './dockerCalls';
import { registryPortBusy } from './ensureRegistries';
import { LOCAL_REGISTRY_NAME, mirrorProblem, REGISTRY_IMAGE } from './registryContainers';

export type ImagesVerdict = { readonly level: 'ok' | 'warn'; readonly message: string } | { readonly level: 'fail'; readonly message: string; readonly error: unknown };

/** undefined: nothing to check (turned off, or Docker is not answering: its own check says so). */
export async function checkImages(op: Operation, checkPort: boolean): Promise<ImagesVerdict | undefined> {
  const images = op.settings.images;
  if (!images.enabled) return undefined;
  const bad = images.mirrors.map(mirrorProblem).filter((p): p is string => p !== undefined);
  if (bad.length > 0) return failed(new UserFacingError(`${settingRef('wright.images.mirrors')}: ${bad.join('; ')}.`));
  try {
    const [present, registry] = await Promise.all([op.exec(dockerImagePresent(op.target)), op.exec(dockerContainerInspect(op.target, LOCAL_REGISTRY_NAME))]);
    const ours = registry !== undefined && isManaged(registry);
    if (checkPort && !ours && (await probePort(images.registryPort)) === 'busy') return failed(await registryPortBusy(images.registryPort));
    const image = present ? `${REGISTRY_IMAGE} is present` : `${REGISTRY_IMAGE} is pulled on the first create`;
    const where = ours ? `the local registry runs on 127.0.0.1:${images.registryPort}` : `port ${images.registryPort} is free for the local registry`;
    if (registry && !ours) return { level: 'warn', message: `Image caches: a container named "${LOCAL_REGISTRY_NAME}" exists but was not made by WRight; WRight leaves it alone and runs no local registry. ${image}.` };
    return { level: 'ok', message: `Image caches for ${images.mirrors.join(', ')}: ${image}; ${where}` };
  } catch (error) {
    if (isCancelled(error)) throw error;
    return undefined;
  }
}

function failed(error: UserFacingError): ImagesVerdict {
  return { level: 'fail', message: describeFailure(error).message, error };
}
