// The proposal's performance targets, held against what create and deploy recorded when they ran (in WRight's
// state folder): cluster creation < 2 min, service deployment < 5 min, all pods healthy < 5 min after deployment.
// A cluster made before WRight recorded timings, or by another WRight state folder, shows "not recorded".
import type { TimingRecord } from '../lifecycle/timings';
import { failed, passed, skipped, type CheckDefinition } from './check';
import type { VerifyContext } from './verifyContext';

function minutes(ms: number): string {
  const seconds = Math.round(ms / 1000);
  return seconds < 120 ? `${seconds} s` : `${Math.floor(seconds / 60)} min ${seconds % 60} s`;
}

function timingCheck(
  id: string,
  title: string,
  criterion: string,
  targetMinutes: number,
  pick: (record: TimingRecord) => { ms: number | undefined; at: string | undefined },
  fix: string,
): CheckDefinition<VerifyContext> {
  return {
    id,
    title,
    criterion,
    threshold: `< ${targetMinutes} min`,
    run(ctx) {
      const { ms, at } = ctx.timings ? pick(ctx.timings) : { ms: undefined, at: undefined };
      if (ms === undefined) return skipped('WRight has no timing recorded for this cluster (made before timings were recorded, or elsewhere)', 'the next wright up / wright deploy records it', 'not recorded');
      const measured = `${minutes(ms)}${at ? ` (recorded ${at})` : ''}`;
      const values = { ms, targetMs: targetMinutes * 60_000, recordedAt: at ?? null };
      if (ms >= targetMinutes * 60_000) return failed(measured, `took ${minutes(ms)}, over the ${targetMinutes} min target`, fix, values);
      return passed(measured, values);
    },
  };
}

export const timingChecks: readonly CheckDefinition<VerifyContext>[] = [
  timingCheck(
    'timing-create',
    'Cluster creation time',
    'Creating the kind cluster with its ingress controller took less than the 2 minute target.',
    2,
    (r) => ({ ms: r.clusterCreationMs, at: r.clusterCreatedAt }),
    'image pulls dominate: keep the kindest/node and ingress images cached (docker pull them once)',
  ),
  timingCheck(
    'timing-deploy',
    'Deployment time',
    'Deploying the services (render, apply, wait until ready) took less than the 5 minute target.',
    5,
    (r) => ({ ms: r.deploymentMs, at: r.deployedAt }),
    'first image pulls are slow; a deploy on a warm cluster is the fair measure: run wright deploy again',
  ),
  timingCheck(
    'timing-healthy',
    'Time to all healthy',
    'Every pod was healthy less than 5 minutes after the manifests were applied.',
    5,
    (r) => ({ ms: r.allHealthyMs, at: r.deployedAt }),
    'look at the slowest pod in the WRight view (image pulls, probes with long initial delays)',
  ),
];
