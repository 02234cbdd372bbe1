/**
 * script.down: remove what the up recorded for this veth (OVS port owned by the container,
 * host routes); without a record (state lost), what the config implies. Every step is tried,
 * "already gone" is success: harmless after a failed start, twice, or when older LXC already
 * deleted the veth. LXC only warns when a down script fails, so failures name what is left.
 */
import { runTeardown, type ApplyOptions } from '../../apply/apply-plan.js';
import { CtnetError } from '../../errors.js';
import type { HookEnv } from '../../hook/hook-env.js';
import { readLinkState } from '../../observe/link-state.js';
import { detectBridgeKind } from '../../observe/bridge-kind.js';
import { ovsOwner } from '../../request/ovs-ids.js';
import { planOvsPortDown } from '../../plan/ovs-port-plan.js';
import { emptyPlan, type Plan } from '../../plan/plan.js';
import { renderPlan } from '../../plan/render-plan.js';
import { routeTeardown } from '../../plan/host-route.js';
import { announceMetric } from '../../request/announce-class.js';
import { teardownSteps } from '../../plan/teardown-entry.js';
import { planForwardsDown } from '../../setups/nat/plan-forwards.js';
import { forgetTeardown, readTeardown } from '../../state/teardown-record.js';
import { heldByOthers, ownerLabel, releaseAddresses } from '../../state/address-registry.js';
import { entryAddresses, withoutForeignRoutes } from '../../plan/foreign-routes.js';
import type { TeardownEntry } from '../../plan/teardown-entry.js';
import type { LxcNetEvent } from '../../runtimes/lxc/lxc-event.js';
import { lxcRecordId } from './lxc-net-up.js';
import type { LxcOptions } from '../../runtimes/lxc/lxc-options.js';
import { resolveBridge } from '../../plan/plan-lxc-up.js';
import { loadSectionView } from '../../runtimes/lxc/section-view.js';
import { guardRemoveStep } from '../../plan/guard/port-guard-step.js';

type DownEnv = Pick<HookEnv, 'sysNet' | 'ctx' | 'runDir'> & { dryRun?: boolean };

export async function planLxcNetDown(ev: LxcNetEvent, opts: LxcOptions, env: DownEnv): Promise<Plan> {
  return (await planLxcNetDownFor(ev, opts, env)).plan;
}

/** The plan, and the container addresses it covers (the claims a successful down releases). */
async function planLxcNetDownFor(
  ev: LxcNetEvent,
  opts: LxcOptions,
  env: DownEnv,
): Promise<{ plan: Plan; addresses: string[] }> {
  const plan = emptyPlan(`container ${ev.name}`, `down ${ev.type}${ev.device ? ` ${ev.device}` : ''}`);
  if (ev.type !== 'veth' || !ev.device) {
    plan.notes.push(`type ${ev.type}: nothing for ctnet to remove`);
    return { plan, addresses: [] };
  }
  const dev = ev.device;
  const recorded = readTeardown(env.runDir, lxcRecordId(ev.name), {
    warn: (l) => env.ctx.log(`${plan.subject}: ${l}`),
    keepBad: Boolean(env.dryRun),
  }).find((r) => r.part === dev);
  const owner = lxcRecordId(ev.name);
  let addresses: string[] = [];
  /** Route and proxy entries, without those of addresses another container holds. */
  const ownRoutes = (entries: readonly TeardownEntry[]): TeardownEntry[] => {
    addresses = entryAddresses(entries);
    const held = heldByOthers({
      runDir: env.runDir,
      owner,
      addresses,
      warn: (l) => env.ctx.log(`${plan.subject}: ${l}`),
      keepBad: Boolean(env.dryRun),
    });
    const own = withoutForeignRoutes(entries, held, ownerLabel);
    plan.notes.push(...own.notes);
    return own.entries;
  };
  if (recorded) {
    plan.steps.push(...teardownSteps(ownRoutes(recorded.entries)));
  } else {
    plan.notes.push(`no record of ${dev} (state lost?): removing what the config implies`);
    const section = loadSectionView(ev, { link: !opts.bridge && !ev.link, addresses: opts.routed }, (l) =>
      env.ctx.log(`warning: ${l}`),
    );
    const bridgeRef = resolveBridge(ev, opts, section);
    const ovsBridge =
      !opts.routed &&
      bridgeRef &&
      (await detectBridgeKind(bridgeRef.name, readLinkState(bridgeRef.name, env.sysNet), env.ctx)) === 'ovs'
        ? bridgeRef.name
        : undefined;
    // On OVS the filter's removal also takes its OpenFlow flows (by cookie) off the bridge.
    if (opts.filter !== false) plan.steps.push(guardRemoveStep(dev, ovsBridge));
    if (opts.forwards.length > 0) plan.steps.push(...planForwardsDown({ owner: lxcRecordId(ev.name) }));
    if (opts.routed)
      plan.steps.push(
        ...teardownSteps(ownRoutes(routeTeardown(section.addresses, dev, announceMetric(opts.announce)))),
      );
    else if (ovsBridge) plan.steps.push(planOvsPortDown(dev, ovsOwner('lxc', ev.name)));
  }
  if (plan.steps.length === 0) plan.notes.push(`nothing to remove for ${dev}`);
  return { plan, addresses };
}

/** `apply` replaces the step runner (unit tests); by default the steps really run. */
export async function lxcNetDown(
  ev: LxcNetEvent,
  opts: LxcOptions,
  env: HookEnv,
  apply: ApplyOptions = {},
): Promise<void> {
  const { plan, addresses } = await planLxcNetDownFor(ev, opts, env);
  if (env.dryRun) {
    env.out(renderPlan(plan, { ovsVsctl: env.ctx.ovsVsctl }));
    return;
  }
  const errors = await runTeardown(plan.steps, env.ctx, apply);
  if (errors.length > 0) {
    throw new CtnetError(`${plan.subject}: ${plan.action}: ${errors.map((e) => e.message).join('; ')}`, {
      code: 'E_TEARDOWN',
      hint: 'the rest was removed; the record is kept so the next down retries',
    });
  }
  await releaseAddresses({
    runDir: env.runDir,
    owner: lxcRecordId(ev.name),
    addresses,
    warn: (l) => env.ctx.log(`${plan.subject}: ${l}`),
  });
  if (ev.device)
    forgetTeardown(env.runDir, lxcRecordId(ev.name), ev.device, { warn: (l) => env.ctx.log(`${plan.subject}: ${l}`) });
}
