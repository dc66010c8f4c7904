// The `local-registry-hosting` ConfigMap in kube-public (KEP-1755, "Communicating a local registry"): how tools
// such as Tilt, Skaffold and ctlptl discover where to push images for this cluster. kind's local-registry recipe
// writes the same object.
export const REGISTRY_HOSTING = { name: 'local-registry-hosting', namespace: 'kube-public', key: 'localRegistryHosting.v1' } as const;

export const REGISTRY_HOSTING_HELP = 'https://kind.sigs.k8s.io/docs/user/local-registry/';

/** `fromClusterNetwork`: how code inside a pod (which does not see the node's containerd mapping) reaches it. */
export function registryHostingConfigMap(hostPort: number, fromClusterNetwork: string): Record<string, unknown> {
  return {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: REGISTRY_HOSTING.name, namespace: REGISTRY_HOSTING.namespace, labels: { 'app.kubernetes.io/managed-by': 'wright' } },
    // The value is YAML, as the KEP specifies (LocalRegistryHostingV1: host, hostFromClusterNetwork, help, ...).
    data: { [REGISTRY_HOSTING.key]: `host: "localhost:${hostPort}"\nhostFromClusterNetwork: "${fromClusterNetwork}"\nhelp: "${REGISTRY_HOSTING_HELP}"\n` },
  };
}
