// Parses the `wright` command line with node's util.parseArgs and folds flags and environment into settings.
import { parseArgs } from 'node:util';
import { DEFAULT_SETTINGS, type WrightSettings } from '../shared/settings';

export const COMMANDS = ['up', 'deploy', 'down', 'status', 'doctor', 'forward', 'verify', 'oidc', 'images'] as const;
export type CliCommand = (typeof COMMANDS)[number];

/** The commands that print one JSON document on stdout with --json (failures included). */
export const JSON_COMMANDS: readonly CliCommand[] = ['status', 'doctor', 'verify', 'oidc', 'images'];

/** The command a command line names, read before parsing (so that a usage error can still answer in JSON). */
export function commandIn(argv: readonly string[]): CliCommand | undefined {
  return argv.find((arg): arg is CliCommand => (COMMANDS as readonly string[]).includes(arg));
}

export interface CliArgs {
  readonly command: CliCommand | 'help' | 'version';
  readonly settings: WrightSettings;
  readonly yes: boolean;
  readonly dryRun: boolean;
  readonly json: boolean;
  readonly verbose: boolean;
  readonly recreate: boolean;
  /** `oidc` only: print the client secret too. */
  readonly showSecret: boolean;
  /** up: take over an existing cluster WRight did not create (install the ingress and deploy into it). */
  readonly adopt: boolean;
  /** `down` only: also remove WRight's image caches and local registry. */
  readonly purgeImages: boolean;
  /** `status` only: keep watching and print changes until Ctrl-C. */
  readonly watch: boolean;
  /** `forward` only: what to forward. */
  readonly forward?: ForwardSpec;
  /** `verify` only. */
  readonly verify?: VerifyFlags;
  /** Which environment (src/environments): --env, or --context with --overlay; none = the local kind cluster. */
  readonly environment: EnvironmentFlags;
}

export interface EnvironmentFlags {
  /** --env NAME: an entry of wright.environments (or "local"). */
  readonly env?: string;
  /** --context C: a context of --kubeconfig (default: kubectl's default kubeconfig). */
  readonly context?: string;
  /** --overlay, only when given on the command line. */
  readonly overlay?: string;
  /** --confirm-context NAME: consent to a production deploy (must name the target context). */
  readonly confirmContext?: string;
  /** --force: a cloud overlay onto a kind context. */
  readonly force: boolean;
}

export interface VerifyFlags {
  /** Also check that data survives pod restarts (deletes the postgres and redis pods). */
  readonly restart: boolean;
  /** Ingress latency samples. */
  readonly samples: number;
}

export interface ForwardSpec {
  readonly namespace: string;
  readonly service: string;
  /** The service port; undefined = the service's first TCP port. */
  readonly remotePort?: number;
  /** The local port; undefined = the container port (moved out of the privileged range), or a free one. */
  readonly localPort?: number;
}

const FORWARD_NAMESPACE = 'staging-infra';

export class UsageError extends Error {
  override name = 'UsageError';
}

