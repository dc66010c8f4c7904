// Which environment a command line (or the extension's selection) names: `local` (the kind cluster), an entry of
// wright.environments by name, or an ad-hoc kubeconfig context with its overlay.
import { UserFacingError } from '../shared/failures';
import { expandPath, LOCAL, LOCAL_ENVIRONMENT, type Environment, type ParsedEnvironments, type RemoteEnvironment } from './environment';

export interface EnvironmentRequest {
  readonly env?: string;
  readonly context?: string;
  /** The kubeconfig holding `context` (default: kubectl's default kubeconfig). */
  readonly kubeconfig?: string;
  /** An overlay that replaces the environment's own (the guardrails still apply). */
  readonly overlay?: string;
}

export interface SelectionSources {
  readonly configured: ParsedEnvironments;
  /** Where the configured environments were read from (named in messages). */
  readonly configuredIn: string;
  readonly workspaceDir: string;
  readonly defaultKubeconfig: string;
}

export function selectEnvironment(request: EnvironmentRequest, sources: SelectionSources): Environment {
  if (request.context !== undefined) {
    const remote: RemoteEnvironment = {
      kind: 'remote',
      name: request.context,
      kubeconfig: request.kubeconfig ? expandPath(request.kubeconfig, sources.workspaceDir) : sources.defaultKubeconfig,
      context: request.context,
      overlay: request.overlay ?? '',
      namespacePrefix: '',
    };
    return remote;
  }
  if (request.env === undefined || request.env === LOCAL_ENVIRONMENT) return LOCAL;
  const found = sources.configured.environments.find((environment) => environment.name === request.env);
  if (!found) {
    const names = [LOCAL_ENVIRONMENT, ...sources.configured.environments.map((environment) => environment.name)];
    const problems = sources.configured.problems.length > 0 ? ` Entries left out: ${sources.configured.problems.join(' ')}` : '';
    throw new UserFacingError(
      `There is no environment "${request.env}" (known: ${names.join(', ')}). Add it to wright.environments in ${sources.configuredIn}, or name a context with --context C --overlay staging.${problems}`,
      [{ title: 'Open Settings', command: 'workbench.action.openSettings', args: ['wright.environments'] }],
      undefined,
      'environment',
    );
  }
  return request.overlay !== undefined ? { ...found, overlay: request.overlay } : found;
}
