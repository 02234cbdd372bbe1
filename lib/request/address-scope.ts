/**
 * Whether an address may be a container's own: global unicast only. Loopback, link-local,
 * multicast, broadcast, unspecified, "this network" (0/8), reserved (240/4) and IPv4-mapped
 * IPv6 addresses are refused: a host route or proxy entry for one of them would steal traffic
 * the host or its LAN needs (issue 15: 127.0.0.1, 224.0.0.251 or ff02::1 routed into a CT).
 */
import { addressKind, containsAddr, parseIpAddr, type IpAddr } from './ip-address.js';

interface ScopeRange {
  net: IpAddr;
  what: string;
}

function range(prefix: string, what: string): ScopeRange {
  return { net: parseIpAddr(prefix) as IpAddr, what };
}

/** Ranges refused beyond what addressKind already names. */
const NOT_GLOBAL: readonly ScopeRange[] = [
  range('0.0.0.0/8', '"this network" (0.0.0.0/8)'),
  range('169.254.0.0/16', 'link-local (169.254.0.0/16)'),
  range('240.0.0.0/4', 'reserved (240.0.0.0/4)'),
  range('fe80::/10', 'link-local (fe80::/10)'),
  range('::ffff:0:0/96', 'IPv4-mapped (::ffff:0:0/96)'),
];

/** Why `a` cannot be a container address, or undefined when it is global unicast. */
export function notGlobalUnicast(a: IpAddr): string | undefined {
  const kind = addressKind(a);
  if (kind !== 'unicast') return `a ${kind} address`;
  const r = NOT_GLOBAL.find((x) => containsAddr(x.net, a));
  return r ? `a ${r.what} address` : undefined;
}
