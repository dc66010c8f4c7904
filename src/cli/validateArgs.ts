// Checks of the command line that need the file system or WRight's rules, done before anything runs, so a bad
// argument never fails halfway (after the cluster was made). parseCliArgs did the syntax.
import { promises as fs } from 'node:fs';
import { join } from 'node:path';
import { assertValidClusterName } from '../lifecycle/clusterName';
import { resolveInWorkspace } from '../lifecycle/paths';
import { terminalHint } from '../shared/wording';
import type { CliArgs } from './args';

/** A bad argument: what is wrong, and the way forward when there is one. */
export interface ArgumentProblem {
  readonly message: string;
  readonly hint?: string;
}

/** Throws a UserFacingError (exit 3) for a bad cluster name; returns a usage problem (exit 2) or undefined. */
export async function argumentProblem(args: CliArgs, cwd: string, stateDir: string): Promise<ArgumentProblem | undefined> {
  if (args.command === 'help' || args.command === 'version') return undefined;
  // doctor lists the name among its checks instead of stopping at it.
  if (args.command !== 'doctor') assertValidClusterName(args.settings.clusterName);
  if ((args.command === 'up' || args.command === 'deploy') && args.settings.manifests) {
    const dir = resolveInWorkspace(args.settings.manifests, { workspaceDir: cwd, stateDir });
    const stat = await fs.stat(dir).catch(() => undefined);
    if (!stat?.isDirectory()) return { message: `--manifests: the folder ${dir} does not exist`, ...manifestsHint() };
    const names = ['kustomization.yaml', 'kustomization.yml', 'Kustomization'];
    const found = await Promise.all(names.map((name) => fs.stat(join(dir, name)).then(() => true, () => false)));
    if (!found.includes(true)) return { message: `--manifests: ${dir} has no kustomization.yaml (it must be a Kustomize folder)`, ...manifestsHint() };
  }
  return undefined;
}

function manifestsHint(): { hint?: string } {
  const hint = terminalHint('wright.manifests');
  return hint ? { hint } : {};
}
