// The nodes of the incremental tree model (clusterTreeModel.ts) as stable, mutable objects: a pod's node, the
// groups that list pods with their kept health counts (a service, a workload without one, "Other pods"), and a
// namespace with its children made on demand. The model decides what goes where; these only hold and count.
import { type PodInfo, type ServiceInfo } from './clusterSnapshot';
import { type ClusterNode, type ForwardBadge, type MissingWorkloadNode, type NamespaceNode, type PodGroupNode, type PodNode, type ServiceNode } from './clusterNodes';
import { HealthCounts } from './healthCounts';
import type { HealthSummary } from './healthSummary';
import type { PodHealth } from './podHealth';
import { type PodWorkload } from './podWorkload';
import type { OidcCheck } from '../lifecycle/oidcCheck';

export const byName = <T extends { readonly name: string }>(a: T, b: T): number => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);

export const isProblem = (health: PodHealth): boolean => health === 'failing' || health === 'unknown';

export function sameRecord(a: Readonly<Record<string, string>> | undefined, b: Readonly<Record<string, string>> | undefined): boolean {
  if (a === b) return true;
  if (!a || !b) return false;
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((key) => a[key] === b[key]);
}

export class PodNodeImpl implements PodNode {
  readonly kind = 'pod';
  readonly children: readonly [] = [];
  constructor(
    readonly id: string,
    public pod: PodInfo,
  ) {}
}

/** A service's pods, or the namespace's other pods: members with their counts and a sorted list made on demand. */
export abstract class PodSet {
  readonly members = new Map<string, PodNodeImpl>();
  readonly counts = new HealthCounts();
  private sorted?: PodNode[];

  constructor(readonly id: string) {}

  get summary(): HealthSummary {
    return this.counts.summary();
  }

  get children(): readonly PodNode[] {
    this.sorted ??= [...this.members.values()].sort((a, b) => byName(a.pod, b.pod));
    return this.sorted;
  }

  add(pod: PodInfo): PodNodeImpl {
    const node = new PodNodeImpl(`${this.id}/${pod.name}`, pod);
    this.members.set(pod.key, node);
    this.counts.add(pod.health);
    this.sorted = undefined;
    return node;
  }

  remove(pod: PodInfo): void {
    if (!this.members.delete(pod.key)) return;
    this.counts.remove(pod.health);
    this.sorted = undefined;
  }

  /** The same pod, new data (its name, and so its place, unchanged). */
  update(before: PodInfo, after: PodInfo): void {
    const node = this.members.get(after.key);
    if (!node) return;
    node.pod = after;
    if (before.health !== after.health) {
      this.counts.remove(before.health);
      this.counts.add(after.health);
    }
  }
}

export class ServiceNodeImpl extends PodSet implements ServiceNode {
  readonly kind = 'service';
  urls: readonly string[] = [];
  forwards: readonly ForwardBadge[] = [];
  oidc?: OidcCheck;
  constructor(
    id: string,
    public service: ServiceInfo,
  ) {
    super(id);
  }
}

/**
 * Pods no service selects: one node per workload (named after it, beside the services), and "Other pods" for bare
 * pods. The status bar judges them per owner (a Deployment without a Service).
 */
export class OtherPodsNode extends PodSet implements PodGroupNode {
  readonly kind = 'podGroup';
  readonly label: string;
  readonly owners = new Map<string, HealthCounts>();
  constructor(
    id: string,
    readonly namespace: string,
    readonly workload?: PodWorkload,
  ) {
    super(id);
    this.label = workload ? workload.name : 'Other pods';
  }

  static ownerOf(pod: PodInfo): string {
    return pod.owner?.name ?? pod.name;
  }

  override add(pod: PodInfo): PodNodeImpl {
    this.ownerCounts(OtherPodsNode.ownerOf(pod)).add(pod.health);
    return super.add(pod);
  }

  override remove(pod: PodInfo): void {
    if (!this.members.has(pod.key)) return;
    const owner = OtherPodsNode.ownerOf(pod);
    const counts = this.ownerCounts(owner);
    counts.remove(pod.health);
    if (counts.size === 0) this.owners.delete(owner);
    super.remove(pod);
  }

  override update(before: PodInfo, after: PodInfo): void {
    if (this.members.has(after.key) && before.health !== after.health) {
      const counts = this.ownerCounts(OtherPodsNode.ownerOf(after));
      counts.remove(before.health);
      counts.add(after.health);
    }
    super.update(before, after);
  }

  private ownerCounts(owner: string): HealthCounts {
    let counts = this.owners.get(owner);
    if (!counts) {
      counts = new HealthCounts();
      this.owners.set(owner, counts);
    }
    return counts;
  }
}

export class NamespaceNodeImpl implements NamespaceNode {
  readonly kind = 'namespace';
  readonly id: string;
  exists = false;
  noAccess = false;
  readonly services = new Map<string, ServiceNodeImpl>();
  readonly other: OtherPodsNode;
  /** By `kind/name`: the workloads no service selects (kept when empty, so their ids stay stable). */
  readonly workloads = new Map<string, OtherPodsNode>();
  readonly pods = new Set<string>();
  readonly counts = new HealthCounts();
  /** Workloads WRight deployed here that are gone. */
  missing: readonly MissingWorkloadNode[] = [];
  private readonly empty: { kind: 'message'; id: string; text: string; severity: 'info'; children: readonly [] };
  private list?: ClusterNode[];

  constructor(readonly name: string) {
    this.id = `ns/${name}`;
    this.other = new OtherPodsNode(`${this.id}/other`, name);
    this.empty = { kind: 'message', id: `${this.id}/empty`, text: '', severity: 'info', children: [] };
  }

  /** A missing workload counts as one expected, failing pod: the namespace reads "4/5 ready, 1 failing". */
  get summary(): HealthSummary {
    const summary = this.counts.summary();
    const missing = this.missing.length;
    if (missing === 0) return summary;
    return { health: 'failing', ready: summary.ready, expected: summary.expected + missing, failing: summary.failing + missing };
  }

  get children(): readonly ClusterNode[] {
    if (!this.list) {
      const entries: (ServiceNodeImpl | OtherPodsNode)[] = [...this.services.values(), ...[...this.workloads.values()].filter((group) => group.members.size > 0)];
      const nameOf = (node: ServiceNodeImpl | OtherPodsNode): string => (node instanceof ServiceNodeImpl ? node.service.name : node.label);
      const list: ClusterNode[] = entries.sort((a, b) => (nameOf(a) < nameOf(b) ? -1 : nameOf(a) > nameOf(b) ? 1 : 0));
      if (this.other.members.size > 0) list.push(this.other);
      list.push(...this.missing);
      if (list.length === 0) {
        this.empty.text = this.noAccess ? 'No access: your account may not list this namespace' : this.exists ? 'Nothing deployed yet' : 'Not created yet';
        list.push(this.empty);
      }
      this.list = list;
    }
    return this.list;
  }

  /** The list of children changes (a service or the other-pods group came or went). */
  invalidate(): void {
    this.list = undefined;
  }
}

export type PodParent = ServiceNodeImpl | OtherPodsNode;

