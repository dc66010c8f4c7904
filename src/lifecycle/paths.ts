// Where WRight keeps its state. The extension uses its globalStorage folder; the CLI uses $WRIGHT_HOME, else a
// per-OS default: $XDG_STATE_HOME/wright or ~/.local/state/wright (Linux), ~/Library/Application Support/wright
// (macOS), %LOCALAPPDATA%\wright (Windows). The isolated kubeconfig lives there unless the user set one.
import { homedir } from 'node:os';
import { delimiter, isAbsolute, join, resolve } from 'node:path';

export interface LifecyclePaths {
  /** WRight's own folder: the isolated kubeconfig, ownership records, rendered configs. */
  readonly stateDir: string;
  /** The workspace the .env file and a custom kustomization are relative to (undefined: none open). */
  readonly workspaceDir: string | undefined;
  /** The bundled manifests folder (holding kind/, ingress-nginx/, overlays/). */
  readonly manifestsDir: string;
  /** The user's default kubeconfig, touched only when mergeIntoDefaultKubeconfig is on. */
  readonly defaultKubeconfig: string;
}

type Env = Readonly<Record<string, string | undefined>>;

export function defaultStateDir(env: Env = process.env, platform: NodeJS.Platform = process.platform, home: string = homedir()): string {
  if (env.WRIGHT_HOME) return resolve(env.WRIGHT_HOME);
  if (platform === 'win32') return join(env.LOCALAPPDATA ?? join(home, 'AppData', 'Local'), 'wright');
  if (platform === 'darwin') return join(home, 'Library', 'Application Support', 'wright');
  return join(env.XDG_STATE_HOME ?? join(home, '.local', 'state'), 'wright');
}

/** kubectl's rule: the first file of $KUBECONFIG, else ~/.kube/config. */
export function defaultKubeconfig(env: Env = process.env, home: string = homedir()): string {
  const first = (env.KUBECONFIG ?? '').split(delimiter).find((part) => part !== '');
  return first ?? join(home, '.kube', 'config');
}

/** The kubeconfig WRight hands to kind and kubectl: the setting (relative to the workspace) or the state folder's. */
export function isolatedKubeconfig(setting: string, paths: Pick<LifecyclePaths, 'stateDir' | 'workspaceDir'>): string {
  if (setting === '') return join(paths.stateDir, 'kubeconfig');
  const expanded = setting.startsWith('~/') ? join(homedir(), setting.slice(2)) : setting;
  return isAbsolute(expanded) ? expanded : resolve(paths.workspaceDir ?? paths.stateDir, expanded);
}

export function resolveInWorkspace(path: string, paths: Pick<LifecyclePaths, 'stateDir' | 'workspaceDir'>): string {
  return isAbsolute(path) ? path : resolve(paths.workspaceDir ?? paths.stateDir, path);
}
