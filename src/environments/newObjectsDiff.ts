// The diff of objects that cannot be dry-run yet: their namespace does not exist in the cluster, and a real API
// server refuses even a dry-run create in a missing namespace ("namespaces "x" not found"). They are new by
// definition, so their diff is the whole object, shown the way `kubectl diff` shows a new object (unified diff
// from nothing), Secret values masked as kubectl masks them.
import { stringify } from 'yaml';
import type { K8sDoc } from '../lifecycle/manifests';

const text = (value: unknown): string => (typeof value === 'string' ? value : '');

/** kubectl diff's file name for an object: `<group>.<version>.<Kind>.<namespace>.<name>`. */
export function diffFileName(doc: K8sDoc): string {
  const apiVersion = text(doc.apiVersion);
  const [group, version] = apiVersion.includes('/') ? apiVersion.split('/') : ['', apiVersion];
  return [group === '' ? undefined : group, version, text(doc.kind), text(doc.metadata?.namespace) || undefined, text(doc.metadata?.name)].filter((part) => part !== undefined).join('.');
}

export function newObjectsDiff(docs: readonly K8sDoc[]): string {
  return docs
    .map((doc) => {
      const lines = stringify(masked(doc)).trimEnd().split('\n');
      const file = diffFileName(doc);
      return [`diff -u -N /dev/null NEW/${file}`, '--- /dev/null', `+++ NEW/${file}`, `@@ -0,0 +1,${lines.length} @@`, ...lines.map((line) => `+${line}`)].join('\n');
    })
    .map((block) => `${block}\n`)
    .join('');
}

function masked(doc: K8sDoc): K8sDoc {
  if (doc.kind !== 'Secret') return doc;
  const hide = (values: unknown): Record<string, string> | undefined =>
    typeof values === 'object' && values !== null ? Object.fromEntries(Object.keys(values).map((key) => [key, '***'])) : undefined;
  const data = hide(doc.data);
  const stringData = hide(doc.stringData);
  return { ...doc, ...(data ? { data } : {}), ...(stringData ? { stringData } : {}) };
}
