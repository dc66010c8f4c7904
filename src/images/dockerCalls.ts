// The docker (and kind) invocations of the image caches, as ToolCall descriptions like src/lifecycle/toolCalls.ts:
// argument arrays composed from parts, how the output is read, and whether the call changes anything (a dry run
// prints those). Shapes follow the Docker CLI reference: flags first, `--label key=value`, `--publish ip:host:container`.
import type { RunResult } from '../process/runner';
import type { Target, ToolCall } from '../lifecycle/toolCalls';
import { LABELS, labelsOf, MANAGED_FILTER, REGISTRY_CONTAINER_PORT, REGISTRY_IMAGE, REGISTRY_STORAGE, type RegistryContainer } from './registryContainers';

/** A container as `docker container inspect` describes it, reduced to what WRight decides on. */
export interface ContainerState {
  readonly running: boolean;
  readonly labels: Readonly<Record<string, string>>;
  readonly networks: readonly string[];
  readonly image: string;
}

export interface VolumeState {
  readonly labels: Readonly<Record<string, string>>;
}

const nothing = (): void => undefined;

/** Docker's "no such ..." answers (exit 1) are answers, not failures; anything else is. */
function absentOr<T>(r: RunResult, parse: () => T): T | undefined {
  if (r.exitCode === 0) return parse();
  if (/no such (container|volume|image|object)/i.test(r.stderr)) return undefined;
  throw dockerError(r);
}

interface InspectedContainer {
  Name?: string;
  State?: { Running?: boolean };
  Config?: { Labels?: Record<string, string> | null; Image?: string };
  NetworkSettings?: { Networks?: Record<string, unknown> | null };
}

/**
 * Several containers in one call, by name: docker prints the ones that exist (a JSON array) and exits 1 naming the
 * first missing one. Absent names are simply not in the map.
 */
