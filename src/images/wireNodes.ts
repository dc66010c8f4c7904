// After kind has made the cluster (or when an existing one is reused): the registries join the `kind` network
// (kind creates it; connecting afterwards is kind's own recipe, so Docker without a kind network is no problem),
// each node gets a hosts.toml per registry (containerd reads them on every pull, no restart), and the
// local-registry-hosting ConfigMap tells tools where to push.
import type { Operation } from '../lifecycle/operation';
import { kubectlApplyStdin } from '../lifecycle/toolCalls';
import { dockerExecMkdir, dockerExecWriteFile, dockerNetworkConnect, kindGetNodes } from './dockerCalls';
import type { ReadyRegistry } from './ensureRegistries';
import { hostsToml, hostsTomlDir, hostsTomlPath } from './hostsToml';
import { REGISTRY_CONTAINER_PORT } from './registryContainers';
import { registryHostingConfigMap } from './registryHosting';

export const KIND_NETWORK = 'kind';

export async function wireNodes(op: Operation, ready: readonly ReadyRegistry[], signal: AbortSignal = op.signal): Promise<void> {
  if (ready.length === 0) return;
  op.step('Connecting the cluster to the image caches', ready.map((r) => r.spec.serves).join(', '));
  // Independent calls run side by side: each docker call is a process (about 0.1 s with a real daemon).
  const [nodes] = await Promise.all([
    op.exec(kindGetNodes(op.target), signal),
    ...ready.filter((r) => !r.networks.includes(KIND_NETWORK)).map((r) => op.exec(dockerNetworkConnect(op.target, KIND_NETWORK, r.spec.name), signal)),
  ]);
  for (const node of nodes) {
    await op.exec(dockerExecMkdir(op.target, node, ready.map((r) => hostsTomlDir(r.spec))), signal);
    await Promise.all(ready.map(({ spec }) => op.exec(dockerExecWriteFile(op.target, node, hostsTomlPath(spec), hostsToml(spec)), signal)));
  }
  const registry = ready.find((r) => r.spec.role === 'registry')?.spec;
  if (registry?.hostPort !== undefined) {
    const configMap = registryHostingConfigMap(registry.hostPort, `${registry.name}:${REGISTRY_CONTAINER_PORT}`);
    await op.exec(kubectlApplyStdin(op.target, JSON.stringify(configMap), 1), signal);
  }
}
