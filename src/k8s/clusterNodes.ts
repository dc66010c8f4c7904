// The nodes of the "Staging Cluster" view, as the tree model (clusterTreeModel.ts) keeps them and the view shows
// them: namespaces -> services -> pods, an entry per workload no service selects, the "Other pods" group (bare
// pods), missing workloads, and messages.
import type { MissingWorkload } from '../shared/missingWorkload';
import type { ServiceInfo, PodInfo } from './clusterSnapshot';
import type { HealthSummary } from './healthSummary';
import type { IngressPorts } from './ingressUrl';
import type { PodWorkload } from './podWorkload';
import type { OidcCheck } from '../lifecycle/oidcCheck';

export interface NamespaceNode {
  readonly kind: 'namespace';
  readonly id: string;
  readonly name: string;
  /** False for one of WRight's namespaces that does not exist in the cluster yet. */
  readonly exists: boolean;
  /** The account may not list this namespace (RBAC): shown as "no access" instead of an error. */
  readonly noAccess: boolean;
  readonly summary: HealthSummary;
  readonly children: readonly ClusterNode[];
}

/** A port-forward of a service, as the tree and the status bar show it. */
export interface ForwardBadge {
  /** `127.0.0.1:5432` */
  readonly address: string;
  readonly servicePort: number;
  readonly state: 'active' | 'waiting' | 'failed';
  /** Why it waits or failed. */
  readonly detail?: string;
}

export interface ServiceNode {
  readonly kind: 'service';
  readonly id: string;
  readonly service: ServiceInfo;
  readonly urls: readonly string[];
  readonly forwards: readonly ForwardBadge[];
  /** On Authentik's server: whether its OIDC blueprint applied (as last checked). */
  readonly oidc?: OidcCheck;
  readonly summary: HealthSummary;
  readonly children: readonly PodNode[];
}

export interface PodGroupNode {
  readonly kind: 'podGroup';
  readonly id: string;
  readonly namespace: string;
  readonly label: string;
  /** The workload whose pods these are (no Service selects them); undefined for "Other pods" (bare pods). */
  readonly workload?: PodWorkload;
  readonly summary: HealthSummary;
  readonly children: readonly PodNode[];
}

export interface PodNode {
  readonly kind: 'pod';
  readonly id: string;
  readonly pod: PodInfo;
  readonly children: readonly [];
}

export interface MessageNode {
  readonly kind: 'message';
  readonly id: string;
  readonly text: string;
  readonly severity: 'info' | 'loading' | 'error';
  readonly detail?: string;
  /** A command the item runs when clicked (e.g. retry). */
  readonly action?: { readonly command: string; readonly title: string };
  readonly children: readonly [];
}

/** A workload WRight deployed that the cluster no longer has (see src/lifecycle/expectedWorkloads.ts). */
export interface MissingWorkloadNode {
  readonly kind: 'missingWorkload';
  readonly id: string;
  readonly workload: MissingWorkload;
  readonly children: readonly [];
}

export type ClusterNode = NamespaceNode | ServiceNode | PodGroupNode | PodNode | MessageNode | MissingWorkloadNode;

export interface TreeOptions {
  readonly showAllNamespaces: boolean;
  readonly ingressPorts: IngressPorts;
  /** Running port-forwards by service key (`namespace/name`). */
  readonly forwards?: ReadonlyMap<string, readonly ForwardBadge[]>;
  /** The last answer of the OIDC blueprint check, shown on staging-infra/authentik-server. */
  readonly oidc?: OidcCheck;
  /**
   * The workloads WRight deployed (undefined: it has no record). One the cluster does not hold is shown as missing
   * under its namespace and counted as an expected pod that is failing.
   */
  readonly expectedWorkloads?: readonly MissingWorkload[];
  /** WRight's namespaces as this cluster names them (an environment's prefix, `alice-staging-infra`); default the four. */
  readonly namespaces?: readonly string[];
}

/** The service whose node carries the OIDC blueprint's state. */
export const AUTHENTIK_SERVICE = { namespace: 'staging-infra', name: 'authentik-server' } as const;
