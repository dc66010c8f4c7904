// Entry point of dist/execa.js: execa, bundled on its own so that activation does not parse it. src/process/runner.ts
// imports 'execa' dynamically; the build points that import here.
export * from 'execa';
