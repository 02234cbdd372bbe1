/**
 * vps.umount / CTID.umount: remove what the up hooks added for this CT (recorded teardown, plus
 * the routes its current config implies, in case the record is gone). Everything is tried;
 * "already gone" is success, so it is harmless on a CT that never came up and when run twice.
 */
import { runTeardown, type ApplyOptions } from '../../apply/apply-plan.js';
import { buildCtNetwork, type CtNetwork } from '../../request/ct-network.js';
import { loadVzConfig } from '../../runtimes/openvz/load-vz-config.js';
import { FORWARD_VAR } from '../../request/forward-spec.js';
import { CtnetError, oneLine } from '../../errors.js';
import type { HookEnv } from '../../hook/hook-env.js';
import { emptyPlan, type Plan } from '../../plan/plan.js';
import { teardownSteps, type TeardownEntry } from '../../plan/teardown-entry.js';
import { renderPlan } from '../../plan/render-plan.js';
import { routedTeardown } from '../../plan/routed-veth.js';
import { routeTeardown } from '../../plan/host-route.js';
import { vzGuardTeardown } from '../../plan/guard/vz-port-guard.js';
import { announceMetric } from '../../request/announce-class.js';
import { forgetTeardown, readTeardown } from '../../state/teardown-record.js';
import { heldByOthers, ownerLabel, releaseAddresses } from '../../state/address-registry.js';
import { entryAddresses, withoutForeignRoutes } from '../../plan/foreign-routes.js';
import { recordId } from './vznet-up.js';

export interface UmountEvent {
  veid: string;
  /** VE_CONFFILE from vzctl, when given. */
  confFile?: string;
}

export function planVzUmount(
  ev: UmountEvent,
  env: Pick<HookEnv, 'vzDir' | 'runDir' | 'ctx'> & { dryRun?: boolean },
): Plan {
  return planVzUmountFor(ev, env).plan;
}

/** The plan, and every container address it covers (the claims a successful down releases). */
function planVzUmountFor(
  ev: UmountEvent,
  env: Pick<HookEnv, 'vzDir' | 'runDir' | 'ctx'> & { dryRun?: boolean },
): { plan: Plan; addresses: string[] } {
  const plan = emptyPlan(`CT ${ev.veid}`, 'down (umount)');
  const recorded = readTeardown(env.runDir, recordId(ev.veid), {
    warn: (l) => env.ctx.log(`CT ${ev.veid}: ${l}`),
    keepBad: Boolean(env.dryRun),
  });
  const entries: TeardownEntry[] = recorded.flatMap((r) => r.entries);
  let net: CtNetwork | undefined;
  try {
    const cfg = loadVzConfig(ev.veid, { vzDir: env.vzDir, ctFile: ev.confFile });
    net = buildCtNetwork(ev.veid, cfg.vars);
  } catch (e) {
    if (!(e instanceof CtnetError)) throw e;
    // A broken config must not block the CT's stop; the record still says what to remove.
    plan.notes.push(`config not usable (${e.message}); removing only what was recorded`);
    env.ctx.log(`CT ${ev.veid}: warning: ${oneLine(e.message)}`);
  }
  for (const iface of net?.interfaces ?? []) {
    if (iface.bridge)
      entries.push(...routeTeardown(iface.addresses, iface.bridge.name, announceMetric(iface.announce)));
    // Routed veth: its routes go with the veth, but proxy entries on uplinks stay.
    else if (iface.proxyDevs)
      entries.push(
        ...routedTeardown({ port: iface.hostIfname, addresses: iface.addresses, proxyDevs: iface.proxyDevs }),
      );
  }
  if (net) entries.push(...vzGuardTeardown(net));
  if (net?.vars.has(FORWARD_VAR)) entries.push({ kind: 'nat', owner: recordId(ev.veid), entries: [] });
  // Routes of addresses another running CT holds stay theirs (lib/plan/foreign-routes.ts).
  const addresses = entryAddresses(entries);
  const held = heldByOthers({
    runDir: env.runDir,
    owner: recordId(ev.veid),
    addresses,
    warn: (l) => env.ctx.log(`CT ${ev.veid}: ${l}`),
    keepBad: Boolean(env.dryRun),
  });
  const own = withoutForeignRoutes(entries, held, ownerLabel);
  plan.notes.push(...own.notes);
  plan.steps = teardownSteps(own.entries);
  if (plan.steps.length === 0) plan.notes.push('no veth routes recorded or configured for this CT');
  return { plan, addresses };
}

/** `apply` replaces the step runner (unit tests); by default the steps really run. */
export async function vzUmount(ev: UmountEvent, env: HookEnv, apply: ApplyOptions = {}): Promise<void> {
  const { plan, addresses } = planVzUmountFor(ev, env);
  if (env.dryRun) {
    env.out(renderPlan(plan, { vzctl: env.ctx.vzctl }));
    return;
  }
  const errors = await runTeardown(plan.steps, env.ctx, apply);
  if (errors.length > 0) {
    throw new CtnetError(`CT ${ev.veid}: down: ${errors.map((e) => e.message).join('; ')}`, {
      code: 'E_TEARDOWN',
      hint: 'the rest was removed; run "ctnet check" to see what is left',
    });
  }
  await releaseAddresses({
    runDir: env.runDir,
    owner: recordId(ev.veid),
    addresses,
    warn: (l) => env.ctx.log(`CT ${ev.veid}: ${l}`),
  });
  forgetTeardown(env.runDir, recordId(ev.veid));
  env.ctx.log(
    `CT ${ev.veid}: down: ${plan.steps.length ? 'what ctnet added for this CT is gone (removed now or already)' : 'nothing to remove'}`,
  );
}
