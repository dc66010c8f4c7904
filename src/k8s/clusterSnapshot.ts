// The watch caches as WRight keeps them: slim, plain objects (no Dates, no client-node classes) converted once
// when an event arrives, so the tree model, the status bar and the tests work on the same small data.
import type { RawIngress, RawMeta, RawNamespace, RawPod, RawService } from './kubeObjects';
import { objectKey, toTime } from './kubeObjects';
import { imagePullOf, type ImagePull } from './imagePull';
import { podHealth, type PodHealthInfo } from './podHealth';

export interface PodInfo extends PodHealthInfo {
  readonly key: string;
  readonly name: string;
  readonly namespace: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly phase: string;
  readonly node?: string;
  readonly images: readonly string[];
  readonly containers: readonly string[];
  readonly createdAt?: number;
  /** The controlling owner (ReplicaSet, StatefulSet, Job...); absent for a bare pod. */
  readonly owner?: { readonly kind: string; readonly name: string };
  /** Waiting for an image: which one and since when, or the registry's refusal (imagePull.ts). */
  readonly pull?: ImagePull;
}

export interface ServicePortInfo {
  readonly name?: string;
  readonly port: number;
  readonly protocol: string;
  readonly targetPort?: number | string;
}

export interface ServiceInfo {
  readonly key: string;
  readonly name: string;
  readonly namespace: string;
  /** Undefined: the service selects no pods by label (ExternalName, manual Endpoints). */
  readonly selector?: Readonly<Record<string, string>>;
  readonly type: string;
  readonly ports: readonly ServicePortInfo[];
}

export interface IngressRouteInfo {
  readonly host: string;
  readonly path: string;
  readonly service: string;
  readonly tls: boolean;
}

export interface IngressInfo {
  readonly key: string;
  readonly name: string;
  readonly namespace: string;
  readonly routes: readonly IngressRouteInfo[];
}

export interface NamespaceInfo {
  readonly key: string;
  readonly name: string;
  readonly phase: string;
}

/** A Deployment or StatefulSet: only whether it exists (its pods carry the health). */
export interface WorkloadInfo {
  /** `Kind/namespace/name` */
  readonly key: string;
  readonly kind: 'Deployment' | 'StatefulSet';
  readonly name: string;
  readonly namespace: string;
}

export interface ClusterSnapshot {
  readonly namespaces: ReadonlyMap<string, NamespaceInfo>;
  readonly services: ReadonlyMap<string, ServiceInfo>;
  readonly pods: ReadonlyMap<string, PodInfo>;
  readonly ingresses: ReadonlyMap<string, IngressInfo>;
  /** Deployments and StatefulSets by key; undefined when not watched (then nothing can be said to be missing). */
  readonly workloads?: ReadonlyMap<string, WorkloadInfo>;
  /** Namespaces the account may not list (RBAC, 403): shown as "no access", not as an error. */
  readonly noAccess?: ReadonlySet<string>;
}

export const EMPTY_SNAPSHOT: ClusterSnapshot = { namespaces: new Map(), services: new Map(), pods: new Map(), ingresses: new Map(), workloads: new Map() };

export const workloadKey = (workload: { readonly kind: string; readonly namespace: string; readonly name: string }): string =>
  `${workload.kind}/${workload.namespace}/${workload.name}`;

/** List items carry no `kind` (client-node's lists leave it out): the watch that delivered the object knows it. */
export function toWorkloadInfo(raw: { readonly metadata?: RawMeta }, kind: WorkloadInfo['kind']): WorkloadInfo {
  const name = raw.metadata?.name ?? '';
  const namespace = raw.metadata?.namespace ?? '';
  return { key: workloadKey({ kind, namespace, name }), kind, name, namespace };
}

export function toPodInfo(pod: RawPod): PodInfo {
  const meta = pod.metadata ?? {};
  const controller = meta.ownerReferences?.find((owner) => owner.controller);
  const createdAt = toTime(meta.creationTimestamp);
  const specContainers = pod.spec?.containers ?? [];
  const images = specContainers.map((c) => c.image).filter((image): image is string => Boolean(image));
  const pull = imagePullOf(pod);
  return {
    ...podHealth(pod),
    key: objectKey(meta),
    name: meta.name ?? '',
    namespace: meta.namespace ?? '',
    labels: meta.labels ?? {},
    phase: pod.status?.phase ?? 'Unknown',
    ...(pod.spec?.nodeName ? { node: pod.spec.nodeName } : {}),
    images,
    containers: specContainers.map((c) => c.name),
    ...(createdAt !== undefined ? { createdAt } : {}),
    ...(controller ? { owner: { kind: controller.kind, name: controller.name } } : {}),
    ...(pull ? { pull } : {}),
  };
}

export function toServiceInfo(service: RawService): ServiceInfo {
  const meta = service.metadata ?? {};
  const selector = service.spec?.selector;
  return {
    key: objectKey(meta),
    name: meta.name ?? '',
    namespace: meta.namespace ?? '',
    ...(selector && Object.keys(selector).length > 0 ? { selector } : {}),
    type: service.spec?.type ?? 'ClusterIP',
    ports: (service.spec?.ports ?? []).map((port) => ({
      ...(port.name ? { name: port.name } : {}),
      port: port.port,
      protocol: port.protocol ?? 'TCP',
      ...(port.targetPort !== undefined ? { targetPort: port.targetPort } : {}),
    })),
  };
}

export function toIngressInfo(ingress: RawIngress): IngressInfo {
  const meta = ingress.metadata ?? {};
  const tlsHosts = new Set((ingress.spec?.tls ?? []).flatMap((tls) => tls.hosts ?? []));
  const routes: IngressRouteInfo[] = [];
  for (const rule of ingress.spec?.rules ?? []) {
    // A rule without a host matches any host: the cluster is reached as localhost then.
    const host = rule.host ?? 'localhost';
    for (const path of rule.http?.paths ?? []) {
      const service = path.backend.service?.name;
      if (service) routes.push({ host, path: path.path ?? '/', service, tls: tlsHosts.has(host) });
    }
  }
  return { key: objectKey(meta), name: meta.name ?? '', namespace: meta.namespace ?? '', routes };
}

export function toNamespaceInfo(namespace: RawNamespace): NamespaceInfo {
  const name = namespace.metadata?.name ?? '';
  return { key: name, name, phase: namespace.status?.phase ?? 'Active' };
}
