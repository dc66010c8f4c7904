// What a port-forward points at, and the two operations it needs from the cluster: find a ready pod behind a
// service, and open a tunnel to one of that pod's ports. Injected, so the supervision logic is tested without a
// cluster and the client-node implementation stays in one file.
import type { Socket } from 'node:net';

export interface ForwardTarget {
  readonly namespace: string;
  readonly service: string;
  /** The service's port (as listed in the Service spec). */
  readonly servicePort: number;
}

export interface ResolvedPod {
  readonly pod: string;
  /** The container port that the service port maps to. */
  readonly port: number;
}

export interface PodResolver {
  /** A ready pod behind the service, or undefined when none is ready right now. Throws when the API fails. */
  resolve(target: ForwardTarget): Promise<ResolvedPod | undefined>;
}

/** Connects `socket` to `pod:port`. Resolves once the tunnel is open; destroys the socket when the tunnel ends. */
export type OpenTunnel = (namespace: string, pod: ResolvedPod, socket: Socket) => Promise<void>;

export function describeTarget(target: ForwardTarget): string {
  return `${target.namespace}/${target.service}:${target.servicePort}`;
}
