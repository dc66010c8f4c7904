// Every docker, kind and kubectl invocation WRight makes, as a small description: the executable, an argument
// array composed from parts (never a string to split), how to read the output, and whether it changes anything
// (a dry run prints those instead of running them). Every kubectl call names WRight's own kubeconfig and the
// staging context; every kind call names the kubeconfig too, so ~/.kube/config is never touched by accident.
import type { RunOptions, RunResult } from '../process/runner';

export interface ToolCall<T> {
  readonly command: string;
  readonly args: readonly string[];
  readonly parse: (result: RunResult) => T;
  /** Changes the machine or the cluster: a dry run prints it instead. */
  readonly mutates: boolean;
  readonly options?: Omit<RunOptions, 'signal'>;
  /** What a dry run prints for stdin (the real input may hold secrets). */
  readonly inputSummary?: string;
}

/** What a call needs to address the staging cluster. */
export interface Target {
  readonly tools: { readonly kind: string; readonly kubectl: string; readonly docker: string };
  readonly clusterName: string;
  readonly kubeconfig: string;
  /** The kubeconfig context; default `kind-<clusterName>`. A remote environment names its own (src/environments). */
  readonly context?: string;
}

export const contextName = (clusterName: string): string => `kind-${clusterName}`;

const kubectlGlobal = (t: Target): string[] => ['--kubeconfig', t.kubeconfig, '--context', t.context ?? contextName(t.clusterName)];

/**
 * Time bounds of every kubectl call, so a hung API server (connections accepted, never answered) cannot hang WRight:
 * kubectl's own `--request-timeout` per request, and a process time limit on top, because kubectl retries discovery
 * past its request timeout (measured: 5 s per request became 30 s for one `get` without a discovery cache).
 */
export const KUBECTL_TIME = {
  /** Per request, for every call. */
  requestSeconds: 10,
  /** The readiness probe: a healthy API server answers it in milliseconds. */
  probeSeconds: 5,
  /** Whole process, reads. */
  readMs: 25_000,
  /** Whole process, applies (one request per object, each bounded by requestSeconds). */
  writeMs: 180_000,
} as const;

function kubectl<T>(
  t: Target,
  args: readonly string[],
  parse: (r: RunResult) => T,
  extra: Partial<ToolCall<T>> = {},
  requestSeconds: number = KUBECTL_TIME.requestSeconds,
): ToolCall<T> {
  const timeoutMs = extra.mutates ? KUBECTL_TIME.writeMs : KUBECTL_TIME.readMs;
  return {
    command: t.tools.kubectl,
    args: [...kubectlGlobal(t), ...args, `--request-timeout=${requestSeconds}s`],
    parse,
    mutates: false,
    ...extra,
    options: { timeoutMs, ...extra.options },
  };
}

const stdout = (r: RunResult): string => r.stdout;
const json = (r: RunResult): unknown => JSON.parse(r.stdout) as unknown;
const nothing = (): void => undefined;

// docker ---------------------------------------------------------------------------------------------------
/** Fails (exit 1, "Cannot connect to the Docker daemon ...") when the daemon is not running. */
export const dockerServerVersion = (t: Target): ToolCall<string> => ({
  command: t.tools.docker,
  args: ['info', '--format', '{{.ServerVersion}}'],
  parse: (r) => r.stdout.trim(),
  mutates: false,
});

/** When the cluster's control-plane node container was created (kind names it <cluster>-control-plane); NaN: unknown. */
export const dockerNodeCreated = (t: Target): ToolCall<number> => ({
  command: t.tools.docker,
  args: ['inspect', '--format', '{{.Created}}', `${t.clusterName}-control-plane`],
  parse: (r) => (r.exitCode === 0 ? Date.parse(r.stdout.trim()) : Number.NaN),
  mutates: false,
  // "No such object" (another node name, another provider) is an answer, not a failure worth an error line.
  options: { quiet: true, allowedExitCodes: [1] },
});

