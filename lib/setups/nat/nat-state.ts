/**
 * The contents of ctnet's NAT table by owner, kept in <run-dir>/nat/state.json (tmpfs, like the
 * table itself, so both vanish together at reboot). `changeNatState` is the pure heart of every
 * NAT change: it applies one add/remove and says what changed (for undo) or why it cannot.
 *
 * The state is read only through a checked descriptor and the schema (lib/state/record-schema.ts).
 * A state file that fails either is moved aside to state.json.bad with one warning and counts as
 * empty, and the next change rebuilds the table from that: forwards of a stopped container are
 * never kept because of a bad file; other owners' entries come back on their next up.
 */
import { join } from 'node:path';
import { CtnetError } from '../../errors.js';
import { readTrustedText, writeFileAtomic } from '../../doors/fs.js';
import { readStateFile } from '../../state/read-state-file.js';
import { parseNatState, STATE_MAX_BYTES } from '../../state/record-schema.js';
import { runSubdir } from '../../state/run-dir.js';
import type { NftStep } from '../../plan/plan.js';
import { describeNat, natKey, sameEntry, type NatEntry } from './nat-entry.js';

export interface NatState {
  version: 1;
  owners: Record<string, NatEntry[]>;
}

/** <run-dir>/nat/state.json, once the run dir is checked (created unless `create` is false). */
export function natStateFile(runDir: string, create = true): string {
  return join(runSubdir(runDir, 'nat', { create }), 'state.json');
}

export interface NatStateRead {
  state: NatState;
  /** The file was bad (reported, moved aside unless keepBad): the kernel table may hold more. */
  wasBad: boolean;
}

/** The NAT state (empty when none). An untrusted run dir is an error (E_UNTRUSTED). */
export function readNatState(
  runDir: string,
  access: { warn?: (line: string) => void; keepBad?: boolean } = {},
): NatStateRead {
  const file = natStateFile(runDir, false);
  const r = readStateFile({
    file,
    read: () => readTrustedText(file, { maxBytes: STATE_MAX_BYTES }),
    parse: parseNatState,
    what: 'NAT state',
    instead: "ctnet's NAT table is rebuilt from what is known now",
    ...access,
  });
  if ('value' in r) return { state: r.value, wasBad: false };
  return { state: { version: 1, owners: {} }, wasBad: 'bad' in r };
}

export function writeNatState(runDir: string, s: NatState): void {
  writeFileAtomic(natStateFile(runDir), JSON.stringify(s, null, 1) + '\n');
}

export interface NatChange {
  state: NatState;
  /** Entries really added (replacing `replaced`) or removed; empty = nothing changed. */
  added: NatEntry[];
  removed: NatEntry[];
}

/** Apply one step to a state (pure). Throws E_CONFLICT when another owner holds a host port. */
export function changeNatState(before: NatState, step: Pick<NftStep, 'owner' | 'op' | 'entries'>): NatChange {
  const owners = { ...before.owners };
  const mine = [...(owners[step.owner] ?? [])];
  const added: NatEntry[] = [];
  const removed: NatEntry[] = [];
  if (step.op === 'add') {
    for (const e of step.entries) {
      if (mine.some((m) => sameEntry(m, e))) continue;
      for (const [other, list] of Object.entries(owners)) {
        const clash = other !== step.owner && list.find((x) => natKey(x) === natKey(e));
        if (clash) {
          throw new CtnetError(
            `${step.owner}: cannot add "${describeNat(e)}": ${other} already has "${describeNat(clash)}"`,
            {
              code: 'E_CONFLICT',
              hint: 'each host port can be forwarded to one container; run "ctnet nat show"',
            },
          );
        }
      }
      const i = mine.findIndex((m) => natKey(m) === natKey(e));
      if (i >= 0) removed.push(...mine.splice(i, 1));
      mine.push(e);
      added.push(e);
    }
  } else {
    const drop = step.entries.length === 0 ? [...mine] : mine.filter((m) => step.entries.some((e) => sameEntry(m, e)));
    for (const d of drop) mine.splice(mine.indexOf(d), 1);
    removed.push(...drop);
  }
  if (mine.length) owners[step.owner] = mine;
  else delete owners[step.owner];
  return { state: { version: 1, owners }, added, removed };
}
