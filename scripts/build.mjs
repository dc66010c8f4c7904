// Bundles the extension, the CLI and the lazily loaded Kubernetes client with esbuild.
// `node scripts/build.mjs` builds for development (source maps); `--production` minifies for packaging;
// `--watch` rebuilds on change.
import * as esbuild from 'esbuild';

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');
// `--outdir DIR`: tests build a throwaway copy (e.g. to run the `wright` bin entry as a real process).
const outdirIndex = process.argv.indexOf('--outdir');
const outdir = outdirIndex > 0 ? process.argv[outdirIndex + 1] : 'dist';

// What activation does not need is not on the activation path: the entry bundles import it only dynamically
// (`await import(...)`), and this plugin points those imports at separate bundles that Node loads on first use:
// the Kubernetes client (about 3.5 MB) when the tree or a command needs the cluster, execa when WRight first runs a
// tool, the live view's watcher and tree model when there is a cluster to watch, the PostgreSQL and Redis clients when
// verification runs.
const LAZY_BUNDLES = [
  { filter: /^@kubernetes\/client-node$/, out: 'clientNode', entry: 'src/k8s/clientNodeBundle.ts' },
  { filter: /^execa$/, out: 'execa', entry: 'src/process/execaBundle.ts' },
  { filter: /\/k8s\/clusterViewModel$/, out: 'liveView', entry: 'src/k8s/clusterViewModel.ts' },
  // "Verify Staging Cluster" and the database clients of `wright verify`: loaded only when verification runs.
  { filter: /\/verify\/verifyEntry$/, out: 'verify', entry: 'src/verify/verifyEntry.ts' },
  { filter: /^pg$/, out: 'pg', entry: 'src/verify/pgBundle.ts' },
  { filter: /^ioredis$/, out: 'ioredis', entry: 'src/verify/ioredisBundle.ts' },
];
/** Redirects the imports of every lazy bundle but `self` (a lazy bundle holds its own library). */
const lazyBundles = (self) => ({
  name: 'lazy-bundles',
  setup(build) {
    for (const bundle of LAZY_BUNDLES) {
      if (bundle !== self) build.onResolve({ filter: bundle.filter }, () => ({ path: `./${bundle.out}.js`, external: true }));
    }
  },
});

const common = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  minify: production,
  sourcemap: !production,
  sourcesContent: false,
  logLevel: 'info',
  outdir,
  // Dynamic import() of the external client bundle becomes a plain require(), which VS Code's CommonJS
  // extension host resolves next to the entry file.
  supported: { 'dynamic-import': false },
};

const contexts = await Promise.all([
  esbuild.context({
    ...common,
    entryPoints: { extension: 'src/extension.ts', cli: 'src/cli.ts' },
    external: ['vscode'],
    plugins: [lazyBundles()],
  }),
  // Each lazy bundle on its own; the live view's loads the Kubernetes client lazily too.
  // pg's optional native binding and its Cloudflare socket are never used by WRight (plain TCP on 127.0.0.1).
  ...LAZY_BUNDLES.map((bundle) =>
    esbuild.context({ ...common, entryPoints: { [bundle.out]: bundle.entry }, external: ['pg-native', 'pg-cloudflare'], plugins: [lazyBundles(bundle)] }),
  ),
]);

if (watch) {
  await Promise.all(contexts.map((context) => context.watch()));
} else {
  await Promise.all(contexts.map((context) => context.rebuild()));
  await Promise.all(contexts.map((context) => context.dispose()));
}
