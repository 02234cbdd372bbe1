/**
 * Execute a port-guard step: one `nft -f -` transaction that (re)writes or removes exactly the
 * port's chain (render-guard.ts), never a listing of the ruleset or the table, so its cost does
 * not grow with the filtered ports on the node. Both directions are idempotent. An add returns
 * the remove as its undo (rollback); a remove has no undo. A remove that names an Open vSwitch
 * bridge also removes the port's OpenFlow guard flows there (apply-guard-flows.ts); they are
 * installed by the port's own step, once OVS has the port (lib/apply/ovs-port-apply.ts).
 */
import type { ApplyContext } from '../context.js';
import { run } from '../../doors/exec.js';
import { removeGuardFlows } from './apply-guard-flows.js';
import { guardRemoveStep, guardScript, type PortGuardStep } from '../../plan/guard/port-guard-step.js';

export async function applyPortGuard(
  step: PortGuardStep,
  ctx: Pick<ApplyContext, 'nft' | 'ovsTimeoutSec' | 'runDir'>,
): Promise<PortGuardStep[]> {
  await run(ctx.nft, ['-f', '-'], { input: guardScript(step), timeoutMs: 15_000 });
  if (step.op === 'remove' && step.bridge) await removeGuardFlows(step.port, step.bridge, ctx);
  return step.op === 'add' ? [guardRemoveStep(step.spec.port, step.spec.ovsBridge)] : [];
}
