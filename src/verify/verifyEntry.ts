// What the VS Code command needs of verification, as one module: the build makes it a bundle of its own
// (dist/verify.js, scripts/build.mjs) that loads when verification first runs, not on activation.
export { summarizeReport } from './report';
export { reportMarkdown } from './reportMarkdown';
export { verifyCluster } from './verifyCluster';
