/**
 * script.up: read the section and the kernel/OVS state, plan, record the teardown (before
 * applying, so a killed hook still leaves a record), apply with rollback. Records of this
 * container's veths that no longer exist (a crashed start whose down never ran) are torn
 * down first, so their OVS ports and routes do not pile up.
 */
import { runTeardown } from '../../apply/apply-plan.js';
import { applyOwned } from '../../apply/apply-owned.js';
import { applyRecorded } from '../../apply/apply-recorded.js';
import { CtnetError } from '../../errors.js';
import { emptyHostConfig, type HostConfig } from '../../setups/host/host-conf.js';
import type { HookEnv } from '../../hook/hook-env.js';
import { checkForwardPorts, forwardAllowList } from '../../setups/nat/check-forward-ports.js';
import { readLinkState } from '../../observe/link-state.js';
import { detectBridgeKind } from '../../observe/bridge-kind.js';
import type { Plan } from '../../plan/plan.js';
import { renderPlan } from '../../plan/render-plan.js';
import { forgetTeardown, readTeardown } from '../../state/teardown-record.js';
import { heldByOthers, ownerLabel, releaseAddresses } from '../../state/address-registry.js';
import { entryAddresses, withoutForeignRoutes } from '../../plan/foreign-routes.js';
import { teardownSteps } from '../../plan/teardown-entry.js';
import type { LxcNetEvent } from '../../runtimes/lxc/lxc-event.js';
import type { LxcOptions } from '../../runtimes/lxc/lxc-options.js';
import { planLxcUp, resolveBridge } from '../../plan/plan-lxc-up.js';
import { addGuard } from '../../plan/guard/plan-port-guard.js';
import { lxcPortGuard } from '../../plan/guard/lxc-port-guard.js';
import { hostFilterDefault } from '../../setups/host/host-filter-default.js';
import { hostConfFile, loadHostConfig } from '../../setups/host/load-host-config.js';
import { loadSectionView, type SectionView } from '../../runtimes/lxc/section-view.js';
import { lxcPrimaryGuard } from './lxc-primary-guard.js';

export function lxcRecordId(name: string): string {
  return `lxc-${name}`;
}

export async function planLxcNetUp(
  ev: LxcNetEvent,
  opts: LxcOptions,
  env: Pick<HookEnv, 'sysNet' | 'ctx' | 'etcDir'>,
): Promise<Plan> {
  return (await planLxcNetUpFor(ev, opts, env)).plan;
}

/** The plan and the section view it was made from. */
async function planLxcNetUpFor(
  ev: LxcNetEvent,
  opts: LxcOptions,
  env: Pick<HookEnv, 'sysNet' | 'ctx' | 'etcDir'>,
): Promise<{ plan: Plan; section: SectionView; host: HostConfig }> {
  const isVeth = ev.type === 'veth';
  // host.conf is read once per run, and only for a veth (the other types need nothing of it).
  const host = isVeth ? loadHostConfig(env.etcDir) : emptyHostConfig(hostConfFile(env.etcDir));
  const section = isVeth
    ? loadSectionView(
        ev,
        { link: !opts.bridge && !ev.link, addresses: opts.routed || opts.forwards.length > 0 || opts.filter !== false },
        (l) => env.ctx.log(`warning: ${l}`),
      )
    : { addresses: [], gateways6: [] };
  if (isVeth) await checkLxcForwards(ev, opts, host);
  const guarded = await lxcPrimaryGuard(ev, opts, section, env.ctx);
  const plan = await planAttach(ev, guarded, section, env);
  if (isVeth && ev.device) addGuard(plan, lxcPortGuard(ev, opts, section, hostFilterDefault(host)));
  return { plan, section, host };
}

async function planAttach(
  ev: LxcNetEvent,
  opts: LxcOptions,
  section: SectionView,
  env: Pick<HookEnv, 'sysNet' | 'ctx'>,
): Promise<Plan> {
  const isVeth = ev.type === 'veth';
  const bridgeRef = isVeth ? resolveBridge(ev, opts, section) : undefined;
  const veth = ev.device ? readLinkState(ev.device, env.sysNet) : undefined;
  if (!bridgeRef || opts.routed || !veth?.exists) return planLxcUp({ ev, opts, section, veth });
  const bridge = readLinkState(bridgeRef.name, env.sysNet);
  const bridgeKind = await detectBridgeKind(bridgeRef.name, bridge, env.ctx);
  return planLxcUp({ ev, opts, section, veth, bridge, bridgeKind });
}

/**
 * --forward host ports: inside host.conf's allow-list and held by no host socket
 * (lib/setups/nat/check-forward-ports.ts).
 */
async function checkLxcForwards(ev: LxcNetEvent, opts: LxcOptions, host: HostConfig): Promise<void> {
  if (opts.forwards.length === 0) return;
  await checkForwardPorts({
    forwards: opts.forwards,
    ...forwardAllowList(host),
    fail: (why) =>
      new CtnetError(`container ${ev.name}: --forward ${why}`, {
        code: 'E_CONFIG',
        hint: 'pick a host port that [isolation] forward-ports allows and no host service uses',
      }),
  });
}

export async function lxcNetUp(ev: LxcNetEvent, opts: LxcOptions, env: HookEnv): Promise<void> {
  const { plan, section, host } = await planLxcNetUpFor(ev, opts, env);
  if (env.dryRun) {
    env.out(renderPlan(plan, { ovsVsctl: env.ctx.ovsVsctl }));
    return;
  }
  for (const n of plan.notes) env.ctx.log(`${plan.subject}: ${n}`);
  if (!ev.device) return;
  const id = lxcRecordId(ev.name);
  await clearVanished(id, ev.device, env);
  if (plan.steps.length === 0) return;
  const record = { runDir: env.runDir, id, part: ev.device };
  if (!opts.routed) return applyRecorded(plan, record, env.ctx);
  // Routed: ctnet routes the section's addresses, so it must own them (lib/apply/apply-owned.ts).
  const from = `${ev.configFile ?? 'the container config'}: ${section.label ?? 'lxc.net'}.ipv4/ipv6.address`;
  await applyOwned(plan, record, { addresses: section.addresses.map((ip) => ({ ip, from })), routed: true, host }, env);
}

/** Tear down recorded parts whose veth is gone (never this device's); failures are only logged. */
async function clearVanished(id: string, device: string, env: HookEnv): Promise<void> {
  const warn = (l: string): void => env.ctx.log(`container ${id.slice(4)}: ${l}`);
  for (const { part, entries } of readTeardown(env.runDir, id, { warn })) {
    if (part === device || readLinkState(part, env.sysNet).exists) continue;
    const addresses = entryAddresses(entries);
    const own = withoutForeignRoutes(
      entries,
      heldByOthers({ runDir: env.runDir, owner: id, addresses, warn }),
      ownerLabel,
    );
    const errors = await runTeardown(teardownSteps(own.entries), env.ctx);
    if (errors.length === 0) {
      await releaseAddresses({ runDir: env.runDir, owner: id, addresses, warn });
      forgetTeardown(env.runDir, id, part, { warn });
    } else
      env.ctx.log(
        `warning: leftovers of ${part} (a start whose down never ran): ${errors.map((e) => e.message).join('; ')}`,
      );
  }
}
