// Runs every verification check against WRight's cluster, one after the other, and returns the report. The CLI
// (`wright verify`) and the extension ("WRight: Verify Staging Cluster") both call this; it imports no vscode.
// Port-forwards it starts are its own (WRight's supervised forwards on free local ports) and are stopped when it
// ends, whether it passed, failed or was cancelled. Every text in the report passes through the redactor, which
// knows every password read from the cluster's Secrets by then.
import type { ClusterTarget } from '../k8s/kubeClient';
import { loadClient } from '../k8s/kubeClient';
import { timedApiClient } from '../k8s/timedApiClient';
import { inspectKubeconfig } from '../lifecycle/kubeconfigFile';
import type { TimingRecord } from '../lifecycle/timings';
import { clientNodeForwarding } from '../portForward/clientNodeForwarding';
import { anyFreePort } from '../portForward/localPorts';
import { PortForwardManager } from '../portForward/portForwardManager';
import type { ForwardTiming } from '../portForward/supervisedForward';
import { CancelledError, isCancelled } from '../process/errors';
import { UserFacingError } from '../shared/failures';
import type { Logger } from '../shared/logger';
import type { SecretRedactor } from '../shared/secrets';
import { CheckFailure, failed, skipped, type CheckDefinition, type CheckOutcome } from './check';
import { apiCheck, namespacesCheck, probesAndResourcesCheck, workloadsCheck } from './clusterChecks';
import { authentikPostgresCheck, clientError, postgresCheck, redisCheck } from './databaseChecks';
import { ingressCheck, ingressLatencyCheck } from './ingressChecks';
import { oidcCheck } from './oidcDiscoveryCheck';
import { persistenceCheck } from './persistenceCheck';
import { buildReport, type CheckResult, type VerifyReport } from './report';
import { timingChecks } from './timingChecks';
import type { VerifyContext } from './verifyContext';

export const DEFAULT_SAMPLES = 20;
export const DEFAULT_RESTART_TIMEOUT_MS = 180_000;

/** In the order they run. */
export const CHECKS: readonly CheckDefinition<VerifyContext>[] = [
  apiCheck,
  namespacesCheck,
  workloadsCheck,
  probesAndResourcesCheck,
  postgresCheck,
  authentikPostgresCheck,
  redisCheck,
  ingressCheck,
  ingressLatencyCheck,
  oidcCheck,
  persistenceCheck,
  ...timingChecks,
];

/** Checks that need the API server: skipped when it does not answer (the oidc check only reads a token through it, when it can). */
const NEEDS_API = new Set(CHECKS.map((check) => check.id).filter((id) => id !== 'api' && id !== 'oidc' && !id.startsWith('timing-') && !id.startsWith('ingress')));

export interface VerifyOptions {
  readonly target: ClusterTarget;
  readonly clusterName: string;
  /** The host port the ingress's HTTP is published on (as recorded at creation, else the setting). */
  readonly ingressPort: number;
  readonly samples?: number;
  /** Run the persistence check, which deletes the postgres and redis pods. */
  readonly restart?: boolean;
  readonly timings: TimingRecord | undefined;
  readonly redactor: SecretRedactor;
  /** Should already redact through `redactor`. */
  readonly logger: Logger;
  readonly signal?: AbortSignal;
  /** Called before each check runs (the VS Code progress names it). */
  readonly onCheck?: (check: { readonly id: string; readonly title: string }, index: number, total: number) => void;
  /** How long a restarted pod may take to come back (default 3 min). */
  readonly restartTimeoutMs?: number;
  /** Port-forward timing (tests shorten it). */
  readonly forwardTiming?: Partial<ForwardTiming>;
}

/** Forwards give up on a connection sooner than interactive ones: verification reports instead of waiting. */
const FORWARD_TIMING: Partial<ForwardTiming> = { connectionWaitMs: 15_000, maxConsecutiveFailures: 4 };

