// The deploy's manifests: the overlay rendered by `kubectl kustomize`, with WRight's Secrets inserted right after
// the Namespaces (so they exist before the workloads that read them), serialised for `kubectl apply -f -`.
//
// YAML 1.1 vs 1.2: kubectl (and kind) read YAML with YAML 1.1 rules, where an unquoted `yes`, `no`, `on`, `off`,
// `y` or `n` is a boolean; the `yaml` library defaults to YAML 1.2, where they are strings. So the rendered
// stream is read with YAML 1.1 rules (WRight deploys exactly what `kubectl apply -k` would), and what goes to
// kubectl is JSON, which no YAML reader can misread.
import { promises as fs } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { ProcessFailedError } from '../process/errors';
import { UserFacingError } from '../shared/failures';
import type { Operation } from './operation';
import { resolveInWorkspace } from './paths';
import { kubectlKustomize } from './toolCalls';
import type { WorkloadRef } from './workloads';

export type K8sDoc = Record<string, unknown> & { kind?: unknown; metadata?: { name?: unknown; namespace?: unknown } };

/** The kustomization to deploy: the workspace's (setting `wright.manifests`) or the bundled overlay. */
export function kustomizationDir(op: Operation): string {
  const { manifests, overlay } = op.settings;
  return manifests ? resolveInWorkspace(manifests, op.deps.paths) : join(op.deps.paths.manifestsDir, 'overlays', overlay);
}

export async function renderOverlay(op: Operation, dir: string): Promise<K8sDoc[]> {
  const stat = await fs.stat(dir).catch(() => undefined);
  if (!stat?.isDirectory()) {
    throw new UserFacingError(
      `The manifests folder ${dir} does not exist.`,
      [{ title: 'Open Settings', command: 'workbench.action.openSettings', args: ['wright.manifests'] }],
      undefined,
      'manifests',
    );
  }
  let rendered: string;
  try {
    rendered = await op.exec(kubectlKustomize(op.target, dir));
  } catch (error) {
    if (!(error instanceof ProcessFailedError)) throw error;
    // kustomize's own words say what is wrong (a missing file, a bad patch); nothing has been applied yet.
    const reason = kustomizeError(error.stderr);
    throw new UserFacingError(
      `The manifests in ${dir} do not build, so nothing was applied: ${reason}`,
      [{ title: 'Open Settings', command: 'workbench.action.openSettings', args: ['wright.manifests'] }],
      error.stderr.trim(),
      'manifests',
    );
  }
  return parseManifestStream(rendered, dir);
}

/** The useful part of `kubectl kustomize`'s error: its first line without the `error: ` prefix. */
function kustomizeError(stderr: string): string {
  const first = stderr.split('\n').find((line) => line.trim() !== '') ?? 'kubectl kustomize failed';
  return first.replace(/^error:\s*/, '').trim();
}

/** Reads a YAML stream the way kubectl does: YAML 1.1 rules (an unquoted `yes` is `true`). */
export function parseManifestStream(text: string, source: string): K8sDoc[] {
  const docs = parseAllDocuments(text, { version: '1.1' });
  const docsWithErrors = docs.find((doc) => doc.errors.length > 0);
  if (docsWithErrors) {
    throw new UserFacingError(`The rendered manifests from ${source} are not valid YAML: ${docsWithErrors.errors[0]!.message}`, [], undefined, 'manifests');
  }
  return docs.map((doc) => doc.toJS() as unknown).filter((value): value is K8sDoc => typeof value === 'object' && value !== null && !Array.isArray(value));
}

const text = (value: unknown): string => (typeof value === 'string' ? value : '');
const identity = (doc: K8sDoc): string => `${text(doc.kind)}/${text(doc.metadata?.namespace)}/${text(doc.metadata?.name)}`;

/** The documents a deploy applies: the render, plus those of WRight's Secrets whose namespace it has. */
export function withSecrets(rendered: readonly K8sDoc[], secrets: readonly Record<string, unknown>[]): K8sDoc[] {
  const present = namespacesIn(rendered);
  const wanted = (secrets as K8sDoc[]).filter((secret) => present.has(text(secret.metadata?.namespace)));
  return insertSecrets(rendered, wanted);
}

/**
 * Inserts `secrets` after the last Namespace. A Secret of the same name already in the render (a placeholder)
 * is replaced, so the cluster never receives two versions of it.
 */
export function insertSecrets(docs: readonly K8sDoc[], secrets: readonly K8sDoc[]): K8sDoc[] {
  const replaced = new Set(secrets.map(identity));
  const kept = docs.filter((doc) => !replaced.has(identity(doc)));
  let at = 0;
  kept.forEach((doc, index) => {
    if (doc.kind === 'Namespace') at = index + 1;
  });
  return [...kept.slice(0, at), ...secrets, ...kept.slice(at)];
}

export function workloadsIn(docs: readonly K8sDoc[]): WorkloadRef[] {
  return docs.flatMap((doc) => {
    const kind = doc.kind;
    const name = doc.metadata?.name;
    const namespace = doc.metadata?.namespace;
    if ((kind !== 'Deployment' && kind !== 'StatefulSet') || typeof name !== 'string') return [];
    return [{ kind, name, namespace: typeof namespace === 'string' ? namespace : 'default' }];
  });
}

export function namespacesIn(docs: readonly K8sDoc[]): Set<string> {
  const names = new Set<string>();
  for (const doc of docs) {
    if (doc.kind === 'Namespace' && typeof doc.metadata?.name === 'string') names.add(doc.metadata.name);
    if (typeof doc.metadata?.namespace === 'string') names.add(doc.metadata.namespace);
  }
  return names;
}

/**
 * The stream for `kubectl apply -f -`: one JSON document per line. kubectl reads a stream that starts with `{` as
 * successive JSON values, so every scalar keeps its JSON type: the string "yes" stays a string.
 */
export function toKubectlStream(docs: readonly object[]): string {
  return docs.map((doc) => `${JSON.stringify(doc)}\n`).join('');
}
