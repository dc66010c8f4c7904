// The status bar as a state machine: deriveStatus() decides the state from what is known (lifecycle step,
// connection, the tree model); renderStatus() is the one place that turns a state into text, tooltip and
// colour. Both are pure so every state is unit-tested without VS Code.
import { describeMissing, type MissingWorkload } from '../shared/missingWorkload';
import type { ForwardBadge } from './clusterNodes';
import type { ClusterHealth, PodProblem } from './clusterTreeModel';
import type { ConnectionState } from './connectionState';
import { escapeMarkdown, forwardText } from './nodePresentation';

export type { PodProblem } from './clusterTreeModel';

/** A lifecycle operation in progress, as the lifecycle engine reports it. */
export interface BusyStep {
  readonly operation: 'creating' | 'deploying' | 'deleting';
  readonly step: string;
}

export type StatusState =
  | { readonly kind: 'noCluster' }
  | { readonly kind: 'busy'; readonly busy: BusyStep }
  | { readonly kind: 'connecting' }
  | { readonly kind: 'disconnected'; readonly reason: string }
  | { readonly kind: 'empty' }
  | { readonly kind: 'starting'; readonly ready: number; readonly expected: number; readonly waiting: Listed }
  | { readonly kind: 'ready'; readonly ready: number; readonly expected: number }
  | { readonly kind: 'degraded'; readonly ready: number; readonly expected: number; readonly problems: Listed }
  /** Workloads WRight deployed are gone (each counts as one expected pod that is not ready); no service is down. */
  | { readonly kind: 'incomplete'; readonly ready: number; readonly expected: number; readonly missing: readonly MissingWorkload[]; readonly problems: Listed }
  | {
      readonly kind: 'failing';
      readonly ready: number;
      readonly expected: number;
      readonly problems: Listed;
      readonly down: readonly string[];
      readonly missing?: readonly MissingWorkload[];
    };

/** The first few pods of a kind (the tooltip names them) and how many there are in all. */
export interface Listed {
  readonly pods: readonly PodProblem[];
  readonly count: number;
}

export interface StatusInputs {
  readonly clusterKnown: boolean;
  readonly busy?: BusyStep;
  readonly connection: ConnectionState;
  readonly synced: boolean;
  /** WRight's namespaces' health, as the tree model keeps it. */
  readonly health: ClusterHealth;
}

export function deriveStatus(inputs: StatusInputs): StatusState {
  if (inputs.busy) return { kind: 'busy', busy: inputs.busy };
  if (!inputs.clusterKnown) return { kind: 'noCluster' };
  if (inputs.connection.kind === 'disconnected') return { kind: 'disconnected', reason: inputs.connection.reason };
  if (!inputs.synced || inputs.connection.kind !== 'connected') return { kind: 'connecting' };
  // Each pod counted once, even when two services select it (the model counts pods, not nodes).
  // A deployed workload that no longer exists has no pods: the model counts it as one expected pod, not ready.
  const { counted, ready, down, missing } = inputs.health;
  if (counted === 0) return { kind: 'empty' };
  const expected = counted;
  const problems = { pods: inputs.health.problems, count: inputs.health.problemCount };
  if (problems.count > 0 && down.length > 0) return { kind: 'failing', ready, expected, problems, down, ...(missing.length > 0 ? { missing } : {}) };
  if (missing.length > 0) return { kind: 'incomplete', ready, expected, missing, problems };
  if (problems.count > 0) return { kind: 'degraded', ready, expected, problems };
  if (ready < expected) return { kind: 'starting', ready, expected, waiting: { pods: inputs.health.starting, count: inputs.health.startingCount } };
  return { kind: 'ready', ready, expected };
}

export interface StatusView {
  readonly visible: boolean;
  readonly text: string;
  /** Markdown. */
  readonly tooltip: string;
  readonly background?: 'warning' | 'error';
  readonly command: string;
  /** What a screen reader says: the tooltip as plain text. */
  readonly accessibilityLabel: string;
}

const MAX_STEP_TEXT = 48;

export const FOCUS_VIEW_COMMAND = 'wright.cluster.focus';
export const SHOW_UNHEALTHY_COMMAND = 'wright.showUnhealthyPods';
/** "Deploy Services": re-creates what is missing. */
export const DEPLOY_COMMAND = 'wright.deploy';

function missingLines(missing: readonly MissingWorkload[]): string {
  return missing.map((workload) => `- ${describeMissing(workload, escapeMarkdown)}`).join('\n');
}

function problemLines(listed: Listed): string {
  const shown = listed.pods.slice(0, 10).map((p) => `- ${escapeMarkdown(`${p.namespace}/${p.pod}`)}: ${escapeMarkdown(p.reason)}`);
  if (listed.count > shown.length) shown.push(`- … and ${listed.count - shown.length} more`);
  return shown.join('\n');
}

