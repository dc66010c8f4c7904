// `wright status --watch [--json]`: the extension's live view in a terminal, on the same watcher and incremental
// model (src/k8s/clusterViewModel.ts). On a TTY it redraws a compact view in place; otherwise it prints one line
// per change; with --json it prints NDJSON: one complete snapshot once the initial sync is done, then one line per
// change. Runs until Ctrl-C (exit 0); exit 4 when there is no cluster to watch.
import type { ClusterNode, NamespaceNode } from '../k8s/clusterNodes';
import type { ClusterHealth, TreeUpdate } from '../k8s/clusterTreeModel';
import { ClusterViewModel } from '../k8s/clusterViewModel';
import type { ConnectionState } from '../k8s/connectionState';
import { describeSummary, type HealthSummary } from '../k8s/healthSummary';
import { clusterTargetFor } from '../lifecycle/clusterTarget';
import { inspectKubeconfig } from '../lifecycle/kubeconfigFile';
import type { ClusterTarget } from '../k8s/kubeClient';
import type { Logger } from '../shared/logger';
import { describeMissing } from '../shared/missingWorkload';
import type { WrightSettings } from '../shared/settings';
import { EXIT } from './exitCodes';

export interface StatusWatchIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  readonly signal: AbortSignal;
  /** Redraw in place (a terminal); otherwise one line per change. */
  readonly tty: boolean;
}

/** How many unhealthy pods the compact view lists. */
const LISTED = 10;

const time = (): string => new Date().toISOString();
const summaryJson = (summary: HealthSummary) => ({ health: summary.health, ready: summary.ready, expected: summary.expected, failing: summary.failing });

function healthLine(health: ClusterHealth, state: ConnectionState): string {
  if (state.kind === 'disconnected') return `disconnected: ${state.reason} (retrying)`;
  if (state.kind !== 'connected') return 'connecting…';
  if (health.counted === 0) return 'no pods';
  const parts = [`${health.ready}/${health.counted} pods ready`];
  if (health.problemCount > 0) parts.push(`${health.problemCount} failing`);
  if (health.startingCount > 0) parts.push(`${health.startingCount} starting`);
  if (health.down.length > 0) parts.push(`down: ${health.down.join(', ')}`);
  if (health.missing.length > 0) parts.push(`missing: ${health.missing.map((workload) => `${workload.namespace}/${workload.name}`).join(', ')}`);
  return parts.join(', ');
}

/** The services/groups of a namespace, as `name  summary` lines. */
function groups(namespace: NamespaceNode): { name: string; summary: HealthSummary }[] {
  return namespace.children.flatMap((child) => {
    if (child.kind === 'service') return [{ name: child.service.name, summary: child.summary }];
    if (child.kind === 'podGroup') return [{ name: child.label, summary: child.summary }];
    return [];
  });
}

function compactView(model: ClusterViewModel, target: string): string {
  const health = model.health();
  const lines = [`WRight  ${target}  ${time().slice(11, 19)}`, healthLine(health, model.state), ''];
  for (const namespace of model.namespaces()) {
    lines.push(`${namespace.name}${namespace.noAccess ? ' (no access)' : namespace.exists ? '' : ' (not created yet)'}  ${describeSummary(namespace.summary)}`);
    for (const group of groups(namespace)) lines.push(`  ${group.name.padEnd(28)} ${describeSummary(group.summary)}`);
  }
  const unhealthy = [...health.problems, ...health.starting].slice(0, LISTED);
  if (unhealthy.length > 0) {
    lines.push('', 'Not ready:');
    for (const pod of unhealthy) lines.push(`  ${pod.namespace}/${pod.pod}  ${pod.reason}`);
    const more = health.problemCount + health.startingCount - unhealthy.length;
    if (more > 0) lines.push(`  … and ${more} more`);
  }
  lines.push('', 'Ctrl-C to stop.');
  return lines.join('\n');
}

function snapshotJson(model: ClusterViewModel) {
  return {
    type: 'snapshot',
    time: time(),
    state: model.state.kind,
    health: model.health(),
    namespaces: model.namespaces().map((namespace) => ({
      name: namespace.name,
      exists: namespace.exists,
      noAccess: namespace.noAccess,
      summary: summaryJson(namespace.summary),
      groups: groups(namespace).map((group) => ({ name: group.name, summary: summaryJson(group.summary) })),
    })),
  };
}

