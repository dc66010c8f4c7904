// Pure choices a port-forward makes from API objects: which pod behind a service may take traffic, and which
// container port a service port leads to. Kept apart from the client so they are tested on plain objects.
import type { V1Pod, V1Service } from '@kubernetes/client-node';

export function isPodServing(pod: V1Pod): boolean {
  if (pod.metadata?.deletionTimestamp) return false;
  if (pod.status?.phase !== 'Running') return false;
  return (pod.status.conditions ?? []).some((condition) => condition.type === 'Ready' && condition.status === 'True');
}

/** The label selector string of a service, or undefined for a service without a selector. */
export function serviceSelector(service: V1Service): string | undefined {
  const selector = service.spec?.selector;
  if (!selector || Object.keys(selector).length === 0) return undefined;
  return Object.entries(selector)
    .map(([key, value]) => `${key}=${value}`)
    .join(',');
}

/** The container port of `pod` that `servicePort` of `service` targets, or undefined when it cannot be found. */
export function targetContainerPort(service: V1Service, servicePort: number, pod: V1Pod): number | undefined {
  const port = service.spec?.ports?.find((candidate) => candidate.port === servicePort);
  if (!port) return undefined;
  const target = port.targetPort;
  if (target === undefined || target === null || target === '') return port.port;
  if (typeof target === 'number') return target;
  if (/^\d+$/.test(target)) return Number(target);
  for (const container of pod.spec?.containers ?? []) {
    const named = container.ports?.find((candidate) => candidate.name === target);
    if (named) return named.containerPort;
  }
  return undefined;
}

/** Prefers the pod that has been ready longest: it is the least likely to be on its way out. */
export function pickServingPod(pods: readonly V1Pod[]): V1Pod | undefined {
  const readySince = (pod: V1Pod): number => {
    const condition = pod.status?.conditions?.find((candidate) => candidate.type === 'Ready');
    const time = condition?.lastTransitionTime;
    return time ? new Date(time).getTime() : Number.MAX_SAFE_INTEGER;
  };
  return pods.filter(isPodServing).sort((a, b) => readySince(a) - readySince(b))[0];
}
