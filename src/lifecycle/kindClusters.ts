// The kind clusters on this machine, for the operations that start by asking (deploy, teardown, status). kind
// lists clusters through docker, so with the daemon stopped its error is only a docker command's exit status;
// docker is asked then, and a stopped daemon is reported as such (with how to start it), as preflight does.
import { isCancelled, ProcessFailedError } from '../process/errors';
import type { ProcessRunner } from '../process/runner';
import type { WrightSettings } from '../shared/settings';
import type { Operation } from './operation';
import { dockerNotRunning } from './preflight';
import { dockerServerVersion, kindGetClusters } from './toolCalls';

export async function existingClusters(op: Operation): Promise<string[]> {
  try {
    return await op.exec(kindGetClusters(op.target));
  } catch (error) {
    if (!(error instanceof ProcessFailedError)) throw error;
    let dockerFailure: ProcessFailedError | undefined;
    try {
      await op.exec(dockerServerVersion(op.target));
    } catch (dockerError) {
      if (isCancelled(dockerError)) throw dockerError;
      if (dockerError instanceof ProcessFailedError) dockerFailure = dockerError;
    }
    if (dockerFailure) throw dockerNotRunning(dockerFailure.stderr.trim());
    throw error;
  }
}

/**
 * Whether kind still lists the cluster: what a port-forward asks when the API server stops answering, to wait out
 * an outage for as long as the cluster exists and to stop once it is gone. Quiet (it repeats during an outage) and
 * bounded, so a hung docker cannot hold the forward's retry loop.
 */
export async function kindListsCluster(runner: ProcessRunner, settings: Pick<WrightSettings, 'tools' | 'clusterName'>): Promise<boolean> {
  const call = kindGetClusters({ tools: settings.tools });
  const result = await runner.run(call.command, call.args, { quiet: true, timeoutMs: 20_000 });
  return call.parse(result).includes(settings.clusterName);
}
