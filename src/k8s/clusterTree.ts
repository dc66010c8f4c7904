// The tree model of the "Staging Cluster" view, built from the watch caches by one pure function:
// namespaces (WRight's four in a fixed order, others only on request) -> services -> the pods each selects,
// plus, for pods no service selects, an entry per workload (named after its Deployment, StatefulSet, DaemonSet or
// Job, beside the services) and an "Other pods" group for bare pods. Ids are stable so VS Code keeps expansion state
// across refreshes; children are precomputed so expanding a node never asks the API server anything.
import { WRIGHT_NAMESPACES } from '../shared/settings';
import type { ClusterSnapshot, PodInfo, ServiceInfo } from './clusterSnapshot';
import type { ConnectionState } from './connectionState';
import { summarize, type HealthSummary } from './healthSummary';
import { ingressUrl, type IngressPorts } from './ingressUrl';
import { selects } from './labelSelector';
import { workloadOfPod, type PodWorkload } from './podWorkload';
import type { OidcCheck } from '../lifecycle/oidcCheck';

export interface NamespaceNode {
  readonly kind: 'namespace';
  readonly id: string;
  readonly name: string;
  /** False for one of WRight's namespaces that does not exist in the cluster yet. */
  readonly exists: boolean;
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

export type ClusterNode = NamespaceNode | ServiceNode | PodGroupNode | PodNode | MessageNode;

export interface TreeOptions {
  readonly showAllNamespaces: boolean;
  readonly ingressPorts: IngressPorts;
  /** Running port-forwards by service key (`namespace/name`). */
  readonly forwards?: ReadonlyMap<string, readonly ForwardBadge[]>;
  /** The last answer of the OIDC blueprint check, shown on staging-infra/authentik-server. */
  readonly oidc?: OidcCheck;
}

/** The service whose node carries the OIDC blueprint's state. */
export const AUTHENTIK_SERVICE = { namespace: 'staging-infra', name: 'authentik-server' } as const;

export const REFRESH_COMMAND = 'wright.refresh';
export const CHECK_PREREQUISITES_COMMAND = 'wright.checkPrerequisites';

function byName<T extends { readonly name: string }>(a: T, b: T): number {
  return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
}

function podNodes(parentId: string, pods: readonly PodInfo[]): PodNode[] {
  return [...pods].sort(byName).map((pod) => ({ kind: 'pod', id: `${parentId}/${pod.name}`, pod, children: [] }));
}

/** Everything in the snapshot grouped by namespace, so building the tree is one pass over each cache. */
function groupByNamespace(snapshot: ClusterSnapshot): Map<string, { services: ServiceInfo[]; pods: PodInfo[] }> {
  const groups = new Map<string, { services: ServiceInfo[]; pods: PodInfo[] }>();
  const group = (namespace: string): { services: ServiceInfo[]; pods: PodInfo[] } => {
    let found = groups.get(namespace);
    if (!found) {
      found = { services: [], pods: [] };
      groups.set(namespace, found);
    }
    return found;
  };
  for (const service of snapshot.services.values()) group(service.namespace).services.push(service);
  for (const pod of snapshot.pods.values()) group(pod.namespace).pods.push(pod);
  return groups;
}

function ingressUrlsByService(snapshot: ClusterSnapshot, ports: IngressPorts): Map<string, string[]> {
  const urls = new Map<string, string[]>();
  for (const ingress of snapshot.ingresses.values()) {
    for (const route of ingress.routes) {
      const key = `${ingress.namespace}/${route.service}`;
      const url = ingressUrl(route, ports);
      const list = urls.get(key) ?? [];
      if (!list.includes(url)) list.push(url);
      urls.set(key, list);
    }
  }
  return urls;
}

function namespaceNode(
  name: string,
  exists: boolean,
  content: { services: ServiceInfo[]; pods: PodInfo[] } | undefined,
  urls: Map<string, string[]>,
  forwards: ReadonlyMap<string, readonly ForwardBadge[]> | undefined,
  oidc?: OidcCheck,
): NamespaceNode {
  const id = `ns/${name}`;
  const services = [...(content?.services ?? [])].sort(byName);
  const pods = content?.pods ?? [];
  const selected = new Set<string>();
  const children: ClusterNode[] = services.map((service) => {
    const own = pods.filter((pod) => selects(service.selector, pod.labels));
    for (const pod of own) selected.add(pod.key);
    const serviceId = `${id}/svc/${service.name}`;
    return {
      kind: 'service',
      id: serviceId,
      service,
      urls: urls.get(service.key) ?? [],
      forwards: forwards?.get(service.key) ?? [],
      ...(oidc && service.namespace === AUTHENTIK_SERVICE.namespace && service.name === AUTHENTIK_SERVICE.name ? { oidc } : {}),
      summary: summarize(own.map((pod) => pod.health)),
      children: podNodes(serviceId, own),
    } satisfies ServiceNode;
  });
  const unselected = pods.filter((pod) => !selected.has(pod.key));
  const byWorkload = new Map<string, { workload: PodWorkload; pods: PodInfo[] }>();
  const bare: PodInfo[] = [];
  for (const pod of unselected) {
    const workload = workloadOfPod(pod);
    if (!workload) {
      bare.push(pod);
      continue;
    }
    const key = `${workload.kind}/${workload.name}`;
    const entry = byWorkload.get(key) ?? { workload, pods: [] };
    entry.pods.push(pod);
    byWorkload.set(key, entry);
  }
  // A workload without a Service is an entry of its own beside the services, in one order by name.
  for (const { workload, pods: own } of byWorkload.values()) {
    const groupId = `${id}/workload/${workload.kind}/${workload.name}`;
    children.push({ kind: 'podGroup', id: groupId, namespace: name, label: workload.name, workload, summary: summarize(own.map((pod) => pod.health)), children: podNodes(groupId, own) });
  }
  children.sort((a, b) => (entryName(a) < entryName(b) ? -1 : entryName(a) > entryName(b) ? 1 : 0));
  if (bare.length > 0) {
    const groupId = `${id}/other`;
    children.push({
      kind: 'podGroup',
      id: groupId,
      namespace: name,
      label: 'Other pods',
      summary: summarize(bare.map((pod) => pod.health)),
      children: podNodes(groupId, bare),
    });
  }
  if (children.length === 0) {
    children.push({ kind: 'message', id: `${id}/empty`, text: exists ? 'Nothing deployed yet' : 'Not created yet', severity: 'info', children: [] });
  }
  return { kind: 'namespace', id, name, exists, summary: summarize(pods.map((pod) => pod.health)), children };
}

function entryName(node: ClusterNode): string {
  return node.kind === 'service' ? node.service.name : node.kind === 'podGroup' ? node.label : node.id;
}

/** The namespace nodes: WRight's four first and in their fixed order, then (on request) the others by name. */
export function buildNamespaces(snapshot: ClusterSnapshot, options: TreeOptions): NamespaceNode[] {
  const groups = groupByNamespace(snapshot);
  const urls = ingressUrlsByService(snapshot, options.ingressPorts);
  const wright = new Set<string>(WRIGHT_NAMESPACES);
  const nodes = WRIGHT_NAMESPACES.map((name) => namespaceNode(name, snapshot.namespaces.has(name), groups.get(name), urls, options.forwards, options.oidc));
  if (options.showAllNamespaces) {
    const others = [...snapshot.namespaces.values()].filter((ns) => !wright.has(ns.name)).sort(byName);
    for (const ns of others) nodes.push(namespaceNode(ns.name, true, groups.get(ns.name), urls, options.forwards));
  }
  return nodes;
}

/** The view's top level: the connection's state first when it needs saying, then the namespaces. */
export function buildTree(snapshot: ClusterSnapshot, connection: ConnectionState, synced: boolean, options: TreeOptions): ClusterNode[] {
  if (connection.kind === 'idle') return [];
  const roots: ClusterNode[] = [];
  if (connection.kind === 'disconnected') {
    roots.push({
      kind: 'message',
      id: 'message/disconnected',
      text: 'Cannot reach the cluster',
      detail: connection.reason,
      severity: 'error',
      action: { command: REFRESH_COMMAND, title: 'Retry' },
      children: [],
    });
    // The usual causes on a laptop: Docker was stopped (or restarted), or the kind cluster was deleted outside WRight.
    roots.push({
      kind: 'message',
      id: 'message/disconnected-hint',
      text: 'Docker stopped, or the cluster deleted outside WRight? Check Prerequisites',
      severity: 'info',
      action: { command: CHECK_PREREQUISITES_COMMAND, title: 'Check Prerequisites' },
      children: [],
    });
  } else if (!synced) {
    roots.push({ kind: 'message', id: 'message/connecting', text: 'Connecting to the cluster…', severity: 'loading', children: [] });
  }
  // Until the first complete sync the namespaces would all read "Not created yet", which would be a lie.
  if (synced) roots.push(...buildNamespaces(snapshot, options));
  return roots;
}
