// The two sides of a deploy's diff for an editor's side-by-side view: the live objects and the objects as the
// API server's dry run would store them, as YAML in the same order, one document per object. Fields that change
// on every write (resourceVersion, managedFields, the last-applied annotation, status) are left out so that only
// real changes show; Secret values are masked the way `kubectl diff` masks them.
import { stringify } from 'yaml';
import type { K8sDoc } from '../lifecycle/manifests';

export interface DiffSides {
  readonly live: string;
  readonly merged: string;
}

const text = (value: unknown): string => (typeof value === 'string' ? value : '');
const key = (doc: K8sDoc): string => `${text(doc.kind)}/${text(doc.metadata?.namespace)}/${text(doc.metadata?.name)}`;

/** The items of a `kubectl ... -o json` answer: a List, or one object. */
export function itemsOf(answer: unknown): K8sDoc[] {
  if (typeof answer !== 'object' || answer === null) return [];
  const record = answer as { kind?: unknown; items?: unknown };
  if (Array.isArray(record.items)) return record.items as K8sDoc[];
  return record.kind ? [answer as K8sDoc] : [];
}

/**
 * `order`: the rendered documents (their order is the files' order). `live`: what exists now; `merged`: the dry run's
 * result; `created`: objects that could not be dry-run (their namespace is new), shown as they were rendered.
 */
export function diffSides(order: readonly K8sDoc[], live: readonly K8sDoc[], merged: readonly K8sDoc[], created: readonly K8sDoc[]): DiffSides {
  const liveBy = new Map(live.map((doc) => [key(doc), doc]));
  const mergedBy = new Map([...merged, ...created].map((doc) => [key(doc), doc]));
  const left: string[] = [];
  const right: string[] = [];
  for (const doc of order) {
    const k = key(doc);
    const before = liveBy.get(k);
    const after = mergedBy.get(k);
    const [maskedBefore, maskedAfter] = doc.kind === 'Secret' ? maskSecrets(before, after) : [before, after];
    left.push(maskedBefore ? stringify(clean(maskedBefore)) : `# ${k}: not in the cluster\n`);
    right.push(maskedAfter ? stringify(clean(maskedAfter)) : `# ${k}: not in the dry run\n`);
  }
  return { live: left.join('---\n'), merged: right.join('---\n') };
}

function clean(doc: K8sDoc): K8sDoc {
  const { status: _status, ...rest } = doc as K8sDoc & { status?: unknown };
  const metadata = { ...(doc.metadata as Record<string, unknown> | undefined) };
  for (const field of ['managedFields', 'resourceVersion', 'uid', 'creationTimestamp', 'generation']) delete metadata[field];
  const annotations = { ...(metadata.annotations as Record<string, string> | undefined) };
  delete annotations['kubectl.kubernetes.io/last-applied-configuration'];
  if (Object.keys(annotations).length > 0) metadata.annotations = annotations;
  else delete metadata.annotations;
  return { ...rest, metadata };
}

/** kubectl diff's masking: `***` for a value on one side or unchanged, `*** (before)` / `*** (after)` for a change. */
function maskSecrets(before: K8sDoc | undefined, after: K8sDoc | undefined): [K8sDoc | undefined, K8sDoc | undefined] {
  const data = (doc: K8sDoc | undefined): Record<string, unknown> => ({ ...((doc as { data?: Record<string, unknown> } | undefined)?.data ?? {}), ...((doc as { stringData?: Record<string, unknown> } | undefined)?.stringData ?? {}) });
  const b = data(before);
  const a = data(after);
  const mask = (own: Record<string, unknown>, other: Record<string, unknown>, label: string): Record<string, string> =>
    Object.fromEntries(Object.keys(own).map((k) => [k, k in other && other[k] !== own[k] ? `*** (${label})` : '***']));
  const strip = (doc: K8sDoc | undefined, masked: Record<string, string>): K8sDoc | undefined => {
    if (!doc) return undefined;
    const { stringData: _s, ...rest } = doc as K8sDoc & { stringData?: unknown };
    return { ...rest, data: masked };
  };
  return [strip(before, mask(b, a, 'before')), strip(after, mask(a, b, 'after'))];
}
