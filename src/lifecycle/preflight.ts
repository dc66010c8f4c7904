// Preflight ("doctor"): everything that can be known before changing anything. The checks run in parallel and
// each yields ok / warn / fail with a message that names the cause and the fix; `create` refuses to start on
// the first failure, `wright doctor` and "Check Prerequisites" show them all.
import { promises as fs } from 'node:fs';
import { isCancelled, ProcessFailedError, ToolNotFoundError } from '../process/errors';
import { describeFailure, UserFacingError } from '../shared/failures';
import { FailureList } from '../shared/failureList';
import { commandRef } from '../shared/wording';
import { checkImages } from '../images/imagesPreflight';
import { clusterNameProblem, assertValidClusterName } from './clusterName';
import { readEnvFile } from './envFile';
import { inspectKubeconfig } from './kubeconfigFile';
import type { Operation } from './operation';
import { resolveInWorkspace } from './paths';
import { findFreePortPair, probePort } from './ports';
import { dockerServerVersion, kindGetClusters, kindVersion, kubectlClientVersion } from './toolCalls';
import { judgeKind, judgeKubectl, parseKindVersion, parseKubectlVersion, type Verdict } from './versions';

export type CheckId = 'clusterName' | 'docker' | 'kind' | 'kubectl' | 'kubeconfig' | 'envFile' | 'ports' | 'images' | 'cluster';
export type Level = 'ok' | 'warn' | 'fail';

export interface CheckResult {
  readonly id: CheckId;
  readonly level: Level;
  readonly message: string;
  /** For failures: the error carrying code and actions. */
  readonly error?: unknown;
}

export interface PreflightReport {
  readonly checks: readonly CheckResult[];
  /** undefined when it could not be determined (docker or kind missing). */
  readonly clusterExists: boolean | undefined;
  readonly ok: boolean;
}

export interface PreflightScope {
  /** Check the ingress host ports (not needed when reusing a cluster that already holds them). */
  readonly ports: boolean;
  /** Parse the workspace .env (needed by deploy). */
  readonly envFile: boolean;
}

/** The order failures are reported in: the most fundamental first. */
const PRIORITY: readonly CheckId[] = ['clusterName', 'docker', 'kind', 'kubectl', 'kubeconfig', 'envFile', 'ports', 'images', 'cluster'];

export async function runPreflight(op: Operation, scope: PreflightScope): Promise<PreflightReport> {
  const nameProblem = clusterNameProblem(op.settings.clusterName);
  const cluster = checkCluster(op, nameProblem === undefined);
  const results = await Promise.all([
    Promise.resolve(checkName(op)),
    checkDocker(op),
    checkKind(op),
    checkKubectl(op),
    checkKubeconfigs(op),
    scope.envFile ? checkEnvFile(op) : Promise.resolve(undefined),
    scope.ports ? checkPorts(op) : Promise.resolve(undefined),
    checkImages(op, scope.ports).then((verdict) => (verdict ? { id: 'images' as const, ...verdict } : undefined)),
    cluster.then((c) => c.result),
  ]);
  const { exists } = await cluster;
  const checks = results
    .filter((r): r is CheckResult => r !== undefined)
    // An existing cluster holds the ingress ports itself: busy then is expected, not a problem.
    .map((r) => (r.id === 'ports' && r.level === 'fail' && exists ? { id: r.id, level: 'warn' as const, message: `${r.message} (probably by the existing cluster)` } : r))
    .sort((a, b) => PRIORITY.indexOf(a.id) - PRIORITY.indexOf(b.id));
  return { checks, clusterExists: exists, ok: checks.every((c) => c.level !== 'fail') };
}

/**
 * Throws when a check failed (logging the warnings): one failure as itself, several as one FailureList, most
 * fundamental first, so the user fixes everything in one round instead of discovering the problems one by one.
 */
export function assertPreflight(op: Operation, report: PreflightReport): void {
  // Cancelled while the checks ran: each check then "failed" with the cancellation, which is not a prerequisite.
  const cancelled = report.checks.find((c) => isCancelled(c.error));
  if (cancelled) throw cancelled.error as Error;
  op.throwIfCancelled();
  for (const check of report.checks) if (check.level === 'warn') op.logger.warn(check.message);
  const failed = report.checks.filter((c) => c.level === 'fail').map((c) => (c.error instanceof Error ? c.error : new UserFacingError(c.message)));
  const [first] = failed;
  if (!first) return;
  if (failed.length === 1) throw first;
  throw new FailureList(failed, `${failed.length} prerequisites are not met:`);
}

const ok = (id: CheckId, message: string): CheckResult => ({ id, level: 'ok', message });
const fail = (id: CheckId, error: unknown): CheckResult => ({ id, level: 'fail', message: describeFailure(error).message, error });

function fromVerdict(id: CheckId, verdict: Verdict, okMessage: string): CheckResult {
  if (verdict.level === 'ok') return ok(id, okMessage);
  if (verdict.level === 'warn') return { id, level: 'warn', message: verdict.why };
  return fail(id, new UserFacingError(verdict.why, [{ title: `Install ${id}`, url: installUrl(id) }], undefined, 'tool-version'));
}

const installUrl = (tool: string): string =>
  tool === 'kind' ? 'https://kind.sigs.k8s.io/docs/user/quick-start/#installation' : 'https://kubernetes.io/docs/tasks/tools/';

