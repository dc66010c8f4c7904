// Reads and extends the workspace .env file. No dotenv-style package is installed, so this is a small strict
// parser: it reports every malformed line with its number instead of guessing (dotenv silently skips them).
// Accepted: blank lines, `# comments`, `KEY=value`, `export KEY=value`, values unquoted (a ` #` starts a
// comment), 'single-quoted' (literal) or "double-quoted" (\n, \", \\ escapes), each on one line.
// Writing never rewrites the user's lines: new keys are appended as one commented block.
import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { UserFacingError } from '../shared/failures';

export interface EnvProblem {
  readonly line: number;
  readonly message: string;
}

export interface ParsedEnv {
  readonly values: ReadonlyMap<string, string>;
  readonly problems: readonly EnvProblem[];
}

const KEY = /^[A-Za-z_][A-Za-z0-9_]*$/;

export function parseEnv(text: string): ParsedEnv {
  const values = new Map<string, string>();
  const problems: EnvProblem[] = [];
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  lines.forEach((raw, index) => {
    const line = index + 1;
    const trimmed = raw.trim();
    if (trimmed === '' || trimmed.startsWith('#')) return;
    const body = trimmed.startsWith('export ') ? trimmed.slice('export '.length).trimStart() : trimmed;
    const eq = body.indexOf('=');
    if (eq < 0) {
      problems.push({ line, message: 'expected KEY=value' });
      return;
    }
    const key = body.slice(0, eq).trim();
    if (!KEY.test(key)) {
      // Never quoted back: `POSTGRES_PASSWORD: s3cret=x` would put a password fragment into the message (and the
      // log, a notification, `doctor --json`); a line may also hold terminal control characters.
      const hint = /[:\s]/.test(key) ? ': it contains a space or ":" (write KEY=value)' : ' (letters, digits and _, not starting with a digit)';
      problems.push({ line, message: `the name before "=" is not a valid variable name${hint}` });
      return;
    }
    const value = parseValue(body.slice(eq + 1).trim());
    if (typeof value === 'object') {
      problems.push({ line, message: value.problem });
      return;
    }
    values.set(key, value);
  });
  return { values, problems };
}

function parseValue(text: string): string | { problem: string } {
  const quote = text[0];
  if (quote === '"' || quote === "'") {
    let end = -1;
    for (let i = 1; i < text.length; i++) {
      if (quote === '"' && text[i] === '\\') {
        i++;
        continue;
      }
      if (text[i] === quote) {
        end = i;
        break;
      }
    }
    if (end < 0) return { problem: `unterminated ${quote === '"' ? 'double' : 'single'} quote (values must fit on one line)` };
    const rest = text.slice(end + 1).trim();
    // The text itself is not quoted back: the line may hold a password, and the message reaches the log and a notification.
    if (rest !== '' && !rest.startsWith('#')) return { problem: 'unexpected text after the closing quote (quote the whole value)' };
    const inner = text.slice(1, end);
    if (quote === "'") return inner;
    return inner.replace(/\\(.)/g, (_, ch: string) => (ch === 'n' ? '\n' : ch === 'r' ? '\r' : ch === 't' ? '\t' : ch));
  }
  const comment = text.search(/\s#/);
  return (comment >= 0 ? text.slice(0, comment) : text).trim();
}

/** Reads the file; a missing file is an empty one. Malformed lines are an error naming each line. */
export async function readEnvFile(path: string): Promise<ReadonlyMap<string, string>> {
  let text: string;
  try {
    text = await fs.readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return new Map();
    throw new UserFacingError(`Cannot read ${path}: ${(error as Error).message}`, [], undefined, 'env-file');
  }
  const parsed = parseEnv(text);
  if (parsed.problems.length > 0) {
    const lines = parsed.problems.map((p) => `${path}:${p.line}: ${p.message}`);
    const first = parsed.problems[0]!;
    throw new UserFacingError(
      `${path} line ${first.line}: ${first.message}${parsed.problems.length > 1 ? ` (and ${parsed.problems.length - 1} more)` : ''}. Fix the line and try again.`,
      [],
      lines.join('\n'),
      'env-file',
    );
  }
  return parsed.values;
}

/**
 * Appends `entries` to the file as one block headed by `comment`, after the user's last line. Creates the
 * file (mode 0600: it holds passwords) when it does not exist. Values are expected to need no quoting.
 */
export async function appendEnvEntries(path: string, entries: ReadonlyArray<readonly [string, string]>, comment: string): Promise<void> {
  if (entries.length === 0) return;
  let existing = '';
  try {
    existing = await fs.readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  const separator = existing === '' ? '' : existing.endsWith('\n') ? '\n' : '\n\n';
  const block = [...comment.split('\n').map((line) => `# ${line}`), ...entries.map(([key, value]) => `${key}=${quoteIfNeeded(value)}`)].join('\n');
  if (existing === '') await fs.mkdir(dirname(path), { recursive: true });
  await writeAtomically(path, `${existing}${separator}${block}\n`);
}

/**
 * Replaces the file in one step (a temporary file beside it, then rename): a reader (another WRight, the user's
 * app) sees the old content or the new, never half of it, and a crash leaves the old file. A symlinked .env is
 * written through (its target is replaced, the link stays); an existing file keeps its permissions.
 */
async function writeAtomically(path: string, content: string): Promise<void> {
  const real = await fs.realpath(path).catch(() => path);
  const mode = await fs.stat(real).then((stat) => stat.mode & 0o777, () => 0o600);
  const temp = join(dirname(real), `.${basename(real)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    await fs.writeFile(temp, content, { mode });
    await fs.chmod(temp, mode);
    await fs.rename(temp, real);
  } catch (error) {
    await fs.rm(temp, { force: true });
    throw error;
  }
}

function quoteIfNeeded(value: string): string {
  if (/^[A-Za-z0-9_@%+=:,./~-]*$/.test(value)) return value;
  return `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`;
}
