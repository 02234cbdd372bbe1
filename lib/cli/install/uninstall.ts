/**
 * `ctnet uninstall`: put back every file install changed, byte for byte and with its mode,
 * remove what it added and the directories it created. A file the site changed after install
 * is not overwritten: vznet.conf gets only ctnet's line undone, anything else is left (and
 * its backup kept) with a note. Idempotent: with nothing installed it does nothing.
 */
import {
  fileMode,
  pathExists,
  readBytesIfExists,
  removeDirIfEmpty,
  removeFile,
  renameFile,
  writeFileAtomic,
} from '../../doors/fs.js';
import { unsetExternalScript } from './external-script-line.js';
import { readManifest, sha256, type ManagedFile } from './install-manifest.js';
import { MANIFEST, VPS_UMOUNT, VPS_UMOUNT_SITE, VZNET_CONF, under } from './install-paths.js';
import { VZNET_HOOK } from './install.js';
import { currentIdentity } from './managed-write.js';

export interface UninstallResult {
  done: string[];
  notes: string[];
}

export function uninstall(root: string): UninstallResult {
  const m = readManifest(root);
  const res: UninstallResult = { done: [], notes: [] };
  if (!m) {
    res.notes.push(`nothing to do: no ctnet install recorded under ${root}`);
    return res;
  }
  for (const f of [...m.files].reverse()) {
    const keepBackup = !restoreFile(root, f, res);
    if (f.backup && !keepBackup) removeFile(under(root, f.backup));
  }
  removeFile(under(root, MANIFEST));
  for (const d of [...m.dirs].reverse()) removeDirIfEmpty(under(root, d));
  return res;
}

/** Put one file back; returns false when it was left alone (then its backup is kept). */
function restoreFile(root: string, f: ManagedFile, res: UninstallResult): boolean {
  const abs = under(root, f.path);
  const cur = currentIdentity(root, f.path);
  const untouched = cur === undefined || sha256(cur) === f.installedSha;
  const aside = under(root, VPS_UMOUNT_SITE);
  if (f.path === VPS_UMOUNT && untouched && pathExists(aside)) {
    removeFile(abs);
    renameFile(aside, abs);
    res.done.push(`put the site's vps.umount back at ${abs}`);
    return true;
  }
  if (untouched) {
    if (f.existed) {
      writeFileAtomic(abs, readBytesIfExists(under(root, f.backup!)) ?? Buffer.alloc(0), f.mode ?? 0o644);
      res.done.push(`restored ${abs}`);
    } else if (cur !== undefined) {
      removeFile(abs);
      res.done.push(`removed ${abs}`);
    }
    return true;
  }
  if (f.path === VZNET_CONF) {
    const original = f.existed ? (readBytesIfExists(under(root, f.backup!))?.toString('latin1') ?? '') : '';
    const text = unsetExternalScript(cur.toString('latin1'), VZNET_HOOK, original);
    if (text !== undefined) {
      writeFileAtomic(abs, Buffer.from(text, 'latin1'), fileMode(abs) ?? 0o644);
      res.done.push(`${abs} was edited after install: undid only ctnet's EXTERNAL_SCRIPT line`);
      return true;
    }
  }
  res.notes.push(
    `${abs} was changed after install; left as is${f.backup ? ` (the original is kept in ${under(root, f.backup)})` : ''}`,
  );
  return false;
}
