/**
 * The one door to files. node:fs only (fs-extra would add to every hook's start-up, README,
 * and nothing here needs it). Missing files are answered with `undefined`, never an exception,
 * so callers decide what absence means.
 */
import {
  chmodSync,
  closeSync,
  constants,
  copyFileSync,
  existsSync,
  fchmodSync,
  fstatSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readFileSync,
  readSync,
  readdirSync,
  readlinkSync,
  realpathSync,
  renameSync,
  rmSync,
  rmdirSync,
  statSync,
  symlinkSync,
  unlinkSync,
  writeFileSync,
  writeSync,
  type Stats,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { CtnetError } from '../errors.js';

/** The file's text, or undefined when it does not exist. */
export function readTextIfExists(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch (e) {
    if (isNotFound(e)) return undefined;
    throw fileError('read', file, e);
  }
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

/**
 * Write through a temporary file and rename, so readers never see half a file. The temporary
 * file is created exclusively and without following symlinks (O_CREAT|O_EXCL|O_NOFOLLOW) under
 * a fresh name in the target's directory, so nothing planted there beforehand is written
 * through; its mode is set on the descriptor, whatever the umask.
 */
export function writeFileAtomic(file: string, data: string | Buffer, mode = 0o644): void {
  let tmp: string | undefined;
  try {
    ensureDir(dirname(file));
    const created = createTempFile(dirname(file), basename(file), mode);
    tmp = created.path;
    try {
      writeAllToFd(created.fd, typeof data === 'string' ? Buffer.from(data) : data);
      fchmodSync(created.fd, mode);
    } finally {
      closeSync(created.fd);
    }
    renameSync(tmp, file);
  } catch (e) {
    if (tmp !== undefined) removeFile(tmp);
    throw e instanceof CtnetError ? e : fileError('write', file, e);
  }
}

/**
 * A new file `.<base>.ctnet-tmp-<pid>-<random>` in `dir`, opened for writing with
 * O_CREAT|O_EXCL|O_NOFOLLOW. The name need not be secret (exclusive creation is what makes
 * it safe); it is fresh so that a name someone took first only costs another try.
 */
export function createTempFile(dir: string, base: string, mode = 0o600): { fd: number; path: string } {
  const flags = constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW;
  for (let attempt = 0; ; attempt++) {
    const path = join(dir, `.${base}.ctnet-tmp-${process.pid}-${Math.random().toString(36).slice(2, 10)}`);
    try {
      return { fd: openSync(path, flags, mode & 0o777), path };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST' || attempt >= 16) throw fileError('create', path, e);
    }
  }
}

function writeAllToFd(fd: number, buf: Buffer): void {
  let off = 0;
  while (off < buf.length) off += writeSync(fd, buf, off);
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

/**
 * Create a directory (and its missing parents) with exactly `mode`, whatever the umask (each
 * directory this call creates is chmodded after mkdir); directories that exist are left as
 * they are. Idempotent and safe against a concurrent creator.
 */
export function ensureDir(dir: string, mode = 0o755): void {
  const abs = resolve(dir);
  const missing: string[] = [];
  for (let d = abs; ; d = dirname(d)) {
    if (lstatIfExists(d)) break;
    missing.unshift(d);
    if (dirname(d) === d) break;
  }
  for (const d of missing) {
    try {
      mkdirSync(d, mode);
      chmodSync(d, mode);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw fileError('create directory', d, e);
    }
  }
}

export function pathExists(p: string): boolean {
  return existsSync(p);
}

export function isExecutableFile(p: string): boolean {
  try {
    const st = statSync(p);
    return st.isFile() && (st.mode & 0o111) !== 0;
  } catch (e) {
    if (isNotFound(e)) return false;
    throw fileError('inspect', p, e);
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
    ensureDir(dirname(to));
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
  } catch (e) {
    if (isNotFound(e)) return undefined;
    throw fileError('inspect', p, e);
  }
}

/** A directory (symlinks followed); false when missing. */
export function isDirectory(p: string): boolean {
  try {
    return statSync(p).isDirectory();
  } catch (e) {
    if (isNotFound(e)) return false;
    throw fileError('inspect', p, e);
  }
}

export function fileMode(p: string): number | undefined {
  return ownerAndMode(p)?.mode;
}

/** Create a file only if it does not exist yet (O_EXCL). Returns false when it existed. */
export function createExclusive(file: string, data: string): boolean {
  try {
    ensureDir(dirname(file));
    writeFileSync(file, data, { flag: 'wx', mode: 0o644 });
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

/** The target of symlink `p`; undefined when `p` is missing or not a symlink. */
export function symlinkTarget(p: string): string | undefined {
  return lstatIfExists(p)?.isSymbolicLink() ? readLinkIfExists(p) : undefined;
}

/**
 * Create the symlink `p` -> `target` only if nothing is at `p` (symlink(2) is atomic and
 * exclusive): true when created, false when something was there. The target is data for
 * readLinkIfExists, never a path anyone follows.
 */
export function createSymlinkExclusive(p: string, target: string): boolean {
  try {
    symlinkSync(target, p);
    return true;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw fileError('link', p, e);
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
  const flags =
    constants.O_RDONLY | constants.O_NONBLOCK | constants.O_NOCTTY | (opts.noFollow ? constants.O_NOFOLLOW : 0);
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

/**
 * Owners whose files and directories ctnet trusts: root, and the effective uid when that is
 * not root (so rootless tests can work on a temp dir they own). Nobody else.
 */
function trustedOwners(): readonly number[] {
  const euid = process.geteuid?.() ?? 0;
  return euid === 0 ? [0] : [0, euid];
}

/**
 * Why a directory path cannot be trusted, or undefined when it can. Every component from `/`
 * down is looked at with lstat: it must be a real directory (not a symlink), owned by a trusted
 * owner and writable by nobody else. One exception, for /tmp-like parents: a component that
 * group or others can write is accepted when it is sticky and is not the last one, because the
 * component below it is then checked in turn (ours, not writable by others), and a sticky
 * directory keeps others from renaming or removing it. Components that do not exist yet end
 * the walk (the caller creates them, then checks again).
 */
export function untrustedDirReason(dir: string): string | undefined {
  const owners = trustedOwners();
  const abs = resolve(dir);
  const chain: string[] = [];
  for (let d = abs; ; d = dirname(d)) {
    chain.unshift(d);
    if (dirname(d) === d) break;
  }
  for (const [i, d] of chain.entries()) {
    const st = lstatIfExists(d);
    if (!st) return undefined;
    if (st.isSymbolicLink()) return `"${d}" is a symbolic link`;
    if (!st.isDirectory()) return `"${d}" is not a directory`;
    if (!owners.includes(st.uid)) return `"${d}" is owned by uid ${st.uid}, not root`;
    const mode = st.mode & 0o7777;
    if ((mode & 0o022) === 0) continue;
    const last = i === chain.length - 1;
    if (last || (mode & 0o1000) === 0)
      return `"${d}" is writable by ${writers(mode)} (mode ${mode.toString(8).padStart(4, '0')})`;
  }
  return undefined;
}

/**
 * Make sure a directory ctnet keeps state in can be trusted (untrustedDirReason), creating
 * what is missing with `mode` (umask-proof). Throws E_UNTRUSTED, naming the path and why;
 * nothing under an untrusted directory is then read or written. Idempotent.
 */
export function ensureTrustedDir(dir: string, opts: { what: string; mode?: number; create?: boolean }): void {
  const check = (): void => {
    const why = untrustedDirReason(dir);
    if (why) throw untrustedError(`${opts.what} "${dir}"`, why);
  };
  check();
  if (opts.create === false) return;
  if (lstatIfExists(dir)?.isDirectory()) return;
  ensureDir(dir, opts.mode ?? 0o755);
  check();
}

/** "group", "others" or "group and others", for a mode with some of 0o022 set. */
function writers(mode: number): string {
  return [mode & 0o020 ? 'group' : '', mode & 0o002 ? 'others' : ''].filter(Boolean).join(' and ');
}

function untrustedError(what: string, why: string): CtnetError {
  return new CtnetError(`refusing ${what}: ${why}`, {
    code: 'E_UNTRUSTED',
    hint: 'every directory on its path must be owned by root and writable by nobody else; remove it and ctnet recreates it with mode 0755',
  });
}

export interface TrustedReadOptions {
  /** Larger files are refused (checked with fstat before reading, and while reading). */
  maxBytes: number;
}

/**
 * Read a file ctnet itself wrote, only through a descriptor it checked: opened with O_NOFOLLOW
 * (a symlink is refused, never followed) and O_NONBLOCK (a FIFO cannot block the open), then
 * fstat on that descriptor: a regular file, owned by root (trustedOwners), not writable by
 * group or others, at most `maxBytes`. Undefined when the file does not exist; any other
 * problem throws E_UNTRUSTED naming the file and why. The directory above must have been
 * checked (ensureTrustedDir): O_NOFOLLOW guards only the last component.
 */
export function readTrustedFile(file: string, opts: TrustedReadOptions): Buffer | undefined {
  let fd: number;
  try {
    fd = openSync(file, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return undefined;
    if (code === 'ELOOP' || code === 'EMLINK') throw untrustedError(`"${file}"`, 'it is a symbolic link');
    throw fileError('open', file, e);
  }
  try {
    const st = fstatSync(fd);
    if (!st.isFile()) throw untrustedError(`"${file}"`, 'not a regular file');
    if (!trustedOwners().includes(st.uid)) throw untrustedError(`"${file}"`, `owned by uid ${st.uid}, not root`);
    if ((st.mode & 0o022) !== 0)
      throw untrustedError(
        `"${file}"`,
        `writable by group or others (mode ${(st.mode & 0o7777).toString(8).padStart(4, '0')})`,
      );
    if (st.size > opts.maxBytes) throw untrustedError(`"${file}"`, `${st.size} bytes, more than ${opts.maxBytes}`);
    const buf = Buffer.alloc(st.size + 1);
    let got = 0;
    for (let n; got < buf.length && (n = readSync(fd, buf, got, buf.length - got, null)) > 0;) got += n;
    if (got > opts.maxBytes) throw untrustedError(`"${file}"`, `more than ${opts.maxBytes} bytes`);
    return buf.subarray(0, got);
  } catch (e) {
    throw e instanceof CtnetError ? e : fileError('read', file, e);
  } finally {
    closeSync(fd);
  }
}

/** readTrustedFile as UTF-8 text. */
export function readTrustedText(file: string, opts: TrustedReadOptions): string | undefined {
  return readTrustedFile(file, opts)?.toString('utf8');
}

/**
 * Move a file (or whatever is at that name: a symlink is moved, not followed) aside to
 * `<file><suffix>`, replacing an older one there, and return the new name; undefined when
 * nothing was there. Kept for the admin to look at.
 */
export function moveAside(file: string, suffix = '.bad'): string | undefined {
  const to = `${file}${suffix}`;
  try {
    renameSync(file, to);
    return to;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    if ((e as NodeJS.ErrnoException).code === 'EISDIR' || (e as NodeJS.ErrnoException).code === 'ENOTEMPTY') {
      removeTree(to);
      renameSync(file, to);
      return to;
    }
    throw fileError(`move "${file}" aside to`, to, e);
  }
}

/** lstat, or undefined when the path does not exist (any other failure is an error). */
export function lstatIfExists(p: string): Stats | undefined {
  try {
    return lstatSync(p);
  } catch (e) {
    if (isNotFound(e)) return undefined;
    throw fileError('inspect', p, e);
  }
}
