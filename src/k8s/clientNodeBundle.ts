// Entry point of dist/clientNode.js: the Kubernetes client, bundled on its own so that activation never loads it.
// Source files import '@kubernetes/client-node' dynamically; the build points those imports here.
export * from '@kubernetes/client-node';
