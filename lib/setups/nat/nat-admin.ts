/** `ctnet nat show` and `ctnet nat flush`: look at and clear ctnet's own NAT table only. */
import type { ApplyContext } from '../../apply/context.js';
import { run } from '../../doors/exec.js';
import { removeFile } from '../../doors/fs.js';
import { withLock } from '../../doors/lock.js';
import { describeNat } from './nat-entry.js';
import { natStateFile, readNatState, type NatState } from './nat-state.js';
import { NAT_TABLE, renderNatTable } from './render-nat-table.js';

/** The state by owner, then what the kernel's table holds (`nft list table inet ctnet`). */
export async function showNat(ctx: Pick<ApplyContext, 'runDir' | 'nft'>): Promise<string> {
  const warnings: string[] = [];
  const state = readNatState(ctx.runDir, { keepBad: true, warn: (l) => warnings.push(`# ${l}`) }).state;
  const out = [...warnings, ...renderOwners(state)];
  const res = await run(ctx.nft, ['list', 'table', 'inet', NAT_TABLE], { allowFailure: true, timeoutMs: 15_000 });
  const entries = Object.values(state.owners).flat().length;
  if (res.exitCode !== 0)
    out.push(
      entries
        ? '# WARNING: table inet ctnet is missing; run "ctnet nat flush" and bring the containers up again'
        : '# table inet ctnet: not present',
    );
  else out.push('# kernel:', res.stdout.trimEnd());
  return out.join('\n') + '\n';
}

function renderOwners(s: NatState): string[] {
  const owners = Object.keys(s.owners).sort();
  if (owners.length === 0) return ['# no NAT entries'];
  return owners.flatMap((o) => [`[${o}]`, ...s.owners[o]!.map((e) => `  ${describeNat(e)}`)]);
}

/** Delete ctnet's table and forget its state; idempotent. Other tables are never named. */
export async function flushNat(ctx: Pick<ApplyContext, 'runDir' | 'nft'>): Promise<void> {
  await withLock('nat', { runDir: ctx.runDir }, async () => {
    await run(ctx.nft, ['-f', '-'], { input: renderNatTable({ version: 1, owners: {} }), timeoutMs: 15_000 });
    removeFile(natStateFile(ctx.runDir));
  });
}
