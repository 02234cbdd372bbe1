/**
 * The one door to files. node:fs only (fs-extra would add to every hook's start-up, README,
 * and nothing here needs it). Missing files are answered with `undefined`, never an exception,
 * so callers decide what absence means.
 */
import { chmodSync, closeSync, constants, copyFileSync, existsSync, fstatSync, lstatSync, mkdirSync, mkdtempSync, openSync, readFileSync, readSync, readdirSync, readlinkSync, realpathSync, renameSync, rmSync, rmdirSync, statSync, symlinkSync, unlinkSync, writeFileSync, writeSync, type Stats } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { CtnetError } from './errors.js';

/** The file's text, or undefined when it does not exist. */
export function readTextIfExists(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch (e) {
    if (isNotFound(e)) return undefined;
    throw fileError('read', file, e);
  }
}

/** The file's text; a missing file is an error naming it. */
export function readText(file: string): string {
  const text = readTextIfExists(file);
  if (text === undefined) {
    throw new CtnetError(`cannot read "${file}": no such file`, { code: 'E_NOFILE' });
  }
  return text;
}

/** The file's bytes, or undefined when it does not exist. */
export function readBytesIfExists(file: string): Buffer | undefined {
  try {
    return readFileSync(file);
  } catch (e) {
    if (isNotFound(e)) return undefined;
    throw fileError('read', file, e);
  }
}

/** Write through a temporary file and rename, so readers never see half a file. */
export function writeFileAtomic(file: string, data: string | Buffer, mode = 0o644): void {
  const tmp = `${file}.ctnet-tmp-${process.pid}`;
  try {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(tmp, data, { mode });
    chmodSync(tmp, mode);
    renameSync(tmp, file);
  } catch (e) {
    removeFile(tmp);
    throw fileError('write', file, e);
  }
}

/** Write into an existing file in place (/proc/sys knobs cannot be renamed over). */
export function writeInPlace(file: string, data: string): void {
  try {
    writeFileSync(file, data);
  } catch (e) {
    throw fileError('write', file, e);
  }
}

/** Remove a file; idempotent: a file that is already gone is success. */
export function removeFile(file: string): void {
  try {
    unlinkSync(file);
  } catch (e) {
    if (!isNotFound(e)) throw fileError('remove', file, e);
  }
}

/** Remove a directory tree; idempotent. */
export function removeTree(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

export function ensureDir(dir: string, mode = 0o755): void {
  mkdirSync(dir, { recursive: true, mode });
}

export function pathExists(p: string): boolean {
  return existsSync(p);
}

export function isExecutableFile(p: string): boolean {
  try {
    const st = statSync(p);
    return st.isFile() && (st.mode & 0o111) !== 0;
  } catch {
    return false;
  }
}

export function listDir(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch (e) {
    if (isNotFound(e)) return [];
    throw fileError('list', dir, e);
  }
}

/** Target of a symlink (e.g. /sys/class/net/X/master), or undefined. */
export function readLinkIfExists(p: string): string | undefined {
  try {
    return readlinkSync(p);
  } catch (e) {
    if (isNotFound(e)) return undefined;
    throw fileError('read link', p, e);
  }
}

/** The canonical path (symlinks resolved), or undefined when it does not exist. */
export function realPathIfExists(p: string): string | undefined {
  try {
    return realpathSync(p);
  } catch (e) {
    if (isNotFound(e)) return undefined;
    throw fileError('resolve', p, e);
  }
}

export function copyFile(from: string, to: string, mode?: number): void {
  try {
    mkdirSync(dirname(to), { recursive: true });
    copyFileSync(from, to);
    if (mode !== undefined) chmodSync(to, mode);
  } catch (e) {
    throw fileError('copy to', to, e);
  }
}

/** Owner and permission bits of a path (symlinks followed), or undefined when it does not exist. */
export function ownerAndMode(p: string): { uid: number; mode: number } | undefined {
  try {
    const st = statSync(p);
    return { uid: st.uid, mode: st.mode & 0o7777 };
  } catch {
    return undefined;
  }
}

/** Last modification time in ms (symlinks followed), or undefined when it does not exist. */
export function modifiedMs(p: string): number | undefined {
  try {
    return statSync(p).mtimeMs;
  } catch {
    return undefined;
  }
}

/** A directory (symlinks followed); false when missing. */
export function isDirectory(p: string): boolean {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
}

export function fileMode(p: string): number | undefined {
  return ownerAndMode(p)?.mode;
}

/** Create a file only if it does not exist yet (O_EXCL). Returns false when it existed. */
export function createExclusive(file: string, data: string): boolean {
  try {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, data, { flag: 'wx' });
    return true;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw fileError('create', file, e);
  }
}

