// `wright images` / "Show Image Cache": each cache and the local registry with its state, its size on disk and the
// images it holds. Read through `docker exec` into the registry container (its storage layout), so no cache port
// is ever published: the repositories are the folders holding `_manifests`, their tags the folders under
// `_manifests/tags` (an image pulled by digest only, like the pinned ingress controller, has a repository and no tag).
import type { Operation } from '../lifecycle/operation';
import { isCancelled } from '../process/errors';
import { dockerContainerInspect, dockerExecRepositoryFolders, dockerExecStorageKib, isManaged, REPOSITORIES_ROOT } from './dockerCalls';
import { registryContainers, type RegistryRole } from './registryContainers';

export type RegistryState = 'running' | 'stopped' | 'absent' | 'foreign';

export interface RepositoryEntry {
  readonly name: string;
  readonly tags: readonly string[];
}

export interface RegistryReport {
  readonly name: string;
  readonly role: RegistryRole;
  /** The registry host it serves: `docker.io`, or `localhost:5001` for the local registry. */
  readonly serves: string;
  readonly state: RegistryState;
  /** Size of its storage on disk in bytes (only while running: read inside the container). */
  readonly sizeBytes?: number;
  readonly repositories?: readonly RepositoryEntry[];
}

export interface ImageCacheReport {
  readonly enabled: boolean;
  readonly registries: readonly RegistryReport[];
  readonly totalBytes: number;
}

export async function imageCacheReport(op: Operation): Promise<ImageCacheReport> {
  const specs = registryContainers(op.settings.images);
  const registries = await Promise.all(
    specs.map(async (spec): Promise<RegistryReport> => {
      const base = { name: spec.name, role: spec.role, serves: spec.serves };
      const container = await op.exec(dockerContainerInspect(op.target, spec.name));
      if (!container) return { ...base, state: 'absent' };
      if (!isManaged(container)) return { ...base, state: 'foreign' };
      if (!container.running) return { ...base, state: 'stopped' };
      const [kib, folders] = await Promise.all([
        op.exec(dockerExecStorageKib(op.target, spec.name)).catch(rethrowCancel(Number.NaN)),
        op.exec(dockerExecRepositoryFolders(op.target, spec.name)).catch(rethrowCancel<string[]>([])),
      ]);
      return { ...base, state: 'running', ...(Number.isNaN(kib) ? {} : { sizeBytes: kib * 1024 }), repositories: repositoriesIn(folders) };
    }),
  );
  return { enabled: op.settings.images.enabled, registries, totalBytes: registries.reduce((sum, r) => sum + (r.sizeBytes ?? 0), 0) };
}

const rethrowCancel =
  <T>(fallback: T) =>
  (error: unknown): T => {
    if (isCancelled(error)) throw error;
    return fallback;
  };

/** Repositories and tags from the folder list of Distribution's storage (`find <root> -type d`). */
export function repositoriesIn(folders: readonly string[]): RepositoryEntry[] {
  const repos = new Map<string, string[]>();
  const prefix = `${REPOSITORIES_ROOT}/`;
  for (const folder of folders) {
    if (!folder.startsWith(prefix)) continue;
    const rest = folder.slice(prefix.length);
    const tag = /^(.+)\/_manifests\/tags\/([^/]+)$/.exec(rest);
    if (tag) {
      const list = repos.get(tag[1]!) ?? [];
      list.push(tag[2]!);
      repos.set(tag[1]!, list);
      continue;
    }
    const repo = /^(.+)\/_manifests$/.exec(rest);
    if (repo && !repos.has(repo[1]!)) repos.set(repo[1]!, []);
  }
  return [...repos.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([name, tags]) => ({ name, tags: tags.sort() }));
}

/** "1.2 GB", "340 MB", "12 kB" (decimal units, like docker's own sizes). */
export function formatBytes(bytes: number): string {
  const units = ['B', 'kB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit++;
  }
  return `${unit === 0 ? value : value.toFixed(value < 10 ? 1 : 0)} ${units[unit]}`;
}

/** The report as text (the CLI prints it; VS Code shows it in a document). */
export function formatImageCacheReport(report: ImageCacheReport): string {
  const lines: string[] = [];
  if (!report.enabled) lines.push('Image caches are turned off (wright.images.enabled); what exists is listed below.', '');
  for (const r of report.registries) {
    const what = r.role === 'cache' ? `cache for ${r.serves}` : `local registry at ${r.serves}`;
    const state = r.state === 'foreign' ? 'a container of this name exists but was not made by WRight (left alone)' : r.state;
    lines.push(`${r.name}  (${what})  ${state}${r.sizeBytes !== undefined ? `, ${formatBytes(r.sizeBytes)} on disk` : ''}`);
    if (r.repositories) {
      if (r.repositories.length === 0) lines.push('    (no images yet)');
      for (const repo of r.repositories) lines.push(`    ${repo.name}${repo.tags.length > 0 ? `: ${repo.tags.join(', ')}` : ' (by digest)'}`);
    }
  }
  lines.push('', `Total on disk: ${formatBytes(report.totalBytes)}`);
  return `${lines.join('\n')}\n`;
}
