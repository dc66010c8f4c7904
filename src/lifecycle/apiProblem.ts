// Why kubectl could not talk to the staging cluster's API server, in words a person can act on. kubectl says the
// same few things in many ways ("context deadline exceeded", "Client.Timeout exceeded", "connection ... refused");
// WRight names the cause once: no answer, refused, kubectl missing, kubeconfig unusable, or kubectl's own line.
import { ProcessFailedError, ProcessTimedOutError, ToolNotFoundError } from '../process/errors';

export type ApiProblemKind = 'no-answer' | 'refused' | 'kubectl-missing' | 'kubeconfig' | 'unauthorized' | 'other';

export interface ApiProblem {
  readonly kind: ApiProblemKind;
  readonly message: string;
}

const NO_ANSWER = /context deadline exceeded|Client\.Timeout exceeded|i\/o timeout|TLS handshake timeout|did not finish within/i;
const REFUSED = /connection refused|was refused|connect: no route to host/i;
const KUBECONFIG = /error loading config file|context "[^"]*" does not exist|no configuration has been provided|invalid configuration|couldn't get current server API group list: .*no such host/i;
const UNAUTHORIZED = /Unauthorized|provide credentials|forbidden/i;

/** `clusterName` names the node container in the hints; `waitedSeconds` is the probe's own time limit. */
export function apiProblemOf(error: unknown, clusterName: string, kubeconfig: string, waitedSeconds: number): ApiProblem {
  if (error instanceof ToolNotFoundError) return { kind: 'kubectl-missing', message: error.message };
  const stderr = error instanceof ProcessFailedError ? error.stderr : error instanceof Error ? error.message : String(error);
  if (error instanceof ProcessTimedOutError || NO_ANSWER.test(stderr)) {
    return {
      kind: 'no-answer',
      message: `the API server does not answer (no reply within ${waitedSeconds} s): it accepts connections but is stuck or overloaded. Check the node with: docker ps --filter name=${clusterName}-control-plane`,
    };
  }
  if (KUBECONFIG.test(stderr)) {
    return { kind: 'kubeconfig', message: `the kubeconfig ${kubeconfig} cannot be used (${firstLine(stderr)}). \`wright up\` reuses the cluster and writes the file again.` };
  }
  if (REFUSED.test(stderr)) {
    return { kind: 'refused', message: `the API server refuses connections: the node container may be stopped. Start it with: docker start ${clusterName}-control-plane` };
  }
  if (UNAUTHORIZED.test(stderr)) return { kind: 'unauthorized', message: `the API server refused WRight's credentials (${firstLine(stderr)})` };
  return { kind: 'other', message: `the API server could not be asked: ${firstLine(stderr) || 'kubectl failed'}` };
}

function firstLine(text: string): string {
  const lines = text.split(/\r?\n/).map((line) => line.trim()).filter(Boolean);
  const line = lines.find((l) => /^(error|unable)/i.test(l)) ?? lines[0] ?? '';
  // Terminal-safe: kubectl's text may quote anything (a broken file's bytes).
  return line.replace(/[\u0000-\u001f\u007f-\u009f]/g, '?').slice(0, 200);
}