/**
 * Write text to an open descriptor (a hook's stdout/stderr), whole, synchronously: cheaper than
 * setting up Node's process.stdout/stderr streams in every hook run. A pipe left
 * non-blocking by the reader is waited on (EAGAIN); a reader that went away (EPIPE) or a closed
 * descriptor (EBADF) ends the output quietly: the hook's work and exit code do not depend on it.
 */
export function writeToFd(fd: number, text: string): void {
  const buf = Buffer.from(text);
  let off = 0;
  let waits = 0;
  while (off < buf.length) {
    try {
      off += writeSync(fd, buf, off);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'EAGAIN' && waits++ < 5000) {
        Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 1);
        continue;
      }
      if (code === 'EPIPE' || code === 'EAGAIN' || code === 'EBADF') return;
      throw e;
    }
  }
}

export function isNotFound(e: unknown): boolean {
  const code = (e as NodeJS.ErrnoException | undefined)?.code;
  return code === 'ENOENT' || code === 'ENOTDIR';
}

function fileError(action: string, file: string, cause: unknown): CtnetError {
  const why = (cause as NodeJS.ErrnoException)?.code ?? String(cause);
  return new CtnetError(`cannot ${action} "${file}": ${why}`, { code: 'E_FILE', cause });
}

/** Rename (move) a file within one filesystem; keeps its bytes and mode. */
export function renameFile(from: string, to: string): void {
  try {
    renameSync(from, to);
  } catch (e) {
    throw fileError(`move "${from}" to`, to, e);
  }
}

/** Remove a directory when it is empty; idempotent. Returns whether it is gone. */
export function removeDirIfEmpty(dir: string): boolean {
  try {
    rmdirSync(dir);
    return true;
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (isNotFound(e)) return true;
    if (code === 'ENOTEMPTY' || code === 'EEXIST') return false;
    throw fileError('remove', dir, e);
  }
}

/** Create a temporary directory (mkdtemp) under the system temp dir. */
export function makeTempDir(prefix: string): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/**
 * Whether `dir` and every directory above it can be trusted by `uid`: each component (not
 * followed if a symlink: lstat) is a real directory owned by root or `uid`, and nobody else
 * can write it; a directory others can write counts only with the sticky bit (like /tmp),
 * where others cannot replace what root or `uid` made in it. Missing: false.
 */
export function trustedDir(dir: string, uid: number): boolean {
  const parts = resolve(dir).split('/').filter((p) => p.length > 0);
  let at = '/';
  for (let i = 0; i <= parts.length; i++) {
    if (i > 0) at = join(at, parts[i - 1]!);
    let st;
    try {
      st = lstatSync(at);
    } catch (e) {
      if (isNotFound(e)) return false;
      throw fileError('inspect', at, e);
    }
    if (!st.isDirectory() || (st.uid !== 0 && st.uid !== uid)) return false;
    const othersWrite = (st.mode & 0o022) !== 0;
    if (othersWrite && (i === parts.length || (st.mode & 0o1000) === 0)) return false;
  }
  return true;
}

/** Create `dir` (mode 0700, whatever the umask) unless it exists; idempotent. */
export function ensurePrivateDir(dir: string): void {
  try {
    mkdirSync(dir, { mode: 0o700 });
    chmodSync(dir, 0o700);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw fileError('create', dir, e);
  }
}

/** A regular file, not a symlink (lstat); false when missing. */
export function isRegularFile(p: string): boolean {
  try {
    return lstatSync(p).isFile();
  } catch (e) {
    if (isNotFound(e)) return false;
    throw fileError('inspect', p, e);
  }
}

/**
 * Write `data` to `file` (mode 0600) through a temp file next to it, created exclusively and
 * never through a symlink (O_EXCL|O_NOFOLLOW: a name someone else took fails), then renamed
 * over `file`.
 */
