// Turns any error into what a person should read: a one-line message, optional detail for the log, and
// actions that help (a link to install a tool, a command that retries differently). Shared by the extension
// and the CLI so both say the same thing.
import { ProcessFailedError, ToolNotFoundError } from '../process/errors';

export interface FailureAction {
  readonly title: string;
  readonly command?: string;
  readonly args?: readonly unknown[];
  readonly url?: string;
}

export interface Failure {
  readonly message: string;
  readonly detail?: string;
  readonly actions: readonly FailureAction[];
}

/**
 * What went wrong, as a stable word: the CLI maps it to an exit code, tests match on it, and the VS Code
 * adapters pick actions by it. Messages may change; codes do not.
 */
export type FailureCode =
  | 'busy'
  | 'invalid-cluster-name'
  | 'tool-missing'
  | 'tool-version'
  | 'docker-not-running'
  | 'ports-busy'
  | 'cluster-exists'
  | 'cluster-absent'
  | 'cluster-unreachable'
  | 'env-file'
  | 'kubeconfig'
  | 'manifests'
  | 'timeout'
  /** A guardrail of environments refused (wrong overlay for the context, create/teardown of a remote cluster). */
  | 'environment'
  /** Secrets a remote environment needs are neither in its env file nor in the cluster. */
  | 'secrets-missing'
  | 'failed';

/** Errors that already know how to explain themselves (preflight problems, busy ports, ...). */
export class UserFacingError extends Error {
  constructor(
    message: string,
    readonly actions: readonly FailureAction[] = [],
    readonly detail?: string,
    readonly code: FailureCode = 'failed',
  ) {
    super(message);
    this.name = 'UserFacingError';
  }
}

/** The failure code of any error (tools that are missing have their own error type). */
export function failureCode(error: unknown): FailureCode {
  if (error instanceof UserFacingError) return error.code;
  if (error instanceof ToolNotFoundError) return 'tool-missing';
  return 'failed';
}

export const INSTALL_URLS: Readonly<Record<string, string>> = {
  docker: 'https://docs.docker.com/get-started/get-docker/',
  kind: 'https://kind.sigs.k8s.io/docs/user/quick-start/#installation',
  kubectl: 'https://kubernetes.io/docs/tasks/tools/',
};

export function describeFailure(error: unknown): Failure {
  if (error instanceof UserFacingError) {
    return { message: error.message, actions: error.actions, ...(error.detail ? { detail: error.detail } : {}) };
  }
  if (error instanceof ToolNotFoundError) {
    const url = INSTALL_URLS[error.tool];
    return {
      message: error.message,
      actions: [
        ...(url ? [{ title: `Install ${error.tool}`, url }] : []),
        { title: 'Open Settings', command: 'workbench.action.openSettings', args: [`wright.tools.${error.tool}`] },
      ],
    };
  }
  if (error instanceof ProcessFailedError) {
    return { message: error.message, detail: error.stderr.trim(), actions: [] };
  }
  const message = error instanceof Error ? error.message : String(error);
  return { message: `WRight: ${message}`, actions: [] };
}
