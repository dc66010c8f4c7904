// Reads workload readiness from `kubectl get deployments,statefulsets -o json`, and explains pods that are not
// ready from `kubectl get pods` / `kubectl get events` (waiting reasons, crash exits, scheduling, last events).

export interface WorkloadRef {
  readonly kind: 'Deployment' | 'StatefulSet';
  readonly namespace: string;
  readonly name: string;
}

export interface WorkloadStatus extends WorkloadRef {
  readonly desired: number;
  readonly ready: number;
  readonly isReady: boolean;
  /** "starting", "1/2 ready", "not created yet", ... */
  readonly summary: string;
}

interface K8sObject {
  kind?: string;
  metadata?: { name?: string; namespace?: string; generation?: number; ownerReferences?: Array<{ name?: string }>; labels?: Record<string, string> };
  spec?: { replicas?: number };
  status?: Record<string, unknown>;
}

const num = (value: unknown): number => (typeof value === 'number' ? value : 0);

export function itemsOf(list: unknown): K8sObject[] {
  const items = (list as { items?: unknown } | null)?.items;
  return Array.isArray(items) ? (items as K8sObject[]) : [];
}

export const refKey = (ref: WorkloadRef): string => `${ref.kind}/${ref.namespace}/${ref.name}`;

export function workloadStatus(object: K8sObject): WorkloadStatus | undefined {
  const kind = object.kind;
  const name = object.metadata?.name;
  const namespace = object.metadata?.namespace;
  if ((kind !== 'Deployment' && kind !== 'StatefulSet') || !name || !namespace) return undefined;
  const desired = object.spec?.replicas ?? 1;
  const status = object.status ?? {};
  const ready = num(status.readyReplicas);
  const updated = num(status.updatedReplicas);
  const observed = num(status.observedGeneration) >= num(object.metadata?.generation);
  const available = kind === 'Deployment' ? num(status.availableReplicas) : ready;
  const isReady = observed && ready >= desired && updated >= desired && available >= desired;
  const summary = isReady ? 'ready' : ready === 0 ? 'starting' : `${ready}/${desired} ready`;
  return { kind, namespace, name, desired, ready, isReady, summary };
}

/** Statuses for the expected workloads, in their order; one missing from the cluster is "not created yet". */
export function statusesFor(expected: readonly WorkloadRef[], lists: readonly unknown[]): WorkloadStatus[] {
  const found = new Map<string, WorkloadStatus>();
  for (const list of lists) {
    for (const item of itemsOf(list)) {
      const status = workloadStatus(item);
      if (status) found.set(refKey(status), status);
    }
  }
  return expected.map((ref) => found.get(refKey(ref)) ?? { ...ref, desired: 1, ready: 0, isReady: false, summary: 'not created yet' });
}

/** "3/5 ready: authentik-server starting" */
export function progressLine(statuses: readonly WorkloadStatus[]): string {
  const ready = statuses.filter((s) => s.isReady).length;
  const waiting = statuses.find((s) => !s.isReady);
  return `${ready}/${statuses.length} ready${waiting ? `: ${waiting.name} ${waiting.summary}` : ''}`;
}

interface ContainerStatus {
  name?: string;
  ready?: boolean;
  restartCount?: number;
  state?: { waiting?: { reason?: string; message?: string }; terminated?: { reason?: string; exitCode?: number } };
  lastState?: { terminated?: { reason?: string; exitCode?: number } };
}

interface PodObject extends K8sObject {
  status?: {
    phase?: string;
    conditions?: Array<{ type?: string; status?: string; reason?: string; message?: string }>;
    containerStatuses?: ContainerStatus[];
    initContainerStatuses?: ContainerStatus[];
  };
}

interface EventObject {
  type?: string;
  reason?: string;
  message?: string;
  count?: number;
  lastTimestamp?: string | null;
  eventTime?: string | null;
  metadata?: { creationTimestamp?: string };
  involvedObject?: { kind?: string; name?: string };
}

/** Does this pod belong to the workload? Pods of a Deployment are named <name>-<rs hash>-<id>, of a StatefulSet <name>-<n>. */
export function podBelongsTo(podName: string, workload: WorkloadRef): boolean {
  if (workload.kind === 'StatefulSet') return new RegExp(`^${escape(workload.name)}-\\d+$`).test(podName);
  return new RegExp(`^${escape(workload.name)}-[a-z0-9]+-[a-z0-9]+$`).test(podName);
}

const escape = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** One line per not-ready pod of the workload, with why; then its last warning events. */
export function explainWorkload(workload: WorkloadStatus, pods: unknown, events: unknown, maxEvents = 3): string[] {
  const lines: string[] = [`${workload.kind.toLowerCase()} ${workload.namespace}/${workload.name}: ${workload.summary}`];
  const mine = (itemsOf(pods) as PodObject[]).filter((pod) => podBelongsTo(pod.metadata?.name ?? '', workload));
  // Pods that could not be listed are unknown, not absent.
  if (pods === undefined) lines.push('  pods unknown: the API server did not answer');
  else if (mine.length === 0) lines.push('  no pods yet');
  for (const pod of mine) lines.push(`  pod ${pod.metadata?.name ?? '?'}: ${podReason(pod)}`);
  const relevant = (itemsOf(events) as EventObject[])
    .filter((event) => concerns(event.involvedObject?.name ?? '', workload))
    .sort((a, b) => eventTime(a).localeCompare(eventTime(b)))
    .slice(-maxEvents);
  for (const event of relevant) {
    lines.push(`  event ${event.type ?? ''} ${event.reason ?? ''} on ${event.involvedObject?.name ?? '?'}: ${(event.message ?? '').trim()}${event.count && event.count > 1 ? ` (x${event.count})` : ''}`);
  }
  return lines;
}

/** The workload itself, one of its pods, or (for a Deployment) one of its ReplicaSets. */
function concerns(objectName: string, workload: WorkloadRef): boolean {
  if (objectName === workload.name || podBelongsTo(objectName, workload)) return true;
  return workload.kind === 'Deployment' && new RegExp(`^${escape(workload.name)}-[a-z0-9]+$`).test(objectName);
}

const eventTime = (event: EventObject): string => event.lastTimestamp ?? event.eventTime ?? event.metadata?.creationTimestamp ?? '';

export function podReason(pod: PodObject): string {
  const status = pod.status ?? {};
  const unscheduled = status.conditions?.find((c) => c.type === 'PodScheduled' && c.status === 'False');
  if (unscheduled) return `not scheduled (${unscheduled.reason ?? 'Unschedulable'}${unscheduled.message ? `: ${unscheduled.message}` : ''})`;
  const containers = [...(status.initContainerStatuses ?? []), ...(status.containerStatuses ?? [])];
  for (const container of containers) {
    const waiting = container.state?.waiting;
    if (waiting?.reason) {
      const last = container.lastState?.terminated;
      const crash = last ? `, last exit ${last.exitCode ?? '?'}${last.reason ? ` ${last.reason}` : ''}` : '';
      return `container ${container.name ?? '?'} waiting: ${waiting.reason}${waiting.message ? ` (${waiting.message})` : ''}${crash}`;
    }
    const terminated = container.state?.terminated;
    if (terminated && terminated.exitCode !== 0) return `container ${container.name ?? '?'} exited ${terminated.exitCode ?? '?'} (${terminated.reason ?? 'Error'})`;
  }
  const notReady = containers.filter((c) => c.ready === false).map((c) => c.name ?? '?');
  if (notReady.length > 0) return `running, not ready yet (readiness probe failing?): ${notReady.join(', ')}`;
  return status.phase ?? 'unknown';
}
