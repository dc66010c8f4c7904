// Checks that read the live objects through the API: the API answers, the four namespaces exist, every workload in
// staging-infra is ready (with each pod's restarts), and every container of WRight's workloads has probes and
// resource requests and limits, as the cluster runs them (not as the manifest files say).
import type { V1Container, V1PodTemplateSpec } from '@kubernetes/client-node';
import { describeRequestError } from '../k8s/kubeClient';
import { timedApiClient } from '../k8s/timedApiClient';
import { failed, passed, type CheckDefinition } from './check';
import { INFRA_NAMESPACE, WRIGHT_NAMESPACES, type VerifyContext } from './verifyContext';

export const apiCheck: CheckDefinition<VerifyContext> = {
  id: 'api',
  title: 'API server',
  criterion: 'The cluster\'s API server answers through WRight\'s kubeconfig.',
  threshold: 'answers',
  async run(ctx) {
    const started = performance.now();
    try {
      const version = await timedApiClient(ctx.k8s, ctx.kc, ctx.k8s.VersionApi).getCode();
      const ms = performance.now() - started;
      return passed(`Kubernetes ${version.gitVersion} answered in ${Math.round(ms)} ms`, { version: version.gitVersion, ms: Math.round(ms) });
    } catch (error) {
      return failed('no answer', `the API server did not answer: ${describeRequestError(error)}`, 'is Docker running and the cluster\'s container up? Check with: wright status');
    }
  },
};

export const namespacesCheck: CheckDefinition<VerifyContext> = {
  id: 'namespaces',
  title: 'Namespaces',
  criterion: 'staging-infra (the deployed services) and the staging-core, staging-ai and staging-web placeholders exist.',
  threshold: '4/4 present',
  async run(ctx) {
    const list = await ctx.core.listNamespace();
    const present = new Set(list.items.map((ns) => ns.metadata?.name));
    const missing = WRIGHT_NAMESPACES.filter((name) => !present.has(name));
    const measured = `${WRIGHT_NAMESPACES.length - missing.length}/${WRIGHT_NAMESPACES.length} present`;
    if (missing.length > 0) return failed(measured, `missing: ${missing.join(', ')}`, 'deploy the services: wright deploy', { present: WRIGHT_NAMESPACES.length - missing.length });
    return passed(measured, { present: WRIGHT_NAMESPACES.length });
  },
};

interface WorkloadLike {
  readonly kind: string;
  readonly name: string;
  readonly desired: number;
  readonly ready: number;
  readonly template: V1PodTemplateSpec | undefined;
  readonly managedByWright: boolean;
}

async function infraWorkloads(ctx: VerifyContext): Promise<WorkloadLike[]> {
  const [deployments, statefulSets] = await Promise.all([
    ctx.apps.listNamespacedDeployment({ namespace: INFRA_NAMESPACE }),
    ctx.apps.listNamespacedStatefulSet({ namespace: INFRA_NAMESPACE }),
  ]);
  const of = (kind: string, items: typeof deployments.items | typeof statefulSets.items): WorkloadLike[] =>
    items.map((item) => ({
      kind,
      name: item.metadata?.name ?? '?',
      desired: item.spec?.replicas ?? 1,
      ready: item.status?.readyReplicas ?? 0,
      template: item.spec?.template,
      managedByWright: item.metadata?.labels?.['app.kubernetes.io/managed-by'] === 'wright',
    }));
  return [...of('StatefulSet', statefulSets.items), ...of('Deployment', deployments.items)].sort((a, b) => a.name.localeCompare(b.name));
}

export const workloadsCheck: CheckDefinition<VerifyContext> = {
  id: 'workloads',
  title: 'Workloads ready',
  criterion: 'Every workload in staging-infra has all its replicas ready; each pod\'s restarts are reported.',
  threshold: 'all ready',
  async run(ctx) {
    const workloads = await infraWorkloads(ctx);
    const pods = (await ctx.core.listNamespacedPod({ namespace: INFRA_NAMESPACE })).items;
    const restarts = pods
      .map((pod) => ({ name: pod.metadata?.name ?? '?', count: (pod.status?.containerStatuses ?? []).reduce((sum, c) => sum + c.restartCount, 0) }))
      .sort((a, b) => a.name.localeCompare(b.name));
    const restartText = restarts.length > 0 ? restarts.map((r) => `${r.name} ${r.count}`).join(', ') : 'no pods';
    const notReady = workloads.filter((w) => w.ready < w.desired);
    const readyCount = workloads.length - notReady.length;
    const measured = `${readyCount}/${workloads.length} ready; restarts: ${restartText}`;
    const values = { ready: readyCount, total: workloads.length, restarts: restarts.reduce((sum, r) => sum + r.count, 0) };
    if (workloads.length === 0) return failed(measured, 'there are no workloads in staging-infra', 'deploy the services: wright deploy', values);
    if (notReady.length > 0) {
      const list = notReady.map((w) => `${w.name} ${w.ready}/${w.desired}`).join(', ');
      return failed(measured, `not ready: ${list}`, `see why in the WRight view or with: kubectl -n ${INFRA_NAMESPACE} describe pods; then wright deploy to wait again`, values);
    }
    return passed(measured, values);
  },
};

function gapsOf(container: V1Container): string[] {
  const gaps: string[] = [];
  if (!container.readinessProbe) gaps.push('readiness probe');
  if (!container.livenessProbe) gaps.push('liveness probe');
  for (const kind of ['requests', 'limits'] as const) {
    for (const resource of ['cpu', 'memory'] as const) {
      if (container.resources?.[kind]?.[resource] === undefined) gaps.push(`${resource} ${kind === 'requests' ? 'request' : 'limit'}`);
    }
  }
  return gaps;
}

export const probesAndResourcesCheck: CheckDefinition<VerifyContext> = {
  id: 'probes-resources',
  title: 'Probes and resources',
  criterion: 'Every container of WRight\'s workloads, as running in the cluster, has readiness and liveness probes and CPU and memory requests and limits.',
  threshold: 'every container complete',
  async run(ctx) {
    const workloads = (await infraWorkloads(ctx)).filter((w) => w.managedByWright);
    const problems: string[] = [];
    let containers = 0;
    for (const workload of workloads) {
      for (const container of workload.template?.spec?.containers ?? []) {
        containers += 1;
        const gaps = gapsOf(container);
        if (gaps.length > 0) problems.push(`${workload.name}/${container.name}: no ${gaps.join(', ')}`);
      }
    }
    const complete = containers - problems.length;
    const measured = `${complete}/${containers} containers complete in ${workloads.length} workloads`;
    const values = { complete, containers };
    if (workloads.length === 0) return failed(measured, 'no workload labelled app.kubernetes.io/managed-by=wright in staging-infra', 'deploy the services: wright deploy', values);
    if (problems.length > 0) {
      return failed(measured, problems.join('; '), 'add the missing probes/resources to the manifests (see docs/adding-services.md) and run wright deploy', values);
    }
    return passed(measured, values);
  },
};
