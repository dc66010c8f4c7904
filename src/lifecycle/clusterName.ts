// Which cluster names WRight accepts. kind's own rule is `^[a-z0-9.-]+$` (it becomes part of container names),
// and kind warns above 50 characters because "-control-plane" is appended to form a host name (max 64).
// WRight is stricter: the name is also a DNS label inside `kind-<name>` contexts and ingress host names, so no
// dots, and it must start and end with a letter or digit (the same pattern as the `wright.clusterName` setting).
import { UserFacingError } from '../shared/failures';

const KIND_RULE = /^[a-z0-9.-]+$/;
const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
export const MAX_CLUSTER_NAME_LENGTH = 40;

/** Returns why the name is not usable, or undefined when it is. */
export function clusterNameProblem(name: string): string | undefined {
  if (name === '') return 'The cluster name is empty.';
  if (!KIND_RULE.test(name)) {
    return `"${name}" is not a valid kind cluster name: use only lowercase letters, digits, "-" and "." (kind's rule ^[a-z0-9.-]+$).`;
  }
  if (!DNS_LABEL.test(name)) {
    return `"${name}" is not a valid cluster name for WRight: no dots, and it must start and end with a letter or digit.`;
  }
  if (name.length > MAX_CLUSTER_NAME_LENGTH) {
    return `"${name}" is too long (${name.length} characters, at most ${MAX_CLUSTER_NAME_LENGTH}: kind appends "-control-plane" to form a host name).`;
  }
  return undefined;
}

export function assertValidClusterName(name: string): void {
  const problem = clusterNameProblem(name);
  if (problem) {
    throw new UserFacingError(
      problem,
      [{ title: 'Open Settings', command: 'workbench.action.openSettings', args: ['wright.clusterName'] }],
      undefined,
      'invalid-cluster-name',
    );
  }
}
