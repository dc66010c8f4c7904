// Parses the `wright` command line with node's util.parseArgs and folds flags and environment into settings.
import { parseArgs } from 'node:util';
import { DEFAULT_SETTINGS, type WrightSettings } from '../shared/settings';

export const COMMANDS = ['up', 'deploy', 'down', 'status', 'doctor', 'forward'] as const;
export type CliCommand = (typeof COMMANDS)[number];

export interface CliArgs {
  readonly command: CliCommand | 'help' | 'version';
  readonly settings: WrightSettings;
  readonly yes: boolean;
  readonly dryRun: boolean;
  readonly json: boolean;
  readonly verbose: boolean;
  readonly recreate: boolean;
  /** up: take over an existing cluster WRight did not create (install the ingress and deploy into it). */
  readonly adopt: boolean;
  /** `forward` only: what to forward. */
  readonly forward?: ForwardSpec;
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
  doctor    Check prerequisites: docker, kind, kubectl, ports, cluster name, .env, kubeconfig
  forward <service> [[local:]port]
            Forward a service to 127.0.0.1 until Ctrl-C; survives pod restarts. <service> is a name in
            staging-infra or namespace/name; port is the service's port (default: its first).
            Example: wright forward postgres 15432:5432

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
  --yes, -y               down: do not ask
  --dry-run               print the commands that would change something, run only the read-only ones
  --json                  status, doctor: machine-readable output
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
        recreate: { type: 'boolean', default: false },
        adopt: { type: 'boolean', default: false },
        'no-deploy': { type: 'boolean', default: false },
        yes: { type: 'boolean', short: 'y', default: false },
        'dry-run': { type: 'boolean', default: false },
        json: { type: 'boolean', default: false },
        verbose: { type: 'boolean', short: 'v', default: false },
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
  let forward: ForwardSpec | undefined;
  if (command === 'forward') forward = parseForward(extra);
  else if (extra.length > 0) throw new UsageError(`unexpected argument "${extra[0]}"`);
  const overlay = values.overlay ?? DEFAULT_SETTINGS.overlay;
  if (!['local', 'staging', 'production'].includes(overlay)) throw new UsageError(`--overlay must be local, staging or production, not "${overlay}"`);
  const readySeconds = values.timeout === undefined ? DEFAULT_SETTINGS.timeouts.readySeconds : Number(values.timeout);
  if (!Number.isInteger(readySeconds) || readySeconds < 1 || readySeconds > MAX_TIMEOUT_SECONDS) {
    throw new UsageError(`--timeout must be a whole number of seconds from 1 to ${MAX_TIMEOUT_SECONDS}, not "${values.timeout}"`);
  }

  const d = DEFAULT_SETTINGS;
  const httpPort = port(values['http-port'], '--http-port', d.ingress.httpPort);
  const httpsPort = port(values['https-port'], '--https-port', d.ingress.httpsPort);
  if (httpPort === httpsPort) throw new UsageError(`--http-port and --https-port must be different ports (both are ${httpPort})`);
  // --timeout bounds every wait of the command (creating the cluster and its ingress too), not only readiness.
  const timeouts = values.timeout === undefined ? d.timeouts : { createSeconds: readySeconds, readySeconds };
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
    timeouts,
  };
  return {
    command,
    settings,
    yes: values.yes,
    dryRun: values['dry-run'],
    json: values.json,
    verbose: values.verbose,
    recreate: values.recreate,
    adopt: values.adopt,
    ...(forward ? { forward } : {}),
  };
}

/** The longest --timeout accepted: a day. */
const MAX_TIMEOUT_SECONDS = 86_400;

const VALUE_OPTIONS = new Set(['--cluster-name', '--http-port', '--https-port', '--env-file', '--manifests', '--overlay', '--kubeconfig', '--node-image', '--timeout']);

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
