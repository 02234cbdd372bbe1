/**
 * Where `ctnet install` puts things. Paths are relative to the install root (`--root`, default
 * "/"); what ends up written inside config files is always the runtime path (root "/").
 */
import { join, posix } from 'node:path';

/** Runtime directory of the hook executables (what vznet.conf and vps.umount name). */
export const LIBEXEC_DIR = '/usr/libexec/ctnet';
export const VZNET_CONF = '/etc/vz/vznet.conf';
export const VPS_UMOUNT = '/etc/vz/conf/vps.umount';
/** A site's own vps.umount, moved aside; ctnet's vps.umount runs it after its own teardown. */
export const VPS_UMOUNT_SITE = '/etc/vz/conf/vps.umount.ctnet-site';
export const RT_PROTOS = '/etc/iproute2/rt_protos.d/ctnet.conf';
/** Install record and backups of every file install changed. */
export const STATE_DIR = '/var/lib/ctnet/install';
export const MANIFEST = `${STATE_DIR}/manifest.json`;
const BACKUP_DIR = `${STATE_DIR}/backup`;

/** The path of runtime path `p` inside install root `root`. */
export function under(root: string, p: string): string {
  return join(root, p);
}

/** Where the backup of runtime path `p` is kept (runtime path). */
export function backupPathOf(p: string): string {
  return posix.join(BACKUP_DIR, p);
}