export const USAGE = `Usage: wright <command> [options]

Commands:
  up        Check prerequisites, create the kind cluster (or reuse it), install the ingress, deploy, wait
  deploy    Deploy (or update) the services into the existing cluster and wait until they are ready
  down      Tear down the cluster (its data volumes go with it); asks first unless --yes
  status    Does the cluster exist, is it reachable, which workloads are ready
            --watch: a live view until Ctrl-C (redrawn on a terminal, a line per change otherwise;
            with --json one snapshot, then one JSON line per change)
  doctor    Check prerequisites: docker, kind, kubectl, ports, cluster name, .env, kubeconfig
  forward <service> [[local:]port]
            Forward a service to 127.0.0.1 until Ctrl-C; survives pod restarts. <service> is a name in
            staging-infra or namespace/name; port is the service's port (default: its first).
            Example: wright forward postgres 15432:5432
  verify    Check the running cluster against WRight's acceptance criteria with real clients: API, namespaces,
            workloads, probes and limits, PostgreSQL + pgvector, Redis, ingress latency, recorded timings.
            Exit 0 when every check passes, 5 when one fails. See docs/verify.md
  oidc      The OIDC client Authentik's blueprint created for your services: issuer, discovery URL, client id,
            redirect URI patterns (the client secret only with --show-secret)
  images    The pull-through image caches and the local registry: state, size on disk, images held
            (docs/images.md)

Options:
  --cluster-name <name>   kind cluster name (default ${DEFAULT_SETTINGS.clusterName})
  --http-port <port>      host port for the ingress's HTTP on 127.0.0.1 (default ${DEFAULT_SETTINGS.ingress.httpPort})
  --https-port <port>     host port for the ingress's HTTPS on 127.0.0.1 (default ${DEFAULT_SETTINGS.ingress.httpsPort})
  --env-file <path>       .env file with the secrets (default ${DEFAULT_SETTINGS.envFile}, relative to the current folder)
  --manifests <dir>       a kustomization to deploy instead of the bundled overlay
  --overlay <name>        bundled overlay: local, staging or production (default ${DEFAULT_SETTINGS.overlay})
  --kubeconfig <path>     WRight's kubeconfig (default: in the state folder, $WRIGHT_HOME)
  --node-image <image>    kindest/node image (default: the bundled pin)
  --recreate              up: delete and re-create an existing cluster WRight made
  --adopt                 up: use an existing cluster WRight did not create (installs the ingress, deploys)
  --no-deploy             up: create the cluster and ingress only
  --timeout <seconds>     bounds every wait: creating the cluster, workloads becoming ready, another WRight
                          operation finishing (default ${DEFAULT_SETTINGS.timeouts.createSeconds} s to create, ${DEFAULT_SETTINGS.timeouts.readySeconds} s to become ready)
  --create-timeout <seconds>
                          up: how long creating the cluster and its ingress may take (default: --timeout if
                          given, else ${DEFAULT_SETTINGS.timeouts.createSeconds})
  --yes, -y               down: do not ask; deploy to a staging environment: apply after the diff without asking
  --purge-images          down: also remove WRight's image caches and local registry (kept by default)
  --registry-port <port>  the local registry's port on 127.0.0.1 (default ${DEFAULT_SETTINGS.images.registryPort})
  --image-mirrors <list>  registries that get a pull-through cache, comma-separated
                          (default ${DEFAULT_SETTINGS.images.mirrors.join(',')})
  --no-image-cache        up: run no image caches or local registry
  --dry-run               print the commands that would change something, run only the read-only ones
  --watch                 status: keep watching until Ctrl-C
  --restart               verify: also check that data survives restarting the postgres and redis pods
  --samples <n>           verify: ingress requests to time (default 20)
  --json                  status, doctor, verify, oidc, images: one JSON document on stdout, failures included
  --show-secret           oidc: include the client secret
                          ({"ok": false, "error": {"code", "message"}}); other commands refuse it
  --show-secret           oidc: include the client secret
  --env <name>            deploy, status --watch: an environment of wright.environments (.vscode/settings.json)
                          or "local" (the kind cluster, the default)
  --context <context>     deploy, status --watch: a kubeconfig context as an environment, with --overlay staging or
                          production; --kubeconfig then names the kubeconfig holding it (read, never written)
  --confirm-context <context>
                          deploy: confirms a deploy to that context without asking (required for production;
                          --yes alone is refused there)
  --force                 deploy: a cloud overlay onto a kind context anyway
  --verbose, -v           print every command run (secrets masked)
  --help, -h / --version

Environment: WRIGHT_HOME (state folder), WRIGHT_KIND, WRIGHT_KUBECTL, WRIGHT_DOCKER (tool paths).
`;

function port(value: string | undefined, flag: string, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 65535) throw new UsageError(`${flag} must be a port number (1-65535), not "${value}"`);
  return n;
}