/** The status bar: the cluster's state, and the running port-forwards listed under it in the tooltip. */
export function renderStatus(state: StatusState, forwards: readonly ServiceForward[] = []): StatusView {
  const view = renderClusterState(state);
  const lines = forwards.map((f) => `- ${escapeMarkdown(f.service)}:${f.badge.servicePort} ${escapeMarkdown(forwardText(f.badge))}`);
  const tooltip = lines.length === 0 ? view.tooltip : `${view.tooltip}\n\n**Port-forwards**\n\n${lines.join('\n')}`;
  return { ...view, tooltip, accessibilityLabel: plainText(tooltip) };
}

/** Markdown as a screen reader should hear it: no emphasis marks, escapes, link targets or list dashes. */
export function plainText(markdown: string): string {
  return markdown
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/\*\*/g, '')
    .replace(/\\([\\`*_{}[\]()#+\-.!|~<>])/g, '$1')
    .replace(/^- /gm, '')
    .replace(/\n+/g, '. ')
    .replace(/\.\s*\./g, '.')
    .trim();
}

export interface ServiceForward {
  /** `namespace/service` */
  readonly service: string;
  readonly badge: ForwardBadge;
}

function renderClusterState(state: StatusState): Omit<StatusView, 'accessibilityLabel'> {
  const focus = FOCUS_VIEW_COMMAND;
  switch (state.kind) {
    case 'noCluster':
      return { visible: true, text: '$(server-environment) WRight', tooltip: 'No WRight staging cluster. Open the view to create one.', command: focus };
    case 'busy': {
      const verb = { creating: 'Creating the cluster', deploying: 'Deploying', deleting: 'Deleting the cluster' }[state.busy.operation];
      // The status bar is narrow: a long step is cut there and shown whole in the tooltip.
      const step = state.busy.step.length > MAX_STEP_TEXT ? `${state.busy.step.slice(0, MAX_STEP_TEXT - 1)}…` : state.busy.step;
      return { visible: true, text: `$(sync~spin) WRight: ${step}`, tooltip: `${verb}: ${escapeMarkdown(state.busy.step)}`, command: focus };
    }
    case 'connecting':
      return { visible: true, text: '$(sync~spin) WRight', tooltip: 'Connecting to the staging cluster…', command: focus };
    case 'disconnected':
      return {
        visible: true,
        text: '$(debug-disconnect) WRight',
        tooltip: `**Cannot reach the staging cluster.** Retrying by itself.\n\n${escapeMarkdown(state.reason)}`,
        background: 'warning',
        command: focus,
      };
    case 'empty':
      return { visible: true, text: '$(circle-outline) WRight 0/0', tooltip: 'The cluster runs, but nothing is deployed yet.', command: focus };
    case 'starting':
      return {
        visible: true,
        text: `$(loading~spin) WRight ${state.ready}/${state.expected}`,
        tooltip: `**Starting:** ${state.ready} of ${state.expected} pods ready.\n\n${problemLines(state.waiting)}`,
        command: focus,
      };
    case 'ready':
      return { visible: true, text: `$(check) WRight ${state.ready}/${state.expected}`, tooltip: `**All ${state.expected} pods ready.**`, command: focus };
    case 'degraded':
      return {
        visible: true,
        text: `$(warning) WRight ${state.ready}/${state.expected}`,
        tooltip: `**Degraded:** every service still has a ready pod, but:\n\n${problemLines(state.problems)}`,
        background: 'warning',
        command: SHOW_UNHEALTHY_COMMAND,
      };
    case 'incomplete':
      return {
        visible: true,
        text: `$(warning) WRight ${state.ready}/${state.expected}`,
        tooltip: [
          `**Incomplete:** ${state.missing.length === 1 ? 'a workload' : `${state.missing.length} workloads`} WRight deployed ${state.missing.length === 1 ? 'is' : 'are'} gone.`,
          missingLines(state.missing),
          ...(state.problems.count > 0 ? [problemLines(state.problems)] : []),
          'Click to run **Deploy Services**: it creates what is missing again.',
        ].join('\n\n'),
        background: 'warning',
        command: DEPLOY_COMMAND,
      };
    case 'failing':
      return {
        visible: true,
        text: `$(error) WRight ${state.ready}/${state.expected}`,
        tooltip: `**Failing:** ${state.down.map(escapeMarkdown).join(', ')} ${state.down.length === 1 ? 'has' : 'have'} no ready pod.\n\n${problemLines(state.problems)}${state.missing ? `\n\n${missingLines(state.missing)}` : ''}`,
        background: 'error',
        command: SHOW_UNHEALTHY_COMMAND,
      };
  }
}
