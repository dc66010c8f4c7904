// `wright forward <service> [[local:]port]`: the extension's supervised port-forward in a terminal. Runs until
// Ctrl-C (exit 0) or until the forward gives up (exit 4 when the cluster is not there, 1 otherwise), printing
// each change of state so the user sees it wait for, and reach, a new pod after a restart.
import { kindListsCluster } from '../lifecycle/kindClusters';
import { inspectKubeconfig } from '../lifecycle/kubeconfigFile';
import { clusterTargetFor } from '../lifecycle/clusterTarget';
import { describeRequestError, loadClient, statusOf } from '../k8s/kubeClient';
import { timedApiClient } from '../k8s/timedApiClient';
import { ExecaProcessRunner } from '../process/runner';
import { clientNodeForwarding } from '../portForward/clientNodeForwarding';
import { PortForwardManager } from '../portForward/portForwardManager';
import type { ForwardState } from '../portForward/supervisedForward';
import { describeTarget } from '../portForward/target';
import type { Logger } from '../shared/logger';
import type { WrightSettings } from '../shared/settings';
import type { ForwardSpec } from './args';
import { EXIT } from './exitCodes';

export interface ForwardIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  readonly signal: AbortSignal;
}

export async function runForward(
  spec: ForwardSpec,
  settings: WrightSettings,
  where: { readonly stateDir: string; readonly workspaceDir: string },
  logger: Logger,
  io: ForwardIo,
): Promise<number> {
  const target = clusterTargetFor(settings, where);
  const kubeconfig = await inspectKubeconfig(target.kubeconfigPath);
  if (!kubeconfig.exists || !kubeconfig.contexts.includes(target.context)) {
    io.stderr(`error: there is no WRight cluster "${settings.clusterName}" (no context ${target.context} in ${target.kubeconfigPath}).\n  create it: wright up\n`);
    return EXIT.clusterState;
  }

  const { k8s, kc } = await loadClient(target);
  let servicePort = spec.remotePort;
  let containerPort: number | undefined;
  try {
    const service = await timedApiClient(k8s, kc, k8s.CoreV1Api).readNamespacedService({ name: spec.service, namespace: spec.namespace });
    const ports = (service.spec?.ports ?? []).filter((port) => (port.protocol ?? 'TCP') === 'TCP');
    const chosen = servicePort === undefined ? ports[0] : ports.find((port) => port.port === servicePort);
    if (!chosen) {
      const known = ports.map((port) => port.port).join(', ') || 'none';
      io.stderr(`error: service ${spec.namespace}/${spec.service} has no TCP port ${servicePort ?? ''} (its ports: ${known}).\n`);
      return EXIT.usage;
    }
    servicePort = chosen.port;
    containerPort = typeof chosen.targetPort === 'number' ? chosen.targetPort : undefined;
  } catch (error) {
    if (statusOf(error) === 404) {
      io.stderr(`error: there is no service ${spec.namespace}/${spec.service}. List them: kubectl --kubeconfig ${target.kubeconfigPath} get services -A\n`);
      return EXIT.usage;
    }
    io.stderr(`error: cannot reach the cluster: ${describeRequestError(error)}\n  check it: wright status\n`);
    return EXIT.notReady;
  }

  // An API outage is waited out for as long as kind still lists the cluster; the forward stops when it is gone.
  const runner = new ExecaProcessRunner(logger);
  const clusterExists = (): Promise<boolean> => kindListsCluster(runner, settings);
  const manager = new PortForwardManager(() => clientNodeForwarding(kc, logger), logger, undefined, clusterExists);
  const forwardTarget = { namespace: spec.namespace, service: spec.service, servicePort };
  let started;
  try {
    started = await manager.start({ target: forwardTarget, ...(spec.localPort ? { localPort: spec.localPort } : {}), ...(containerPort ? { remotePort: containerPort } : {}) });
  } catch (error) {
    io.stderr(`error: cannot forward ${describeTarget(forwardTarget)}: ${describeRequestError(error)}\n`);
    return EXIT.failed;
  }
  const { forward } = started;
  if (started.portWasTaken !== undefined) io.stderr(`Port ${started.portWasTaken} is in use; using ${forward.localPort} instead.\n`);
  io.stdout(`Forwarding ${forward.address} -> ${describeTarget(forwardTarget)}. Press Ctrl-C to stop.\n`);

  const describe = (state: ForwardState): string | undefined => {
    switch (state.kind) {
      case 'active':
        return `connected to pod ${state.pod}`;
      case 'waiting':
        return `waiting: ${state.reason}`;
      case 'failed':
        return `stopped: ${state.reason}`;
      default:
        return undefined;
    }
  };
  const first = describe(forward.state);
  if (first) io.stderr(`  ${first}\n`);

  return new Promise<number>((resolve) => {
    const finish = (code: number): void => {
      offChange();
      io.signal.removeEventListener('abort', onAbort);
      void manager.stopAll().then(() => resolve(code));
    };
    const offChange = forward.onDidChange((state) => {
      const line = describe(state);
      if (line) io.stderr(`  ${line}\n`);
      if (state.kind === 'failed') finish(EXIT.failed);
    });
    const onAbort = (): void => finish(EXIT.ok);
    if (io.signal.aborted) onAbort();
    else io.signal.addEventListener('abort', onAbort, { once: true });
  });
}
