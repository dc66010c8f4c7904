// Brings the caches and the local registry up before the cluster needs them: a missing one is made (with its
// labelled volume), a stopped one of WRight's is started again (never duplicated, never re-created), a running one is
// left alone. A container or volume of that name that WRight did not make (no label) is never touched: that
// registry is skipped with a warning, and the cluster pulls from upstream as it would without WRight.
import { UserFacingError } from '../shared/failures';
import { settingRef } from '../shared/wording';
import type { Operation } from '../lifecycle/operation';
import { probePort } from '../lifecycle/ports';
import { dockerContainersInspect, dockerRunRegistry, dockerStart, dockerVolumesInspect, isManaged, type VolumeState } from './dockerCalls';
import { registryContainers, mirrorProblem, type RegistryContainer } from './registryContainers';

/** A registry WRight can use for this cluster, and whether it is on the kind network already. */
export interface ReadyRegistry {
  readonly spec: RegistryContainer;
  readonly networks: readonly string[];
}

export type EnsureAction = 'created' | 'started' | 'running' | 'skipped';

export interface EnsureOutcome {
  readonly ready: readonly ReadyRegistry[];
  readonly actions: ReadonlyArray<{ readonly name: string; readonly action: EnsureAction; readonly why?: string }>;
}

export async function ensureRegistries(op: Operation): Promise<EnsureOutcome> {
  const specs = usableSpecs(op);
  op.step('Starting the image caches', specs.map((s) => s.serves).join(', '));
  // One docker call answers for all of them (two when some are missing): on a warm machine that is all an `up` costs here.
  const containers = await op.exec(dockerContainersInspect(op.target, specs.map((s) => s.name)));
  const missing = specs.filter((s) => !containers.has(s.name));
  const volumes = missing.length > 0 ? await op.exec(dockerVolumesInspect(op.target, missing.map((s) => s.name))) : new Map<string, VolumeState>();
  // A taken registry port stops everything before anything is made.
  for (const spec of missing) {
    const volume = volumes.get(spec.name);
    const willRun = volume === undefined || isManaged(volume);
    if (willRun && spec.hostPort !== undefined && (await probePort(spec.hostPort)) === 'busy') throw await registryPortBusy(spec.hostPort);
  }
  const ready: ReadyRegistry[] = [];
  const actions: Array<EnsureOutcome['actions'][number]> = [];
  for (const spec of specs) {
    const container = containers.get(spec.name);
    const volume = volumes.get(spec.name);
    const foreign = container ? !isManaged(container) : volume !== undefined && !isManaged(volume);
    if (foreign) {
      const what = container ? 'container' : 'volume';
      const why = `a ${what} named "${spec.name}" exists but was not made by WRight; WRight leaves it alone, so ${spec.serves} is not ${spec.role === 'cache' ? 'cached' : 'served'}`;
      op.logger.warn(`Image caches: ${why}. Rename or remove that ${what} to let WRight make its own.`);
      actions.push({ name: spec.name, action: 'skipped', why });
      continue;
    }
    if (container) {
      if (!container.running) await op.exec(dockerStart(op.target, spec.name));
      actions.push({ name: spec.name, action: container.running ? 'running' : 'started' });
      ready.push({ spec, networks: container.networks });
      continue;
    }
    await op.exec(dockerRunRegistry(op.target, spec));
    actions.push({ name: spec.name, action: 'created' });
    ready.push({ spec, networks: ['bridge'] });
  }
  return { ready, actions };
}

/** The settings' registries, refusing bad mirror names up front (a typo must not become a container). */
function usableSpecs(op: Operation): RegistryContainer[] {
  const bad = op.settings.images.mirrors.map(mirrorProblem).filter((p): p is string => p !== undefined);
  if (bad.length > 0) {
    throw new UserFacingError(`${settingRef('wright.images.mirrors')}: ${bad.join('; ')}.`, [{ title: 'Open Settings', command: 'workbench.action.openSettings', args: ['wright.images.mirrors'] }]);
  }
  return registryContainers(op.settings.images);
}

/** The local registry's port is taken: named, with a free one offered (like the ingress ports). */
export async function registryPortBusy(port: number): Promise<UserFacingError> {
  const free = await findFreePort(port + 1);
  return new UserFacingError(
    `Port ${port} is already in use on 127.0.0.1, and the local registry needs it.${free ? ` Port ${free} is free: set ${settingRef('wright.images.registryPort')} to ${free}.` : ''}`,
    free ? [{ title: `Use port ${free}`, command: 'wright.createCluster', args: [{ registryPort: free }] }] : [],
    undefined,
    'ports-busy',
  );
}

async function findFreePort(from: number, attempts = 50): Promise<number | undefined> {
  for (let port = from; port < from + attempts && port <= 65535; port++) if ((await probePort(port)) === 'free') return port;
  return undefined;
}
