// Ends a child and everything it started. On POSIX the runner starts each child as the leader of its own
// process group, so signalling the group reaches grandchildren (kind -> docker, kubectl plugins) too.
import { execFile } from 'node:child_process';

export async function killTree(pid: number | undefined, graceMs: number): Promise<void> {
  if (pid === undefined) return;
  if (process.platform === 'win32') {
    await new Promise<void>((resolve) => execFile('taskkill', ['/pid', String(pid), '/T', '/F'], () => resolve()));
    return;
  }
  if (!signalGroup(pid, 'SIGTERM')) return;
  const deadline = Date.now() + graceMs;
  while (Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 50));
    if (!groupAlive(pid)) return;
  }
  signalGroup(pid, 'SIGKILL');
}

function signalGroup(pid: number, signal: NodeJS.Signals): boolean {
  try {
    process.kill(-pid, signal);
    return true;
  } catch {
    return false;
  }
}

function groupAlive(pid: number): boolean {
  try {
    process.kill(-pid, 0);
    return true;
  } catch {
    return false;
  }
}
