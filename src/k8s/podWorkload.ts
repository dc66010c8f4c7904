// The workload a pod belongs to, from the pod alone (the view watches pods, not ReplicaSets): a ReplicaSet made by a
// Deployment is named `<deployment>-<pod-template-hash>`, and its pods carry that hash as a label.
import type { PodInfo } from './clusterSnapshot';

export interface PodWorkload {
  readonly kind: string;
  readonly name: string;
}

const WORKLOAD_OWNERS = new Set(['ReplicaSet', 'StatefulSet', 'DaemonSet', 'Job']);

/** The Deployment, StatefulSet, DaemonSet, Job (or stand-alone ReplicaSet) of a pod; undefined for a bare pod. */
export function workloadOfPod(pod: Pick<PodInfo, 'owner' | 'labels'>): PodWorkload | undefined {
  const owner = pod.owner;
  if (!owner || !WORKLOAD_OWNERS.has(owner.kind)) return undefined;
  const hash = pod.labels['pod-template-hash'];
  if (owner.kind === 'ReplicaSet' && hash && owner.name.endsWith(`-${hash}`)) return { kind: 'Deployment', name: owner.name.slice(0, -(hash.length + 1)) };
  return { kind: owner.kind, name: owner.name };
}
