// One WRight operation at a time per state folder, across processes: the CLI in a terminal, the extension in one
// or more VS Code windows. Creating, deploying and tearing down change the same cluster, ownership.json and .env;
// two at once ran `kind create` twice and appended two different generated credential blocks to .env.
//
// The lock is a file, `operation.lock`, created atomically with its content (written to a temporary file, then
// hard-linked into place: link fails if the name exists). It names its holder (pid, host, operation, cluster, start).
// A lock whose holder is a dead process on this host is stale and taken over; the takeover renames the file away
// first and checks it is still the stale one, so two processes breaking the same stale lock cannot both win.
// No dependency: proper-lockfile (the usual library) detects staleness by mtime refreshed on a timer, which
// needs a live timer in every holder and misjudges a suspended laptop; a pid on this host answers exactly.
import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { CancelledError } from '../process/errors';
import { UserFacingError } from '../shared/failures';
import type { OperationName } from './operationLock';

export interface LockHolder {
  readonly pid: number;
  readonly host: string;
  readonly operation: OperationName;
  readonly cluster: string;
  readonly startedAt: string;
  /** Tells this acquisition from an earlier one of the same process. */
  readonly token: string;
}

export interface AcquireOptions {
  /** How long to wait for another operation to finish; 0 refuses at once. */
  readonly waitMs: number;
  readonly signal: AbortSignal;
  /** Called once when the lock is held by someone else and we wait. */
  readonly onWait?: (holder: LockHolder) => void;
  readonly pollMs?: number;
}

export const LOCK_FILE = 'operation.lock';

/** "pid 4711, create, started 12:03" */
export function describeHolder(holder: LockHolder): string {
  const started = new Date(holder.startedAt);
  const time = Number.isNaN(started.getTime()) ? holder.startedAt : `${pad(started.getHours())}:${pad(started.getMinutes())}`;
  const where = holder.host === hostname() ? '' : ` on ${holder.host}`;
  return `pid ${holder.pid}${where}, ${holder.operation}, started ${time}`;
}

const pad = (n: number): string => String(n).padStart(2, '0');

export class StateFolderLock {
  private readonly file: string;

  constructor(private readonly stateDir: string) {
    this.file = join(stateDir, LOCK_FILE);
  }

  /** Takes the lock (waiting up to `waitMs`) and returns its release. */
  async acquire(operation: OperationName, cluster: string, options: AcquireOptions): Promise<() => Promise<void>> {
    await fs.mkdir(this.stateDir, { recursive: true });
    const mine: LockHolder = { pid: process.pid, host: hostname(), operation, cluster, startedAt: new Date().toISOString(), token: randomBytes(8).toString('hex') };
    const deadline = Date.now() + options.waitMs;
    let told = false;
    for (;;) {
      if (options.signal.aborted) throw new CancelledError();
      if (await this.tryCreate(mine)) return () => this.release(mine);
      const holder = await this.read();
      if (holder === 'gone') continue;
      if (holder !== 'unreadable' && this.isStale(holder)) {
        await this.breakStale(holder);
        continue;
      }
      if (holder === 'unreadable' && (await this.ageMs()) > 10_000) {
        // Not WRight's format and old: a damaged file, not a live holder.
        await fs.rm(this.file, { force: true });
        continue;
      }
      if (Date.now() >= deadline) throw busy(holder);
      if (!told && holder !== 'unreadable') {
        told = true;
        options.onWait?.(holder);
      }
      await sleep(Math.min(options.pollMs ?? 250, Math.max(1, deadline - Date.now())), options.signal);
    }
  }

  /** The current holder, if any (for messages). */
  async holder(): Promise<LockHolder | undefined> {
    const holder = await this.read();
    return typeof holder === 'object' ? holder : undefined;
  }

  private async tryCreate(mine: LockHolder): Promise<boolean> {
    const temp = `${this.file}.${mine.pid}.${mine.token}.tmp`;
    await fs.writeFile(temp, `${JSON.stringify(mine)}\n`, { mode: 0o600 });
    try {
      await fs.link(temp, this.file);
      return true;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
      // A file system without hard links: exclusive create (a reader may briefly see it empty: 'unreadable').
      try {
        await fs.writeFile(this.file, `${JSON.stringify(mine)}\n`, { flag: 'wx', mode: 0o600 });
        return true;
      } catch (fallbackError) {
        if ((fallbackError as NodeJS.ErrnoException).code === 'EEXIST') return false;
        throw fallbackError;
      }
    } finally {
      await fs.rm(temp, { force: true });
    }
  }

  private async read(): Promise<LockHolder | 'gone' | 'unreadable'> {
    let text: string;
    try {
      text = await fs.readFile(this.file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 'gone';
      throw error;
    }
    try {
      const value = JSON.parse(text) as Partial<LockHolder>;
      if (typeof value.pid === 'number' && typeof value.host === 'string' && typeof value.token === 'string') return value as LockHolder;
    } catch {
      // below
    }
    return 'unreadable';
  }

  private async ageMs(): Promise<number> {
    try {
      return Date.now() - (await fs.stat(this.file)).mtimeMs;
    } catch {
      return 0;
    }
  }

  /** A holder on this host whose process is gone. One on another host (a shared folder) is never judged stale. */
  private isStale(holder: LockHolder): boolean {
    if (holder.host !== hostname()) return false;
    if (holder.pid === process.pid) return false;
    try {
      process.kill(holder.pid, 0);
      return false;
    } catch (error) {
      return (error as NodeJS.ErrnoException).code === 'ESRCH';
    }
  }

  private async breakStale(stale: LockHolder): Promise<void> {
    const aside = `${this.file}.stale.${process.pid}.${randomBytes(4).toString('hex')}`;
    try {
      await fs.rename(this.file, aside);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
      throw error;
    }
    try {
      const moved = JSON.parse(await fs.readFile(aside, 'utf8')) as Partial<LockHolder>;
      // Someone else broke it first and took the lock: that fresh lock was moved by mistake; put it back.
      if (moved.token !== stale.token) await fs.link(aside, this.file).catch(() => undefined);
    } catch {
      // unreadable: it was the stale one's (or damaged); either way it stays removed
    } finally {
      await fs.rm(aside, { force: true });
    }
  }

  private async release(mine: LockHolder): Promise<void> {
    const holder = await this.read().catch(() => 'unreadable' as const);
    if (typeof holder === 'object' && holder.token === mine.token) await fs.rm(this.file, { force: true });
  }
}

function busy(holder: LockHolder | 'unreadable'): UserFacingError {
  const who = holder === 'unreadable' ? '' : ` (${describeHolder(holder)})`;
  return new UserFacingError(`Another WRight operation is running${who}. Wait for it to finish, or stop it, then try again.`, [], undefined, 'busy');
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(new CancelledError());
    };
    signal.addEventListener('abort', onAbort, { once: true });
  });
}
