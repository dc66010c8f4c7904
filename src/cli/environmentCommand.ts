// `wright deploy|up|down|status --env NAME` (or `--context C --overlay O`) for a remote environment: deploy shows
// the unified diff, asks (or takes --yes / --confirm-context) and only then applies; up and down are refused
// (WRight creates and tears down only the local kind cluster); status --watch watches that context.
import { LOCAL, type Environment, type RemoteEnvironment } from '../environments/environment';
import { applyEnvironmentDeploy, prepareEnvironmentDeploy } from '../environments/environmentDeploy';
import { consentFromFlags, typedAnswerConfirms } from '../environments/confirmation';
import { assertLifecycleAllowed } from '../environments/guardrails';
import { selectEnvironment } from '../environments/selection';
import { readWorkspaceEnvironments } from '../environments/workspaceEnvironments';
import { Operation, type LifecycleDeps, type OperationOptions } from '../lifecycle/operation';
import { UserFacingError } from '../shared/failures';
import type { CliArgs } from './args';
import { EXIT } from './exitCodes';

export interface EnvironmentIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  readonly cwd: string;
  readonly confirm?: (question: string) => Promise<boolean>;
  /** Reads a typed answer on the terminal; undefined when there is no terminal. */
  readonly ask?: (question: string) => Promise<string>;
}

/** The environment the command line names (the local kind cluster when it names none). */
export async function environmentOf(args: CliArgs, cwd: string, defaultKubeconfig: string): Promise<Environment> {
  const flags = args.environment;
  if (flags.env === undefined && flags.context === undefined) return LOCAL;
  const configured = flags.env !== undefined ? await readWorkspaceEnvironments(cwd, { defaultKubeconfig }) : { environments: [], problems: [], file: '' };
  return selectEnvironment(
    {
      ...(flags.env !== undefined ? { env: flags.env } : {}),
      ...(flags.context !== undefined ? { context: flags.context } : {}),
      ...(flags.context !== undefined && args.settings.kubeconfig !== '' ? { kubeconfig: args.settings.kubeconfig } : {}),
      ...(flags.overlay !== undefined ? { overlay: flags.overlay } : {}),
    },
    { configured, configuredIn: configured.file, workspaceDir: cwd, defaultKubeconfig },
  );
}

/** Runs a command against a remote environment. */
export async function runOnEnvironment(args: CliArgs, environment: RemoteEnvironment, deps: LifecycleDeps, options: OperationOptions, io: EnvironmentIo): Promise<number> {
  switch (args.command) {
    case 'up':
      assertLifecycleAllowed(environment, 'create');
      return EXIT.usage;
    case 'down':
      assertLifecycleAllowed(environment, 'teardown');
      return EXIT.usage;
    case 'deploy':
      return deployToEnvironment(args, environment, deps, options, io);
    default:
      throw new UserFacingError(
        `wright ${args.command} works on the local kind cluster only; for the environment "${environment.name}" use wright deploy or wright status --watch.`,
        [],
        undefined,
        'environment',
      );
  }
}

async function deployToEnvironment(args: CliArgs, environment: RemoteEnvironment, deps: LifecycleDeps, options: OperationOptions, io: EnvironmentIo): Promise<number> {
  const op = new Operation(deps, { ...options, remote: { kubeconfig: environment.kubeconfig, context: environment.context } });
  const plan = await prepareEnvironmentDeploy(op, environment, { force: args.environment.force });
  for (const secret of plan.secrets) io.stderr(`    Secret ${secret.namespace}/${secret.name}: ${SOURCE[secret.source]}\n`);
  // The diff first, always: nothing is applied before it has been shown.
  io.stdout(plan.diff === '' ? '' : plan.diff.endsWith('\n') ? plan.diff : `${plan.diff}\n`);
  if (!plan.changed) {
    io.stderr(`No changes: the ${plan.overlay} overlay matches what runs in context ${environment.context} (${plan.server}). Nothing applied.\n`);
    return EXIT.ok;
  }
  if (plan.newNamespaces.length > 0) io.stderr(`New namespaces (their objects were diffed locally, not dry-run by the server): ${plan.newNamespaces.join(', ')}\n`);
  if (args.dryRun) {
    io.stderr('Dry run: nothing applied.\n');
    return EXIT.ok;
  }
  const rule = plan.confirmation;
  const fromFlags = consentFromFlags(rule, { yes: args.yes, confirmContext: args.environment.confirmContext });
  if (fromFlags && !fromFlags.ok) {
    io.stderr(`error: ${fromFlags.reason}\n`);
    return EXIT.usage;
  }
  if (!fromFlags) {
    const asker = rule.kind === 'type-context' ? io.ask : io.confirm;
    if (!asker) {
      const how = rule.kind === 'type-context' ? `--confirm-context ${rule.context}` : `--yes (or --confirm-context ${rule.context})`;
      io.stderr(`error: ${rule.question} There is no terminal to ask on: pass ${how}. Nothing was applied.\n`);
      return EXIT.usage;
    }
    const confirmed = rule.kind === 'type-context' ? typedAnswerConfirms(rule, await io.ask!(`${rule.question} `)) : await io.confirm!(`${rule.question} [y/N] `);
    if (!confirmed) {
      io.stderr(`Not confirmed${rule.kind === 'type-context' ? ` (the answer was not "${rule.context}")` : ''}: nothing applied.\n`);
      return rule.kind === 'type-context' ? EXIT.usage : EXIT.ok;
    }
  }
  const workloads = await applyEnvironmentDeploy(op, plan);
  io.stdout(`Deployed the ${plan.overlay} overlay to ${environment.name} (context ${environment.context}): ${workloads.length} workloads ready.\n`);
  return EXIT.ok;
}

const SOURCE = {
  'env-file': 'from the environment\'s env file',
  'external-secret': 'made by an ExternalSecret in the overlay',
  cluster: 'already in the cluster (left as it is)',
} as const;
