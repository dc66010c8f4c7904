// The tree of the "Staging Cluster" view, kept up to date incrementally: namespaces -> services -> the pods each
// selects; a pod no service selects goes to its workload's own entry (named after the Deployment, StatefulSet,
// DaemonSet or Job, beside the services), or to "Other pods" when it is a bare pod. A watch event changes only what it touches (the pod's
// nodes, their parents' counts, its namespace, the cluster's health), never work proportional to the cluster's
// size, and the nodes are stable objects, so the view can refresh exactly the ones that changed.
// buildNamespaces()/buildTree() (end of file) are this model built once from a snapshot.
import { WRIGHT_NAMESPACES } from '../shared/settings';
import { workloadKey, type ClusterSnapshot, type IngressInfo, type PodInfo } from './clusterSnapshot';
import type { MissingWorkload } from '../shared/missingWorkload';
import { AUTHENTIK_SERVICE, type ClusterNode, type MissingWorkloadNode, type NamespaceNode, type TreeOptions } from './clusterNodes';
import { topLevel } from './clusterTree';
import { byName, isProblem, NamespaceNodeImpl, OtherPodsNode, sameRecord, ServiceNodeImpl, type PodParent } from './clusterTreeNodes';
import type { ConnectionState } from './connectionState';
import type { WatchChanges } from './clusterWatcher';
import { HealthCounts } from './healthCounts';
import { ingressUrl } from './ingressUrl';
import { selects } from './labelSelector';
import { workloadOfPod } from './podWorkload';

/** What one update changed, for the view: the nodes to refresh, or the whole tree. */
export interface TreeUpdate {
  readonly changed: ReadonlySet<ClusterNode>;
  /** The top-level list (or every node) changed: refresh from the root. */
  readonly rootsChanged: boolean;
}

export interface PodProblem {
  readonly namespace: string;
  readonly pod: string;
  readonly reason: string;
}

/** The health of WRight's namespaces as the status bar reads it; every pod counted once. */
export interface ClusterHealth {
  /** Pods expected to be ready (completed and terminating ones do not count). */
  readonly counted: number;
  readonly ready: number;
  /** The first failing (or unknown) pods by namespace and name, and how many there are. */
  readonly problems: readonly PodProblem[];
  readonly problemCount: number;
  /** The first starting pods, and how many there are. */
  readonly starting: readonly PodProblem[];
  readonly startingCount: number;
  /** `namespace/service` (or `namespace/owner` for other pods) with no ready pod and a failing one. */
  readonly down: readonly string[];
  /** Workloads WRight deployed that no longer exist; each is counted as one expected pod that is not ready. */
  readonly missing: readonly MissingWorkload[];
}

/** How many pods the status bar's tooltip names. */
export const LISTED_PODS = 10;

interface PodEntry {
  info: PodInfo;
  /** Every node that lists the pod (a pod two services select is under both). */
  readonly parents: Set<PodParent>;
}

export class ClusterTreeModel {
  private snapshot: ClusterSnapshot;
  private readonly nodes = new Map<string, NamespaceNodeImpl>();
  private readonly pods = new Map<string, PodEntry>();
  private readonly parents = new Map<string, ClusterNode>();
  private roots?: NamespaceNode[];
  private changed = new Set<ClusterNode>();
  private rootsChanged = false;
  // The status bar's view of WRight's namespaces, kept as pods change.
  private wrightCounts = new HealthCounts();
  private readonly problems = new Set<string>();
  private readonly starting = new Set<string>();
  private readonly downServices = new Set<string>();
  private readonly downOwners = new Set<string>();
  private missing = new Map<string, MissingWorkloadNode>();

  constructor(
    private options: TreeOptions,
    snapshot: ClusterSnapshot,
  ) {
    this.snapshot = snapshot;
    this.rebuild();
  }

  /** The namespace nodes: WRight's four first and in their fixed order, then (on request) the others by name. */
  namespaces(): readonly NamespaceNode[] {
    if (!this.roots) {
      const wright = this.wrightNamespaces.map((name) => this.namespace(name));
      const others = this.options.showAllNamespaces
        ? [...this.snapshot.namespaces.values()].filter((ns) => !this.wrightNamespaces.includes(ns.name)).sort(byName).map((ns) => this.namespace(ns.name))
        : [];
      this.roots = [...wright, ...others];
    }
    return this.roots;
  }

