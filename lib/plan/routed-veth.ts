/**
 * A routed veth (no bridge): the node is the CT's router on a point-to-point link (pure).
 * What an admin of Proxmox's vznetaddbr or LXC's `veth.mode = router` expects, without any
 * global sysctl:
 * - host veth up; host routes to the CT addresses via the veth (veth-up adds them);
 * - on the host veth only: proxy_arp=1 (the CT's ARP for its gateway, or for any on-link
 *   looking address, is answered by the node) and forwarding=1 (packets from the CT are
 *   routed); with IPv6, proxy_ndp=1 plus a proxy entry for the CT's IPv6 gateway, because
 *   Linux answers neighbour solicitations only for addresses of the receiving interface;
 * - with VETH_PROXY_DEV (uplinks): a proxy neighbour entry for each CT address on each
 *   uplink, so a CT address taken from the uplink's subnet is answered for on that LAN
 *   (venet's NEIGHBOUR_DEVS behaviour); IPv6 entries need proxy_ndp=1 on the uplink, which
 *   is set and left on (other CTs may rely on it). Entries are removed at umount.
 * Everything on the veth disappears with it when the CT stops.
 * Forwarding of traffic ARRIVING on the uplink is the admin's choice (net.ipv4.ip_forward or
 * net.ipv4.conf.<uplink>.forwarding; IPv6 forwarding exists only globally): a note says so.
 */
import type { CtInterface } from '../config/ct-network.js';
import type { BatchLine, HostBatchStep, Step, SysctlStep } from './plan.js';

export interface RoutedVethInput {
  iface: CtInterface;
  /** Global forwarding as read from /proc/sys (undefined: unknown, no note). */
  ipv4Forwarding?: boolean;
  ipv6Forwarding?: boolean;
}

export interface RoutedVethPart {
  lines: BatchLine[];
  /** One step per proxy entry: `ip neigh` exits the whole batch on its first error. */
  neigh: HostBatchStep[];
  sysctls: SysctlStep[];
  teardown: Step[];
  notes: string[];
}

export function planRoutedVeth(input: RoutedVethInput): RoutedVethPart {
  const { iface } = input;
  const dev = iface.hostIfname;
  const v6 = iface.addresses.some((a) => a.family === 6) || iface.gateway6 !== undefined;
  const part: RoutedVethPart = { lines: [{ cmd: `link set dev ${dev} up` }], neigh: [], sysctls: [], teardown: [], notes: [] };
  part.notes.push(`no bridge configured for ${iface.ifname}: routed veth, host routes via ${dev}`);
  part.sysctls.push(sysctl(`net/ipv4/conf/${dev}/proxy_arp`, '1', `proxy ARP on ${dev}`));
  part.sysctls.push(sysctl(`net/ipv4/conf/${dev}/forwarding`, '1', `IPv4 forwarding from ${dev}`));
  if (v6) part.sysctls.push(sysctl(`net/ipv6/conf/${dev}/proxy_ndp`, '1', `proxy NDP on ${dev}`));
  if (iface.gateway6) part.neigh.push(neighStep(iface.gateway6.address, dev, false));
  const proxyDevs = iface.proxyDevs ?? [];
  for (const up of proxyDevs) {
    if (iface.addresses.some((a) => a.family === 6)) {
      part.sysctls.push(sysctl(`net/ipv6/conf/${up}/proxy_ndp`, '1', `proxy NDP on uplink ${up} (left on)`));
    }
    for (const a of iface.addresses) {
      part.neigh.push(neighStep(a.address, up, true));
      part.teardown.push({
        kind: 'host-batch', what: `proxy entry for ${a.address} on ${up}`, tolerateMissing: true,
        lines: [{ cmd: neighProxy('del', a.address, up) }],
      });
    }
  }
  if (input.ipv4Forwarding === false && iface.addresses.some((a) => a.family === 4)) {
    part.notes.push(`net.ipv4.ip_forward is 0: traffic TO the CT is forwarded only if the interface it arrives on has forwarding=1 (set net.ipv4.conf.<uplink>.forwarding=1)`);
  }
  if (input.ipv6Forwarding === false && v6) {
    part.notes.push('net.ipv6.conf.all.forwarding is 0: Linux forwards IPv6 only when it is 1 (a node-wide choice ctnet leaves to the admin)');
  }
  return part;
}

function neighStep(address: string, dev: string, undo: boolean): HostBatchStep {
  const line: BatchLine = { cmd: neighProxy('replace', address, dev) };
  if (undo) line.undo = neighProxy('del', address, dev);
  return { kind: 'host-batch', what: `proxy entry for ${address} on ${dev}`, lines: [line] };
}

function neighProxy(verb: 'replace' | 'del', address: string, dev: string): string {
  return `neigh ${verb} proxy ${address} dev ${dev}`;
}

function sysctl(key: string, value: string, what: string): SysctlStep {
  return { kind: 'sysctl', what, key, value };
}