export function parseCliArgs(argv: readonly string[], env: Readonly<Record<string, string | undefined>>): CliArgs {
  // `node dist/cli.js -- up --env-file x`: the leading `--` keeps Node's hands off --env-file (see src/cli.ts).
  const args = joinNegativeValues(argv[0] === '--' ? argv.slice(1) : argv);
  let parsed;
  try {
    parsed = parseArgs({
      args: [...args],
      allowPositionals: true,
      options: {
        'cluster-name': { type: 'string' },
        'http-port': { type: 'string' },
        'https-port': { type: 'string' },
        'env-file': { type: 'string' },
        manifests: { type: 'string' },
        overlay: { type: 'string' },
        kubeconfig: { type: 'string' },
        'node-image': { type: 'string' },
        timeout: { type: 'string' },
        'create-timeout': { type: 'string' },
        samples: { type: 'string' },
        restart: { type: 'boolean', default: false },
        recreate: { type: 'boolean', default: false },
        adopt: { type: 'boolean', default: false },
        watch: { type: 'boolean', default: false },
        'no-deploy': { type: 'boolean', default: false },
        yes: { type: 'boolean', short: 'y', default: false },
        'dry-run': { type: 'boolean', default: false },
        json: { type: 'boolean', default: false },
        verbose: { type: 'boolean', short: 'v', default: false },
        'show-secret': { type: 'boolean', default: false },
        'purge-images': { type: 'boolean', default: false },
        'no-image-cache': { type: 'boolean', default: false },
        'registry-port': { type: 'string' },
        'image-mirrors': { type: 'string' },
        env: { type: 'string' },
        context: { type: 'string' },
        'confirm-context': { type: 'string' },
        force: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
        version: { type: 'boolean', default: false },
      },
    });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const { values, positionals } = parsed;
  const [first, ...extra] = positionals;
  let command: CliArgs['command'];
  if (values.version) command = 'version';
  else if (values.help || first === undefined || first === 'help') command = 'help';
  else if ((COMMANDS as readonly string[]).includes(first)) command = first as CliCommand;
  else throw new UsageError(`unknown command "${first}"`);
  if (values.json && command !== 'help' && command !== 'version' && !JSON_COMMANDS.includes(command)) {
    throw new UsageError(`--json is not supported by "wright ${command}" (only by ${JSON_COMMANDS.join(', ')})`);
  }
  let forward: ForwardSpec | undefined;
  if (command === 'forward') forward = parseForward(extra);
  else if (extra.length > 0) throw new UsageError(`unexpected argument "${extra[0]}"`);
  if (values.watch && command !== 'status') throw new UsageError('--watch goes with status only: wright status --watch');
  if (values['purge-images'] && command !== 'down') throw new UsageError('--purge-images goes with down only: wright down --purge-images');
  let verify: VerifyFlags | undefined;
  if (command === 'verify') {
    const samples = values.samples === undefined ? 20 : Number(values.samples);
    if (!Number.isInteger(samples) || samples < 1 || samples > 1000) throw new UsageError(`--samples must be a whole number from 1 to 1000, not "${values.samples}"`);
    verify = { restart: values.restart, samples };
  } else if (values.restart || values.samples !== undefined) {
    throw new UsageError(`--restart and --samples belong to wright verify`);
  }
  const overlay = values.overlay ?? DEFAULT_SETTINGS.overlay;
  if (!['local', 'staging', 'production'].includes(overlay)) throw new UsageError(`--overlay must be local, staging or production, not "${overlay}"`);
  const readySeconds = wholeSeconds(values.timeout, '--timeout', DEFAULT_SETTINGS.timeouts.readySeconds);
  // --timeout bounds every wait of the command (creating the cluster and its ingress too), not only readiness;
  // --create-timeout sets the creation's own limit.
  const createSeconds = wholeSeconds(values['create-timeout'], '--create-timeout', values.timeout === undefined ? DEFAULT_SETTINGS.timeouts.createSeconds : readySeconds);

  const d = DEFAULT_SETTINGS;
  const httpPort = port(values['http-port'], '--http-port', d.ingress.httpPort);
  const httpsPort = port(values['https-port'], '--https-port', d.ingress.httpsPort);
  if (httpPort === httpsPort) throw new UsageError(`--http-port and --https-port must be different ports (both are ${httpPort})`);
  const settings: WrightSettings = {
    ...d,
    clusterName: values['cluster-name'] ?? d.clusterName,
    kubeconfig: values.kubeconfig ?? d.kubeconfig,
    tools: { kind: env.WRIGHT_KIND || d.tools.kind, kubectl: env.WRIGHT_KUBECTL || d.tools.kubectl, docker: env.WRIGHT_DOCKER || d.tools.docker },
    ingress: { httpPort, httpsPort },
    envFile: values['env-file'] ?? d.envFile,
    manifests: values.manifests ?? d.manifests,
    overlay,
    nodeImage: values['node-image'] ?? d.nodeImage,
    deployOnCreate: !values['no-deploy'],
    timeouts: { ...d.timeouts, readySeconds, createSeconds },
    images: {
      enabled: !values['no-image-cache'],
      mirrors: values['image-mirrors'] === undefined ? d.images.mirrors : values['image-mirrors'].split(',').map((m) => m.trim()).filter((m) => m !== ''),
      registryPort: port(values['registry-port'], '--registry-port', d.images.registryPort),
    },
  };
  const environment = environmentFlags(values, command);
  return {
    command,
    settings,
    environment,
    yes: values.yes,
    dryRun: values['dry-run'],
    json: values.json,
    verbose: values.verbose,
    recreate: values.recreate,
    showSecret: values['show-secret'],
    adopt: values.adopt,
    purgeImages: values['purge-images'],
    watch: values.watch,
    ...(forward ? { forward } : {}),
    ...(verify ? { verify } : {}),
  };
}

/** The longest --timeout (or --create-timeout) accepted: a day. */
const MAX_TIMEOUT_SECONDS = 86_400;

/** A --timeout or --create-timeout value: a whole number of seconds from 1 to a day. */
function wholeSeconds(value: string | undefined, flag: string, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > MAX_TIMEOUT_SECONDS) {
    throw new UsageError(`${flag} must be a whole number of seconds from 1 to ${MAX_TIMEOUT_SECONDS}, not "${value}"`);
  }
  return n;
}