// kind -----------------------------------------------------------------------------------------------------
export const kindVersion = (t: Target): ToolCall<string> => ({ command: t.tools.kind, args: ['version'], parse: stdout, mutates: false });

/** Names of existing clusters. With none, kind prints "No kind clusters found." on stderr and exits 0. */
export const kindGetClusters = (t: Pick<Target, 'tools'>): ToolCall<string[]> => ({
  command: t.tools.kind,
  args: ['get', 'clusters'],
  parse: (r) => r.stdout.split(/\r?\n/).map((line) => line.trim()).filter((line) => line !== ''),
  mutates: false,
});

export const kindCreateCluster = (t: Target, configFile: string, waitSeconds: number, onLine?: RunOptions['onLine']): ToolCall<void> => ({
  command: t.tools.kind,
  args: ['create', 'cluster', '--name', t.clusterName, '--config', configFile, '--kubeconfig', t.kubeconfig, '--wait', `${waitSeconds}s`],
  parse: nothing,
  mutates: true,
  ...(onLine ? { options: { onLine } } : {}),
});

export const kindDeleteCluster = (t: Target, kubeconfig: string = t.kubeconfig): ToolCall<void> => ({
  command: t.tools.kind,
  args: ['delete', 'cluster', '--name', t.clusterName, '--kubeconfig', kubeconfig],
  parse: nothing,
  mutates: true,
});

/** Writes the cluster's context into `kubeconfig` (and makes it current there: kind always does). */
export const kindExportKubeconfig = (t: Target, kubeconfig: string = t.kubeconfig): ToolCall<void> => ({
  command: t.tools.kind,
  args: ['export', 'kubeconfig', '--name', t.clusterName, '--kubeconfig', kubeconfig],
  parse: nothing,
  mutates: true,
});

// kubectl --------------------------------------------------------------------------------------------------
export const kubectlClientVersion = (t: Target): ToolCall<string> => kubectl(t, ['version', '--client', '-o', 'json'], stdout);

export const kubectlKustomize = (t: Target, dir: string): ToolCall<string> => kubectl(t, ['kustomize', dir], stdout);

/**
 * The manifests travel on stdin (see toKubectlStream): they hold the secrets, which must never appear on a command
 * line.
 */
export const kubectlApplyStdin = (t: Target, stream: string, documents: number): ToolCall<string> =>
  kubectl(t, ['apply', '-f', '-'], stdout, { mutates: true, options: { input: stream }, inputSummary: `${documents} documents on stdin, secrets not shown` });

export const kubectlApplyFile = (t: Target, path: string): ToolCall<string> => kubectl(t, ['apply', '-f', path], stdout, { mutates: true });

export const kubectlReadyz = (t: Target): ToolCall<string> =>
  kubectl(t, ['get', '--raw', '/readyz'], stdout, { options: { quiet: true, timeoutMs: KUBECTL_TIME.probeSeconds * 3000 } }, KUBECTL_TIME.probeSeconds);

export const kubectlGetWorkloads = (t: Target, namespace: string | undefined): ToolCall<unknown> =>
  kubectl(t, ['get', 'deployments,statefulsets', ...(namespace ? ['-n', namespace] : ['--all-namespaces']), '-o', 'json'], json, { options: { quiet: true } });

export const kubectlGetPods = (t: Target, namespace: string): ToolCall<unknown> => kubectl(t, ['get', 'pods', '-n', namespace, '-o', 'json'], json, { options: { quiet: true } });

export const kubectlGetEvents = (t: Target, namespace: string): ToolCall<unknown> => kubectl(t, ['get', 'events', '-n', namespace, '-o', 'json'], json, { options: { quiet: true } });

/**
 * One Secret as JSON (undefined when it does not exist). Its values are secrets: callers register them with the
 * redactor at once; the runner never logs a call's stdout.
 */
