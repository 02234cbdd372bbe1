/**
 * What the last `ctnet pbr apply` installed, kept in <run-dir>/pbr/applied.json, so a later
 * apply or remove also takes out entries whose lines were since deleted from networks.conf.
 */
import { join } from 'node:path';
import { CtnetError } from '../../errors.js';
import { readTextIfExists, removeFile, writeFileAtomic } from '../../doors/fs.js';
import type { PbrEntry } from './pbr-entries.js';

function recordFile(runDir: string): string {
  return join(runDir, 'pbr', 'applied.json');
}

export function readPbrRecord(runDir: string): PbrEntry[] {
  const file = recordFile(runDir);
  const text = readTextIfExists(file);
  if (text === undefined) return [];
  try {
    const r = JSON.parse(text) as { version: number; entries: PbrEntry[] };
    if (r.version !== 1 || !Array.isArray(r.entries)) throw new Error('unknown format');
    return r.entries;
  } catch (e) {
    throw new CtnetError(`state file "${file}" is unreadable`, {
      code: 'E_STATE',
      cause: e,
      hint: 'remove it and run "ctnet pbr apply" again',
    });
  }
}

export function writePbrRecord(runDir: string, entries: PbrEntry[]): void {
  writeFileAtomic(recordFile(runDir), JSON.stringify({ version: 1, entries }, null, 1) + '\n');
}

/** Forget the record; idempotent. */
export function forgetPbrRecord(runDir: string): void {
  removeFile(recordFile(runDir));
}
