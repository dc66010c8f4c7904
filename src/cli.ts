#!/usr/bin/env node
// The `wright` command: the same engine as the extension, for terminals and CI. This file only wires the
// process (arguments, streams, Ctrl-C, the bundled manifests next to dist/) to src/cli/main.ts.
import { join } from 'node:path';
import { createInterface } from 'node:readline/promises';
import { main } from './cli/main';

const VERSION = '0.1.0';

const controller = new AbortController();
let interrupts = 0;
process.on('SIGINT', () => {
  // The first Ctrl-C cancels cleanly (a half-made cluster is removed); a second one leaves at once.
  if (++interrupts > 1) process.exit(130);
  process.stderr.write('\nCancelling (press Ctrl-C again to quit at once)...\n');
  controller.abort();
});

const confirm = process.stdin.isTTY
  ? async (question: string): Promise<boolean> => {
      const rl = createInterface({ input: process.stdin, output: process.stderr });
      try {
        return /^y(es)?$/i.test((await rl.question(question)).trim());
      } finally {
        rl.close();
      }
    }
  : undefined;

main(process.argv.slice(2), {
  stdout: (text) => void process.stdout.write(text),
  stderr: (text) => void process.stderr.write(text),
  env: process.env,
  cwd: process.cwd(),
  ...(confirm ? { confirm } : {}),
  signal: controller.signal,
  // dist/cli.js -> <package>/manifests (and src/cli.ts -> <repo>/manifests when run with tsx).
  manifestsDir: join(__dirname, '..', 'manifests'),
  version: VERSION,
  stdoutIsTty: process.stdout.isTTY === true,
}).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`wright: unexpected error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = 1;
  },
);
