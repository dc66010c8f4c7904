// What each tree node says: its label, description and Markdown tooltip, as plain strings so that the text is
// unit-tested without VS Code; the adapter in src/vscode/tree only adds icons and wraps the Markdown.
import type { ClusterNode, ForwardBadge, PodNode, ServiceNode } from './clusterTree';
import { describeMissing } from '../shared/missingWorkload';
import { describeSummary } from './healthSummary';
import { describeImagePull } from './imagePull';

export interface NodeText {
  readonly label: string;
  readonly description: string;
  readonly tooltip: string;
}

/** "45s", "12m", "3h", "2d": the age column kubectl shows. */
export function formatAge(createdAt: number | undefined, now: number): string {
  if (createdAt === undefined) return 'unknown age';
  const seconds = Math.max(0, Math.floor((now - createdAt) / 1000));
  if (seconds < 120) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 120) return `${minutes}m`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `${hours}h`;
  return `${Math.floor(hours / 24)}d`;
}

// Names come from the cluster: keep them from being read as Markdown.
export function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_[\]()#|<>]/g, (char) => `\\${char}`);
}

function podText(node: PodNode, now: number): NodeText {
  const pod = node.pod;
  const restarts = pod.restarts > 0 ? `, ${pod.restarts} restart${pod.restarts === 1 ? '' : 's'}` : '';
  const lines = [
    `**${escapeMarkdown(pod.name)}** — ${escapeMarkdown(pod.reason)}`,
    '',
    `- Phase: ${escapeMarkdown(pod.phase)}`,
    `- Ready containers: ${pod.readyContainers}/${pod.totalContainers}`,
    `- Restarts: ${pod.restarts}`,
    `- Age: ${formatAge(pod.createdAt, now)}`,
    `- Node: ${escapeMarkdown(pod.node ?? 'not scheduled')}`,
    ...(pod.owner ? [`- Owner: ${escapeMarkdown(`${pod.owner.kind}/${pod.owner.name}`)}`] : ['- Owner: none (a bare pod)']),
    ...pod.images.map((image) => `- Image: \`${image.replace(/`/g, '')}\``),
    ...(pod.pull ? ['', `**${pod.pull.state === 'pulling' ? 'Pulling' : 'Image pull failed'}:** ${escapeMarkdown(describeImagePull(pod.pull, now))}`] : []),
  ];
  // Waiting for an image says which and for how long (or what the registry answered) instead of "ContainerCreating".
  const state = pod.pull ? describeImagePull(pod.pull, now) : pod.reason;
  return {
    label: pod.name,
    description: `${state} ${pod.readyContainers}/${pod.totalContainers}${restarts} · ${formatAge(pod.createdAt, now)}`,
    tooltip: lines.join('\n'),
  };
}

/** `→ 127.0.0.1:5432`, with what is wrong when the forward is not carrying traffic. */
export function forwardText(forward: ForwardBadge): string {
  const suffix = forward.state === 'active' ? '' : forward.state === 'waiting' ? ' (waiting for a pod)' : ' (failed)';
  return `→ ${forward.address}${suffix}`;
}

function serviceText(node: ServiceNode): NodeText {
  const service = node.service;
  const ports = service.ports.map((p) => `${p.name ? `${p.name} ` : ''}${p.port}/${p.protocol}${p.targetPort !== undefined ? ` → ${p.targetPort}` : ''}`);
  const lines = [
    `**${escapeMarkdown(service.name)}** (${escapeMarkdown(service.type)}) — ${describeSummary(node.summary)}`,
    '',
    ...(ports.length > 0 ? ports.map((port) => `- Port: ${escapeMarkdown(port)}`) : ['- No ports']),
    ...(service.selector ? [] : ['- No selector: pods are not matched by label']),
    ...node.urls.map((url) => `- Ingress: [${escapeMarkdown(url)}](${url})`),
    ...node.forwards.map((forward) => `- Port-forward: ${escapeMarkdown(forwardText(forward))}${forward.detail ? ` (${escapeMarkdown(forward.detail)})` : ''}`),
    ...(node.oidc ? [`- OIDC blueprint: ${escapeMarkdown(node.oidc.state === 'applied' ? `applied (issuer ${node.oidc.issuer})` : `✗ ${node.oidc.problem}: ${node.oidc.message}`)}`] : []),
  ];
  const forwards = node.forwards.map(forwardText);
  const oidcProblem = node.oidc?.state === 'problem' ? [`OIDC: ${node.oidc.problem}`] : [];
  const description = [describeSummary(node.summary), ...forwards, ...oidcProblem].join(' · ');
  return { label: service.name, description, tooltip: lines.join('\n') };
}

export function nodeText(node: ClusterNode, now: number): NodeText {
  switch (node.kind) {
    case 'namespace':
      return {
        label: node.name,
        description: node.noAccess ? 'no access' : node.exists ? describeSummary(node.summary) : 'not created',
        tooltip: `**Namespace ${escapeMarkdown(node.name)}** — ${node.noAccess ? 'no access: your account may not list it (RBAC)' : node.exists ? describeSummary(node.summary) : 'not created yet'}`,
      };
    case 'service':
      return serviceText(node);
    case 'podGroup':
      if (node.workload) {
        return {
          label: node.label,
          description: `${node.workload.kind} · ${describeSummary(node.summary)}`,
          tooltip: `**${escapeMarkdown(node.workload.kind)} ${escapeMarkdown(node.workload.name)}** — ${describeSummary(node.summary)}\n\nNo Service selects its pods (nothing connects to it over the network).`,
        };
      }
      return {
        label: node.label,
        description: describeSummary(node.summary),
        tooltip: `Pods in **${escapeMarkdown(node.namespace)}** that no service selects and no workload owns — ${describeSummary(node.summary)}`,
      };
    case 'pod':
      return podText(node, now);
    case 'message':
      return { label: node.text, description: node.detail ?? '', tooltip: escapeMarkdown(node.detail ?? node.text) };
    case 'missingWorkload':
      return {
        label: `${node.workload.kind} ${node.workload.name}`,
        description: 'missing',
        tooltip: `**${describeMissing(node.workload, escapeMarkdown)}.**\n\nRun **Deploy Services** to create it again.`,
      };
  }
}