  parentOf(node: ClusterNode): ClusterNode | undefined {
    return this.parents.get(node.id);
  }

  /** Applies the watcher's changes to the snapshot it now holds. */
  apply(snapshot: ClusterSnapshot, changes: WatchChanges): TreeUpdate {
    this.snapshot = snapshot;
    // Pods listed afresh (a reconnect, a 410, the first list): build again. Another kind listed afresh is a change
    // of each of its objects, old and new: the other kinds' lists often land after the pods' during the first sync,
    // and must not rebuild a tree of thousands of pods.
    if (changes.relisted.has('pods')) {
      this.rebuild();
      return this.take(true);
    }
    const relisted = changes.relisted;
    const namespaces = relisted.has('namespaces') ? new Set([...this.nodes.keys(), ...this.snapshot.namespaces.keys()]) : changes.keys.namespaces;
    const services = relisted.has('services') ? new Set([...this.serviceKeys(), ...this.snapshot.services.keys()]) : changes.keys.services;
    for (const name of namespaces) this.namespaceChanged(name);
    for (const key of services) this.serviceChanged(key);
    for (const key of changes.keys.pods) this.podChanged(key);
    if (relisted.has('ingresses') || changes.keys.ingresses.size > 0 || services.size > 0) this.refreshUrls();
    const workloadsChanged = relisted.has('deployments') || relisted.has('statefulsets') || changes.keys.deployments.size > 0 || changes.keys.statefulsets.size > 0;
    if (workloadsChanged || namespaces.size > 0) this.refreshMissing();
    return this.take(relisted.size > 0);
  }

  /** New options (ports, forwards, all namespaces): cheap, services only. */
  setOptions(options: TreeOptions): TreeUpdate {
    const showAllChanged = options.showAllNamespaces !== this.options.showAllNamespaces;
    const namespacesChanged = (options.namespaces ?? WRIGHT_NAMESPACES).join() !== this.wrightNamespaces.join();
    this.options = options;
    if (namespacesChanged) {
      // Another set of WRight namespaces (another environment's prefix): every count is the other namespaces'.
      this.rebuild();
      return this.take(true);
    }
    if (showAllChanged) this.roots = undefined;
    this.refreshUrls();
    this.refreshForwards();
    this.refreshOidc();
    this.refreshMissing();
    return this.take(showAllChanged);
  }

  health(): ClusterHealth {
    return {
      counted: this.wrightCounts.expected + [...this.missing.values()].filter((node) => this.isWright(node.workload.namespace)).length,
      ready: this.wrightCounts.ready,
      problems: this.first(this.problems),
      problemCount: this.problems.size,
      starting: this.first(this.starting),
      startingCount: this.starting.size,
      down: [...new Set([...this.downServices, ...this.downOwners])].sort(),
      missing: [...this.missing.values()].filter((node) => this.isWright(node.workload.namespace)).map((node) => node.workload),
    };
  }

  // ---- building ----

  private rebuild(): void {
    this.nodes.clear();
    this.pods.clear();
    this.parents.clear();
    this.roots = undefined;
    for (const keys of [this.problems, this.starting, this.downServices, this.downOwners]) keys.clear();
    this.wrightCounts = new HealthCounts();
    for (const ns of this.snapshot.namespaces.values()) this.namespace(ns.name).exists = true;
    for (const name of this.snapshot.noAccess ?? []) this.namespace(name).noAccess = true;
    for (const service of this.snapshot.services.values()) this.namespace(service.namespace).services.set(service.name, new ServiceNodeImpl(`ns/${service.namespace}/svc/${service.name}`, service));
    for (const pod of this.snapshot.pods.values()) this.addPod(pod);
    for (const ns of this.nodes.values()) for (const service of ns.services.values()) this.parents.set(service.id, ns);
    this.missing = new Map();
    this.refreshUrls();
    this.refreshForwards();
    this.refreshOidc();
    this.refreshMissing();
    this.changed.clear();
  }

  private namespace(name: string): NamespaceNodeImpl {
    let node = this.nodes.get(name);
    if (!node) {
      node = new NamespaceNodeImpl(name);
      this.nodes.set(name, node);
      this.parents.set(node.other.id, node);
    }
    return node;
  }

  private take(rootsChanged: boolean): TreeUpdate {
    const update = { changed: this.changed, rootsChanged: rootsChanged || this.rootsChanged };
    this.changed = new Set();
    this.rootsChanged = false;
    return update;
  }

