// The cluster side of port-forwards, with @kubernetes/client-node: find a serving pod through the API, and
// tunnel a local socket to it over the API server's port-forward websocket. The client is imported lazily.
import type { KubeConfig } from '@kubernetes/client-node';
import { Writable } from 'node:stream';
import type { Logger } from '../shared/logger';
import { timedApiClient } from '../k8s/timedApiClient';
import { pickServingPod, serviceSelector, targetContainerPort } from './podSelection';
import type { OpenTunnel, PodResolver } from './target';

interface TunnelSocket {
  on(event: 'close', listener: () => void): void;
  on(event: 'error', listener: (error: Error) => void): void;
  close(): void;
}

export async function clientNodeForwarding(
  kubeConfig: KubeConfig,
  logger: Logger,
): Promise<{ resolver: PodResolver; openTunnel: OpenTunnel }> {
  const k8s = await import('@kubernetes/client-node');
  const core = timedApiClient(k8s, kubeConfig, k8s.CoreV1Api);
  const forwarder = new k8s.PortForward(kubeConfig, true);

  const resolver: PodResolver = {
    async resolve(target) {
      const service = await core.readNamespacedService({ name: target.service, namespace: target.namespace });
      if (!service.spec?.ports?.some((port) => port.port === target.servicePort)) {
        throw new Error(`service ${target.namespace}/${target.service} has no port ${target.servicePort}`);
      }
      const labelSelector = serviceSelector(service);
      if (!labelSelector) throw new Error(`service ${target.namespace}/${target.service} selects no pods (no selector)`);
      const pods = await core.listNamespacedPod({ namespace: target.namespace, labelSelector });
      const pod = pickServingPod(pods.items);
      if (!pod?.metadata?.name) return undefined;
      const port = targetContainerPort(service, target.servicePort, pod);
      if (port === undefined) throw new Error(`pod ${pod.metadata.name} has no container port for service port ${target.servicePort}`);
      return { pod: pod.metadata.name, port };
    },
  };

  const openTunnel: OpenTunnel = async (namespace, pod, socket) => {
    // The error channel carries the kubelet's message when the pod refuses the connection.
    const errors = new Writable({
      write(chunk: Buffer, _encoding, done) {
        const message = chunk.toString('utf8').trim();
        if (message) {
          logger.warn(`Port-forward to ${namespace}/${pod.pod}:${pod.port}: ${message}`);
          socket.destroy();
        }
        done();
      },
    });
    const ws = (await forwarder.portForward(namespace, pod.pod, [pod.port], socket, errors, socket)) as unknown as TunnelSocket;
    ws.on('close', () => socket.destroy());
    ws.on('error', () => socket.destroy());
    socket.on('close', () => ws.close());
  };

  return { resolver, openTunnel };
}
