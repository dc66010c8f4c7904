// A ConfigMap WRight writes into each cluster it creates. The local ownership record says the same thing, but
// lives in one state folder; the marker lets `wright down` remove a cluster the extension created and the
// reverse, while a cluster someone made by hand (no marker, no record) is never deleted.
import { toKubectlStream } from './manifests';
import type { Operation } from './operation';
import { kubectlApplyStdin, kubectlGetOwnerMarker, OWNER_MARKER } from './toolCalls';

export function ownerMarkerObject(createdAt: Date): object {
  return {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: OWNER_MARKER.name, namespace: OWNER_MARKER.namespace, labels: { 'app.kubernetes.io/managed-by': 'wright' } },
    data: { createdBy: 'wright', createdAt: createdAt.toISOString() },
  };
}

export async function writeOwnerMarker(op: Operation, signal: AbortSignal): Promise<void> {
  await op.exec(kubectlApplyStdin(op.target, toKubectlStream([ownerMarkerObject(new Date())]), 1), signal);
}

/** True when the marker is there; false when absent or the cluster cannot be asked. */
export async function hasOwnerMarker(op: Operation): Promise<boolean> {
  try {
    return (await op.exec(kubectlGetOwnerMarker(op.target))) !== '';
  } catch {
    return false;
  }
}