  private isWright(namespace: string): boolean {
    return this.wrightNamespaces.includes(namespace);
  }

  private get wrightNamespaces(): readonly string[] {
    return this.options.namespaces ?? WRIGHT_NAMESPACES;
  }

  private *serviceKeys(): Iterable<string> {
    for (const ns of this.nodes.values()) for (const node of ns.services.values()) yield node.service.key;
  }

  // ---- namespaces ----

  private namespaceChanged(name: string): void {
    const exists = this.snapshot.namespaces.has(name);
    const noAccess = this.snapshot.noAccess?.has(name) ?? false;
    const node = this.namespace(name);
    if (node.exists === exists && node.noAccess === noAccess) return;
    node.exists = exists;
    node.noAccess = noAccess;
    node.invalidate();
    this.changed.add(node);
    if (!this.isWright(name)) {
      this.roots = undefined;
      this.rootsChanged = this.options.showAllNamespaces;
    }
  }

  // ---- services ----

  private serviceChanged(key: string): void {
    const info = this.snapshot.services.get(key);
    const [namespace = '', name = ''] = key.split('/');
    const ns = this.namespace(info?.namespace ?? namespace);
    const existing = ns.services.get(info?.name ?? name);
    if (!info) {
      if (existing) this.removeService(ns, existing);
      return;
    }
    if (!existing) {
      const node = new ServiceNodeImpl(`${ns.id}/svc/${info.name}`, info);
      ns.services.set(info.name, node);
      this.parents.set(node.id, ns);
      ns.invalidate();
      this.changed.add(ns);
      this.resolveMembers(ns, node);
      return;
    }
    const selectorChanged = !sameRecord(existing.service.selector, info.selector);
    existing.service = info;
    this.changed.add(existing);
    if (selectorChanged) this.resolveMembers(ns, existing);
  }

  private removeService(ns: NamespaceNodeImpl, node: ServiceNodeImpl): void {
    for (const member of [...node.members.values()]) {
      const entry = this.pods.get(member.pod.key);
      if (!entry) continue;
      this.leave(entry, node);
      if (!this.hasService(entry)) this.join(entry, this.groupOf(ns, entry.info));
    }
    ns.services.delete(node.service.name);
    this.parents.delete(node.id);
    this.downServices.delete(`${ns.name}/${node.service.name}`);
    ns.invalidate();
    this.changed.add(ns);
  }

  /** A service is new or selects differently: check the pods of its namespace (services change rarely). */
  private resolveMembers(ns: NamespaceNodeImpl, node: ServiceNodeImpl): void {
    for (const key of ns.pods) {
      const entry = this.pods.get(key);
      if (!entry) continue;
      const wanted = selects(node.service.selector, entry.info.labels);
      const has = entry.parents.has(node);
      if (wanted && !has) {
        const group = this.groupOf(ns, entry.info);
        if (entry.parents.has(group)) this.leave(entry, group);
        this.join(entry, node);
      } else if (!wanted && has) {
        this.leave(entry, node);
        if (!this.hasService(entry)) this.join(entry, this.groupOf(ns, entry.info));
      }
    }
    this.changed.add(node);
    this.updateDown(ns, node, undefined);
  }

  /** Where a pod no service selects goes: its workload's entry, or "Other pods" for a bare pod. */
  private groupOf(ns: NamespaceNodeImpl, info: PodInfo): OtherPodsNode {
    const workload = workloadOfPod(info);
    if (!workload) return ns.other;
    const key = `${workload.kind}/${workload.name}`;
    let group = ns.workloads.get(key);
    if (!group) {
      group = new OtherPodsNode(`${ns.id}/workload/${key}`, ns.name, workload);
      ns.workloads.set(key, group);
      this.parents.set(group.id, ns);
    }
    return group;
  }

  private hasService(entry: PodEntry): boolean {
    for (const parent of entry.parents) if (parent instanceof ServiceNodeImpl) return true;
    return false;
  }

  // ---- pods ----

