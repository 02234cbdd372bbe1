/**
 * Which executable the self-contained binary is asked to be, from the name it was called
 * with. Runtimes call hooks by their own paths: vzctl runs /usr/sbin/vznetcfg,
 * /etc/vz/conf/vps.umount or CTID.umount, which admins make links to ctnet's hooks
 * (docs/vznetcfg.md, docs/openvz.md). So the name is looked for along the link chain from the
 * path called (each link's own name, then its target's), and the runtimes' names count as
 * the hooks they stand for. No match: undefined (the caller prints its usage).
 */
import { basename, delimiter, dirname, join, resolve } from 'node:path';
import { pathExists, symlinkTarget } from '../doors/fs.js';

export const EXECUTABLE_NAMES = ['ctnet', 'ctnet-vznet', 'ctnet-umount', 'ctnet-vznetcfg', 'ctnet-lxc'] as const;
export type ExecutableName = (typeof EXECUTABLE_NAMES)[number];

/** The runtimes' own names for a hook point. */
export function aliasOf(name: string): ExecutableName | undefined {
  if ((EXECUTABLE_NAMES as readonly string[]).includes(name)) return name as ExecutableName;
  if (name === 'vznetcfg') return 'ctnet-vznetcfg';
  if (name === 'vps.umount' || /^\d+\.umount$/.test(name)) return 'ctnet-umount';
  return undefined;
}

const MAX_LINKS = 16;

/** The executable `argv0` stands for (`path`: where to look for a bare name). */
export function calledAs(argv0: string, path = process.env['PATH'] ?? ''): ExecutableName | undefined {
  let at: string | undefined = argv0.includes('/')
    ? resolve(argv0)
    : path
        .split(delimiter)
        .filter((d) => d.startsWith('/'))
        .map((d) => join(d, argv0))
        .find((p) => pathExists(p));
  const first = aliasOf(basename(argv0));
  if (first) return first;
  for (let i = 0; at !== undefined && i < MAX_LINKS; i++) {
    const target = symlinkTarget(at);
    if (target === undefined) return undefined;
    at = resolve(dirname(at), target);
    const name = aliasOf(basename(at));
    if (name) return name;
  }
  return undefined;
}
