// Renders the bundled kind config for this run: the host ports that the ingress's container ports 80/443 are
// published on, and the node image when the user pinned another one. Mappings always listen on 127.0.0.1
// (project rule: nothing WRight starts is reachable from the LAN).
// kind reads its config with YAML 1.1 rules (an unquoted `true`, `yes` or `on` is a boolean), so the file is read
// and written with those rules: a string the yaml library would leave bare under YAML 1.2 (`on`) is quoted.
import { promises as fs } from 'node:fs';
import { parseDocument, isMap, isScalar, isSeq, type Document, type YAMLMap } from 'yaml';
import { CONTAINERD_REGISTRY_PATCH, KUBELET_PARALLEL_PULLS_PATCH } from '../images/kindNodePatches';
import { UserFacingError } from '../shared/failures';
import { KUBECTL_YAML } from './kubectlYaml';

export interface KindConfigOptions {
  readonly httpPort: number;
  readonly httpsPort: number;
  /** Empty: keep the image pinned in the file. */
  readonly nodeImage: string;
}

export function renderKindConfig(source: string, options: KindConfigOptions): string {
  const doc = parseDocument(source, KUBECTL_YAML);
  if (doc.errors.length > 0) throw invalid(doc.errors[0]!.message);
  const nodes = doc.get('nodes');
  if (!isSeq(nodes)) throw invalid('it has no `nodes` list');
  let mapped = 0;
  for (const node of nodes.items) {
    if (!isMap(node)) continue;
    if (options.nodeImage) node.set('image', options.nodeImage);
    const mappings = node.get('extraPortMappings');
    if (!isSeq(mappings)) continue;
    for (const mapping of mappings.items) {
      if (!isMap(mapping)) continue;
      const hostPort = hostPortFor(mapping, options);
      if (hostPort === undefined) continue;
      mapping.set('hostPort', hostPort);
      mapping.set('listenAddress', '127.0.0.1');
      mapped++;
    }
  }
  if (mapped === 0) throw invalid('no extraPortMappings for containerPort 80 or 443');
  // Images (src/images): containerd reads WRight's hosts.toml files, the kubelet pulls in parallel.
  addPatch(doc, 'containerdConfigPatches', CONTAINERD_REGISTRY_PATCH, 'config_path');
  addPatch(doc, 'kubeadmConfigPatches', KUBELET_PARALLEL_PULLS_PATCH, 'serializeImagePulls');
  return doc.toString();
}

/** Appends `patch` to the top-level list `key` unless a patch there already sets `marker` (the file's own wins). */
function addPatch(doc: Document, key: string, patch: string, marker: string): void {
  const list = doc.get(key);
  if (list !== undefined && !isSeq(list)) throw invalid(`\`${key}\` is not a list`);
  const present = isSeq(list) && list.items.some((item) => isScalar(item) && String(item.value).includes(marker));
  if (present) return;
  if (isSeq(list)) list.add(doc.createNode(patch));
  else doc.set(key, doc.createNode([patch]));
}

function hostPortFor(mapping: YAMLMap, options: KindConfigOptions): number | undefined {
  const containerPort = Number(mapping.get('containerPort'));
  if (containerPort === 80) return options.httpPort;
  if (containerPort === 443) return options.httpsPort;
  return undefined;
}

function invalid(why: string): UserFacingError {
  return new UserFacingError(`The kind cluster config is not usable: ${why}.`, [], undefined, 'manifests');
}

export async function renderKindConfigFile(sourcePath: string, targetPath: string, options: KindConfigOptions): Promise<void> {
  let source: string;
  try {
    source = await fs.readFile(sourcePath, 'utf8');
  } catch (error) {
    throw new UserFacingError(`Cannot read the kind cluster config ${sourcePath}: ${(error as Error).message}`, [], undefined, 'manifests');
  }
  await fs.writeFile(targetPath, renderKindConfig(source, options), { mode: 0o600 });
}
