// Parses the versions the tools report and judges them against what the bundled configuration needs.
// kind prints `kind v0.30.0 go1.24.6 linux/amd64`; `kubectl version --client -o json` prints
// {"clientVersion":{"major":"1","minor":"32","gitVersion":"v1.32.5",...},"kustomizeVersion":"v5.5.0"}.

export interface Version {
  readonly major: number;
  readonly minor: number;
  readonly patch: number;
  readonly text: string;
}

export type Verdict = { readonly level: 'ok' } | { readonly level: 'warn' | 'fail'; readonly why: string };

/** kind v0.20 added the config fields WRight uses; the pinned node image (Kubernetes 1.34) is built for kind v0.30. */
export const KIND_MINIMUM = { major: 0, minor: 20 };
export const KIND_RECOMMENDED = { major: 0, minor: 30 };
/** kubectl 1.27 carries kustomize v5 (`labels:`, `patches:`); Kubernetes supports kubectl within one minor of the API server (1.34). */
export const KUBECTL_MINIMUM = { major: 1, minor: 27 };
export const KUBECTL_RECOMMENDED = { major: 1, minor: 33 };

export function parseSemver(text: string): Version | undefined {
  const match = /v?(\d+)\.(\d+)\.(\d+)/.exec(text);
  if (!match) return undefined;
  return { major: Number(match[1]), minor: Number(match[2]), patch: Number(match[3]), text: `v${match[1]}.${match[2]}.${match[3]}` };
}

export function parseKindVersion(stdout: string): Version | undefined {
  const match = /^kind (v\d+\.\d+\.\d+\S*)/m.exec(stdout.trim());
  return match ? parseSemver(match[1]!) : undefined;
}

export function parseKubectlVersion(stdout: string): Version | undefined {
  try {
    const json = JSON.parse(stdout) as { clientVersion?: { gitVersion?: string } };
    const git = json.clientVersion?.gitVersion;
    return git ? parseSemver(git) : undefined;
  } catch {
    return undefined;
  }
}

function below(version: Version, floor: { major: number; minor: number }): boolean {
  return version.major < floor.major || (version.major === floor.major && version.minor < floor.minor);
}

export function judgeKind(version: Version): Verdict {
  if (below(version, KIND_MINIMUM)) return { level: 'fail', why: `kind ${version.text} is too old: WRight needs v${KIND_MINIMUM.major}.${KIND_MINIMUM.minor} or newer.` };
  if (below(version, KIND_RECOMMENDED)) {
    return { level: 'warn', why: `kind ${version.text} is older than v${KIND_RECOMMENDED.major}.${KIND_RECOMMENDED.minor}, which the pinned node image is built for; it may not start.` };
  }
  return { level: 'ok' };
}

export function judgeKubectl(version: Version): Verdict {
  if (below(version, KUBECTL_MINIMUM)) return { level: 'fail', why: `kubectl ${version.text} is too old: WRight needs v${KUBECTL_MINIMUM.major}.${KUBECTL_MINIMUM.minor} or newer (kustomize v5).` };
  if (below(version, KUBECTL_RECOMMENDED)) {
    return { level: 'warn', why: `kubectl ${version.text} is more than one minor version behind the cluster (Kubernetes 1.34); most commands still work.` };
  }
  return { level: 'ok' };
}
