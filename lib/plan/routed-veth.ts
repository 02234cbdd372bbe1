/**
 * Plan a routed host veth (pure; no bridge): the container's addresses are reached through
 * host routes via the veth (proto 213), and the veth alone answers for the host: proxy_arp
 * and forwarding on that veth for IPv4; for IPv6 the veth gets IPv6 back (LXC switches it
 * off on host veths), proxy_ndp, forwarding, and a proxy neighbour entry for each IPv6
 * gateway the container uses. No global sysctl is touched (net.ipv4.ip_forward and
 * net.ipv6.conf.all.forwarding stay the admin's). The sysctls and proxy entries vanish with
 * the veth; only the routes need a teardown (older LXC deletes the veth before the down hook,
 * taking the routes with it: the teardown tolerates that).
 */
import type { IpAddr } from '../net/ip-address.js';
import type { BatchLine, Step, SysctlStep } from './plan.js';
import { routeLine, routeTeardown } from './veth-up.js';

export interface RoutedVethInput {
  port: string;
  addresses: IpAddr[];
  /** IPv6 gateways the container uses (proxied on the veth). */
  gateways6?: IpAddr[];
  mtu?: number;
}

export interface RoutedVeth {
  /** Sysctl steps; they run before the host batch (IPv6 must be on before IPv6 routes). */
  sysctls: SysctlStep[];
  hostLines: BatchLine[];
  teardown: Step[];
  notes: string[];
}

export function planRoutedVeth(i: RoutedVethInput): RoutedVeth {
  const v4 = i.addresses.some((a) => a.family === 4);
  const v6 = i.addresses.some((a) => a.family === 6);
  const sysctl = (key: string, value: string): SysctlStep => ({ kind: 'sysctl', what: `${key.replace(/\//g, '.')} = ${value}`, key, value });
  const sysctls: SysctlStep[] = [];
  if (v4) sysctls.push(sysctl(`net/ipv4/conf/${i.port}/proxy_arp`, '1'), sysctl(`net/ipv4/conf/${i.port}/forwarding`, '1'));
  if (v6) {
    sysctls.push(sysctl(`net/ipv6/conf/${i.port}/disable_ipv6`, '0'), sysctl(`net/ipv6/conf/${i.port}/proxy_ndp`, '1'),
      sysctl(`net/ipv6/conf/${i.port}/forwarding`, '1'));
  }
  const hostLines: BatchLine[] = [{ cmd: `link set dev ${i.port}${i.mtu ? ` mtu ${i.mtu}` : ''} up` }];
  for (const a of i.addresses) hostLines.push({ cmd: routeLine('replace', a, i.port), undo: routeLine('del', a, i.port) });
  for (const gw of i.gateways6 ?? []) {
    hostLines.push({ cmd: `neigh replace proxy ${gw.address} dev ${i.port}`, undo: `neigh del proxy ${gw.address} dev ${i.port}` });
  }
  const notes = i.addresses.length === 0 ? [`routed veth ${i.port} has no addresses configured: no routes added`] : [];
  return { sysctls, hostLines, teardown: routeTeardown(i.addresses, i.port), notes };
}
