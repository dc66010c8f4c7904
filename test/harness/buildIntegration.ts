// Bundles the integration suite for the extension host: test/integration/*.ts -> out/test/integration/*.js
// (CommonJS, like an extension). `vscode` comes from the host and mocha from node_modules, so both stay external.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import * as esbuild from 'esbuild';
import { repoRoot } from './testTools';

export const integrationOutDir = join(repoRoot, 'out', 'test', 'integration');

/** Builds the suite and returns the absolute path of its entry (the extensionTestsPath). */
export async function buildIntegrationSuite(): Promise<string> {
  const sourceDir = join(repoRoot, 'test', 'integration');
  const entryPoints = readdirSync(sourceDir)
    .filter((file) => file.endsWith('.ts'))
    .map((file) => join(sourceDir, file));
  await esbuild.build({
    entryPoints,
    outdir: integrationOutDir,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    sourcemap: 'inline',
    external: ['vscode', 'mocha'],
    logLevel: 'warning',
  });
  return join(integrationOutDir, 'index.js');
}