export function createPrivateFile(file: string, data: string): void {
  const tmp = `${file}.tmp-${process.pid}-${Math.random().toString(36).slice(2)}`;
  let fd: number | undefined;
  try {
    fd = openSync(tmp, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW, 0o600);
    writeFileSync(fd, data);
    closeSync(fd);
    fd = undefined;
    renameSync(tmp, file);
  } catch (e) {
    if (fd !== undefined) closeSync(fd);
    rmSync(tmp, { force: true });
    throw fileError('write', file, e);
  }
}

/** The target of symlink `p`; undefined when `p` is missing or not a symlink. */
export function symlinkTarget(p: string): string | undefined {
  try {
    return lstatSync(p).isSymbolicLink() ? readlinkSync(p) : undefined;
  } catch (e) {
    if (isNotFound(e)) return undefined;
    throw fileError('inspect', p, e);
  }
}

/** Make `p` a symlink to `target`, replacing what is there in one rename. */
export function putSymlink(p: string, target: string): void {
  const tmp = `${p}.tmp-${process.pid}-${Math.random().toString(36).slice(2)}`;
  try {
    symlinkSync(target, tmp);
    renameSync(tmp, p);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw fileError('link', p, e);
  }
}

/** The most a config, include or other input file may hold (1 MiB). */
export const MAX_INPUT_BYTES = 1024 * 1024;

export interface ReadConfigOptions {
  /** Refuse a file larger than this (default MAX_INPUT_BYTES). */
  maxBytes?: number;
  /**
   * Refuse a symlink (O_NOFOLLOW). Leave false where one is legitimate: OpenVZ 7 links
   * /etc/vz/conf/<CT>.conf into the CT's private area, and LXC follows links in its configs
   * and includes; those live in directories only root writes, where a link grants nothing.
   */
  noFollow?: boolean;
}

/**
 * The text of an input file (config, include, template), or undefined when it does not
 * exist. Bounded: opened with O_NONBLOCK (a FIFO does not block the open), then `fstat` on
 * that descriptor BEFORE reading: anything but a regular file (FIFO, device such as
 * /dev/zero, directory, socket) or a file over `maxBytes` is refused with one line naming
 * it. At most maxBytes + 1 bytes are read, so a file that grows meanwhile is refused too.
 */
export function readConfigFile(file: string, opts: ReadConfigOptions = {}): string | undefined {
  const maxBytes = opts.maxBytes ?? MAX_INPUT_BYTES;
  const flags = constants.O_RDONLY | constants.O_NONBLOCK | constants.O_NOCTTY | (opts.noFollow ? constants.O_NOFOLLOW : 0);
  let fd: number;
  try {
    fd = openSync(file, flags);
  } catch (e) {
    if (isNotFound(e)) return undefined;
    if ((e as NodeJS.ErrnoException).code === 'ELOOP') throw inputError(file, 'is a symbolic link (not followed here)');
    throw fileError('read', file, e);
  }
  try {
    const st = fstatSync(fd);
    if (!st.isFile()) throw inputError(file, `is ${fileKind(st)}, not a regular file`);
    if (st.size > maxBytes) throw inputError(file, `is larger than ${maxBytes} bytes (${st.size})`);
    const buf = Buffer.alloc(Math.min(st.size, maxBytes) + 1);
    let got = 0;
    for (;;) {
      const n = readSync(fd, buf, got, buf.length - got, null);
      if (n === 0) break;
      got += n;
      if (got > maxBytes) throw inputError(file, `is larger than ${maxBytes} bytes (it grew while read)`);
      if (got === buf.length) break;
    }
    return buf.subarray(0, got).toString('utf8');
  } catch (e) {
    if (e instanceof CtnetError) throw e;
    throw fileError('read', file, e);
  } finally {
    closeSync(fd);
  }
}

/** readConfigFile, and a missing file is an error naming it. */
export function readConfigFileRequired(file: string, opts: ReadConfigOptions = {}): string {
  const text = readConfigFile(file, opts);
  if (text === undefined) throw new CtnetError(`cannot read "${file}": no such file`, { code: 'E_NOFILE' });
  return text;
}

function inputError(file: string, problem: string): CtnetError {
  return new CtnetError(`"${file}" ${problem}: refusing to read it`, { code: 'E_INPUT' });
}

function fileKind(st: Stats): string {
  if (st.isDirectory()) return 'a directory';
  if (st.isFIFO()) return 'a FIFO';
  if (st.isCharacterDevice()) return 'a character device';
  if (st.isBlockDevice()) return 'a block device';
  if (st.isSocket()) return 'a socket';
  return 'not a regular file';
}
