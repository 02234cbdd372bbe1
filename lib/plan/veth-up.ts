/**
 * Plan the host and CT side of one OpenVZ veth coming up (pure). Same state in, same plan
 * out; every command is a `replace` or a `set`, so applying it twice equals applying it once.
 */
import { CtnetError } from '../errors.js';
import type { CtInterface } from '../request/ct-network.js';
import type { LinkState } from '../observe/link-state.js';
import { containsAddr, hostRoute, LINK_LOCAL6, withPrefix, type IpAddr } from '../request/ip-address.js';
import type { BridgeKind } from '../observe/bridge-kind.js';
import { ovsOwner } from '../request/ovs-ids.js';
import { planBridgeAttach } from './bridge-attach.js';
import { announceMetric } from '../request/announce-class.js';
import { planRoutedVeth } from './routed-veth.js';
import { classRuleSteps, routeTeardown } from './host-route.js';
import { hostRouteLines } from './route-line.js';
import { emptyPlan, type BatchLine, type CtBatchStep, type Plan, type Step } from './plan.js';
import { restoreLink } from './restore-link.js';

export { restoreLink };

export interface VethUpInput {
  veid: string;
  iface: CtInterface;
  /** The bridge to use (already resolved: argv, NETIF, BRIDGEDEV), or none for a routed veth. */
  bridgeName?: string;
  /** Where the bridge name came from, for messages. */
  bridgeFrom?: string;
  veth: LinkState;
  bridge?: LinkState;
  /** What the bridge is (lib/observe/bridge-kind.ts); derived from `bridge` (sysfs) when absent. */
  bridgeKind?: BridgeKind;
  /** Routed veth only: global forwarding as read from /proc/sys, for notes. */
  ipv4Forwarding?: boolean;
  ipv6Forwarding?: boolean;
}

export function planVethUp(input: VethUpInput): Plan {
  const { veid, iface, veth } = input;
  const plan = emptyPlan(`CT ${veid}`, `up ${iface.hostIfname} (${iface.ifname} in the CT)`);
  if (!veth.exists) {
    throw new CtnetError(`CT ${veid}: host interface "${iface.hostIfname}" does not exist`, {
      code: 'E_NODEV',
      hint: 'vzctl creates it before calling the hook; check NETIF host_ifname',
    });
  }
  const routeDev = input.bridgeName ?? iface.hostIfname;
  const host: BatchLine[] = [];
  let after: Step[] = [];
  if (input.bridgeName) {
    const bridge = input.bridge ?? { name: input.bridgeName, exists: false };
    const kind = input.bridgeKind ?? kindFromSysfs(bridge);
    if (kind === 'linux' && iface.vlan !== undefined) throw linuxVlanRefused(veid, iface, input.bridgeName);
    const attach = planBridgeAttach({
      subject: plan.subject,
      port: iface.hostIfname,
      portState: veth,
      bridgeName: input.bridgeName,
      bridge,
      kind,
      owner: ovsOwner('vz', veid),
      ifname: iface.ifname,
      bridgeFrom: input.bridgeFrom,
      vlan: iface.vlan,
    });
    plan.steps.push(...attach.before);
    host.push(...attach.hostLines);
    after = attach.after;
    plan.teardown.push(...attach.teardown);
    plan.notes.push(...attach.notes);
  } else {
    // Routed veth: routes via the veth, proxy ARP/NDP and forwarding on it (routed-veth.ts).
    plan.notes.push(`no bridge configured for ${iface.ifname}: routed veth, host routes via ${iface.hostIfname}`);
    const r = planRoutedVeth({
      port: iface.hostIfname,
      addresses: iface.addresses,
      gateways6: iface.gateway6 ? [iface.gateway6] : [],
      proxyDevs: iface.proxyDevs,
      metric: announceMetric(iface.announce),
      ipv4Forwarding: input.ipv4Forwarding,
      ipv6Forwarding: input.ipv6Forwarding,
    });
    const undo = restoreLink(veth, {});
    if (undo) r.hostLines[0]!.undo = undo;
    plan.steps.push(
      ...r.sysctls,
      ...r.rules,
      { kind: 'host-batch', what: `host side of ${iface.hostIfname}`, lines: r.hostLines },
      ...r.after,
      ctSide(veid, iface),
    );
    plan.teardown.push(...r.teardown);
    plan.notes.push(...r.notes);
    return plan;
  }
  const metric = announceMetric(iface.announce);
  for (const a of iface.addresses) {
    host.push(...hostRouteLines(a, routeDev, metric));
  }
  plan.steps.push(
    ...classRuleSteps(iface.addresses, metric),
    { kind: 'host-batch', what: `host side of ${iface.hostIfname}`, lines: host },
    ...after,
  );
  plan.steps.push(ctSide(veid, iface));
  plan.teardown.push(...routeTeardown(iface.addresses, routeDev, metric));
  return plan;
}

/**
 * OpenVZ keeps VETH_VLAN for Open vSwitch bridges; on a Linux bridge it asks for a per-VLAN bridge.
 */
function linuxVlanRefused(veid: string, iface: CtInterface, name: string): CtnetError {
  const v = iface.from.vlan;
  return new CtnetError(
    `CT ${veid}: ${v ? `${v.file}:${v.line}: ${v.key}: ` : ''}VLAN ${iface.vlan} for ${iface.ifname}: tagging a port of the Linux bridge "${name}" is not supported`,
    {
      code: 'E_UNSUPPORTED',
      hint: `use a per-VLAN bridge (e.g. ${name}v${iface.vlan}) or an Open vSwitch bridge, or remove the VLAN setting`,
    },
  );
}

/** Without asking OVS: a Linux bridge, a missing device, or something else. */
function kindFromSysfs(link: LinkState): BridgeKind {
  return link.isLinuxBridge ? 'linux' : link.exists ? 'other' : 'missing';
}

/** The CT side in one batch: link up, addresses, route to CT0, default routes; each with its undo. */
function ctSide(veid: string, iface: CtInterface): CtBatchStep {
  const dev = iface.ifname;
  const step: CtBatchStep = { kind: 'ct-batch', what: `${dev} inside CT ${veid}`, veid, lines: [], undo: [] };
  const add = (cmd: string, undo = ''): void => {
    step.lines.push(cmd);
    step.undo!.push(undo);
  };
  add(`link set dev ${dev} up`);
  for (const a of iface.addresses) {
    add(
      `addr replace ${withPrefix(a)} dev ${dev}${a.family === 6 ? ' nodad' : ''}`,
      `addr del ${withPrefix(a)} dev ${dev}`,
    );
  }
  for (const c of iface.ct0Ips) add(`route replace ${hostRoute(c)} dev ${dev}`, `route del ${hostRoute(c)} dev ${dev}`);
  for (const gw of [iface.gateway, iface.gateway6]) {
    if (!gw) continue;
    // `replace` takes over an existing default (e.g. venet's `default dev venet0`, seed 002).
    add(
      `route replace default via ${gw.address} dev ${dev}${gatewayOnLink(iface, gw) ? '' : ' onlink'}`,
      `route del default via ${gw.address} dev ${dev}`,
    );
  }
  return step;
}

/** Whether the CT reaches `gw` without `onlink`: IPv6 link-local, in one of its subnets, or CT0_IP. */
function gatewayOnLink(iface: CtInterface, gw: IpAddr): boolean {
  return (
    containsAddr(LINK_LOCAL6, gw) ||
    iface.addresses.some((a) => containsAddr(a, gw)) ||
    iface.ct0Ips.some((c) => c.address === gw.address)
  );
}
