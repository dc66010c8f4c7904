// Bundles the extension, the CLI and the lazily loaded Kubernetes client with esbuild.
// `node scripts/build.mjs` builds for development (source maps); `--production` minifies for packaging;
// `--watch` rebuilds on change.
import * as esbuild from 'esbuild';

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

// The Kubernetes client is big (about 1.5 MB minified) and slow to load, so it is not on the activation path:
// the entry bundles import it only dynamically, and this plugin points those imports at a separate bundle,
// dist/clientNode.js, that Node loads the first time the tree or a command needs the cluster.
const lazyClientNode = {
  name: 'lazy-client-node',
  setup(build) {
    build.onResolve({ filter: /^@kubernetes\/client-node$/ }, () => ({ path: './clientNode.js', external: true }));
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
  outdir: 'dist',
  // Dynamic import() of the external client bundle becomes a plain require(), which VS Code's CommonJS
  // extension host resolves next to the entry file.
  supported: { 'dynamic-import': false },
};

const contexts = await Promise.all([
  esbuild.context({
    ...common,
    entryPoints: { extension: 'src/extension.ts', cli: 'src/cli.ts' },
    external: ['vscode'],
    plugins: [lazyClientNode],
  }),
  esbuild.context({
    ...common,
    entryPoints: { clientNode: 'src/k8s/clientNodeBundle.ts' },
  }),
]);

if (watch) {
  await Promise.all(contexts.map((context) => context.watch()));
} else {
  await Promise.all(contexts.map((context) => context.rebuild()));
  await Promise.all(contexts.map((context) => context.dispose()));
}