export async function verifyCluster(options: VerifyOptions): Promise<VerifyReport> {
  const signal = options.signal ?? new AbortController().signal;
  const kubeconfig = await inspectKubeconfig(options.target.kubeconfigPath);
  if (!kubeconfig.exists || !kubeconfig.contexts.includes(options.target.context)) {
    throw new UserFacingError(
      `There is no WRight cluster "${options.clusterName}" to verify (no context ${options.target.context} in ${options.target.kubeconfigPath}). Create it first.`,
      [{ title: 'Create Staging Cluster', command: 'wright.createCluster' }],
      undefined,
      'cluster-absent',
    );
  }
  const { k8s, kc } = await loadClient(options.target);
  const manager = new PortForwardManager(() => clientNodeForwarding(kc, options.logger), options.logger, { ...FORWARD_TIMING, ...options.forwardTiming });
  const results = new Map<string, 'pass' | 'fail' | 'skipped'>();
  const ctx: VerifyContext = {
    k8s,
    kc,
    core: timedApiClient(k8s, kc, k8s.CoreV1Api),
    apps: timedApiClient(k8s, kc, k8s.AppsV1Api),
    clusterName: options.clusterName,
    ingressPort: options.ingressPort,
    samples: options.samples ?? DEFAULT_SAMPLES,
    restart: options.restart ?? false,
    restartTimeoutMs: options.restartTimeoutMs ?? DEFAULT_RESTART_TIMEOUT_MS,
    timings: options.timings,
    redactor: options.redactor,
    logger: options.logger,
    signal,
    memo: new Map(),
    results,
    forward: async (service, servicePort) => {
      const target = { namespace: 'staging-infra', service, servicePort };
      const running = manager.find(target);
      if (running && running.state.kind !== 'failed' && running.state.kind !== 'stopped') return running.localPort;
      const { forward } = await manager.start({ target, localPort: await anyFreePort() });
      return forward.localPort;
    },
  };

  const startedAt = new Date();
  const started = performance.now();
  const checks: CheckResult[] = [];
  try {
    for (const [index, check] of CHECKS.entries()) {
      if (signal.aborted) throw new CancelledError();
      options.onCheck?.({ id: check.id, title: check.title }, index, CHECKS.length);
      options.logger.info(`Verify: ${check.title}`);
      const checkStarted = performance.now();
      const outcome = await runOne(check, ctx, results);
      if (signal.aborted) throw new CancelledError();
      const result = redactResult(
        { id: check.id, title: check.title, criterion: check.criterion, threshold: check.threshold, ...outcome, durationMs: Math.round(performance.now() - checkStarted) },
        options.redactor,
      );
      results.set(check.id, result.status);
      checks.push(result);
      options.logger.info(`Verify: ${check.id} ${result.status}: ${result.measured}${result.reason ? ` (${result.reason})` : ''}`);
    }
  } finally {
    await manager.stopAll();
  }
  return buildReport(options.clusterName, options.target.context, startedAt, Math.round(performance.now() - started), checks);
}

async function runOne(check: CheckDefinition<VerifyContext>, ctx: VerifyContext, results: ReadonlyMap<string, string>): Promise<CheckOutcome> {
  if (NEEDS_API.has(check.id) && results.get('api') !== 'pass') return skipped('the API server did not answer (see check api)');
  try {
    return await check.run(ctx);
  } catch (error) {
    if (isCancelled(error) || ctx.signal.aborted) throw error instanceof CancelledError ? error : new CancelledError();
    if (error instanceof CheckFailure) return failed(error.measured, error.reason, error.fix);
    return failed('error', clientError(error), 'run wright verify --verbose to see each step, and wright status for the cluster\'s state');
  }
}

function redactResult(result: CheckResult, redactor: SecretRedactor): CheckResult {
  const mask = (text: string | undefined): string | undefined => (text === undefined ? undefined : redactor.redact(text));
  const values = result.values ? Object.fromEntries(Object.entries(result.values).map(([k, v]) => [k, typeof v === 'string' ? redactor.redact(v) : v])) : undefined;
  return {
    ...result,
    measured: redactor.redact(result.measured),
    ...(result.reason !== undefined ? { reason: mask(result.reason) } : {}),
    ...(result.fix !== undefined ? { fix: mask(result.fix) } : {}),
    ...(values ? { values } : {}),
  };
}
