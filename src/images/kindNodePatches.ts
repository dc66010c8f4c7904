// What the kind config must say for images, added to the bundled config when it is rendered:
// - containerd's registry `config_path`, so the hosts.toml files WRight writes into the node are read (kind's
//   local-registry recipe; node images of kind v0.27+ set it already, the patch keeps older ones working);
// - the kubelet pulling images in parallel: by default it pulls one at a time (`serializeImagePulls: true`), so
//   the stack's six images queue behind Authentik's large one on the first create (docs/benchmarks.md).

export const CONTAINERD_REGISTRY_PATCH = ['[plugins."io.containerd.grpc.v1.cri".registry]', '  config_path = "/etc/containerd/certs.d"'].join('\n');

/** At most this many pulls at once: enough for the stack's images, few enough not to starve a laptop's link. */
export const MAX_PARALLEL_IMAGE_PULLS = 4;

export const KUBELET_PARALLEL_PULLS_PATCH = [
  'apiVersion: kubelet.config.k8s.io/v1beta1',
  'kind: KubeletConfiguration',
  'serializeImagePulls: false',
  `maxParallelImagePulls: ${MAX_PARALLEL_IMAGE_PULLS}`,
].join('\n');
