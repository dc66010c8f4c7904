// Builders of Kubernetes objects for the cluster-view unit tests: a pod in a given state in one line.
import type { RawContainerStatus, RawPod, RawService, RawIngress } from '../../src/k8s/kubeObjects';

export interface PodOptions {
  readonly namespace?: string;
  readonly labels?: Record<string, string>;
  readonly phase?: string;
  readonly reason?: string;
  readonly containers?: readonly RawContainerStatus[];
  readonly initContainers?: readonly RawContainerStatus[];
  readonly initSpec?: readonly { name: string; restartPolicy?: string }[];
  readonly ready?: boolean;
  readonly deleting?: boolean;
  readonly created?: Date | string;
  readonly owner?: { kind: string; name: string };
  readonly node?: string;
}

export function running(name: string, ready = true, restartCount = 0): RawContainerStatus {
  return { name, ready, restartCount, image: `img/${name}:1`, state: { running: { startedAt: '2026-11-01T10:00:00Z' } } };
}

export function waiting(name: string, reason: string, restartCount = 0, lastTerminated?: string): RawContainerStatus {
  return {
    name,
    ready: false,
    restartCount,
    state: { waiting: { reason } },
    ...(lastTerminated ? { lastState: { terminated: { reason: lastTerminated, exitCode: 137 } } } : {}),
  };
}

export function terminated(name: string, reason: string, exitCode: number): RawContainerStatus {
  return { name, ready: false, restartCount: 0, state: { terminated: { reason, exitCode } } };
}

export function pod(name: string, options: PodOptions = {}): RawPod {
  const containers = options.containers ?? [running('main', options.ready ?? true)];
  const allReady = containers.every((c) => c.ready);
  const phase = options.phase ?? 'Running';
  return {
    metadata: {
      name,
      namespace: options.namespace ?? 'staging-core',
      labels: options.labels ?? {},
      creationTimestamp: options.created ?? '2026-11-01T10:00:00Z',
      ...(options.deleting ? { deletionTimestamp: '2026-11-01T11:00:00Z' } : {}),
      ...(options.owner ? { ownerReferences: [{ ...options.owner, controller: true }] } : {}),
    },
    spec: {
      nodeName: options.node ?? 'wright-staging-control-plane',
      containers: containers.map((c) => ({ name: c.name, image: c.image ?? `img/${c.name}:1` })),
      ...(options.initSpec ? { initContainers: options.initSpec } : {}),
    },
    status: {
      phase,
      ...(options.reason ? { reason: options.reason } : {}),
      conditions: phase === 'Running' ? [{ type: 'Ready', status: allReady ? 'True' : 'False' }] : [],
      containerStatuses: containers,
      ...(options.initContainers ? { initContainerStatuses: options.initContainers } : {}),
    },
  };
}

export function service(name: string, namespace: string, selector: Record<string, string> | undefined, ports: number[] = [80]): RawService {
  return { metadata: { name, namespace }, spec: { ...(selector ? { selector } : {}), ports: ports.map((port) => ({ port, protocol: 'TCP' })) } };
}

export function ingress(name: string, namespace: string, host: string, serviceName: string, tls = false, path = '/'): RawIngress {
  return {
    metadata: { name, namespace },
    spec: {
      ...(tls ? { tls: [{ hosts: [host] }] } : {}),
      rules: [{ host, http: { paths: [{ path, backend: { service: { name: serviceName, port: { number: 80 } } } }] } }],
    },
  };
}
