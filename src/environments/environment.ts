// An environment is a cluster WRight deploys to and shows: the local kind cluster WRight creates (always there,
// named "local"), or a kubeconfig context the user added in the setting `wright.environments` (a shared staging
// or a production cluster). This file owns the shape and reading of that setting; it never touches a cluster.
import { homedir } from 'node:os';
import { isAbsolute, join, resolve } from 'node:path';

/** The name of the local kind cluster's environment; no added environment may take it. */
export const LOCAL_ENVIRONMENT = 'local';

export type RemoteOverlay = 'staging' | 'production';
export const REMOTE_OVERLAYS: readonly RemoteOverlay[] = ['staging', 'production'];

export interface LocalEnvironment {
  readonly kind: 'local';
  readonly name: typeof LOCAL_ENVIRONMENT;
}

/** A cluster WRight did not create: it deploys there (after a diff and a confirmation) and watches it, nothing more. */
export interface RemoteEnvironment {
  readonly kind: 'remote';
  readonly name: string;
  /** Absolute path of the kubeconfig that holds `context`: read, never written. */
  readonly kubeconfig: string;
  readonly context: string;
  readonly overlay: string;
  /** Put in front of every namespace of the overlay (`alice-` gives `alice-staging-infra`); '' for none. */
  readonly namespacePrefix: string;
}

export type Environment = LocalEnvironment | RemoteEnvironment;

export const LOCAL: LocalEnvironment = { kind: 'local', name: LOCAL_ENVIRONMENT };

/** One entry of `wright.environments` as the user writes it. */
export interface EnvironmentSetting {
  readonly name?: unknown;
  readonly kubeconfig?: unknown;
  readonly context?: unknown;
  readonly overlay?: unknown;
  readonly namespacePrefix?: unknown;
}

export interface ParsedEnvironments {
  readonly environments: readonly RemoteEnvironment[];
  /** One sentence per entry that was left out, saying what to fix. */
  readonly problems: readonly string[];
}

const NAME = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
/** A DNS-1123 label prefix: the namespace it makes must still be a valid name. */
const PREFIX = /^[a-z0-9]([-a-z0-9]*)?$/;

export interface EnvironmentPaths {
  /** Relative kubeconfig paths are relative to it (the workspace folder). */
  readonly baseDir: string;
  /** The kubeconfig used when an entry names none: kubectl's default ($KUBECONFIG's first file or ~/.kube/config). */
  readonly defaultKubeconfig: string;
}

/** Reads `wright.environments`: every valid entry, and a problem for each entry that is not. */
export function parseEnvironments(raw: unknown, paths: EnvironmentPaths): ParsedEnvironments {
  if (raw === undefined || raw === null) return { environments: [], problems: [] };
  if (!Array.isArray(raw)) return { environments: [], problems: ['wright.environments must be a list of { name, context, overlay, kubeconfig?, namespacePrefix? }.'] };
  const environments: RemoteEnvironment[] = [];
  const problems: string[] = [];
  const seen = new Set<string>();
  raw.forEach((entry: unknown, index) => {
    const where = `wright.environments[${index}]`;
    if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) {
      problems.push(`${where} must be an object with name, context and overlay.`);
      return;
    }
    const e = entry as EnvironmentSetting;
    const name = typeof e.name === 'string' ? e.name.trim() : '';
    if (!NAME.test(name)) {
      problems.push(`${where}: the name ${JSON.stringify(e.name ?? '')} must be lowercase letters, digits and dashes (e.g. staging-gke).`);
      return;
    }
    if (name === LOCAL_ENVIRONMENT) {
      problems.push(`${where}: "${LOCAL_ENVIRONMENT}" is the local kind cluster's name; choose another.`);
      return;
    }
    if (seen.has(name)) {
      problems.push(`${where}: a second environment named "${name}" (names must be unique).`);
      return;
    }
    const context = typeof e.context === 'string' ? e.context.trim() : '';
    if (context === '') {
      problems.push(`${where} (${name}): set "context" to a context of your kubeconfig (kubectl config get-contexts).`);
      return;
    }
    const overlay = typeof e.overlay === 'string' ? e.overlay : '';
    if (!(REMOTE_OVERLAYS as readonly string[]).includes(overlay)) {
      problems.push(`${where} (${name}): "overlay" must be staging or production${overlay === 'local' ? ' (the local overlay is for the kind cluster only)' : ''}.`);
      return;
    }
    const prefix = typeof e.namespacePrefix === 'string' ? e.namespacePrefix : '';
    if (prefix !== '' && !PREFIX.test(prefix)) {
      problems.push(`${where} (${name}): "namespacePrefix" must be lowercase letters, digits and dashes, starting with a letter or digit (e.g. alice-).`);
      return;
    }
    const kubeconfig = typeof e.kubeconfig === 'string' && e.kubeconfig.trim() !== '' ? expandPath(e.kubeconfig.trim(), paths.baseDir) : paths.defaultKubeconfig;
    seen.add(name);
    environments.push({ kind: 'remote', name, kubeconfig, context, overlay, namespacePrefix: prefix });
  });
  return { environments, problems };
}

export function expandPath(path: string, baseDir: string): string {
  const expanded = path === '~' ? homedir() : path.startsWith('~/') ? join(homedir(), path.slice(2)) : path;
  return isAbsolute(expanded) ? expanded : resolve(baseDir, expanded);
}

/** The context kind writes for a cluster (`kind-<name>`): WRight treats such a context as a kind cluster. */
export function isKindContext(context: string): boolean {
  return context.startsWith('kind-');
}
