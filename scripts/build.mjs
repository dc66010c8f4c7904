// Bundles the extension, the CLI and the lazily loaded Kubernetes client with esbuild.
// `node scripts/build.mjs` builds for development (source maps); `--production` minifies for packaging;
// `--watch` rebuilds on change.
import * as esbuild from 'esbuild';

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');
// `--outdir DIR`: tests build a throwaway copy (e.g. to run the `wright` bin entry as a real process).
const outdirIndex = process.argv.indexOf('--outdir');
const outdir = outdirIndex > 0 ? process.argv[outdirIndex + 1] : 'dist';

// Big libraries that activation does not need are not on the activation path: the entry bundles import them only
// dynamically (`await import(...)`), and this plugin points those imports at separate bundles that Node loads on
// first use: the Kubernetes client (about 3.5 MB) when the tree or a command needs the cluster, execa when WRight
// first runs a tool.
const LAZY_BUNDLES = {
  '@kubernetes/client-node': { out: 'clientNode', entry: 'src/k8s/clientNodeBundle.ts' },
  execa: { out: 'execa', entry: 'src/process/execaBundle.ts' },
};
const lazyBundles = {
  name: 'lazy-bundles',
  setup(build) {
    const names = Object.keys(LAZY_BUNDLES).map((name) => name.replace(/[/\\-]/g, (c) => `\\${c}`));
    build.onResolve({ filter: new RegExp(`^(${names.join('|')})$`) }, (args) => ({ path: `./${LAZY_BUNDLES[args.path].out}.js`, external: true }));
  },
};

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
    plugins: [lazyBundles],
  }),
  esbuild.context({
    ...common,
    entryPoints: Object.fromEntries(Object.values(LAZY_BUNDLES).map(({ out, entry }) => [out, entry])),
  }),
]);

if (watch) {
  await Promise.all(contexts.map((context) => context.watch()));
} else {
  await Promise.all(contexts.map((context) => context.rebuild()));
  await Promise.all(contexts.map((context) => context.dispose()));
}