export const dockerContainersInspect = (t: Target, names: readonly string[]): ToolCall<Map<string, ContainerState>> => ({
  command: t.tools.docker,
  args: ['container', 'inspect', ...names],
  parse: (r) => {
    if (r.exitCode !== 0 && !/no such container/i.test(r.stderr)) throw dockerError(r);
    const docs = (r.stdout.trim() === '' ? [] : JSON.parse(r.stdout)) as InspectedContainer[];
    return new Map(
      docs.map((doc) => [
        (doc.Name ?? '').replace(/^\//, ''),
        { running: doc.State?.Running === true, labels: doc.Config?.Labels ?? {}, networks: Object.keys(doc.NetworkSettings?.Networks ?? {}), image: doc.Config?.Image ?? '' },
      ]),
    );
  },
  mutates: false,
  options: { quiet: true, allowedExitCodes: [1] },
});

/** One container (undefined when absent). */
export const dockerContainerInspect = (t: Target, name: string): ToolCall<ContainerState | undefined> => {
  const call = dockerContainersInspect(t, [name]);
  return { ...call, parse: (r) => call.parse(r).get(name) };
};

/** Several volumes in one call, like dockerContainersInspect. */
export const dockerVolumesInspect = (t: Target, names: readonly string[]): ToolCall<Map<string, VolumeState>> => ({
  command: t.tools.docker,
  args: ['volume', 'inspect', ...names],
  parse: (r) => {
    if (r.exitCode !== 0 && !/no such volume/i.test(r.stderr)) throw dockerError(r);
    const docs = (r.stdout.trim() === '' ? [] : JSON.parse(r.stdout)) as { Name?: string; Labels?: Record<string, string> | null }[];
    return new Map(docs.map((doc) => [doc.Name ?? '', { labels: doc.Labels ?? {} }]));
  },
  mutates: false,
  options: { quiet: true, allowedExitCodes: [1] },
});

function dockerError(r: RunResult): Error {
  return Object.assign(new Error(r.stderr.trim() || `docker exited with ${r.exitCode}`), { stderr: r.stderr });
}

/** Whether the pinned registry image is already on this machine (else the first create pulls it). */
export const dockerImagePresent = (t: Target, image: string = REGISTRY_IMAGE): ToolCall<boolean> => ({
  command: t.tools.docker,
  args: ['image', 'inspect', '--format', '{{.Id}}', image],
  parse: (r) => absentOr(r, () => true) ?? false,
  mutates: false,
  options: { quiet: true, allowedExitCodes: [1] },
});

const labelArgs = (labels: Readonly<Record<string, string>>): string[] => Object.entries(labels).flatMap(([key, value]) => ['--label', `${key}=${value}`]);

/**
 * The registry container: restarted by Docker with the machine, storage on its named volume (made by this `--mount`
 * when missing, with WRight's label, so that a purge finds it), a cache in proxy mode
 * (no credentials: it pulls public images anonymously), the local registry published on 127.0.0.1 only. Not on the
 * kind network yet: it is connected once kind has made the network (kind's own recipe), see wireNodes.ts.
 */
export const dockerRunRegistry = (t: Target, spec: RegistryContainer): ToolCall<void> => ({
  command: t.tools.docker,
  args: [
    'run',
    '--detach',
    '--restart',
    'always',
    '--name',
    spec.name,
    ...labelArgs(labelsOf(spec)),
    '--mount',
    `type=volume,source=${spec.name},target=${REGISTRY_STORAGE},volume-label=${LABELS.managed}=true`,
    ...(spec.remoteUrl ? ['--env', `REGISTRY_PROXY_REMOTEURL=${spec.remoteUrl}`] : []),
    ...(spec.hostPort !== undefined ? ['--publish', `127.0.0.1:${spec.hostPort}:${REGISTRY_CONTAINER_PORT}`] : []),
    REGISTRY_IMAGE,
  ],
  parse: nothing,
  mutates: true,
});

export const dockerStart = (t: Target, name: string): ToolCall<void> => ({ command: t.tools.docker, args: ['start', name], parse: nothing, mutates: true });

export const dockerNetworkConnect = (t: Target, network: string, name: string): ToolCall<void> => ({
  command: t.tools.docker,
  args: ['network', 'connect', network, name],
  parse: nothing,
  mutates: true,
});

/** Names of every container (running or not) that carries WRight's label. */
export const dockerManagedContainers = (t: Target): ToolCall<string[]> => ({
  command: t.tools.docker,
  args: ['ps', '--all', '--filter', MANAGED_FILTER, '--format', '{{.Names}}'],
  parse: lines,
  mutates: false,
});

export const dockerManagedVolumes = (t: Target): ToolCall<string[]> => ({
  command: t.tools.docker,
  args: ['volume', 'ls', '--filter', MANAGED_FILTER, '--format', '{{.Name}}'],
  parse: lines,
  mutates: false,
});

export const dockerRemoveContainers = (t: Target, names: readonly string[]): ToolCall<void> => ({
  command: t.tools.docker,
  args: ['rm', '--force', ...names],
  parse: nothing,
  mutates: true,
});

export const dockerRemoveVolumes = (t: Target, names: readonly string[]): ToolCall<void> => ({
  command: t.tools.docker,
  args: ['volume', 'rm', ...names],
  parse: nothing,
  mutates: true,
});

/** Creates folders inside a container (a kind node). */
export const dockerExecMkdir = (t: Target, container: string, dirs: readonly string[]): ToolCall<void> => ({
  command: t.tools.docker,
  args: ['exec', container, 'mkdir', '-p', ...dirs],
  parse: nothing,
  mutates: true,
});

/** Writes a file inside a container from stdin (kind's recipe: `docker exec -i node cp /dev/stdin path`). */
export const dockerExecWriteFile = (t: Target, container: string, path: string, content: string): ToolCall<void> => ({
  command: t.tools.docker,
  args: ['exec', '--interactive', container, 'cp', '/dev/stdin', path],
  parse: nothing,
  mutates: true,
  options: { input: content },
  inputSummary: `${content.length} bytes on stdin`,
});

/** Disk use of a registry's storage in KiB (`du -sk`, busybox in the registry image). */
export const dockerExecStorageKib = (t: Target, container: string): ToolCall<number> => ({
  command: t.tools.docker,
  args: ['exec', container, 'du', '-sk', REGISTRY_STORAGE],
  parse: (r) => Number(/^(\d+)/.exec(r.stdout.trim())?.[1] ?? Number.NaN),
  mutates: false,
  options: { quiet: true },
});

/** Every folder of a registry's repository store: the repositories and their tags are read from the layout. */
export const dockerExecRepositoryFolders = (t: Target, container: string): ToolCall<string[]> => ({
  command: t.tools.docker,
  args: ['exec', container, 'find', REPOSITORIES_ROOT, '-type', 'd'],
  parse: lines,
  // A registry that never stored anything has no repositories folder yet.
  mutates: false,
  options: { quiet: true, allowedExitCodes: [1] },
});

/** Where Distribution's filesystem driver keeps repositories (docker/registry/v2/repositories/<name>/_manifests/tags/<tag>). */
export const REPOSITORIES_ROOT = `${REGISTRY_STORAGE}/docker/registry/v2/repositories`;

export const kindGetNodes = (t: Target): ToolCall<string[]> => ({
  command: t.tools.kind,
  args: ['get', 'nodes', '--name', t.clusterName],
  parse: lines,
  mutates: false,
});

function lines(r: RunResult): string[] {
  return r.stdout.split(/\r?\n/).map((line) => line.trim()).filter((line) => line !== '');
}

export const isManaged = (state: ContainerState | VolumeState): boolean => state.labels[LABELS.managed] === 'true';
