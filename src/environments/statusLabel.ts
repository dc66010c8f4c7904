// The status bar names the environment it shows when it is not the local kind cluster: `WRight staging-gke 5/5`,
// and its tooltip starts with the environment and its context, so nobody mistakes the shared cluster for theirs.
import type { StatusView } from '../k8s/clusterStatus';
import { escapeMarkdown } from '../k8s/nodePresentation';
import type { Environment } from './environment';

export function withEnvironmentLabel(view: StatusView, environment: Environment): StatusView {
  if (environment.kind === 'local') return view;
  const heading = `**Environment ${escapeMarkdown(environment.name)}** (context ${escapeMarkdown(environment.context)}, overlay ${environment.overlay})`;
  const tooltip = `${heading}\n\n${view.tooltip}`;
  return {
    ...view,
    text: view.text.replace(/\bWRight\b/, `WRight ${environment.name}`),
    tooltip,
    accessibilityLabel: `Environment ${environment.name}. ${view.accessibilityLabel}`,
  };
}
