// What every check gets: the cluster's API clients, the settings of this run, a way to reach a service through
// WRight's own port-forward, and the redactor that masks the passwords read on the way.
import type { AppsV1Api, CoreV1Api, KubeConfig } from '@kubernetes/client-node';
import type { ClientNode } from '../k8s/kubeClient';
import type { TimingRecord } from '../lifecycle/timings';
import type { Logger } from '../shared/logger';
import type { SecretRedactor } from '../shared/secrets';

export const INFRA_NAMESPACE = 'staging-infra';
export const WRIGHT_NAMESPACES = ['staging-infra', 'staging-core', 'staging-ai', 'staging-web'] as const;
export const INGRESS_HOST = 'auth.wright.localhost';
export const INGRESS_READY_PATH = '/-/health/ready/';

export interface VerifyContext {
  readonly k8s: ClientNode;
  readonly kc: KubeConfig;
  readonly core: CoreV1Api;
  readonly apps: AppsV1Api;
  readonly clusterName: string;
  readonly ingressPort: number;
  readonly samples: number;
  readonly restart: boolean;
  readonly restartTimeoutMs: number;
  readonly timings: TimingRecord | undefined;
  readonly redactor: SecretRedactor;
  readonly logger: Logger;
  readonly signal: AbortSignal;
  /** The local port (on 127.0.0.1) of a forward to the service's port; started on first use, stopped at the end. */
  readonly forward: (service: string, servicePort: number) => Promise<number>;
  /** Results one check leaves for the next (the ingress samples for the latency check). */
  readonly memo: Map<string, unknown>;
  /** What earlier checks found, so later ones can skip with a reason instead of failing twice. */
  readonly results: ReadonlyMap<string, 'pass' | 'fail' | 'skipped'>;
}
