/**
 * What each up applied, kept in <run-dir>/ct/<id>.json (tmpfs: it goes away with the routes at
 * reboot), so a later down removes exactly that, even if the config changed meanwhile. One
 * record per container, one list of teardown entries (data, lib/plan/teardown-entry.ts) per
 * interface. Written before the up applies anything, so a hook killed midway still leaves a
 * record the down can act on.
 *
 * A record is read only through a checked descriptor (lib/doors/fs.ts readTrustedFile) and only
 * when it passes the schema (lib/state/record-schema.ts). One that does not (bad JSON, wrong
 * schema, unknown kind, too big, a symlink, not a regular file, foreign owner, writable by
 * others) is moved aside to <id>.json.bad for the admin, with one warning, and counts as no
 * record: the down then removes what the config implies. A bad record never fails a down.
 */
import { join } from 'node:path';
import { CtnetError } from '../errors.js';
import { readTrustedText, removeFile, writeFileAtomic } from '../doors/fs.js';
import { readStateFile } from './read-state-file.js';
import { teardownSteps, type TeardownEntry } from '../plan/teardown-entry.js';
import type { Step } from '../plan/plan.js';
import { parseRecord, RECORD_VERSION, STATE_MAX_BYTES, type RecordFile } from './record-schema.js';
import { runSubdir } from './run-dir.js';

export { DEFAULT_RUN_DIR } from './run-dir.js';

export interface RecordAccess {
  /** Where a bad record is reported (one line). */
  warn?: (line: string) => void;
  /** Leave a bad record where it is (dry runs, `ctnet check`); default: move it aside. */
  keepBad?: boolean;
}

function recordFile(runDir: string, id: string, create: boolean): string {
  return join(runSubdir(runDir, 'ct', { create }), `${id.replace(/[^A-Za-z0-9_.-]/g, '_')}.json`);
}

/**
 * The record, or undefined when there is none or it was bad (reported, moved aside). An
 * untrusted run dir is an error (E_UNTRUSTED): nothing is read from it.
 */
function load(runDir: string, id: string, access: RecordAccess, create = false): RecordFile | undefined {
  const file = recordFile(runDir, id, create);
  const r = readStateFile({
    file,
    read: () => readTrustedText(file, { maxBytes: STATE_MAX_BYTES }),
    parse: (text) => parseRecord(text, id),
    what: 'record',
    instead: 'it is ignored and what the config implies is removed instead',
    ...access,
  });
  return 'value' in r ? r.value : undefined;
}

function save(runDir: string, id: string, r: RecordFile): void {
  const text = JSON.stringify(r, null, 1) + '\n';
  // What is written must read back: a planner value the schema refuses is a bug, caught here.
  const check = parseRecord(text, id);
  if (typeof check === 'string')
    throw new CtnetError(`cannot record the teardown of ${r.subject}: ${check}`, { code: 'E_INTERNAL' });
  writeFileAtomic(recordFile(runDir, id, true), text);
}

/** Remember (replace) the teardown of one part (interface) of a container. */
export function recordTeardown(
  runDir: string,
  id: string,
  subject: string,
  part: string,
  entries: TeardownEntry[],
  access: RecordAccess = {},
): void {
  const r = load(runDir, id, access, true) ?? { version: RECORD_VERSION, subject, parts: {} };
  r.parts[part] = entries;
  save(runDir, id, r);
}

export interface RecordedPart {
  part: string;
  entries: TeardownEntry[];
  /** The steps that remove them (rebuilt from the entries). */
  steps: Step[];
}

/** Every recorded part of a container (empty when none, or when the record was bad). */
export function readTeardown(runDir: string, id: string, access: RecordAccess = {}): RecordedPart[] {
  const r = load(runDir, id, access);
  return r ? Object.entries(r.parts).map(([part, entries]) => ({ part, entries, steps: teardownSteps(entries) })) : [];
}

/** Forget one part, or the whole container; idempotent. */
export function forgetTeardown(runDir: string, id: string, part?: string, access: RecordAccess = {}): void {
  if (part === undefined) return removeFile(recordFile(runDir, id, false));
  const r = load(runDir, id, access);
  if (!r) return;
  delete r.parts[part];
  if (Object.keys(r.parts).length === 0) removeFile(recordFile(runDir, id, false));
  else save(runDir, id, r);
}

/** Ids of every container with a record (for `ctnet check` and `status`). */
export function recordedIds(runDir: string, list: (dir: string) => string[]): string[] {
  return list(runSubdir(runDir, 'ct', { create: false }))
    .filter((f) => f.endsWith('.json'))
    .map((f) => f.slice(0, -5));
}