/** --env / --context / --confirm-context / --force, checked against each other and the command. */
function environmentFlags(
  values: { env?: string; context?: string; overlay?: string; 'confirm-context'?: string; force?: boolean },
  command: CliArgs['command'],
): EnvironmentFlags {
  const { env, context } = values;
  const confirmContext = values['confirm-context'];
  if (env !== undefined && context !== undefined) throw new UsageError('--env and --context both name an environment: give one of them');
  if (context !== undefined && values.overlay === undefined) throw new UsageError('--context needs --overlay staging or production (the overlay to deploy there)');
  if ((confirmContext !== undefined || values.force) && command !== 'deploy') throw new UsageError('--confirm-context and --force belong to wright deploy');
  return {
    ...(env !== undefined ? { env } : {}),
    ...(context !== undefined ? { context } : {}),
    ...(values.overlay !== undefined ? { overlay: values.overlay } : {}),
    ...(confirmContext !== undefined ? { confirmContext } : {}),
    force: values.force ?? false,
  };
}

const VALUE_OPTIONS = new Set(['--cluster-name', '--http-port', '--https-port', '--env-file', '--manifests', '--overlay', '--kubeconfig', '--node-image', '--timeout', '--create-timeout', '--samples', '--registry-port', '--image-mirrors']);

/**
 * `--timeout -1` as `--timeout=-1`: node's parseArgs refuses a value that starts with "-" ("argument is
 * ambiguous"), which hides the real problem (a negative number) behind a message about dashes.
 */
function joinNegativeValues(argv: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const next = argv[i + 1];
    if (VALUE_OPTIONS.has(arg) && next !== undefined && /^-\d/.test(next)) {
      out.push(`${arg}=${next}`);
      i++;
    } else {
      out.push(arg);
    }
  }
  return out;
}

/** `postgres`, `staging-core/api 8080`, `postgres 15432:5432`. */
function parseForward(positionals: readonly string[]): ForwardSpec {
  const [target, ports, ...rest] = positionals;
  if (!target) throw new UsageError('forward needs a service, e.g. wright forward postgres');
  if (rest.length > 0) throw new UsageError(`unexpected argument "${rest[0]}"`);
  const parts = target.split('/');
  if (parts.length > 2 || parts.some((part) => !/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(part))) {
    throw new UsageError(`"${target}" is not a service name (lowercase letters, digits and dashes; optionally namespace/name)`);
  }
  const [namespace, service] = parts.length === 2 ? [parts[0] ?? '', parts[1] ?? ''] : [FORWARD_NAMESPACE, parts[0] ?? ''];
  if (ports === undefined) return { namespace, service };
  const match = /^(?:(\d+):)?(\d+)$/.exec(ports);
  if (!match) throw new UsageError(`"${ports}" is not a port: use PORT or LOCAL:PORT, e.g. 15432:5432`);
  const remotePort = port(match[2], 'the service port', 0);
  return { namespace, service, remotePort, ...(match[1] ? { localPort: port(match[1], 'the local port', 0) } : {}) };
}