export const kubectlGetSecret = (t: Target, namespace: string, name: string): ToolCall<unknown> =>
  kubectl(t, ['get', 'secret', name, '-n', namespace, '-o', 'json', '--ignore-not-found'], (r) => (r.stdout.trim() === '' ? undefined : (JSON.parse(r.stdout) as unknown)), {
    options: { quiet: true },
  });

/** Removes one kind of entry (context, cluster or user) named kind-<name> from a kubeconfig file. */
export const kubectlConfigDelete = (t: Target, kubeconfig: string, what: 'context' | 'cluster' | 'user'): ToolCall<void> => ({
  command: t.tools.kubectl,
  args: ['--kubeconfig', kubeconfig, '--context', contextName(t.clusterName), 'config', `delete-${what}`, contextName(t.clusterName)],
  parse: nothing,
  mutates: true,
});

export const kubectlApplyKustomization = (t: Target, dir: string): ToolCall<string> => kubectl(t, ['apply', '-k', dir], stdout, { mutates: true });

/** The marker ConfigMap WRight puts into every cluster it creates (name of the object, or "" when absent). */
export const kubectlGetOwnerMarker = (t: Target): ToolCall<string> =>
  kubectl(t, ['get', 'configmap', OWNER_MARKER.name, '-n', OWNER_MARKER.namespace, '-o', 'name', '--ignore-not-found'], (r) => r.stdout.trim());

export const OWNER_MARKER = { name: 'wright-owner', namespace: 'kube-system' } as const;

// environments (src/environments) ------------------------------------------------------------------------
/** `kubectl diff` of a stream: the server's dry run merged with the live objects. Exit 1 means "differences". */
export const kubectlDiffStdin = (t: Target, stream: string, documents: number): ToolCall<{ readonly changed: boolean; readonly diff: string }> =>
  kubectl(t, ['diff', '-f', '-'], (r) => ({ changed: r.exitCode === 1, diff: r.stdout }), {
    options: { input: stream, allowedExitCodes: [1], quiet: true },
    inputSummary: `${documents} documents on stdin, secrets not shown`,
  });

/**
 * The API server's dry run of an apply (validation, admission, defaults): changes nothing, and returns the objects as
 * they would be stored (JSON: a List for several). They hold the Secrets' values: never logged (the runner does not
 * log stdout), masked before they are shown.
 */
export const kubectlApplyServerDryRun = (t: Target, stream: string, documents: number): ToolCall<unknown> =>
  kubectl(t, ['apply', '--dry-run=server', '-o', 'json', '-f', '-'], json, { options: { input: stream }, inputSummary: `${documents} documents on stdin, secrets not shown` });

/** The live objects a stream names (those that exist), as JSON: the left side of a diff editor. */
export const kubectlGetLive = (t: Target, stream: string, documents: number): ToolCall<unknown> =>
  kubectl(t, ['get', '-f', '-', '-o', 'json', '--ignore-not-found'], (r) => (r.stdout.trim() === '' ? { items: [] } : (JSON.parse(r.stdout) as unknown)), {
    options: { input: stream, quiet: true },
    inputSummary: `${documents} documents on stdin, secrets not shown`,
  });

/** Whether a namespace exists (a `get` of that one namespace: no permission to list them all is needed). */
export const kubectlNamespaceExists = (t: Target, namespace: string): ToolCall<boolean> =>
  kubectl(t, ['get', 'namespace', namespace, '-o', 'name', '--ignore-not-found'], (r) => r.stdout.trim() !== '', { options: { quiet: true } });

/** Whether a Secret exists, by name only: its values are never fetched. */
export const kubectlSecretExists = (t: Target, namespace: string, name: string): ToolCall<boolean> =>
  kubectl(t, ['get', 'secret', name, '-n', namespace, '-o', 'name', '--ignore-not-found'], (r) => r.stdout.trim() !== '', { options: { quiet: true } });