function checkName(op: Operation): CheckResult {
  try {
    assertValidClusterName(op.settings.clusterName);
    return ok('clusterName', `Cluster name "${op.settings.clusterName}" is valid`);
  } catch (error) {
    return fail('clusterName', error);
  }
}

export function dockerNotRunning(detail?: string): UserFacingError {
  return new UserFacingError(
    'Docker is not running. Start Docker Desktop, or on Linux run "sudo systemctl start docker", then try again.',
    [{ title: 'How to start Docker', url: 'https://docs.docker.com/engine/daemon/start/' }],
    detail,
    'docker-not-running',
  );
}

async function checkDocker(op: Operation): Promise<CheckResult> {
  try {
    const version = await op.exec(dockerServerVersion(op.target));
    return ok('docker', `Docker ${version || '(unknown version)'} is running`);
  } catch (error) {
    if (error instanceof ProcessFailedError) return fail('docker', dockerNotRunning(error.stderr.trim()));
    return fail('docker', error);
  }
}

async function checkKind(op: Operation): Promise<CheckResult> {
  try {
    const version = parseKindVersion(await op.exec(kindVersion(op.target)));
    if (!version) return { id: 'kind', level: 'warn', message: 'kind is installed but its version could not be read.' };
    return fromVerdict('kind', judgeKind(version), `kind ${version.text}`);
  } catch (error) {
    return fail('kind', error);
  }
}

async function checkKubectl(op: Operation): Promise<CheckResult> {
  try {
    const version = parseKubectlVersion(await op.exec(kubectlClientVersion(op.target)));
    if (!version) return { id: 'kubectl', level: 'warn', message: 'kubectl is installed but its version could not be read.' };
    return fromVerdict('kubectl', judgeKubectl(version), `kubectl ${version.text}`);
  } catch (error) {
    return fail('kubectl', error);
  }
}

async function checkKubeconfigs(op: Operation): Promise<CheckResult> {
  try {
    const files = [op.target.kubeconfig, ...(op.settings.mergeIntoDefaultKubeconfig ? [op.deps.paths.defaultKubeconfig] : [])];
    const [own] = await Promise.all(files.map(inspectKubeconfig));
    if (!own?.exists) return ok('kubeconfig', `Kubeconfig ${op.target.kubeconfig}: ${NOT_CREATED_YET}`);
    return ok('kubeconfig', `Kubeconfig ${op.target.kubeconfig} is usable`);
  } catch (error) {
    return fail('kubeconfig', error);
  }
}

/** A file WRight writes itself (its kubeconfig on create, the .env's generated secrets on deploy). */
const NOT_CREATED_YET = `not created yet (WRight creates it on ${commandRef('wright.createCluster')})`;

async function fileExists(path: string): Promise<boolean> {
  return fs.stat(path).then(
    () => true,
    (error: NodeJS.ErrnoException) => {
      // Anything but "absent" (permissions, a folder) is for readEnvFile to explain.
      if (error.code === 'ENOENT') return false;
      return true;
    },
  );
}

async function checkEnvFile(op: Operation): Promise<CheckResult> {
  const path = resolveInWorkspace(op.settings.envFile, op.deps.paths);
  try {
    if (!(await fileExists(path))) return ok('envFile', `${path}: ${NOT_CREATED_YET}`);
    const values = await readEnvFile(path);
    return ok('envFile', `${path}: ${values.size} value${values.size === 1 ? '' : 's'}`);
  } catch (error) {
    return fail('envFile', error);
  }
}

async function checkPorts(op: Operation): Promise<CheckResult> {
  const { httpPort, httpsPort } = op.settings.ingress;
  const [http, https] = await Promise.all([probePort(httpPort), probePort(httpsPort)]);
  const busy = [...(http === 'busy' ? [httpPort] : []), ...(https === 'busy' ? [httpsPort] : [])];
  if (busy.length === 0) return ok('ports', `Ports ${httpPort} and ${httpsPort} are free on 127.0.0.1`);
  return fail('ports', await portsBusy(busy));
}

export async function portsBusy(busy: readonly number[]): Promise<UserFacingError> {
  const what = busy.length === 1 ? `Port ${busy[0]} is` : `Ports ${busy.join(' and ')} are`;
  const pair = await findFreePortPair();
  const message = `${what} already in use on 127.0.0.1, and the ingress needs ${busy.length === 1 ? 'it' : 'them'}.${pair ? ` Ports ${pair[0]}/${pair[1]} are free.` : ''}`;
  return new UserFacingError(
    message,
    pair ? [{ title: `Use ports ${pair[0]}/${pair[1]}`, command: 'wright.createCluster', args: [{ httpPort: pair[0], httpsPort: pair[1] }] }] : [],
    undefined,
    'ports-busy',
  );
}

async function checkCluster(op: Operation, nameValid: boolean): Promise<{ exists: boolean | undefined; result: CheckResult | undefined }> {
  if (!nameValid) return { exists: undefined, result: undefined };
  try {
    const clusters = await op.exec(kindGetClusters(op.target));
    const exists = clusters.includes(op.settings.clusterName);
    return { exists, result: ok('cluster', exists ? `Cluster "${op.settings.clusterName}" exists` : `Cluster "${op.settings.clusterName}" does not exist yet`) };
  } catch (error) {
    // Missing kind or a stopped daemon are reported by their own checks; this one stays quiet then.
    if (error instanceof ToolNotFoundError || error instanceof ProcessFailedError) return { exists: undefined, result: undefined };
    return { exists: undefined, result: fail('cluster', error) };
  }
}
