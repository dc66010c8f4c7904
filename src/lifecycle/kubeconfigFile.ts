// Checks a kubeconfig file before kind or kubectl trip over it, so the message names the file and the fix
// rather than a Go stack of "error loading config file".
import { promises as fs } from 'node:fs';
import { parseDocument } from 'yaml';
import { UserFacingError } from '../shared/failures';

export type KubeconfigState = { readonly exists: false } | { readonly exists: true; readonly contexts: readonly string[] };

export async function inspectKubeconfig(path: string): Promise<KubeconfigState> {
  let text: string;
  try {
    text = await fs.readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return { exists: false };
    throw new UserFacingError(`The kubeconfig ${path} cannot be read (${code ?? (error as Error).message}). Check its permissions.`, [], undefined, 'kubeconfig');
  }
  const doc = parseDocument(text);
  const first = doc.errors[0];
  if (first) {
    const line = first.linePos?.[0].line;
    throw new UserFacingError(
      `The kubeconfig ${path} is not valid YAML${line ? ` (line ${line})` : ''}. Fix it, or move it away and WRight will write a new one.`,
      [],
      first.message,
      'kubeconfig',
    );
  }
  const value = doc.toJS() as unknown;
  if (value === null || value === undefined) return { exists: true, contexts: [] };
  if (typeof value !== 'object' || Array.isArray(value)) {
    throw new UserFacingError(`The kubeconfig ${path} is not a kubeconfig (expected a mapping with clusters, contexts and users).`, [], undefined, 'kubeconfig');
  }
  const contexts = (value as { contexts?: unknown }).contexts;
  const names = Array.isArray(contexts) ? contexts.map((c) => (c as { name?: unknown }).name).filter((n): n is string => typeof n === 'string') : [];
  return { exists: true, contexts: names };
}
