// Pod health: the ONE pure function that decides whether a pod is ready, starting, failing, terminating,
// completed or unknown, and why. The tree icons, the service/namespace aggregates and the status bar all read it.
import type { RawContainerStatus, RawPod } from './kubeObjects';

export type PodHealth = 'ready' | 'starting' | 'failing' | 'terminating' | 'completed' | 'unknown';

export interface PodHealthInfo {
  readonly health: PodHealth;
  /** What kubectl's STATUS column would say: Running, ContainerCreating, CrashLoopBackOff, Init:1/2, ... */
  readonly reason: string;
  readonly readyContainers: number;
  readonly totalContainers: number;
  readonly restarts: number;
}

// Waiting reasons that do not clear up by waiting: the kubelet backs off and a person has to act.
const FAILING_WAITING = new Set([
  'CrashLoopBackOff',
  'ImagePullBackOff',
  'ErrImagePull',
  'ErrImageNeverPull',
  'InvalidImageName',
  'CreateContainerConfigError',
  'CreateContainerError',
  'RunContainerError',
  'PreStartHookError',
  'PostStartHookError',
]);

// Termination reasons of a container that is not supposed to stop (the pod is not Succeeded).
const FAILING_TERMINATED = new Set(['Error', 'OOMKilled', 'ContainerCannotRun', 'DeadlineExceeded', 'StartError']);

function sumRestarts(statuses: readonly RawContainerStatus[]): number {
  return statuses.reduce((total, status) => total + (status.restartCount ?? 0), 0);
}

/** The first reason among the containers that says the pod is broken, if any. */
function failingReason(statuses: readonly RawContainerStatus[]): string | undefined {
  for (const status of statuses) {
    const waiting = status.state?.waiting?.reason;
    if (waiting && FAILING_WAITING.has(waiting)) {
      // A crash loop is more useful named by what killed the container last time (OOMKilled says "add memory").
      const last = status.lastState?.terminated?.reason;
      return waiting === 'CrashLoopBackOff' && last === 'OOMKilled' ? 'OOMKilled' : waiting;
    }
    const terminated = status.state?.terminated;
    if (terminated && (FAILING_TERMINATED.has(terminated.reason ?? '') || terminated.exitCode !== 0)) {
      return terminated.reason ?? `ExitCode:${terminated.exitCode}`;
    }
  }
  return undefined;
}

function initProgress(pod: RawPod): { failing?: string; pending?: string } {
  const statuses = pod.status?.initContainerStatuses ?? [];
  const declared = pod.spec?.initContainers ?? [];
  // Sidecar containers (init containers with restartPolicy Always) keep running: they count as done once started.
  const sidecars = new Set(declared.filter((c) => c.restartPolicy === 'Always').map((c) => c.name));
  const total = Math.max(declared.length, statuses.length);
  let done = 0;
  for (const status of statuses) {
    const waiting = status.state?.waiting?.reason;
    if (waiting && FAILING_WAITING.has(waiting)) return { failing: `Init:${waiting}` };
    const terminated = status.state?.terminated;
    if (terminated && terminated.exitCode !== 0) return { failing: `Init:${terminated.reason ?? 'Error'}` };
    if (terminated || (sidecars.has(status.name) && status.state?.running)) done += 1;
  }
  return done < total ? { pending: `Init:${done}/${total}` } : {};
}

export function podHealth(pod: RawPod): PodHealthInfo {
  const status = pod.status ?? {};
  const containers = status.containerStatuses ?? [];
  const declared = pod.spec?.containers?.length ?? 0;
  const totalContainers = Math.max(declared, containers.length);
  const readyContainers = containers.filter((c) => c.ready).length;
  const restarts = sumRestarts(containers) + sumRestarts(status.initContainerStatuses ?? []);
  const info = (health: PodHealth, reason: string): PodHealthInfo => ({ health, reason, readyContainers, totalContainers, restarts });

  if (pod.metadata?.deletionTimestamp) return info('terminating', 'Terminating');
  const phase = status.phase ?? '';
  if (phase === 'Succeeded') return info('completed', 'Completed');
  // Evicted, OOMKilled at pod level, node shutdown...: the pod object is only a tombstone now.
  if (phase === 'Failed') return info('failing', status.reason ?? failingReason(containers) ?? 'Failed');
  if (status.reason === 'Evicted') return info('failing', 'Evicted');

  const init = initProgress(pod);
  if (init.failing) return info('failing', init.failing);
  const broken = failingReason(containers);
  if (broken) return info('failing', broken);
  if (init.pending) return info('starting', init.pending);

  if (phase === 'Pending') {
    const waiting = containers.find((c) => c.state?.waiting?.reason)?.state?.waiting?.reason;
    const unschedulable = status.conditions?.find((c) => c.type === 'PodScheduled' && c.status === 'False')?.reason;
    return info('starting', waiting ?? unschedulable ?? 'Pending');
  }
  if (phase === 'Running') {
    const readyCondition = status.conditions?.find((c) => c.type === 'Ready');
    const allReady = totalContainers > 0 && readyContainers === totalContainers;
    if (readyCondition ? readyCondition.status === 'True' : allReady) return info('ready', 'Running');
    const waiting = containers.find((c) => c.state?.waiting?.reason)?.state?.waiting?.reason;
    return info('starting', waiting ?? 'Running');
  }
  return info('unknown', phase || 'Unknown');
}

/** Worst first: the order in which a group's health is decided ("worst health wins"). */
const SEVERITY: Readonly<Record<PodHealth, number>> = {
  failing: 5,
  unknown: 4,
  starting: 3,
  terminating: 2,
  ready: 1,
  completed: 0,
};

export function worseHealth(a: PodHealth, b: PodHealth): PodHealth {
  return SEVERITY[a] >= SEVERITY[b] ? a : b;
}