/** One changed node as a line of the change stream. */
function nodeJson(node: ClusterNode) {
  switch (node.kind) {
    case 'pod':
      return { kind: 'pod', id: node.id, namespace: node.pod.namespace, name: node.pod.name, health: node.pod.health, reason: node.pod.reason, restarts: node.pod.restarts };
    case 'service':
      return { kind: 'service', id: node.id, namespace: node.service.namespace, name: node.service.name, summary: summaryJson(node.summary) };
    case 'podGroup':
      return { kind: 'group', id: node.id, namespace: node.namespace, name: node.label, summary: summaryJson(node.summary) };
    case 'namespace':
      return { kind: 'namespace', id: node.id, name: node.name, exists: node.exists, summary: summaryJson(node.summary) };
    case 'message':
      return { kind: 'message', id: node.id, text: node.text };
    case 'missingWorkload':
      return { kind: 'missing', id: node.id, namespace: node.workload.namespace, name: node.workload.name, workload: node.workload.kind };
  }
}

function changeLines(update: TreeUpdate): string[] {
  return [...update.changed].flatMap((node) => {
    if (node.kind === 'pod') return [`pod ${node.pod.namespace}/${node.pod.name}: ${node.pod.reason}${node.pod.restarts > 0 ? ` (${node.pod.restarts} restarts)` : ''}`];
    if (node.kind === 'service') return [`service ${node.service.namespace}/${node.service.name}: ${describeSummary(node.summary)}`];
    if (node.kind === 'namespace') return node.children.flatMap((child) => (child.kind === 'missingWorkload' ? [describeMissing(child.workload)] : []));
    return [];
  });
}

export async function runStatusWatch(
  settings: WrightSettings,
  where: { readonly stateDir: string; readonly workspaceDir: string },
  logger: Logger,
  io: StatusWatchIo,
  json: boolean,
  /** An environment's cluster (src/environments) instead of the local kind cluster. */
  environmentTarget?: ClusterTarget,
  /** WRight's namespaces as that environment names them (its prefix). */
  namespaces?: readonly string[],
): Promise<number> {
  const target = environmentTarget ?? clusterTargetFor(settings, where);
  const kubeconfig = await inspectKubeconfig(target.kubeconfigPath);
  if (!kubeconfig.exists || !kubeconfig.contexts.includes(target.context)) {
    io.stderr(
      environmentTarget
        ? `error: the kubeconfig ${target.kubeconfigPath} has no context ${target.context}.\n  check the environment's kubeconfig and context: kubectl config get-contexts\n`
        : `error: there is no WRight cluster "${settings.clusterName}" (no context ${target.context} in ${target.kubeconfigPath}).\n  create it: wright up\n`,
    );
    return EXIT.clusterState;
  }
  const model = new ClusterViewModel(target, {
    logger,
    options: { showAllNamespaces: false, ingressPorts: settings.ingress, ...(namespaces ? { namespaces } : {}) },
    ...(namespaces ? { watcher: { namespaces } } : {}),
  });
  let announced = false;
  let lastHeadline = '';
  model.onDidUpdate((update) => {
    if (io.tty && !json) {
      // Home, draw, clear what is left of the previous frame.
      io.stdout(`\u001b[H${compactView(model, target.context).replace(/\n/g, '\u001b[K\n')}\u001b[K\u001b[J`);
      return;
    }
    if (!announced) {
      if (!model.complete) {
        if (model.state.kind === 'disconnected') io.stderr(`${time()} ${healthLine(model.health(), model.state)}\n`);
        return;
      }
      announced = true;
      lastHeadline = healthLine(model.health(), model.state);
      io.stdout(json ? `${JSON.stringify(snapshotJson(model))}\n` : `${time()} ${lastHeadline}\n`);
    } else if (json) {
      io.stdout(`${JSON.stringify({ type: 'change', time: time(), state: model.state.kind, health: model.health(), changed: [...update.changed].map(nodeJson) })}\n`);
    } else {
      const headline = healthLine(model.health(), model.state);
      const lines = changeLines(update);
      if (headline !== lastHeadline) lines.push(headline);
      lastHeadline = headline;
      for (const line of lines) io.stdout(`${time()} ${line}\n`);
    }
  });
  if (io.tty && !json) io.stdout('\u001b[2J\u001b[H');
  model.start();
  await new Promise<void>((resolve) => {
    if (io.signal.aborted) resolve();
    else io.signal.addEventListener('abort', () => resolve(), { once: true });
  });
  await model.stop();
  if (io.tty && !json) io.stdout('\n');
  return EXIT.ok;
}
