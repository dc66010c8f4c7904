// What WRight runs for images, as data: one pull-through cache per upstream registry (the CNCF Distribution
// registry in proxy mode, reachable only from the kind network) and one local registry for the team's own images
// (published on 127.0.0.1 only). Names, labels and the pinned image live here once; docs/images.md explains them.
import type { ImageSettings } from '../shared/settings';

/** CNCF Distribution, pinned to an exact release (kind's local-registry recipe uses the `registry:3` line). */
export const REGISTRY_IMAGE = 'registry:3.0.0';

/** Where the registry keeps its storage inside the container (a named volume is mounted there). */
export const REGISTRY_STORAGE = '/var/lib/registry';

/** The registry's port inside the container and on the kind network. */
export const REGISTRY_CONTAINER_PORT = 5000;

/** Every container and volume WRight makes for images carries these labels; nothing without them is touched. */
export const LABELS = {
  managed: 'dev.wright.managed',
  role: 'dev.wright.role',
  upstream: 'dev.wright.upstream',
} as const;

export const MANAGED_FILTER = `label=${LABELS.managed}=true`;

export type RegistryRole = 'cache' | 'registry';

export interface RegistryContainer {
  /** The container's name, which is also its volume's name and its host name on the kind network. */
  readonly name: string;
  readonly role: RegistryRole;
  /**
   * The registry host that image references name and whose pulls the node sends to this container: `docker.io`
   * for a cache, `localhost:5001` for the local registry.
   */
  readonly serves: string;
  /** A cache's upstream endpoint (the registry API's real address). */
  readonly remoteUrl?: string;
  /** The local registry's port on 127.0.0.1. */
  readonly hostPort?: number;
}

/** Registries whose API does not live at the host that image names use. */
const API_ENDPOINTS: Readonly<Record<string, string>> = { 'docker.io': 'https://registry-1.docker.io' };

export const LOCAL_REGISTRY_NAME = 'wright-registry';

/** A registry host as image references write it: lowercase DNS name with a dot (or localhost), optional port. */
const REGISTRY_HOST = /^(localhost|[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+)(:\d{1,5})?$/;

export function mirrorProblem(host: string): string | undefined {
  if (!REGISTRY_HOST.test(host)) return `"${host}" is not a registry host (like docker.io, ghcr.io or registry.k8s.io)`;
  if (host.startsWith('localhost')) return `"${host}" is local: only remote registries get a pull-through cache`;
  return undefined;
}

export function cacheContainer(upstream: string): RegistryContainer {
  return {
    name: `wright-cache-${upstream.replace(/[.:]/g, '-')}`,
    role: 'cache',
    serves: upstream,
    remoteUrl: API_ENDPOINTS[upstream] ?? `https://${upstream}`,
  };
}

export function localRegistryContainer(port: number): RegistryContainer {
  return { name: LOCAL_REGISTRY_NAME, role: 'registry', serves: `localhost:${port}`, hostPort: port };
}

/** Everything the settings ask for: the caches (duplicates dropped) and the local registry. */
export function registryContainers(settings: ImageSettings): RegistryContainer[] {
  const upstreams = [...new Set(settings.mirrors.map((m) => m.trim().toLowerCase()).filter((m) => m !== ''))];
  return [...upstreams.map(cacheContainer), localRegistryContainer(settings.registryPort)];
}

/** The labels a container of this spec is made with (`--label k=v` each). */
export function labelsOf(spec: RegistryContainer): Record<string, string> {
  return { [LABELS.managed]: 'true', [LABELS.role]: spec.role, ...(spec.role === 'cache' ? { [LABELS.upstream]: spec.serves } : {}) };
}
