/**
 * Execute one `nft` plan step: under the host-wide "nat" lock, read the NAT state, apply the
 * change, and when anything changed rebuild ctnet's table with one atomic `nft -f -`, then save
 * the state. Idempotent: adding what is there or removing what is not spawns nothing.
 * Returns the step that undoes what was changed.
 */
import type { ApplyContext } from '../../apply/context.js';
import { run } from '../../doors/exec.js';
import { withLock } from '../../doors/lock.js';
import type { NftStep } from '../../plan/plan.js';
import { changeNatState, readNatState, writeNatState } from './nat-state.js';
import { renderNatTable } from './render-nat-table.js';

export async function applyNatStep(
  step: NftStep,
  ctx: Pick<ApplyContext, 'runDir' | 'nft' | 'log'>,
): Promise<NftStep[]> {
  return withLock('nat', { runDir: ctx.runDir, timeoutMs: 30_000 }, async () => {
    const read = readNatState(ctx.runDir, { warn: ctx.log });
    const change = changeNatState(read.state, step);
    // A bad state file counts as empty: the table is rebuilt even when nothing changed in it.
    if (change.added.length === 0 && change.removed.length === 0 && !read.wasBad) return [];
    await run(ctx.nft, ['-f', '-'], { input: renderNatTable(change.state), timeoutMs: 15_000 });
    writeNatState(ctx.runDir, change.state);
    const undo: NftStep[] = [];
    if (change.added.length)
      undo.push({ kind: 'nft', what: `undo ${step.what}`, owner: step.owner, op: 'remove', entries: change.added });
    if (change.removed.length)
      undo.push({ kind: 'nft', what: `undo ${step.what}`, owner: step.owner, op: 'add', entries: change.removed });
    return undo;
  });
}
