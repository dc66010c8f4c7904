// An environment's namespace prefix (`alice-`): several people share one staging cluster, each in namespaces of
// their own. Every Namespace object and every namespaced object of the render moves to `<prefix><namespace>`.
// References inside the manifests are short names within one namespace, so nothing else needs rewriting.
import type { K8sDoc } from '../lifecycle/manifests';
import { WRIGHT_NAMESPACES } from '../shared/settings';
import type { Environment } from './environment';

export function prefixNamespace(prefix: string, namespace: string): string {
  return `${prefix}${namespace}`;
}

export function withNamespacePrefix(docs: readonly K8sDoc[], prefix: string): K8sDoc[] {
  if (prefix === '') return [...docs];
  return docs.map((doc) => {
    const metadata = doc.metadata;
    if (!metadata) return doc;
    if (doc.kind === 'Namespace' && typeof metadata.name === 'string') return { ...doc, metadata: { ...metadata, name: prefixNamespace(prefix, metadata.name) } };
    if (typeof metadata.namespace === 'string') return { ...doc, metadata: { ...metadata, namespace: prefixNamespace(prefix, metadata.namespace) } };
    return doc;
  });
}

/** WRight's namespaces as an environment names them (the view shows and watches these). */
export function environmentNamespaces(environment: Environment): readonly string[] {
  return environment.kind === 'remote' && environment.namespacePrefix !== '' ? WRIGHT_NAMESPACES.map((name) => prefixNamespace(environment.namespacePrefix, name)) : WRIGHT_NAMESPACES;
}
