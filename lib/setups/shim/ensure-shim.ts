/**
 * ensureShim / removeShim: read the link, plan, apply, under the lock "shim-<name>".
 * Idempotent: a complete shim is left alone (no process beyond the one read), a missing one on
 * remove is success. Callable from hooks (the LXC macvlan path) and from `ctnet shim`.
 */
import { applyPlan } from '../../apply/apply-plan.js';
import type { ApplyContext } from '../../apply/context.js';
import { withLock } from '../../doors/lock.js';
import { readLinkDetail } from '../../observe/link-detail.js';
import { readLinkState, SYS_NET } from '../../observe/link-state.js';
import type { Plan } from '../../plan/plan.js';
import { planShimEnsure, planShimRemove, type ShimSpec } from './plan-shim.js';

export interface ShimEnv {
  ctx: ApplyContext;
  dryRun: boolean;
  sysNet?: string;
}

export async function ensureShim(spec: ShimSpec, env: ShimEnv): Promise<Plan> {
  return withLock(`shim-${spec.name}`, { runDir: env.ctx.runDir, timeoutMs: 30_000 }, async () => {
    const plan = planShimEnsure(
      spec,
      await readLinkDetail(spec.name),
      readLinkState(spec.parent, env.sysNet ?? SYS_NET).exists,
    );
    if (!env.dryRun) await applyPlan(plan, env.ctx);
    return plan;
  });
}

export async function removeShim(name: string, env: ShimEnv): Promise<Plan> {
  return withLock(`shim-${name}`, { runDir: env.ctx.runDir, timeoutMs: 30_000 }, async () => {
    const plan = planShimRemove(name, await readLinkDetail(name));
    if (!env.dryRun) await applyPlan(plan, env.ctx);
    return plan;
  });
}
