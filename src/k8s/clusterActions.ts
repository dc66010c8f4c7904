// What the view's commands do to the cluster, through client-node (never kubectl, never a shell): delete a pod,
// rollout-restart its workload, follow its logs, read a Secret. No vscode here: the CLI can reuse it.
import type { Writable } from 'node:stream';
import { UserFacingError } from '../shared/failures';
import type { PodInfo } from './clusterSnapshot';
import { loadClient, type ClusterTarget, type LoadedClient } from './kubeClient';
import { timedApiClient } from './timedApiClient';

export type WorkloadKind = 'Deployment' | 'StatefulSet' | 'DaemonSet';

export interface WorkloadRef {
  readonly kind: WorkloadKind;
  readonly name: string;
  readonly namespace: string;
}

/** The annotation `kubectl rollout restart` sets on the pod template: changing it rolls every pod. */
export const RESTARTED_AT = 'kubectl.kubernetes.io/restartedAt';

export class ClusterActions {
  constructor(
    private readonly target: () => ClusterTarget,
    private readonly load: (target: ClusterTarget) => Promise<LoadedClient> = loadClient,
  ) {}

  // Read afresh for every command: the kubeconfig changes when the cluster is re-created (new port, new certs).
  private loaded(): Promise<LoadedClient> {
    return this.load(this.target());
  }

  async deletePod(namespace: string, name: string): Promise<void> {
    const { k8s, kc } = await this.loaded();
    await timedApiClient(k8s, kc, k8s.CoreV1Api).deleteNamespacedPod({ name, namespace });
  }

  /** The Deployment, StatefulSet or DaemonSet that owns the pod (a ReplicaSet is followed to its Deployment). */
  async workloadOf(pod: Pick<PodInfo, 'name' | 'namespace' | 'owner'>): Promise<WorkloadRef> {
    const owner = pod.owner;
    const none = (): UserFacingError => new UserFacingError(`Pod ${pod.namespace}/${pod.name} has no Deployment or StatefulSet to restart.`);
    if (!owner) throw none();
    if (owner.kind === 'StatefulSet' || owner.kind === 'DaemonSet' || owner.kind === 'Deployment') return { kind: owner.kind, name: owner.name, namespace: pod.namespace };
    if (owner.kind !== 'ReplicaSet') throw none();
    const { k8s, kc } = await this.loaded();
    const replicaSet = await timedApiClient(k8s, kc, k8s.AppsV1Api).readNamespacedReplicaSet({ name: owner.name, namespace: pod.namespace });
    const deployment = replicaSet.metadata?.ownerReferences?.find((ref) => ref.controller && ref.kind === 'Deployment');
    if (!deployment) throw none();
    return { kind: 'Deployment', name: deployment.name, namespace: pod.namespace };
  }

  /** `kubectl rollout restart`: a strategic-merge patch of the pod template's restartedAt annotation. */
  async restartWorkload(workload: WorkloadRef, now: Date = new Date()): Promise<void> {
    const { k8s, kc } = await this.loaded();
    const apps = timedApiClient(k8s, kc, k8s.AppsV1Api);
    const body = { spec: { template: { metadata: { annotations: { [RESTARTED_AT]: now.toISOString() } } } } };
    const options = k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.StrategicMergePatch);
    const request = { name: workload.name, namespace: workload.namespace, body };
    if (workload.kind === 'Deployment') await apps.patchNamespacedDeployment(request, options);
    else if (workload.kind === 'StatefulSet') await apps.patchNamespacedStatefulSet(request, options);
    else await apps.patchNamespacedDaemonSet(request, options);
  }

  /** Follows a container's log into `stream` until the returned controller is aborted or the pod goes away. */
  async followLogs(namespace: string, pod: string, container: string, stream: Writable, tailLines = 1000): Promise<AbortController> {
    const { k8s, kc } = await this.loaded();
    return new k8s.Log(kc).log(namespace, pod, container, stream, { follow: true, tailLines });
  }

  /** A Secret's data, decoded. Callers must register the values with the SecretRedactor and never log them. */
  async readSecret(namespace: string, name: string): Promise<Record<string, string>> {
    const { k8s, kc } = await this.loaded();
    const secret = await timedApiClient(k8s, kc, k8s.CoreV1Api).readNamespacedSecret({ name, namespace });
    const decoded: Record<string, string> = {};
    for (const [key, value] of Object.entries(secret.data ?? {})) decoded[key] = Buffer.from(value, 'base64').toString('utf8');
    for (const [key, value] of Object.entries(secret.stringData ?? {})) decoded[key] = value;
    return decoded;
  }
}
