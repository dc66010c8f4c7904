// The `wright` command: parses the command line, builds the engine's dependencies for a terminal (state in
// $WRIGHT_HOME or the per-OS default, the workspace is the current folder, tools from PATH or WRIGHT_KIND/...),
// runs one command and returns its exit code. Progress goes to stderr, results to stdout.
import { LifecycleEngine } from '../lifecycle/engine';
import type { OperationOptions } from '../lifecycle/operation';
import { defaultKubeconfig, defaultStateDir, isolatedKubeconfig } from '../lifecycle/paths';
import { ExecaProcessRunner } from '../process/runner';
import type { Logger } from '../shared/logger';
import { SecretRedactor, redactingLogger } from '../shared/secrets';
import { forTerminal } from '../shared/wording';
import { commandIn, JSON_COMMANDS, parseCliArgs, USAGE, UsageError, type CliArgs } from './args';
import { EXIT, exitCodeFor } from './exitCodes';
import { formatOidcSettings, oidcSettingsJson } from '../lifecycle/oidcClient';
import { doctorJson, formatDoctor, formatFailure, formatStatus, jsonFailure, statusOk, toJson } from './format';
import { runForward } from './forwardCommand';
import { formatImageCacheReport } from '../images/imageCacheReport';
import { runStatusWatch } from './statusWatchCommand';
import { terminalSafe } from './terminalSafe';
import { argumentProblem } from './validateArgs';
import { runVerify } from './verifyCommand';
import { environmentOf, runOnEnvironment } from './environmentCommand';
import { environmentNamespaces } from '../environments/namespacePrefix';

export interface CliIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly cwd: string;
  /** Asks a yes/no question on the terminal; undefined when there is no terminal to ask on. */
  readonly confirm?: (question: string) => Promise<boolean>;
  /** Reads a typed answer on the terminal (a production deploy's context name); undefined without a terminal. */
  readonly ask?: (question: string) => Promise<string>;
  /** Aborted on Ctrl-C. */
  readonly signal: AbortSignal;
  /** The bundled manifests folder. */
  readonly manifestsDir: string;
  readonly version: string;
  /** stdout is a terminal (status --watch redraws in place there). */
  readonly stdoutIsTty?: boolean;
}

