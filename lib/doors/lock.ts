/**
 * A host-wide lock for shared state (bridge MAC pinning, NAT tables, shims): an O_EXCL lock
 * file holding the owner's PID in /run/ctnet/locks (checked like the rest of the run dir,
 * lib/state/run-dir.ts). A lock whose owner is dead is taken over.
 * Waiting is bounded; a timeout is a clear error naming the lock and its holder.
 */
import { join } from 'node:path';
import { CtnetError } from '../errors.js';
import { createExclusive, readTrustedText, removeFile } from './fs.js';
import { runSubdir } from '../state/run-dir.js';

export interface LockOptions {
  runDir: string;
  timeoutMs?: number;
}

export async function withLock<T>(name: string, opts: LockOptions, fn: () => Promise<T>): Promise<T> {
  const file = join(runSubdir(opts.runDir, 'locks'), `${name.replace(/[^A-Za-z0-9_.-]/g, '_')}.lock`);
  const deadline = Date.now() + (opts.timeoutMs ?? 10_000);
  let delay = 2;
  for (;;) {
    if (createExclusive(file, `${process.pid}\n`)) break;
    const holder = readLockPid(file);
    if (holder && !isAlive(holder)) {
      takeOverStale(file, holder);
      continue;
    }
    if (Date.now() > deadline) {
      throw new CtnetError(`timed out waiting for lock "${name}" held by PID ${holder || '?'}`, {
        code: 'E_LOCK',
        hint: `if that process is stuck, stop it; the lock is ${file}`,
      });
    }
    await new Promise((r) => setTimeout(r, delay));
    delay = Math.min(delay * 2, 50);
  }
  try {
    return await fn();
  } finally {
    removeFile(file);
  }
}

/**
 * Remove a lock file whose owner died, without ever removing a live one: many waiters can see
 * the same dead owner at once, and a plain remove by the second one would delete the lock the
 * first one has just taken. The removal is done under a guard file (O_EXCL), and only if the
 * lock still names the dead owner. A guard left by a waiter that died inside this short
 * section is removed by the next waiter.
 */
function takeOverStale(file: string, deadPid: number): void {
  const guard = `${file}.takeover`;
  if (createExclusive(guard, `${process.pid}\n`)) {
    try {
      if (readLockPid(file) === deadPid) removeFile(file);
    } finally {
      removeFile(guard);
    }
    return;
  }
  const guardPid = readLockPid(guard);
  if (guardPid && !isAlive(guardPid)) removeFile(guard);
}

/**
 * Linux PIDs never exceed PID_MAX_LIMIT (2^22): a larger number in a lock file names no process.
 */
const PID_MAX_LIMIT = 4_194_304;

/** Whether process `pid` exists: ESRCH means gone, EPERM means alive (another user's). */
function isAlive(pid: number): boolean {
  if (pid > PID_MAX_LIMIT) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ESRCH') return false;
    if (code === 'EPERM') return true;
    throw e;
  }
}

/** The PID a lock file names (0 when absent or not a number). */
function readLockPid(file: string): number {
  const n = Number(readTrustedText(file, { maxBytes: 64 })?.trim());
  return Number.isInteger(n) && n > 0 ? n : 0;
}
