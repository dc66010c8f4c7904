#!/usr/bin/env -S node --
// The `wright` command: the same engine as the extension, for terminals and CI. This file only wires the
// process (arguments, streams, Ctrl-C / SIGTERM / SIGHUP, the bundled manifests next to dist/) to src/cli/main.ts.
// The `--` in the line above ends Node's own options: Node (20 and 24 measured) otherwise takes `--env-file x`
// even after the script name, and exits with "node: x: not found" before WRight runs (`wright up --env-file new.env`).
// `node dist/cli.js` has no such line: run it as `node -- dist/cli.js ...` or `node dist/cli.js -- ...` then.
import { join } from 'node:path';
import { createInterface } from 'node:readline/promises';
import { EXIT } from './cli/exitCodes';
import { main } from './cli/main';
import { cancelOnSignals, exitCodeForSignal } from './cli/signals';

const VERSION = '0.1.0';

// After SIGHUP the terminal is gone: writing to it fails (EIO, EPIPE), which must not stop the clean-up.
const ignore = (): void => undefined;
process.stdout.on('error', ignore);
process.stderr.on('error', ignore);
const write = (stream: NodeJS.WriteStream, text: string): void => {
  try {
    stream.write(text);
  } catch {
    // the terminal went away
  }
};
// The first SIGINT/SIGTERM/SIGHUP cancels cleanly (children ended, a half-made cluster removed); a second leaves at once.
const cancel = cancelOnSignals(process, (text) => write(process.stderr, text));

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

const ask = process.stdin.isTTY
  ? async (question: string): Promise<string> => {
      const rl = createInterface({ input: process.stdin, output: process.stderr });
      try {
        return await rl.question(question);
      } finally {
        rl.close();
      }
    }
  : undefined;

main(process.argv.slice(2), {
  stdout: (text) => write(process.stdout, text),
  stderr: (text) => write(process.stderr, text),
  env: process.env,
  cwd: process.cwd(),
  ...(confirm ? { confirm } : {}),
  ...(ask ? { ask } : {}),
  signal: cancel.signal,
  // dist/cli.js -> <package>/manifests (and src/cli.ts -> <repo>/manifests when run with tsx).
  manifestsDir: join(__dirname, '..', 'manifests'),
  version: VERSION,
  stdoutIsTty: process.stdout.isTTY === true,
}).then(
  (code) => {
    // Cancelled by a signal: say which, as a shell would (128 + its number). `forward` ends normally (0) on one.
    process.exitCode = cancel.received && code === EXIT.cancelled ? exitCodeForSignal(cancel.received) : code;
  },
  (error: unknown) => {
    write(process.stderr, `wright: unexpected error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = 1;
  },
);
