// WRight's settings as plain data, the same for the extension (read from VS Code's configuration) and the CLI
// (read from flags and environment). Defaults live here once; package.json repeats them for the Settings UI
// and a unit test keeps the two in step.

export interface WrightSettings {
  readonly clusterName: string;
  /** Where WRight keeps its own kubeconfig; empty = WRight's state folder. */
  readonly kubeconfig: string;
  readonly tools: { readonly kind: string; readonly kubectl: string; readonly docker: string };
  readonly ingress: { readonly httpPort: number; readonly httpsPort: number };
  /** The workspace .env file that secrets are read from (relative to the workspace folder). */
  readonly envFile: string;
  /** A kustomization directory to deploy; empty = the bundled overlay. */
  readonly manifests: string;
  readonly overlay: string;
  /** kindest/node image; empty = the version pinned in the bundled kind config. */
  readonly nodeImage: string;
  readonly deployOnCreate: boolean;
  readonly timeouts: { readonly createSeconds: number; readonly readySeconds: number };
  /** Opt-in: also merge the staging context into ~/.kube/config. */
  readonly mergeIntoDefaultKubeconfig: boolean;
  readonly showAllNamespaces: boolean;
  readonly restorePortForwards: boolean;
  /** Pull-through caches and the local registry (docs/images.md). */
  readonly images: ImageSettings;
}

export interface ImageSettings {
  /** Run the pull-through caches and the local registry, and wire the cluster's nodes to them. */
  readonly enabled: boolean;
  /** The upstream registries that get a pull-through cache (hosts as image names spell them). */
  readonly mirrors: readonly string[];
  /** The local registry's port on 127.0.0.1 (push to localhost:<port>/name:tag). */
  readonly registryPort: number;
}

export const DEFAULT_SETTINGS: WrightSettings = {
  clusterName: 'wright-staging',
  kubeconfig: '',
  tools: { kind: 'kind', kubectl: 'kubectl', docker: 'docker' },
  ingress: { httpPort: 80, httpsPort: 443 },
  envFile: '.env',
  manifests: '',
  overlay: 'local',
  nodeImage: '',
  deployOnCreate: true,
  timeouts: { createSeconds: 300, readySeconds: 600 },
  mergeIntoDefaultKubeconfig: false,
  showAllNamespaces: false,
  restorePortForwards: true,
  images: { enabled: true, mirrors: ['docker.io', 'ghcr.io', 'registry.k8s.io'], registryPort: 5001 },
};

/** The namespaces WRight creates and shows. */
export const WRIGHT_NAMESPACES = ['staging-infra', 'staging-core', 'staging-ai', 'staging-web'] as const;
