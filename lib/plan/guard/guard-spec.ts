/**
 * What the anti-spoofing filter of one container port allows (pure data), and the names it
 * lives under: ctnet's own `table netdev ctnet-guard` (separate from the NAT table, which is
 * rebuilt as a whole), one base chain per port named `p-<port>`.
 */
import { CtnetError } from '../../errors.js';
import { checkMac } from '../../request/validate.js';
import { expandIPv6, compressIPv6, parseIpAddr, type IpAddr } from '../../request/ip-address.js';

export const GUARD_TABLE = 'ctnet-guard';

export interface GuardSpec {
  /** The host side of the veth (the chain hooks its ingress). */
  port: string;
  /** The container's MAC (lowercase); none = unknown: no MAC rules, any fe80::/64 link-local. */
  mac?: string;
  /** The container's addresses (prefix ignored: the source must be the address itself). */
  addresses: IpAddr[];
  /** The interface gets its IPv4 address by DHCP: 0.0.0.0 discovery is allowed. */
  dhcp: boolean;
  /** OpenVZ 7 NETIF mac_filter=off: no source-MAC rules. */
  macFilter: boolean;
  /** OpenVZ 7 NETIF ip_filter=off: no source-address rules (RAs and DHCP servers stay dropped). */
  ipFilter: boolean;
  /**
   * The Open vSwitch bridge of the port, when it has one: its OpenFlow twin (render-guard-flows.ts)
   * goes there on the userspace datapath.
   */
  ovsBridge?: string;
}

/** Port names that can be a chain name and a quoted device name without any escaping. */
const PORT_RE = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,14}$/;

/** Why `port` cannot carry a filter chain, or undefined. */
export function guardPortProblem(port: string): string | undefined {
  return PORT_RE.test(port)
    ? undefined
    : `interface name "${port}" cannot name a filter chain (want 1-15 of A-Z a-z 0-9 _ . -)`;
}

/** `p-veth101.0`: the port's chain (the caller checked the name with guardPortProblem). */
export function guardChainName(port: string): string {
  const why = guardPortProblem(port);
  if (why) throw new CtnetError(why, { code: 'E_CONFIG' });
  return `p-${port}`;
}

/** Why `mac` cannot be used in a rule, or undefined (unicast, lowercase hex with colons). */
export function guardMacProblem(mac: string): string | undefined {
  const why = checkMac(mac);
  if (why) return why;
  if (!/^[0-9a-f]{2}(:[0-9a-f]{2}){5}$/.test(mac)) return `MAC "${mac}" must be lowercase xx:xx:xx:xx:xx:xx`;
  return parseInt(mac.slice(0, 2), 16) & 1 ? `MAC "${mac}" is a multicast address` : undefined;
}

/** The EUI-64 link-local address Linux derives from a MAC (addr_gen_mode eui64, the default). */
export function eui64LinkLocal(mac: string): string {
  const b = mac.split(':').map((x) => parseInt(x, 16));
  const w = [
    0xfe80,
    0,
    0,
    0,
    ((b[0]! ^ 2) << 8) | b[1]!,
    (b[2]! << 8) | 0xff,
    (0xfe << 8) | b[3]!,
    (b[4]! << 8) | b[5]!,
  ];
  return compressIPv6(w);
}

/** An IPv6 address as the 128-bit hex number a raw payload match compares with. */
export function ipv6Hex(address: string): string {
  return (
    '0x' +
    expandIPv6(address)
      .map((w) => w.toString(16).padStart(4, '0'))
      .join('')
  );
}

/**
 * Every value of a spec checked again right before it becomes nft or OpenFlow text (the
 * planners checked them too): port name, MAC, and addresses that parse back to themselves.
 */
export function checkGuardSpec(spec: GuardSpec, what: string): void {
  const bad = (why: string): never => {
    throw new CtnetError(`${what} for ${spec.port}: ${why}`, { code: 'E_CONFIG' });
  };
  const p = guardPortProblem(spec.port);
  if (p) bad(p);
  if (spec.mac !== undefined) {
    const m = guardMacProblem(spec.mac);
    if (m) bad(m);
  }
  for (const a of spec.addresses) {
    const again = parseIpAddr(a.address, { allowPrefix: false });
    if (typeof again === 'string' || again.family !== a.family) bad(`"${a.address}" is not an IPv${a.family} address`);
  }
}
