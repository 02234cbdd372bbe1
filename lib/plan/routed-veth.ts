/**
 * Plan a routed host veth (pure; no bridge), shared by the OpenVZ and LXC hooks: the node is
 * the container's router on a point-to-point link, as with Proxmox's vznetaddbr or LXC's
 * `veth.mode = router`.
 * - host routes to the container's addresses via the veth (proto 213);
 * - on that veth only: proxy_arp and forwarding for IPv4 (the container's ARP for its gateway
 *   is answered, its packets are routed); for IPv6, IPv6 back on (LXC switches it off on host
 *   veths), proxy_ndp, forwarding, and a proxy entry for each IPv6 gateway the container uses
 *   (Linux answers NDP only for addresses of the receiving interface);
 * - with `proxyDevs` (OpenVZ VETH_PROXY_DEV): a proxy entry for each container address on each
 *   uplink, so addresses taken from the uplink's subnet are answered for on that LAN (venet's
 *   NEIGHBOUR_DEVS); IPv6 needs proxy_ndp on the uplink, set and left on (shared).
 * No global sysctl is touched: net.ipv4.ip_forward and net.ipv6.conf.all.forwarding stay the
 * admin's, with a note when they are off. The veth's sysctls and proxy entries vanish with the
 * veth; the teardown removes the routes (tolerating a veth already gone) and uplink entries.
 * Proxy entries go into the veth's one host batch, so the processes per hook run do not grow
 * with the addresses. `ip neigh` ends a whole batch (even with -force) when the kernel refuses
 * a line, e.g. deleting an entry that is not there: the teardown therefore pairs each delete
 * with a replace first (`neigh replace` then `neigh del` never fails while the uplink exists,
 * and a missing uplink is a "Cannot find device" that -force skips), in one batch.
 */
import type { IpAddr } from '../request/ip-address.js';
import type { BatchLine, HostBatchStep, SysctlStep } from './plan.js';
import type { TeardownEntry } from './teardown-entry.js';
import { classRuleSteps, routeTeardown } from './host-route.js';
import { hostRouteLines } from './route-line.js';

export interface RoutedVethInput {
  port: string;
  addresses: IpAddr[];
  /** IPv6 gateways the container uses (proxied on the veth). */
  gateways6?: IpAddr[];
  mtu?: number;
  /** Kernel metric of the host routes (announce class, lib/request/announce-class.ts); none = 0. */
  metric?: number;
  /** Uplinks that answer ARP/NDP for the container's addresses. */
  proxyDevs?: string[];
  /** Global forwarding as read from /proc/sys (undefined: unknown, no note). */
  ipv4Forwarding?: boolean;
  ipv6Forwarding?: boolean;
}

export interface RoutedVeth {
  /** Sysctl steps; they run before the host batch (IPv6 must be on before IPv6 routes). */
  sysctls: SysctlStep[];
  /** The class table's rule (an IPv4 spare or anycast), before the routes that need it. */
  rules: HostBatchStep[];
  hostLines: BatchLine[];
  /** Steps after the host batch (none today: proxy entries are in hostLines). */
  after: HostBatchStep[];
  teardown: TeardownEntry[];
  notes: string[];
}

export function planRoutedVeth(veth: RoutedVethInput): RoutedVeth {
  const v4 = veth.addresses.some((a) => a.family === 4);
  const v6 = veth.addresses.some((a) => a.family === 6);
  const sysctls: SysctlStep[] = [];
  if (v4)
    sysctls.push(
      sysctl(`net/ipv4/conf/${veth.port}/proxy_arp`, '1'),
      sysctl(`net/ipv4/conf/${veth.port}/forwarding`, '1'),
    );
  if (v6) {
    sysctls.push(
      sysctl(`net/ipv6/conf/${veth.port}/disable_ipv6`, '0'),
      sysctl(`net/ipv6/conf/${veth.port}/proxy_ndp`, '1'),
      sysctl(`net/ipv6/conf/${veth.port}/forwarding`, '1'),
    );
  }
  const hostLines: BatchLine[] = [{ cmd: `link set dev ${veth.port}${veth.mtu ? ` mtu ${veth.mtu}` : ''} up` }];
  for (const a of veth.addresses) hostLines.push(...hostRouteLines(a, veth.port, veth.metric));
  for (const gw of veth.gateways6 ?? []) hostLines.push(neighLine(gw.address, veth.port));
  const teardown = routedTeardown(veth);
  for (const up of veth.proxyDevs ?? []) {
    if (v6) sysctls.push(sysctl(`net/ipv6/conf/${up}/proxy_ndp`, '1'));
    for (const a of veth.addresses) {
      hostLines.push(neighLine(a.address, up));
    }
  }
  const notes =
    veth.addresses.length === 0 ? [`routed veth ${veth.port} has no addresses configured: no routes added`] : [];
  if (veth.ipv4Forwarding === false && v4) {
    notes.push(
      'net.ipv4.ip_forward is 0: traffic TO the container is forwarded only if the interface it arrives on has forwarding=1 (set net.ipv4.conf.<uplink>.forwarding=1)',
    );
  }
  if (veth.ipv6Forwarding === false && v6) {
    notes.push(
      'net.ipv6.conf.all.forwarding is 0: Linux forwards IPv6 only when it is 1 (a node-wide choice ctnet leaves to the admin)',
    );
  }
  return { sysctls, rules: classRuleSteps(veth.addresses, veth.metric), hostLines, after: [], teardown, notes };
}

function sysctl(key: string, value: string): SysctlStep {
  return { kind: 'sysctl', what: `${key.replace(/\//g, '.')} = ${value}`, key, value };
}

function neighLine(address: string, dev: string): BatchLine {
  return { cmd: neigh('replace', address, dev), undo: neigh('del', address, dev) };
}

function neigh(verb: 'replace' | 'del', address: string, dev: string): string {
  return `neigh ${verb} proxy ${address} dev ${dev}`;
}

/** What a down removes for a routed veth: its host routes, then its proxy entries on each uplink. */
export function routedTeardown(
  veth: Pick<RoutedVethInput, 'port' | 'addresses' | 'metric' | 'proxyDevs'>,
): TeardownEntry[] {
  const proxies = (veth.proxyDevs ?? []).flatMap((up) =>
    veth.addresses.map((a): TeardownEntry => ({ kind: 'proxy-neigh', address: a.address, dev: up })),
  );
  return [...routeTeardown(veth.addresses, veth.port, veth.metric), ...proxies];
}