  private podChanged(key: string): void {
    const info = this.snapshot.pods.get(key);
    const entry = this.pods.get(key);
    if (!info) {
      if (entry) this.removePod(entry);
      return;
    }
    // Same namespace, labels and owner: the same places in the tree, so only the data and the counts change.
    if (entry && entry.info.namespace === info.namespace && sameRecord(entry.info.labels, info.labels) && OtherPodsNode.ownerOf(entry.info) === OtherPodsNode.ownerOf(info) && entry.info.owner?.kind === info.owner?.kind) {
      this.updatePod(entry, info);
      return;
    }
    if (entry) this.removePod(entry);
    this.addPod(info);
  }

  private addPod(info: PodInfo): void {
    const ns = this.namespace(info.namespace);
    const entry: PodEntry = { info, parents: new Set() };
    this.pods.set(info.key, entry);
    ns.pods.add(info.key);
    for (const service of ns.services.values()) if (selects(service.service.selector, info.labels)) this.join(entry, service);
    if (entry.parents.size === 0) this.join(entry, this.groupOf(ns, info));
    ns.counts.add(info.health);
    this.changed.add(ns);
    this.track(info, true);
  }

  private removePod(entry: PodEntry): void {
    const ns = this.namespace(entry.info.namespace);
    for (const parent of [...entry.parents]) this.leave(entry, parent);
    ns.pods.delete(entry.info.key);
    ns.counts.remove(entry.info.health);
    this.pods.delete(entry.info.key);
    this.changed.add(ns);
    this.track(entry.info, false);
  }

  private updatePod(entry: PodEntry, info: PodInfo): void {
    const before = entry.info;
    entry.info = info;
    const ns = this.namespace(info.namespace);
    for (const parent of entry.parents) {
      parent.update(before, info);
      const node = parent.members.get(info.key);
      if (node) this.changed.add(node);
      if (before.health !== info.health) {
        this.changed.add(parent);
        this.updateDown(ns, parent, info);
      }
    }
    if (before.health !== info.health) {
      ns.counts.remove(before.health);
      ns.counts.add(info.health);
      this.changed.add(ns);
    }
    this.track(before, false);
    this.track(info, true);
  }

  private join(entry: PodEntry, parent: PodParent): void {
    const node = parent.add(entry.info);
    entry.parents.add(parent);
    this.parents.set(node.id, parent);
    const ns = this.namespace(entry.info.namespace);
    if (parent instanceof OtherPodsNode && parent.members.size === 1) ns.invalidate();
    this.changed.add(parent);
    this.updateDown(ns, parent, entry.info);
  }

  private leave(entry: PodEntry, parent: PodParent): void {
    const node = parent.members.get(entry.info.key);
    parent.remove(entry.info);
    entry.parents.delete(parent);
    if (node) this.parents.delete(node.id);
    const ns = this.namespace(entry.info.namespace);
    if (parent instanceof OtherPodsNode && parent.members.size === 0) ns.invalidate();
    this.changed.add(parent);
    this.updateDown(ns, parent, entry.info);
  }

  // ---- the status bar's aggregates (WRight's namespaces only) ----

  private track(info: PodInfo, present: boolean): void {
    if (!this.isWright(info.namespace)) return;
    if (present) this.wrightCounts.add(info.health);
    else this.wrightCounts.remove(info.health);
    const sets: [Set<string>, boolean][] = [
      [this.problems, isProblem(info.health)],
      [this.starting, info.health === 'starting'],
    ];
    for (const [set, member] of sets) {
      if (!member) continue;
      if (present) set.add(info.key);
      else set.delete(info.key);
    }
  }

  /** Re-judges a service, or (among other pods) the owner of `pod`: down when none is ready and one fails. */
  private updateDown(ns: NamespaceNodeImpl, parent: PodParent, pod: PodInfo | undefined): void {
    if (!this.isWright(ns.name)) return;
    if (parent instanceof ServiceNodeImpl) {
      const unit = `${ns.name}/${parent.service.name}`;
      if (parent.counts.down) this.downServices.add(unit);
      else this.downServices.delete(unit);
      return;
    }
    if (!pod) return;
    const owner = OtherPodsNode.ownerOf(pod);
    const unit = `${ns.name}/${owner}`;
    if (parent.owners.get(owner)?.down) this.downOwners.add(unit);
    else this.downOwners.delete(unit);
  }

