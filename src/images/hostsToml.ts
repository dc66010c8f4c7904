// The containerd registry host configuration (hosts.toml, containerd's docs/hosts.md) that sends a node's pulls of
// one registry to WRight's container on the kind network. Plain HTTP is fine there: the kind network is private to
// Docker, and the registry never leaves the machine. For a cache, `server` keeps the upstream as the fallback, so
// a pull still works when the cache is down; the local registry has no upstream.
import { REGISTRY_CONTAINER_PORT, type RegistryContainer } from './registryContainers';

/** containerd reads one folder per registry host under this path (the kind config turns `config_path` on). */
export const CERTS_DIR = '/etc/containerd/certs.d';

export function hostsTomlDir(spec: RegistryContainer): string {
  return `${CERTS_DIR}/${spec.serves}`;
}

export function hostsTomlPath(spec: RegistryContainer): string {
  return `${hostsTomlDir(spec)}/hosts.toml`;
}

export function hostsToml(spec: RegistryContainer): string {
  const endpoint = `http://${spec.name}:${REGISTRY_CONTAINER_PORT}`;
  if (spec.role === 'registry') {
    return [`# Written by WRight: ${spec.serves} is WRight's local registry (${spec.name} on the kind network).`, `[host."${endpoint}"]`, ''].join('\n');
  }
  return [
    `# Written by WRight: pulls of ${spec.serves} go through WRight's pull-through cache first, then upstream.`,
    `server = "${spec.remoteUrl ?? `https://${spec.serves}`}"`,
    '',
    `[host."${endpoint}"]`,
    '  capabilities = ["pull", "resolve"]',
    '',
  ].join('\n');
}
