/**
 * What each up applied, kept in /run/ctnet (tmpfs: it goes away with the routes at reboot),
 * so a later down removes exactly that, even if the config changed meanwhile. One JSON file
 * per container, one entry per interface. Written before the up applies anything, so a hook
 * killed midway still leaves a record the down can act on.
 */
import { join } from 'node:path';
import { CtnetError } from '../errors.js';
import { readTextIfExists, removeFile, writeFileAtomic } from '../fs.js';
import type { Step } from '../plan/plan.js';

export const DEFAULT_RUN_DIR = '/run/ctnet';

interface RecordFile {
  version: 1;
  subject: string;
  parts: Record<string, Step[]>;
}

function recordPath(runDir: string, id: string): string {
  return join(runDir, 'ct', `${id.replace(/[^A-Za-z0-9_.-]/g, '_')}.json`);
}

function load(runDir: string, id: string): RecordFile | undefined {
  const file = recordPath(runDir, id);
  const text = readTextIfExists(file);
  if (text === undefined) return undefined;
  try {
    const r = JSON.parse(text) as RecordFile;
    if (r.version !== 1 || typeof r.parts !== 'object') throw new Error('unknown format');
    return r;
  } catch (e) {
    throw new CtnetError(`state file "${file}" is unreadable`, { code: 'E_STATE', cause: e, hint: 'remove it; ctnet check finds what it described' });
  }
}

/** Remember (replace) the teardown of one part (interface) of a container. */
export function recordTeardown(runDir: string, id: string, subject: string, part: string, steps: Step[]): void {
  const r = load(runDir, id) ?? { version: 1, subject, parts: {} };
  r.parts[part] = steps;
  writeFileAtomic(recordPath(runDir, id), JSON.stringify(r, null, 1) + '\n');
}

/** Every recorded teardown step of a container, part by part (empty when none). */
export function readTeardown(runDir: string, id: string): { part: string; steps: Step[] }[] {
  const r = load(runDir, id);
  return r ? Object.entries(r.parts).map(([part, steps]) => ({ part, steps })) : [];
}

/** Forget one part, or the whole container; idempotent. */
export function forgetTeardown(runDir: string, id: string, part?: string): void {
  if (part === undefined) return removeFile(recordPath(runDir, id));
  const r = load(runDir, id);
  if (!r) return;
  delete r.parts[part];
  if (Object.keys(r.parts).length === 0) removeFile(recordPath(runDir, id));
  else writeFileAtomic(recordPath(runDir, id), JSON.stringify(r, null, 1) + '\n');
}

/** Ids of every container with a record (for `ctnet check` and `status`). */
export function recordedIds(runDir: string, list: (dir: string) => string[]): string[] {
  return list(join(runDir, 'ct')).filter((f) => f.endsWith('.json')).map((f) => f.slice(0, -5));
}
