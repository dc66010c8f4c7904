// Whether a pod is waiting for an image, read from the pod alone (no extra watch): the first create's long wait is
// mostly image pulls, and the tree says so ("pulling ghcr.io/goauthentik/server:2026.8.3 · 42 s") instead of a
// silent "ContainerCreating".
// - Pulling: a container waits in ContainerCreating without an imageID, after the pod's sandbox is ready
//   (condition PodReadyToStartContainers, on by default since Kubernetes 1.29): from then on the kubelet is pulling
//   (volumes and the sandbox come before), so the condition's lastTransitionTime is when the pull started.
// - Failed: a container waits in ErrImagePull / ImagePullBackOff; the kubelet puts the registry's answer in the
//   waiting message (the same text as the pod's "Failed" event).
import type { RawContainerStatus, RawPod } from './kubeObjects';
import { toTime } from './kubeObjects';

export type ImagePull =
  | { readonly state: 'pulling'; readonly images: readonly string[]; readonly since?: number }
  | { readonly state: 'failed'; readonly image: string; readonly reason: string; readonly message: string };

const FAILED_PULL = new Set(['ErrImagePull', 'ImagePullBackOff']);

export function imagePullOf(pod: RawPod): ImagePull | undefined {
  const statuses: readonly RawContainerStatus[] = [...(pod.status?.initContainerStatuses ?? []), ...(pod.status?.containerStatuses ?? [])];
  const specImages = new Map([...(pod.spec?.initContainers ?? []), ...(pod.spec?.containers ?? [])].map((c) => [c.name, c.image ?? '']));
  const imageOf = (status: RawContainerStatus): string => specImages.get(status.name) || status.image || '';
  const failed = statuses.find((s) => FAILED_PULL.has(s.state?.waiting?.reason ?? ''));
  if (failed) {
    const waiting = failed.state?.waiting ?? {};
    return { state: 'failed', image: imageOf(failed), reason: waiting.reason ?? 'ErrImagePull', message: waiting.message ?? '' };
  }
  const ready = pod.status?.conditions?.find((c) => c.type === 'PodReadyToStartContainers' && c.status === 'True');
  if (!ready || pod.status?.phase !== 'Pending') return undefined;
  const pulling = statuses.filter((s) => s.state?.waiting?.reason === 'ContainerCreating' && !s.imageID);
  if (pulling.length === 0) return undefined;
  const since = toTime(ready.lastTransitionTime);
  return { state: 'pulling', images: [...new Set(pulling.map(imageOf).filter((image) => image !== ''))], ...(since !== undefined ? { since } : {}) };
}

/** "pulling ghcr.io/goauthentik/server:2026.8.3 · 42 s" / "image pull failed: <the registry's message>". */
export function describeImagePull(pull: ImagePull, now: number): string {
  if (pull.state === 'failed') return `${pull.reason}: ${pull.message || `cannot pull ${pull.image}`}`;
  const what = pull.images.length === 0 ? 'images' : pull.images.join(', ');
  const elapsed = pull.since === undefined ? '' : ` · ${formatElapsed(now - pull.since)}`;
  return `pulling ${what}${elapsed}`;
}

/** "42 s", "3 min 5 s". */
export function formatElapsed(ms: number): string {
  const seconds = Math.max(0, Math.floor(ms / 1000));
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.floor(seconds / 60);
  return `${minutes} min ${seconds % 60} s`;
}
