// A malformed .env line is reported by its number and its problem only: never its content (a password fragment
// after a wrong separator) and never its control characters, in `doctor`, `doctor --json` and `up`.
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, test } from 'node:test';
import { EXIT } from '../../src/cli/exitCodes';
import { terminalSafe } from '../../src/cli/terminalSafe';
import { parseEnv } from '../../src/lifecycle/envFile';
import { World } from '../fixtures/lifecycle/world';
import { runWright } from '../fixtures/cliProcess';

let world: World | undefined;
afterEach(() => {
  world?.dispose();
  world = undefined;
});

const SECRET = 's3cret-fragment-91';
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/;
const BAD_ENV = [`POSTGRES_PASSWORD: ${SECRET}=x`, '\u001b]0;pwned\u0007\u001b[31mRED=1', `REDIS_PASSWORD=${SECRET}`].join('\n');

test('the parser names the line and the problem, never the text', () => {
  const { problems } = parseEnv(BAD_ENV);
  assert.deepEqual(problems.map((p) => p.line), [1, 2]);
  assert.match(problems[0]!.message, /contains a space or ":" \(write KEY=value\)/);
  for (const problem of problems) {
    assert.ok(!problem.message.includes(SECRET) && !problem.message.includes('POSTGRES'), problem.message);
    assert.doesNotMatch(problem.message, CONTROL);
  }
});

test('doctor, doctor --json and up print no .env content and no control characters', { timeout: 120_000 }, async () => {
  const w = (world = new World());
  mkdirSync(w.workspace, { recursive: true });
  writeFileSync(join(w.workspace, '.env'), BAD_ENV);
  const env = { WRIGHT_FAKE_STATE: w.fakeState, WRIGHT_FAKE_LOG: w.fakeLog, HOME: w.home };
  const ports = ['--http-port', '18080', '--https-port', '18443', '--cluster-name', 'leak-test', '--no-image-cache'];
  for (const args of [['doctor', ...ports], ['doctor', ...ports, '--json'], ['up', ...ports, '--verbose']]) {
    const run = await runWright(w, args, { env });
    assert.equal(run.code, EXIT.prerequisites, `${args.join(' ')}: ${run.stderr}`);
    const output = run.stdout + run.stderr;
    assert.match(output, /line 1/, args.join(' '));
    assert.ok(!output.includes(SECRET), `${args.join(' ')} leaked: ${output}`);
    assert.doesNotMatch(output, CONTROL, `${args.join(' ')} printed a control character`);
  }
});

test('terminalSafe keeps newlines, tabs and Unicode, and masks every other control character', () => {
  assert.equal(terminalSafe('a\tb\n✓ ok'), 'a\tb\n✓ ok');
  assert.equal(terminalSafe('x\u001b[31my\u0007\r\u009b'), 'x?[31my???');
});
