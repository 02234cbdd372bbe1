/**
 * Write one file under the install root while keeping what uninstall needs: the first time
 * ctnet touches a path, the original (if any) is copied to the backup dir and recorded with
 * its mode. Idempotent: identical bytes and mode are not rewritten.
 */
import { posix } from 'node:path';
import {
  copyFile,
  ensureDir,
  fileMode,
  pathExists,
  putSymlink,
  readBytesIfExists,
  symlinkTarget,
  writeFileAtomic,
} from '../../doors/fs.js';
import { backupPathOf, under } from './install-paths.js';
import { sha256, type ManagedFile, type Manifest } from './install-manifest.js';

export interface InstallTarget {
  root: string;
  manifest: Manifest;
  /** What was done, one line each, for the admin. */
  done: string[];
}

/** Create runtime dir `dir` (and missing parents) under the root, recording each one created. */
export function ensureDirTracked(t: InstallTarget, dir: string): void {
  const missing: string[] = [];
  for (let d = dir; d !== '/' && !pathExists(under(t.root, d)); d = posix.dirname(d)) missing.unshift(d);
  for (const d of missing) {
    ensureDir(under(t.root, d));
    if (!t.manifest.dirs.includes(d)) t.manifest.dirs.push(d);
  }
}

/** The manifest entry of `p`, created (with a backup of the original) on first touch. */
export function adopt(t: InstallTarget, p: string): ManagedFile {
  const known = t.manifest.files.find((f) => f.path === p);
  if (known) return known;
  const abs = under(t.root, p);
  const mode = fileMode(abs);
  const entry: ManagedFile = { path: p, existed: mode !== undefined, installedSha: '' };
  if (mode !== undefined) {
    entry.mode = mode;
    entry.backup = backupPathOf(p);
    ensureDirTracked(t, posix.dirname(entry.backup));
    copyFile(abs, under(t.root, entry.backup), mode);
  }
  t.manifest.files.push(entry);
  return entry;
}

/** Make runtime path `p` hold exactly `data` with `mode`; idempotent. */
export function putManaged(t: InstallTarget, p: string, data: Buffer | string, mode: number): void {
  const bytes = typeof data === 'string' ? Buffer.from(data) : data;
  ensureDirTracked(t, posix.dirname(p));
  const entry = adopt(t, p);
  entry.installedSha = sha256(bytes);
  const abs = under(t.root, p);
  const cur = readBytesIfExists(abs);
  if (cur && cur.equals(bytes) && fileMode(abs) === mode) return;
  writeFileAtomic(abs, bytes, mode);
  t.done.push(`wrote ${abs}`);
}

/** What a symlink to `target` is recorded as (install-manifest.ts installedSha). */
function symlinkIdentity(target: string): Buffer {
  return Buffer.from(`symlink:${target}`);
}

/** The bytes that identify runtime path `p` now: a symlink's target, else the file's bytes. */
export function currentIdentity(root: string, p: string): Buffer | undefined {
  const abs = under(root, p);
  const link = symlinkTarget(abs);
  return link !== undefined ? symlinkIdentity(link) : readBytesIfExists(abs);
}

/**
 * Make runtime path `p` a symlink to `target` (relative: the links of the self-contained
 * executable); idempotent.
 */
export function putManagedLink(t: InstallTarget, p: string, target: string): void {
  ensureDirTracked(t, posix.dirname(p));
  const entry = adopt(t, p);
  entry.installedSha = sha256(symlinkIdentity(target));
  const abs = under(t.root, p);
  if (symlinkTarget(abs) === target) return;
  putSymlink(abs, target);
  t.done.push(`linked ${abs} -> ${target}`);
}
