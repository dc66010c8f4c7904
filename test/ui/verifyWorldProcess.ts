// The verify test world (test/fixtures/verify/verifyWorld.ts) as its own process, for the UI test: the fake API
// server with the bundled overlay's objects, PGlite with pgvector and Debian's redis-server behind its port-forward,
// and the local ingress. Prints one line `ready <json>` (kubeconfig path, cluster name, ingress port); SIGTERM stops
// everything. Run: node --import tsx test/ui/verifyWorldProcess.ts
import { closeSharedPglite } from '../fixtures/verify/pgliteServer';
import { CLUSTER, VerifyWorld } from '../fixtures/verify/verifyWorld';

void (async () => {
  const world = await VerifyWorld.start();
  const stop = async (): Promise<void> => {
    await world.dispose();
    await closeSharedPglite();
    process.exit(0);
  };
  process.once('SIGTERM', () => void stop());
  process.once('SIGINT', () => void stop());
  process.stdout.write(`ready ${JSON.stringify({ kubeconfig: world.kubeconfigPath, cluster: CLUSTER, ingressPort: world.ingress.port })}\n`);
})().catch((error: unknown) => {
  process.stderr.write(`${String(error)}\n`);
  process.exit(1);
});
