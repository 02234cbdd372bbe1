/**
 * The run dir (/run/ctnet, `--run-dir` moves it) and its subdirectories: teardown records
 * (ct/), the NAT state (nat/), locks (locks/), the address registry (addr/). Nothing is read
 * from or written to them before the whole path has been checked (lib/doors/fs.ts ensureTrustedDir: every
 * component owned by root and writable by nobody else; sticky /tmp-like parents only above a
 * component that is ours). What ctnet creates there gets mode 0755 whatever the umask; files 0644.
 */
import { join } from 'node:path';
import { ensureTrustedDir } from '../doors/fs.js';

export const DEFAULT_RUN_DIR = '/run/ctnet';

const RUN_SUBDIRS = ['ct', 'nat', 'locks', 'addr'] as const;
export type RunSubdir = (typeof RUN_SUBDIRS)[number];

/**
 * `<runDir>/<sub>` once the path is known to be trustworthy (throws E_UNTRUSTED otherwise).
 * `create: false` (readers, dry runs) checks what exists and creates nothing.
 */
export function runSubdir(runDir: string, sub: RunSubdir, opts: { create?: boolean } = {}): string {
  const create = opts.create ?? true;
  ensureTrustedDir(runDir, { what: 'run dir', create });
  const dir = join(runDir, sub);
  ensureTrustedDir(dir, { what: 'run dir', create });
  return dir;
}

/** Check the run dir and every subdirectory ctnet keeps there, creating nothing (E_UNTRUSTED). */
export function checkRunDir(runDir: string): void {
  ensureTrustedDir(runDir, { what: 'run dir', create: false });
  for (const sub of RUN_SUBDIRS) ensureTrustedDir(join(runDir, sub), { what: 'run dir', create: false });
}
