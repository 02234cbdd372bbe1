/**
 * Address ownership against the host (pure): a container address must not be an address of
 * the host, and a routed container (no bridge: proxy ARP/NDP, host routes via its veth) must
 * not take an address from a network the host is connected to, unless the admin declared that
 * range a container pool ([isolation] pool in host.conf). Otherwise a routed CT with
 * VETH_IP_ADDRESS=192.168.1.1 and VETH_PROXY_DEV takes over the LAN's gateway.
 */
import { containsAddr, networkOf, type IpAddr } from '../request/ip-address.js';
import type { HostAddress } from '../observe/host-addresses.js';

/** A container address and the setting it came from (`file:line: KEY`). */
export interface OwnedAddress {
  ip: IpAddr;
  from: string;
}

export interface HostConflictInput {
  addresses: readonly OwnedAddress[];
  host: readonly HostAddress[];
  routed: boolean;
  /** Container pools ([isolation] pool). */
  pools: readonly IpAddr[];
  /** Where the pools are declared, for the hint. */
  hostConf: string;
}

/** The first conflict as one line, or undefined. */
export function hostAddressConflict(check: HostConflictInput): string | undefined {
  for (const { ip, from } of check.addresses) {
    const own = check.host.find((h) => h.addr.address === ip.address);
    if (own) return `${from}: "${ip.address}" is an address of this host (on ${own.ifname})`;
    if (!check.routed || check.pools.some((p) => containsAddr(p, ip))) continue;
    const lan = check.host.find((h) => h.addr.prefix < (h.addr.family === 4 ? 32 : 128) && containsAddr(h.addr, ip));
    if (lan) {
      const net = networkOf(lan.addr);
      return `${from}: "${ip.address}" lies in ${net}, a network this host is connected to (on ${lan.ifname}); a routed container must not take addresses of that LAN unless ${check.hostConf} declares the range a container pool ([isolation] pool = ${net})`;
    }
  }
  return undefined;
}
