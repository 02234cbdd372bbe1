/**
 * The contents of ctnet's NAT table by owner, kept in <run-dir>/nat/state.json (tmpfs, like the
 * table itself, so both vanish together at reboot). `changeNatState` is the pure heart of every
 * NAT change: it applies one add/remove and says what changed (for undo) or why it cannot.
 */
import { join } from 'node:path';
import { CtnetError } from '../errors.js';
import { readTextIfExists, writeFileAtomic } from '../fs.js';
import type { NftStep } from '../plan/plan.js';
import { describeNat, natKey, sameEntry, type NatEntry } from './nat-entry.js';

export interface NatState {
  version: 1;
  owners: Record<string, NatEntry[]>;
}

export function natStateFile(runDir: string): string {
  return join(runDir, 'nat', 'state.json');
}

export function readNatState(runDir: string): NatState {
  const file = natStateFile(runDir);
  const text = readTextIfExists(file);
  if (text === undefined) return { version: 1, owners: {} };
  try {
    const s = JSON.parse(text) as NatState;
    if (s.version !== 1 || typeof s.owners !== 'object') throw new Error('unknown format');
    return s;
  } catch (e) {
    throw new CtnetError(`state file "${file}" is unreadable`, { code: 'E_STATE', cause: e, hint: 'run "ctnet nat flush" and bring the containers up again' });
  }
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
          throw new CtnetError(`${step.owner}: cannot add "${describeNat(e)}": ${other} already has "${describeNat(clash)}"`, {
            code: 'E_CONFLICT', hint: 'each host port can be forwarded to one container; run "ctnet nat show"',
          });
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
