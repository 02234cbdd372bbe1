/**
 * ctnet-vznetcfg: read what the event needs (CT config for `init`, the network's bridge for
 * `addif`, the veth's master and the owner of an OVS port of its name for `delif`), plan, apply
 * with rollback, then run EXTERNAL_SCRIPT with the same argv. A Linux bridge membership disappears
 * with the veth when the CT stops; only an Open vSwitch port of `init` is recorded for
 * ctnet-umount.
 */
import { applyRecorded } from '../../apply/apply-recorded.js';
import { buildCtNetwork, findInterface } from '../../request/ct-network.js';
import { loadVzConfig } from '../../runtimes/openvz/load-vz-config.js';
import { CtnetError } from '../../errors.js';
import type { HookEnv } from '../../hook/hook-env.js';
import { readLinkState } from '../../observe/link-state.js';
import { detectBridgeKind } from '../../observe/bridge-kind.js';
import { selectPortOwner } from '../../observe/select-port-owner.js';
import type { Plan } from '../../plan/plan.js';
import { renderPlan } from '../../plan/render-plan.js';
import { planVznetcfg, type VznetcfgState } from '../../plan/vznetcfg-plan.js';
import { readExternalScript, runExternalScript, skipReason } from '../../runtimes/openvz/external-script.js';
import { resolveNetworkBridge } from '../../runtimes/openvz/virsh-network.js';
import { recordId } from './vznet-up.js';
import { vzPortGuard } from '../../plan/guard/vz-port-guard.js';
import { addGuard } from '../../plan/guard/plan-port-guard.js';
import { guardRemoveStep } from '../../plan/guard/port-guard-step.js';
import { hostFilterDefault } from '../../setups/host/host-filter-default.js';
import { loadHostConfig } from '../../setups/host/load-host-config.js';
import type { VznetcfgEvent } from '../../runtimes/openvz/vznetcfg-args.js';

export interface VznetcfgRun {
  ev: VznetcfgEvent;
  /** The command line as vzctl gave it (passed on to EXTERNAL_SCRIPT). */
  argv: string[];
  processEnv: NodeJS.ProcessEnv;
  self?: string;
  scriptTimeoutMs: number;
}

/** Kernel and config state for the event (reads only). */
async function readVznetcfgState(
  ev: VznetcfgEvent,
  env: Pick<HookEnv, 'vzDir' | 'sysNet' | 'ctx'>,
): Promise<VznetcfgState> {
  const veth = readLinkState(ev.dev, env.sysNet);
  const st: VznetcfgState = { veth };
  let bridge: { name: string; from: string } | undefined;
  if (ev.kind === 'init') {
    if (ev.bridgeArg) bridge = { name: ev.bridgeArg, from: 'the 4th argument' };
    else {
      const cfg = loadVzConfig(ev.veid, { vzDir: env.vzDir });
      bridge = findInterface(buildCtNetwork(ev.veid, cfg.vars), ev.dev)?.bridge;
    }
  } else if (ev.kind === 'addif') {
    bridge = ev.networkIsBridge
      ? { name: ev.network, from: `network ${ev.network} (NETWORK_TYPE=bridge)` }
      : { name: await resolveNetworkBridge(ev.network), from: `virsh net-info ${ev.network}` };
  } else {
    if (veth.master) st.master = readLinkState(veth.master, env.sysNet);
    // No VPORT_TYPE: the port may still be an Open vSwitch port ctnet made for this CT.
    if (!ev.ovs && ev.veid && !st.master?.isLinuxBridge) {
      const owner = await delifPortOwner(ev.dev, env.ctx);
      if (owner !== undefined) st.ovsPortOwner = owner;
    }
  }
  if (bridge) {
    st.bridgeName = bridge.name;
    st.bridgeFrom = bridge.from;
    st.bridge = readLinkState(bridge.name, env.sysNet);
    st.bridgeKind = await detectBridgeKind(bridge.name, st.bridge, env.ctx);
  }
  return st;
}

/**
 * The owner of the OVS port named `dev` (lib/observe/select-port-owner.ts); ovsdb down: logged,
 * undefined (the rest of the delif goes on).
 */
async function delifPortOwner(dev: string, ctx: HookEnv['ctx']): Promise<string | null | undefined> {
  try {
    return await selectPortOwner(dev, ctx);
  } catch (e) {
    if (!(e instanceof CtnetError)) throw e;
    ctx.log(`warning: delif ${dev}: cannot tell whether ctnet made an Open vSwitch port of that name: ${e.message}`);
    return undefined;
  }
}

export async function vznetcfg(r: VznetcfgRun, hookEnv: HookEnv): Promise<void> {
  const plan: Plan = planVznetcfg(r.ev, await readVznetcfgState(r.ev, hookEnv));
  if (r.ev.kind === 'delif') plan.steps.push(guardRemoveStep(r.ev.dev));
  else {
    const cfg = loadVzConfig(r.ev.veid, { vzDir: hookEnv.vzDir });
    const iface = findInterface(buildCtNetwork(r.ev.veid, cfg.vars), r.ev.dev);
    if (iface)
      addGuard(
        plan,
        vzPortGuard(plan.subject, iface, cfg.vars, {
          host: hostFilterDefault(loadHostConfig(hookEnv.etcDir)),
          mac: r.ev.kind === 'addif' ? r.ev.mac : undefined,
        }),
      );
    else
      plan.notes.push(
        `no NETIF entry has host_ifname=${r.ev.dev}: no anti-spoofing filter (ctnet does not know what the CT owns)`,
      );
  }
  const script = readExternalScript(hookEnv.vzDir);
  if (hookEnv.dryRun) {
    hookEnv.out(renderPlan(plan, { vzctl: hookEnv.ctx.vzctl }));
    if (script) {
      const skip = skipReason({ script, env: r.processEnv, self: r.self });
      hookEnv.out(
        skip
          ? `# ${skip}\n`
          : `# then EXTERNAL_SCRIPT (${script.from.file}:${script.from.line})\nVEID=${r.ev.veid ?? ''} ${[script.path, ...r.argv.filter((a) => a !== '')].join(' ')}\n`,
      );
    }
    return;
  }
  const record = r.ev.kind !== 'delif' && plan.teardown.length ? recordId(r.ev.veid) : undefined;
  // An Open vSwitch port outlives the veth: let ctnet-umount remove it (ctnet-vznet, as
  // EXTERNAL_SCRIPT, records the same part again with its routes).
  await applyRecorded(plan, record ? { runDir: hookEnv.runDir, id: record, part: r.ev.dev } : undefined, hookEnv.ctx);
  if (plan.steps.length) hookEnv.ctx.log(`${plan.subject}: ${plan.action}: done`);
  if (script) {
    await runExternalScript({
      script,
      argv: r.argv,
      env: r.processEnv,
      timeoutMs: r.scriptTimeoutMs,
      log: hookEnv.ctx.log,
      self: r.self,
    });
  }
}