export async function main(argv: readonly string[], rawIo: CliIo): Promise<number> {
  const io: CliIo = { ...rawIo, stdout: (text) => rawIo.stdout(terminalSafe(text)), stderr: (text) => rawIo.stderr(terminalSafe(text)) };
  let args: CliArgs;
  try {
    args = parseCliArgs(argv, io.env);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    // A script that asked a JSON command for JSON gets a JSON document even for a bad command line.
    const command = commandIn(argv);
    if (argv.includes('--json') && command && JSON_COMMANDS.includes(command)) io.stdout(toJson(jsonFailure(error, 'usage')));
    io.stderr(`error: ${error.message}\n\n${USAGE}`);
    return EXIT.usage;
  }
  if (args.command === 'help') {
    io.stdout(USAGE);
    return EXIT.ok;
  }
  if (args.command === 'version') {
    io.stdout(`${io.version}\n`);
    return EXIT.ok;
  }

  const redactor = new SecretRedactor();
  const echo: StepEcho = {};
  const logger = redactingLogger(cliLogger(io, args.verbose, echo), redactor);
  const stateDir = defaultStateDir(io.env);
  const engine = new LifecycleEngine({
    runner: new ExecaProcessRunner(logger, redactor),
    logger,
    redactor,
    paths: { stateDir, workspaceDir: io.cwd, manifestsDir: io.manifestsDir, defaultKubeconfig: defaultKubeconfig(io.env) },
  });
  let lastStep = '';
  let lastDetail = '';
  const options: OperationOptions = {
    settings: args.settings,
    signal: io.signal,
    dryRun: args.dryRun,
    print: (line) => io.stdout(`${line}\n`),
    // A terminal waits for another WRight operation (another terminal, VS Code), up to --timeout.
    waitForOthersMs: args.settings.timeouts.readySeconds * 1000,
    allowCloudOverlay: args.environment.force,
    progress: args.json
      ? undefined
      : (step, detail) => {
          // The engine logs the step right after reporting it: with --verbose that line would repeat this one.
          echo.pending = detail ? `${step}: ${detail}` : step;
          if (step !== lastStep) io.stderr(`• ${step}\n`);
          if (detail && (detail !== lastDetail || step !== lastStep)) io.stderr(`    ${detail}\n`);
          lastStep = step;
          lastDetail = detail ?? '';
        },
  };

  try {
    const problem = await argumentProblem(args, io.cwd, stateDir);
    if (problem) {
      if (args.json) io.stdout(toJson(jsonFailure(new UsageError(problem.message), 'usage')));
      io.stderr(`error: ${problem.message}\n${problem.hint ? `  ${problem.hint}\n` : ''}`);
      return EXIT.usage;
    }
    const environment = await environmentOf(args, io.cwd, defaultKubeconfig(io.env));
    if (environment.kind === 'remote') {
      if (args.command === 'status' && args.watch) {
        const target = { kubeconfigPath: environment.kubeconfig, context: environment.context };
        return await runStatusWatch(args.settings, { stateDir, workspaceDir: io.cwd }, logger, { ...io, tty: io.stdoutIsTty === true }, args.json, target, environmentNamespaces(environment));
      }
      return await runOnEnvironment(args, environment, engine.deps, options, io);
    }
    switch (args.command) {
      case 'up': {
        const outcome = await engine.create({ ...options, ifExists: args.recreate ? 'recreate' : 'reuse', adopt: args.adopt });
        if (!args.dryRun) {
          io.stdout(`${outcome.reused ? 'Reused' : 'Created'} the cluster "${args.settings.clusterName}"${outcome.workloads ? ` and deployed ${outcome.workloads.length} workloads, all ready` : ''}.\n`);
          io.stdout(`Use it: export KUBECONFIG=${isolatedKubeconfig(args.settings.kubeconfig, { stateDir, workspaceDir: io.cwd })}\n`);
        }
        return EXIT.ok;
      }
      case 'deploy': {
        const workloads = await engine.deploy(options);
        if (!args.dryRun) io.stdout(`Deployed: ${workloads.length} workloads ready.\n`);
        return EXIT.ok;
      }
      case 'down': {
        if (!args.yes && !args.dryRun) {
          const images = args.purgeImages ? ' The image caches and the local registry are removed too.' : ' The image caches are kept (--purge-images removes them).';
          const question = `Delete the cluster "${args.settings.clusterName}"? Its data volumes (databases) go with it.${images}`;
          if (!io.confirm) {
            io.stderr(`error: ${question} Pass --yes to confirm when there is no terminal to ask on.\n`);
            return EXIT.usage;
          }
          if (!(await io.confirm(`${question} [y/N] `))) {
            io.stderr('Nothing deleted.\n');
            return EXIT.ok;
          }
        }
        const result = await engine.teardown({ ...options, purgeImages: args.purgeImages });
        io.stdout(`${result.message}\n`);
        return EXIT.ok;
      }
      case 'status': {
        if (args.watch) return await runStatusWatch(args.settings, { stateDir, workspaceDir: io.cwd }, logger, { ...io, tty: io.stdoutIsTty === true }, args.json);
        const status = await engine.status(options);
        io.stdout(args.json ? toJson({ ok: statusOk(status), ...status }) : formatStatus(status));
        if (!status.exists) return EXIT.clusterState;
        // kubectl missing or WRight's kubeconfig unusable: a prerequisite, not the cluster's health.
        if (status.problem?.kind === 'kubectl-missing' || status.problem?.kind === 'kubeconfig') return EXIT.prerequisites;
        return statusOk(status) ? EXIT.ok : EXIT.notReady;
      }
      case 'doctor': {
        const report = await engine.doctor(options);
        io.stdout(args.json ? toJson(doctorJson(report)) : formatDoctor(report));
        return report.ok ? EXIT.ok : EXIT.prerequisites;
      }
      case 'oidc': {
        const settings = await engine.oidcSettings(options);
        // stdout only, on request: the secret never goes through the (redacting) logger.
        io.stdout(args.json ? `${JSON.stringify(oidcSettingsJson(settings, args.showSecret), null, 2)}\n` : formatOidcSettings(settings, args.showSecret));
        return EXIT.ok;
      }
      case 'images': {
        const report = await engine.imageCache(options);
        io.stdout(args.json ? toJson({ ok: true, ...report }) : formatImageCacheReport(report));
        return EXIT.ok;
      }
      case 'forward': {
        if (!args.forward) throw new UsageError('forward needs a service');
        return await runForward(args.forward, args.settings, { stateDir, workspaceDir: io.cwd }, logger, io);
      }
      case 'verify':
        return await runVerify(args, { stateDir, workspaceDir: io.cwd }, engine, logger, redactor, io);
    }
  } catch (error) {
    const code = exitCodeFor(error);
    // With --json, stdout always gets one document: scripts parse it whether the command worked or not.
    if (args.json) io.stdout(toJson(jsonFailure(error)));
    if (code === EXIT.cancelled) io.stderr(`Cancelled.${error instanceof Error && error.message !== 'Cancelled' ? ` ${error.message}` : ''}\n`);
    else io.stderr(formatFailure(error));
    return code;
  }
}

/** The log line the engine writes for the step it just reported (see Operation.step), to be printed once only. */
interface StepEcho {
  pending?: string;
}

/**
 * Warnings always reach stderr; with --verbose every command run does too, indented under the step it belongs to,
 * each line naming its command (the runner's `$ kind get clusters`, `kind get: exit 0 in 80 ms`), and a tool's
 * own output (stderr of a failure) indented under that.
 */
function cliLogger(io: CliIo, verbose: boolean, echo: StepEcho): Logger {
  const write = (first: string, rest: string) => (message: string) => {
    const lines = forTerminal(message).split('\n');
    io.stderr(`${lines.map((line, index) => `${index === 0 ? first : rest}${line}`).join('\n')}\n`);
  };
  const quiet = (): void => undefined;
  const detail = write('    ', '      ');
  const info = (message: string): void => {
    const repeat = message === echo.pending;
    echo.pending = undefined;
    if (!repeat) detail(message);
  };
  return {
    trace: quiet,
    debug: verbose ? detail : quiet,
    info: verbose ? info : quiet,
    warn: write('warning: ', '  '),
    error: verbose ? detail : quiet,
  };
}
