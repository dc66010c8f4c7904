// `npm start`: packages the extension, installs the .vsix into a confined code-server (state kept in .tools/start)
// and serves it on 127.0.0.1 until Ctrl+C. `npm start -- <folder>` opens that folder; WRIGHT_PORT picks the port.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { startCodeServer } from '../test/harness/codeServer';
import { ensureTestTools, repoRoot } from '../test/harness/testTools';

async function main(): Promise<void> {
  const tools = ensureTestTools();
  const { version } = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { version: string };
  console.log('Packaging the extension...');
  const packaged = spawnSync('npm', ['run', '--silent', 'package'], { cwd: repoRoot, stdio: ['ignore', 'ignore', 'inherit'] });
  if (packaged.status !== 0) throw new Error('npm run package failed');

  const baseDir = join(repoRoot, '.tools', 'start');
  const folder = process.argv[2] ? resolve(process.argv[2]) : join(baseDir, 'workspace');
  mkdirSync(folder, { recursive: true });
  const port = process.env.WRIGHT_PORT ? Number(process.env.WRIGHT_PORT) : undefined;
  const server = await startCodeServer({
    tools,
    baseDir,
    workspace: folder,
    installVsix: [join(repoRoot, `wright-staging-${version}.vsix`)],
    ...(port === undefined ? {} : { port }),
  });

  console.log(`\nWRight ${version} is running in VS Code (code-server): ${server.url}?folder=${encodeURIComponent(folder)}`);
  console.log('Press Ctrl+C to stop.');
  let stopping = false;
  const stop = (): void => {
    stopping = true;
    console.log('\nStopping code-server...');
    void server.stop().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  const ended = await server.exited;
  if (stopping) return;
  console.error(`code-server stopped on its own (${ended}):\n${server.output().split('\n').slice(-20).join('\n')}`);
  process.exit(1);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
