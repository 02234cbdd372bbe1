/**
 * Plan what ctnet-lxc does when a container interface comes up (pure: state in, plan out).
 * veth + bridge (--bridge, else the link LXC passed, else the section's link): attach to the
 *   Linux or Open vSwitch bridge (lib/plan/bridge-attach.ts), VLAN, MTU, OVS owner ids.
 * veth + --routed: host routes + proxy ARP/NDP on the veth (lib/plan/routed-veth.ts), with
 *   the kernel metric of --announce (the class FRR reads, lib/request/announce-class.ts).
 * veth with neither: nothing (a note says so). Types other than veth: nothing; LXC set the
 *   device up itself (macvlan, ipvlan, vlan, phys on their link; empty has no device).
 */
import { CtnetError } from '../errors.js';
import type { LinkState } from '../observe/link-state.js';
import type { BridgeKind } from '../observe/bridge-kind.js';
import { ovsOwner } from '../request/ovs-ids.js';
import { planBridgeAttach } from './bridge-attach.js';
import { emptyPlan, type Plan } from './plan.js';
import { planRoutedVeth } from './routed-veth.js';
import { planForwardsUp } from '../setups/nat/plan-forwards.js';
import type { LxcNetEvent } from '../runtimes/lxc/lxc-event.js';
import type { LxcOptions } from '../runtimes/lxc/lxc-options.js';
import type { SectionView } from '../runtimes/lxc/section-view.js';
import { announceMetric } from '../request/announce-class.js';

export interface LxcUpInput {
  ev: LxcNetEvent;
  opts: LxcOptions;
  section: SectionView;
  veth?: LinkState;
  bridge?: LinkState;
  bridgeKind?: BridgeKind;
}

export function resolveBridge(
  ev: LxcNetEvent,
  opts: LxcOptions,
  section: SectionView,
): { name: string; from: string } | undefined {
  if (opts.bridge) return { name: opts.bridge, from: '--bridge' };
  if (ev.link) return { name: ev.link, from: 'the link LXC passed' };
  if (section.link) return { name: section.link, from: `${section.label}.link` };
  return undefined;
}

export function planLxcUp(up: LxcUpInput): Plan {
  const plan = planLxcAttach(up);
  if (up.ev.type !== 'veth' || up.opts.forwards.length === 0) return plan;
  if (up.section.addresses.length === 0) {
    throw new CtnetError(
      `container ${up.ev.name}: --forward needs the container's address, but its lxc.net section has no ipv4.address/ipv6.address`,
      {
        code: 'E_CONFIG',
        hint: 'set lxc.net.N.ipv4.address (static addresses only)',
      },
    );
  }
  const f = planForwardsUp({ owner: `lxc-${up.ev.name}`, forwards: up.opts.forwards, targets: up.section.addresses });
  plan.steps.push(...f.steps);
  plan.teardown.push(...f.teardown);
  return plan;
}

/** Bridge, OVS or routed attach of the veth (everything but port forwards). */
function planLxcAttach(up: LxcUpInput): Plan {
  const { ev, opts } = up;
  const plan = emptyPlan(
    `container ${ev.name}`,
    `up ${ev.type}${ev.device ? ` ${ev.device}` : ''}${up.section.label ? ` (${up.section.label})` : ''}`,
  );
  if (ev.type !== 'veth') {
    plan.notes.push(
      `type ${ev.type}: nothing for ctnet to do (LXC configures ${ev.type} devices itself)${hasActions(opts) ? '; options are for veth only and were ignored' : ''}`,
    );
    return plan;
  }
  const dev = ev.device!;
  if (!up.veth?.exists) {
    throw new CtnetError(`container ${ev.name}: host veth "${dev}" does not exist`, {
      code: 'E_NODEV',
      hint: 'LXC creates it before running script.up',
    });
  }
  const bridge = resolveBridge(ev, opts, up.section);
  const mtu = opts.mtu ?? up.section.mtu;
  if (opts.routed) {
    if (bridge) {
      throw new CtnetError(
        `container ${ev.name}: --routed, but ${dev} has a bridge (${bridge.name}, from ${bridge.from})`,
        {
          code: 'E_CONFIG',
          hint: 'remove lxc.net.N.link for a routed veth',
        },
      );
    }
    const metric = announceMetric(opts.announce);
    const r = planRoutedVeth({
      port: dev,
      addresses: up.section.addresses,
      gateways6: up.section.gateways6,
      mtu,
      metric,
    });
    plan.steps.push(
      ...r.sysctls,
      ...r.rules,
      { kind: 'host-batch', what: `routes to container ${ev.name} via ${dev}`, lines: r.hostLines },
      ...r.after,
    );
    plan.teardown.push(...r.teardown);
    plan.notes.push(...r.notes);
    return plan;
  }
  if (!bridge) {
    plan.notes.push(`${dev} has no bridge (no --bridge, no link) and --routed is not given: nothing to do`);
    return plan;
  }
  const a = planBridgeAttach({
    subject: plan.subject,
    port: dev,
    portState: up.veth,
    bridgeName: bridge.name,
    bridgeFrom: bridge.from,
    bridge: up.bridge ?? { name: bridge.name, exists: false },
    kind: up.bridgeKind ?? 'missing',
    owner: ovsOwner('lxc', ev.name),
    ifname: up.section.name,
    // LXC attaches the veth to lxc.net.N.link itself before script.up: that port is taken over.
    adoptUnowned: (ev.link ?? up.section.link) === bridge.name,
    vlan: opts.vlan,
    trunks: opts.trunks,
    mtu,
  });
  plan.steps.push(
    ...a.before,
    { kind: 'host-batch', what: `${dev} on ${bridge.name}`, lines: a.hostLines },
    ...a.after,
  );
  plan.teardown.push(...a.teardown);
  plan.notes.push(...a.notes);
  return plan;
}

function hasActions(o: LxcOptions): boolean {
  return Boolean(o.bridge || o.routed || o.vlan !== undefined || o.trunks || o.mtu || o.forwards.length);
}
