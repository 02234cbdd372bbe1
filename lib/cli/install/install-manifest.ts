/**
 * What `ctnet install` changed under a root, so `uninstall` can put everything back byte for
 * byte: each managed file (did it exist, where its backup is, its mode, the hash of what
 * install wrote) and each directory install created. Kept in ROOT/var/lib/ctnet/install/.
 */
import { createHash } from 'node:crypto';
import { CtnetError } from '../../errors.js';
import { readTextIfExists, writeFileAtomic } from '../../doors/fs.js';
import { MANIFEST, under } from './install-paths.js';

export interface ManagedFile {
  /** Runtime path, e.g. /etc/vz/vznet.conf. */
  path: string;
  existed: boolean;
  /** Mode of the original (when it existed). */
  mode?: number;
  /** Runtime path of the backup copy (when it existed). */
  backup?: string;
  /** sha256 of what install last wrote. */
  installedSha: string;
}

export interface Manifest {
  version: 1;
  files: ManagedFile[];
  /** Directories install created (runtime paths), parents first. */
  dirs: string[];
}

export function sha256(data: Buffer | string): string {
  return createHash('sha256').update(data).digest('hex');
}

export function emptyManifest(): Manifest {
  return { version: 1, files: [], dirs: [] };
}

export function readManifest(root: string): Manifest | undefined {
  const file = under(root, MANIFEST);
  const text = readTextIfExists(file);
  if (text === undefined) return undefined;
  try {
    const m = JSON.parse(text) as Manifest;
    if (m.version !== 1 || !Array.isArray(m.files) || !Array.isArray(m.dirs)) throw new Error('unknown format');
    return m;
  } catch (e) {
    throw new CtnetError(`install record "${file}" is unreadable`, {
      code: 'E_STATE',
      cause: e,
      hint: 'restore it from a backup, or remove it and the files it listed by hand',
    });
  }
}

/** The manifest as written; writes only when it changed (a second install changes no byte). */
function manifestText(m: Manifest): string {
  return JSON.stringify(m, null, 1) + '\n';
}

export function writeManifest(root: string, m: Manifest): boolean {
  const file = under(root, MANIFEST);
  const text = manifestText(m);
  if (readTextIfExists(file) === text) return false;
  writeFileAtomic(file, text, 0o600);
  return true;
}
