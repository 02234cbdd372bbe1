/**
 * What `ctnet host apply` made, kept in <run-dir>/host/applied.json (tmpfs: it goes with the
 * links at reboot): the bridges it created (an admin's bridge that was only adopted is never
 * listed, so never deleted) and the shims it keeps. A later apply removes what is listed here
 * and no longer declared. NAT entries need no record: their owner "host:NAME" marks them.
 */
import { join } from 'node:path';
import { CtnetError } from '../../errors.js';
import { readTextIfExists, writeFileAtomic } from '../../doors/fs.js';

export interface HostRecord {
  bridges: Array<{ name: string; ovs: boolean }>;
  shims: string[];
}

function recordFile(runDir: string): string {
  return join(runDir, 'host', 'applied.json');
}

export function readHostRecord(runDir: string): HostRecord {
  const file = recordFile(runDir);
  const text = readTextIfExists(file);
  if (text === undefined) return { bridges: [], shims: [] };
  try {
    const r = JSON.parse(text) as { version: number } & HostRecord;
    if (r.version !== 1 || !Array.isArray(r.bridges) || !Array.isArray(r.shims)) throw new Error('unknown format');
    return { bridges: r.bridges, shims: r.shims };
  } catch (e) {
    throw new CtnetError(`state file "${file}" is unreadable`, {
      code: 'E_STATE',
      cause: e,
      hint: 'remove it and run "ctnet host apply" again',
    });
  }
}

export function writeHostRecord(runDir: string, r: HostRecord): void {
  writeFileAtomic(recordFile(runDir), JSON.stringify({ version: 1, ...r }, null, 1) + '\n');
}