  private first(keys: ReadonlySet<string>): PodProblem[] {
    // The first LISTED_PODS by namespace (WRight's order) and name, without sorting them all.
    const order = (key: string): [number, string] => {
      const slash = key.indexOf('/');
      return [this.wrightNamespaces.indexOf(key.slice(0, slash)), key.slice(slash + 1)];
    };
    const before = (a: string, b: string): boolean => {
      const [na, pa] = order(a);
      const [nb, pb] = order(b);
      return na !== nb ? na < nb : pa < pb;
    };
    const top: string[] = [];
    for (const key of keys) {
      if (top.length === LISTED_PODS && !before(key, top[top.length - 1]!)) continue;
      let at = top.length;
      while (at > 0 && before(key, top[at - 1]!)) at--;
      top.splice(at, 0, key);
      if (top.length > LISTED_PODS) top.pop();
    }
    return top.flatMap((key) => {
      const info = this.pods.get(key)?.info;
      return info ? [{ namespace: info.namespace, pod: info.name, reason: info.reason }] : [];
    });
  }

  // ---- the OIDC blueprint's state on Authentik's server ----

  private refreshOidc(): void {
    const node = this.nodes.get(AUTHENTIK_SERVICE.namespace)?.services.get(AUTHENTIK_SERVICE.name);
    if (!node || JSON.stringify(node.oidc) === JSON.stringify(this.options.oidc)) return;
    if (this.options.oidc) node.oidc = this.options.oidc;
    else delete node.oidc;
    this.changed.add(node);
  }

  // ---- workloads WRight deployed that are gone ----

  /** Compares what WRight deployed with the workloads the cluster holds (a handful: cheap to redo). */
  private refreshMissing(): void {
    const present = this.snapshot.workloads;
    const next = new Map<string, MissingWorkloadNode>();
    if (present) {
      for (const workload of this.options.expectedWorkloads ?? []) {
        const key = workloadKey(workload);
        if (present.has(key)) continue;
        next.set(key, this.missing.get(key) ?? { kind: 'missingWorkload', id: `ns/${workload.namespace}/missing/${workload.kind}/${workload.name}`, workload, children: [] });
      }
    }
    const touched = new Set<string>();
    for (const [key, node] of this.missing) if (!next.has(key)) touched.add(node.workload.namespace);
    for (const [key, node] of next) if (!this.missing.has(key)) touched.add(node.workload.namespace);
    this.missing = next;
    for (const name of touched) {
      const ns = this.namespace(name);
      ns.missing = [...next.values()].filter((node) => node.workload.namespace === name).sort((a, b) => byName(a.workload, b.workload));
      for (const node of ns.missing) this.parents.set(node.id, ns);
      ns.invalidate();
      this.changed.add(ns);
    }
  }

  // ---- ingress URLs and port-forwards on services ----

  private refreshUrls(): void {
    const urls = new Map<string, string[]>();
    for (const ingress of this.snapshot.ingresses.values()) this.addUrls(urls, ingress);
    for (const ns of this.nodes.values()) {
      for (const node of ns.services.values()) {
        const next = urls.get(node.service.key) ?? [];
        if (next.length === node.urls.length && next.every((url, i) => url === node.urls[i])) continue;
        node.urls = next;
        this.changed.add(node);
      }
    }
  }

  private addUrls(urls: Map<string, string[]>, ingress: IngressInfo): void {
    for (const route of ingress.routes) {
      const key = `${ingress.namespace}/${route.service}`;
      const url = ingressUrl(route, this.options.ingressPorts);
      const list = urls.get(key) ?? [];
      if (!list.includes(url)) list.push(url);
      urls.set(key, list);
    }
  }

  private refreshForwards(): void {
    for (const ns of this.nodes.values()) {
      for (const node of ns.services.values()) {
        const next = this.options.forwards?.get(node.service.key) ?? [];
        if (next.length === node.forwards.length && next.every((badge, i) => badge === node.forwards[i])) continue;
        node.forwards = next;
        this.changed.add(node);
      }
    }
  }
}

/** The namespace nodes of a snapshot: WRight's four first and in their fixed order, then (on request) the others. */
export function buildNamespaces(snapshot: ClusterSnapshot, options: TreeOptions): NamespaceNode[] {
  return [...new ClusterTreeModel(options, snapshot).namespaces()];
}

/** The view's top level for a snapshot: the connection's state first when it needs saying, then the namespaces. */
export function buildTree(snapshot: ClusterSnapshot, connection: ConnectionState, synced: boolean, options: TreeOptions): ClusterNode[] {
  return topLevel(synced ? new ClusterTreeModel(options, snapshot).namespaces() : [], connection, synced);
}
