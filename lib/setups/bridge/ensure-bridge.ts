/**
 * ensureBridge: read the link (one `ip -j -d addr show` + sysfs), plan, apply, under the lock
 * "bridge-<name>". Idempotent: a bridge in place is left alone. Never removes a bridge.
 */
import { applyPlan } from '../../apply/apply-plan.js';
import type { ApplyContext } from '../../apply/context.js';
import { withLock } from '../../doors/lock.js';
import { readLinkDetail } from '../../observe/link-detail.js';
import { readLinkState, SYS_NET } from '../../observe/link-state.js';
import type { Plan } from '../../plan/plan.js';
import { planBridgeEnsure, type BridgeSpec } from './plan-bridge.js';

export async function ensureBridge(
  spec: BridgeSpec,
  env: { ctx: ApplyContext; dryRun: boolean; sysNet?: string },
): Promise<Plan> {
  return withLock(`bridge-${spec.name}`, { runDir: env.ctx.runDir, timeoutMs: 30_000 }, async () => {
    const link = await readLinkDetail(spec.name);
    const macFixed = Boolean(readLinkState(spec.name, env.sysNet ?? SYS_NET).macFixed);
    const plan = planBridgeEnsure(spec, { link, macFixed });
    if (!env.dryRun) await applyPlan(plan, env.ctx);
    return plan;
  });
}
