/**
 * EXTERNAL_SCRIPT `init veth <host_ifname> [<bridge>]`: attach the host veth, route to the CT
 * addresses, configure the CT side; record what a later umount must remove.
 */
import { applyOwned } from '../../apply/apply-owned.js';
import { applyRecorded } from '../../apply/apply-recorded.js';
import { buildCtNetwork, findInterface, type CtInterface } from '../../request/ct-network.js';
import { loadVzConfig } from '../../runtimes/openvz/load-vz-config.js';
import { confForwards, FORWARD_VAR } from '../../request/forward-spec.js';
import { configError } from '../../errors.js';
import { checked, parseOnOff } from '../../request/validate.js';
import type { HostConfig } from '../../setups/host/host-conf.js';
import type { HookEnv } from '../../hook/hook-env.js';
import { checkForwardPorts, forwardAllowList } from '../../setups/nat/check-forward-ports.js';
import { planForwardsUp } from '../../setups/nat/plan-forwards.js';
import { readForwarding } from '../../observe/forwarding.js';
import { readLinkState } from '../../observe/link-state.js';
import { detectBridgeKind } from '../../observe/bridge-kind.js';
import { emptyPlan, type Plan } from '../../plan/plan.js';
import { renderPlan } from '../../plan/render-plan.js';
import { planVethUp } from '../../plan/veth-up.js';
import { vzPortGuard } from '../../plan/guard/vz-port-guard.js';
import { addGuard } from '../../plan/guard/plan-port-guard.js';
import { hostFilterDefault } from '../../setups/host/host-filter-default.js';
import { loadHostConfig } from '../../setups/host/load-host-config.js';
import { guardPrimary } from '../../setups/frr/guard-primary.js';

export interface VznetUpEvent {
  veid: string;
  hostIfname: string;
  /** Proxmox-patched vzctl passes the bridge as a 4th argument. */
  bridgeArg?: string;
}

export function recordId(veid: string): string {
  return `vz-${veid}`;
}

/** Read config and kernel state, and return the plan (used by the hook and `ctnet plan`). */
export async function planVznetUp(
  ev: VznetUpEvent,
  env: Pick<HookEnv, 'vzDir' | 'sysNet' | 'ctx' | 'etcDir'>,
): Promise<Plan> {
  return (await planVznetUpFor(ev, env)).plan;
}

/** The plan, and the CT interface it is for (none: not ours, only brought up). */
async function planVznetUpFor(
  ev: VznetUpEvent,
  env: Pick<HookEnv, 'vzDir' | 'sysNet' | 'ctx' | 'etcDir'>,
): Promise<{ plan: Plan; iface?: CtInterface; dad?: boolean; host?: HostConfig }> {
  const cfg = loadVzConfig(ev.veid, { vzDir: env.vzDir });
  const net = buildCtNetwork(ev.veid, cfg.vars);
  const iface = findInterface(net, ev.hostIfname);
  if (!iface) {
    // Not ours to configure (no NETIF entry): do what stock vznetcfg does, bring it up.
    const plan = emptyPlan(`CT ${ev.veid}`, `up ${ev.hostIfname}`);
    plan.notes.push(`no NETIF entry has host_ifname=${ev.hostIfname} in ${cfg.ctFile}: only bringing it up`);
    plan.steps.push({
      kind: 'host-batch',
      what: `bring ${ev.hostIfname} up`,
      lines: [{ cmd: `link set dev ${ev.hostIfname} up` }],
    });
    return { plan };
  }
  const host = loadHostConfig(env.etcDir);
  const guarded = await guardPrimary(`CT ${ev.veid}`, iface, env.ctx);
  const bridgeName = ev.bridgeArg ?? iface.bridge?.name;
  const bridgeFrom = ev.bridgeArg ? "the hook's 4th argument" : iface.bridge?.from;
  const bridge = bridgeName ? readLinkState(bridgeName, env.sysNet) : undefined;
  // Bridged: the bridge and its kind; routed: the host's forwarding switches (for its notes).
  const attach =
    bridgeName && bridge
      ? { bridgeName, bridge, bridgeKind: await detectBridgeKind(bridgeName, bridge, env.ctx) }
      : readForwarding(env.ctx.procSys);
  const plan = planVethUp({
    veid: ev.veid,
    iface: guarded,
    ...attach,
    bridgeFrom,
    veth: readLinkState(ev.hostIfname, env.sysNet),
  });
  addGuard(plan, vzPortGuard(`CT ${ev.veid}`, iface, cfg.vars, { host: hostFilterDefault(host) }));
  // CTNET_FORWARD: the CT's port forwards come up with its first interface.
  const fwd = cfg.vars.get(FORWARD_VAR);
  if (fwd && iface === net.interfaces[0]) {
    const forwards = confForwards(fwd);
    if (forwards.length && iface.addresses.length === 0)
      throw configError(fwd, `needs a container address to forward to (VETH_IP_ADDRESS of ${iface.ifname} is empty)`);
    await checkForwardPorts({
      forwards,
      ...forwardAllowList(host),
      fail: (why) => configError(fwd, why),
    });
    const f = planForwardsUp({ owner: recordId(ev.veid), forwards, targets: iface.addresses });
    plan.steps.push(...f.steps);
    plan.teardown.push(...f.teardown);
  }
  const dadCv = cfg.vars.get(DAD_VAR);
  const dad = dadCv && dadCv.value.trim() !== '' ? checked(dadCv, parseOnOff(dadCv.value.trim())) : undefined;
  return { plan, iface, dad, host };
}

/**
 * The CT's duplicate-address probe switch (on|off; unset: host.conf [isolation] dad, default on).
 */
const DAD_VAR = 'CTNET_DAD';

export async function vznetUp(ev: VznetUpEvent, env: HookEnv): Promise<void> {
  const { plan, iface, dad, host } = await planVznetUpFor(ev, env);
  if (env.dryRun) {
    env.out(renderPlan(plan, { vzctl: env.ctx.vzctl }));
    return;
  }
  const record = { runDir: env.runDir, id: recordId(ev.veid), part: ev.hostIfname };
  if (!iface || !host) return applyRecorded(plan, record, env.ctx);
  // Address ownership (lib/apply/apply-owned.ts): host addresses, connected networks, registry.
  const cv = iface.from.addresses;
  const from = cv ? `${cv.file}:${cv.line}: ${cv.key}` : 'VETH_IP_ADDRESS';
  const routed = !(ev.bridgeArg ?? iface.bridge);
  await applyOwned(
    plan,
    record,
    {
      addresses: iface.addresses.map((ip) => ({ ip, from })),
      routed,
      proxyDevs: routed ? iface.proxyDevs : undefined,
      dad,
      host,
    },
    env,
  );
}
