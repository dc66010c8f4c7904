// Installs the bundled ingress-nginx controller into a fresh cluster and waits until it can serve.
import { promises as fs } from 'node:fs';
import { join } from 'node:path';
import type { Operation } from './operation';
import { kubectlApplyFile, kubectlApplyKustomization } from './toolCalls';
import { waitForWorkloads } from './waitForWorkloads';

export const INGRESS_CONTROLLER = { kind: 'Deployment', namespace: 'ingress-nginx', name: 'ingress-nginx-controller' } as const;

export async function installIngress(op: Operation, timeoutSeconds: number, signal: AbortSignal): Promise<void> {
  const step = 'Installing the ingress controller';
  op.step(step);
  const dir = join(op.deps.paths.manifestsDir, 'ingress-nginx');
  const isKustomization = await fs.stat(join(dir, 'kustomization.yaml')).then(() => true, () => false);
  await op.exec(isKustomization ? kubectlApplyKustomization(op.target, dir) : kubectlApplyFile(op.target, dir), signal);
  await waitForWorkloads(op, [INGRESS_CONTROLLER], { step, timeoutSeconds, timeoutSetting: 'wright.timeouts.createSeconds' });
}
