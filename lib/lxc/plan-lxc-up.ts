/**
 * Plan what ctnet-lxc does when a container interface comes up (pure: state in, plan out).
 * veth + bridge (--bridge, else the link LXC passed, else the section's link): attach to the
 *   Linux or Open vSwitch bridge (lib/plan/bridge-attach.ts), VLAN, MTU, OVS owner ids.
 * veth + --routed: host routes + proxy ARP/NDP on the veth (lib/plan/routed-veth.ts), with
 *   the kernel metric of --announce (the class FRR reads, lib/net/announce-class.ts).
 * veth with neither: nothing (a note says so). Types other than veth: nothing; LXC set the
 *   device up itself (macvlan, ipvlan, vlan, phys on their link; empty has no device).
 */
import { CtnetError } from '../errors.js';
import type { IpAddr } from '../net/ip-address.js';
import type { LinkState } from '../net/link-state.js';
import type { BridgeKind } from '../ovs/bridge-kind.js';
import { ovsOwner } from '../ovs/ovs-ids.js';
import { planBridgeAttach } from '../plan/bridge-attach.js';
import { emptyPlan, type Plan } from '../plan/plan.js';
import { planRoutedVeth } from '../plan/routed-veth.js';
import { planForwardsUp } from '../nat/plan-forwards.js';
import { announceMetric } from '../net/announce-class.js';
import type { LxcNetEvent } from './lxc-event.js';
import type { LxcOptions } from './lxc-options.js';

/** What the matched lxc.net.N section says (values all candidate sections agree on). */
export interface SectionView {
  label?: string;
  link?: string;
  name?: string;
  mtu?: number;
  addresses: IpAddr[];
  gateways6: IpAddr[];
  /** The container's MAC (lxc.net.N.hwaddr), when fixed. */
  mac?: string;
}

export interface LxcUpInput {
  ev: LxcNetEvent;
  opts: LxcOptions;
  section: SectionView;
  veth?: LinkState;
  bridge?: LinkState;
  bridgeKind?: BridgeKind;
}

export function resolveBridge(ev: LxcNetEvent, opts: LxcOptions, section: SectionView): { name: string; from: string } | undefined {
  if (opts.bridge) return { name: opts.bridge, from: '--bridge' };
  if (ev.link) return { name: ev.link, from: 'the link LXC passed' };
  if (section.link) return { name: section.link, from: `${section.label}.link` };
  return undefined;
}

export function planLxcUp(i: LxcUpInput): Plan {
  const plan = planLxcAttach(i);
  if (i.ev.type !== 'veth' || i.opts.forwards.length === 0) return plan;
  if (i.section.addresses.length === 0) {
    throw new CtnetError(`container ${i.ev.name}: --forward needs the container's address, but its lxc.net section has no ipv4.address/ipv6.address`, {
      code: 'E_CONFIG', hint: 'set lxc.net.N.ipv4.address (static addresses only)',
    });
  }
  const f = planForwardsUp({ owner: `lxc-${i.ev.name}`, forwards: i.opts.forwards, targets: i.section.addresses });
  plan.steps.push(...f.steps);
  plan.teardown.push(...f.teardown);
  return plan;
}

/** Bridge, OVS or routed attach of the veth (everything but port forwards). */
function planLxcAttach(i: LxcUpInput): Plan {
  const { ev, opts } = i;
  const plan = emptyPlan(`container ${ev.name}`, `up ${ev.type}${ev.device ? ` ${ev.device}` : ''}${i.section.label ? ` (${i.section.label})` : ''}`);
  if (ev.type !== 'veth') {
    plan.notes.push(`type ${ev.type}: nothing for ctnet to do (LXC configures ${ev.type} devices itself)${hasActions(opts) ? '; options are for veth only and were ignored' : ''}`);
    return plan;
  }
  const dev = ev.device!;
  if (!i.veth?.exists) {
    throw new CtnetError(`container ${ev.name}: host veth "${dev}" does not exist`, { code: 'E_NODEV', hint: 'LXC creates it before running script.up' });
  }
  const bridge = resolveBridge(ev, opts, i.section);
  const mtu = opts.mtu ?? i.section.mtu;
  if (opts.routed) {
    if (bridge) {
      throw new CtnetError(`container ${ev.name}: --routed, but ${dev} has a bridge (${bridge.name}, from ${bridge.from})`, {
        code: 'E_CONFIG', hint: 'remove lxc.net.N.link for a routed veth',
      });
    }
    const metric = announceMetric(opts.announce);
    const r = planRoutedVeth({
      port: dev, addresses: i.section.addresses, gateways6: i.section.gateways6, ...(mtu ? { mtu } : {}), ...(metric !== undefined ? { metric } : {}),
    });
    plan.steps.push(...r.sysctls, { kind: 'host-batch', what: `routes to container ${ev.name} via ${dev}`, lines: r.hostLines }, ...r.after);
    plan.teardown.push(...r.teardown);
    plan.notes.push(...r.notes);
    return plan;
  }
  if (!bridge) {
    plan.notes.push(`${dev} has no bridge (no --bridge, no link) and --routed is not given: nothing to do`);
    return plan;
  }
  const a = planBridgeAttach({
    subject: plan.subject, port: dev, portState: i.veth, bridgeName: bridge.name, bridgeFrom: bridge.from,
    bridge: i.bridge ?? { name: bridge.name, exists: false }, kind: i.bridgeKind ?? 'missing',
    owner: ovsOwner('lxc', ev.name), ...(i.section.name ? { ifname: i.section.name } : {}),
    // LXC attaches the veth to lxc.net.N.link itself before script.up: that port is taken over.
    ...((ev.link ?? i.section.link) === bridge.name ? { adoptUnowned: true } : {}),
    ...(opts.vlan !== undefined ? { vlan: opts.vlan } : {}), ...(opts.trunks ? { trunks: opts.trunks } : {}), ...(mtu ? { mtu } : {}),
  });
  plan.steps.push(...a.before, { kind: 'host-batch', what: `${dev} on ${bridge.name}`, lines: a.hostLines }, ...a.after);
  plan.teardown.push(...a.teardown);
  plan.notes.push(...a.notes);
  return plan;
}

function hasActions(o: LxcOptions): boolean {
  return Boolean(o.bridge || o.routed || o.vlan !== undefined || o.trunks || o.mtu || o.forwards.length);
}
