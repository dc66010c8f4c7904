// One message source, two renderings. Engine messages and failure actions name settings and commands the way the
// extension shows them ("the setting wright.timeouts.readySeconds", the command "Create Staging Cluster"), through
// settingRef() and commandRef(); the extension shows them as written. The `wright` command passes every message
// through forTerminal(), which names the flag or environment variable and the `wright` subcommand instead, and
// turns an "Open Settings" action into terminalHint()'s line. A terminal never reads of VS Code settings.

/** Settings that a failure can point at. Each has its terminal counterpart below (the compiler checks it). */
export type SettingId =
  | 'wright.clusterName'
  | 'wright.kubeconfig'
  | 'wright.tools.kind'
  | 'wright.tools.kubectl'
  | 'wright.tools.docker'
  | 'wright.ingress.httpPort'
  | 'wright.ingress.httpsPort'
  | 'wright.envFile'
  | 'wright.manifests'
  | 'wright.overlay'
  | 'wright.nodeImage'
  | 'wright.deployOnCreate'
  | 'wright.timeouts.createSeconds'
  | 'wright.timeouts.readySeconds'
  | 'wright.images.enabled'
  | 'wright.images.mirrors'
  | 'wright.images.registryPort';

interface TerminalSetting {
  /** Replaces "the setting <id>" in a message. */
  readonly phrase: string;
  /** The CLI's line for an "Open Settings" action. */
  readonly hint: string;
}

const tool = (name: string): TerminalSetting => ({
  phrase: `the environment variable WRIGHT_${name.toUpperCase()}`,
  hint: `or set WRIGHT_${name.toUpperCase()} to its path, or put ${name} on PATH`,
});

const TERMINAL_SETTINGS: Readonly<Record<SettingId, TerminalSetting>> = {
  'wright.clusterName': { phrase: 'the flag --cluster-name', hint: 'choose another name: --cluster-name <name>' },
  'wright.kubeconfig': { phrase: 'the flag --kubeconfig', hint: 'choose another file: --kubeconfig <path>' },
  'wright.tools.kind': tool('kind'),
  'wright.tools.kubectl': tool('kubectl'),
  'wright.tools.docker': tool('docker'),
  'wright.ingress.httpPort': { phrase: 'the flag --http-port', hint: 'choose other ports: --http-port <port> --https-port <port>' },
  'wright.ingress.httpsPort': { phrase: 'the flag --https-port', hint: 'choose other ports: --http-port <port> --https-port <port>' },
  'wright.envFile': { phrase: 'the flag --env-file', hint: 'choose another file: --env-file <path>' },
  'wright.manifests': { phrase: 'the flag --manifests', hint: 'point --manifests <dir> at a folder holding a kustomization.yaml' },
  'wright.overlay': { phrase: 'the flag --overlay', hint: 'choose an overlay: --overlay local|staging|production' },
  'wright.nodeImage': { phrase: 'the flag --node-image', hint: 'choose another image: --node-image <image>' },
  'wright.deployOnCreate': { phrase: 'the flag --no-deploy', hint: 'create without deploying: --no-deploy' },
  'wright.timeouts.createSeconds': { phrase: 'the flag --create-timeout', hint: 'allow more time: --create-timeout <seconds>' },
  'wright.timeouts.readySeconds': { phrase: 'the flag --timeout', hint: 'allow more time: --timeout <seconds>' },
  'wright.images.enabled': { phrase: 'the flag --no-image-cache', hint: 'run without image caches: --no-image-cache' },
  'wright.images.mirrors': { phrase: 'the flag --image-mirrors', hint: 'list registry hosts: --image-mirrors docker.io,ghcr.io' },
  'wright.images.registryPort': { phrase: 'the flag --registry-port', hint: 'choose another port: --registry-port <port>' },
};

/** Commands that a message can point at: their title in VS Code, and the `wright` subcommand doing the same. */
const COMMANDS = {
  'wright.createCluster': { title: 'Create Staging Cluster', terminal: 'wright up' },
  'wright.deploy': { title: 'Deploy Services', terminal: 'wright deploy' },
  'wright.teardown': { title: 'Tear Down Staging Cluster', terminal: 'wright down' },
  'wright.checkPrerequisites': { title: 'Check Prerequisites', terminal: 'wright doctor' },
} as const;

export type CommandId = keyof typeof COMMANDS;

/** "the setting wright.tools.kind", as the extension says it. */
export function settingRef(id: SettingId): string {
  return `the setting ${id}`;
}

/** `"Create Staging Cluster"`, as the extension says it. */
export function commandRef(id: CommandId): string {
  return `"${COMMANDS[id].title}"`;
}

export function isSettingId(id: string): id is SettingId {
  return Object.prototype.hasOwnProperty.call(TERMINAL_SETTINGS, id);
}

/** The CLI's line for an action that opens a setting; undefined for a setting the terminal has no counterpart of. */
export function terminalHint(id: string): string | undefined {
  return isSettingId(id) ? TERMINAL_SETTINGS[id].hint : undefined;
}

/** The `wright` subcommand for an extension command, if there is one. */
export function terminalCommand(id: string): string | undefined {
  return Object.prototype.hasOwnProperty.call(COMMANDS, id) ? COMMANDS[id as CommandId].terminal : undefined;
}

const SETTING_PHRASE = /the setting (wright\.[A-Za-z.]+[A-Za-z])/g;

/** A message as a terminal user should read it: flags and environment variables, `wright` subcommands. */
export function forTerminal(text: string): string {
  let result = text.replace(SETTING_PHRASE, (whole, id: string) => (isSettingId(id) ? TERMINAL_SETTINGS[id].phrase : whole));
  for (const { title, terminal } of Object.values(COMMANDS)) result = result.split(`"${title}"`).join(`\`${terminal}\``);
  return result;
}
