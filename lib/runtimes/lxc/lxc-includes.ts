/**
 * Reads what an `lxc.include` value names, for parseLxcConfig: a file, or every `*.conf` file
 * of a directory (LXC's do_includedir takes `*.conf` in readdir order; here they are sorted by
 * name so the result does not depend on the filesystem). Undefined when the path is missing.
 * Each file is a bounded read (lib/doors/fs.ts readConfigFile): a FIFO, a device or a file over
 * 1 MiB is refused before it is read. Symlinks are followed, as LXC follows them.
 */
import { join } from 'node:path';
import { isDirectory, listDir, pathExists, readConfigFileRequired } from '../../doors/fs.js';
import type { IncludeReader } from './lxc-config.js';

export const readLxcInclude: IncludeReader = (target) => {
  if (!pathExists(target)) return undefined;
  if (!isDirectory(target)) return [{ file: target, text: readConfigFileRequired(target) }];
  return listDir(target)
    .filter((f) => f.length >= 6 && f.endsWith('.conf'))
    .sort()
    .map((f) => join(target, f))
    .filter((f) => !isDirectory(f))
    .map((f) => ({ file: f, text: readConfigFileRequired(f) }));
};
