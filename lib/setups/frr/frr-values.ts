/**
 * Validators of the `ctnet render frr` values (pure): every value that reaches a rendered
 * frr.conf passes one of these; a refusal is a usage error naming the option.
 */
import { usageError } from '../../errors.js';
import {
  addressKind,
  containsAddr,
  LINK_LOCAL6,
  networkOf,
  parseIpAddr,
  type IpAddr,
} from '../../request/ip-address.js';

export const HOSTNAME_RE = /^[A-Za-z0-9][A-Za-z0-9.-]{0,62}$/;

export function int(opt: string, v: string, min: number, max: number): number {
  if (!/^\d{1,6}$/.test(v) || Number(v) < min || Number(v) > max)
    throw usageError(`${opt}: "${v}" is not a number of seconds (${min}-${max})`);
  return Number(v);
}

export function ipv4(opt: string, v: string): string {
  const a = parseIpAddr(v, { allowPrefix: false });
  if (typeof a === 'string' || a.family !== 4) throw usageError(`${opt}: "${v}" is not an IPv4 address`);
  return a.address;
}

/** A host address of either family, without a prefix. */
export function hostAddr(opt: string, v: string): { family: 4 | 6; text: string } {
  const a = parseIpAddr(v, { allowPrefix: false });
  if (typeof a === 'string') throw usageError(`${opt}: "${v}" is not an IPv4 or IPv6 address`);
  if (addressKind(a) !== 'unicast' || containsAddr(LINK_LOCAL6, a))
    throw usageError(`${opt}: "${v}" is not a routable unicast address`);
  return { family: a.family, text: a.address };
}

export const NO_POOLS =
  'no container pool: give --pool NET (repeatable, IPv4 and IPv6) or "pool = NET" in [isolation] of /etc/ctnet/host.conf;' +
  ' only host addresses inside a pool are announced, so without one there is nothing to announce';

/**
 * A container pool: a routable unicast network (not 0.0.0.0/0, ::/0, loopback, multicast,
 * link-local).
 */
export function pool(opt: string, v: string): { family: 4 | 6; text: string } {
  const n = cidr(opt, v);
  const a = parseIpAddr(n.text) as IpAddr;
  if (addressKind(a) !== 'unicast' || containsAddr(LINK_LOCAL6, a) || a.prefix === 0)
    throw usageError(`${opt}: "${v}" is not a network of routable unicast addresses`);
  return n;
}

/** host.conf pools (validated by its parser) by family; IPv6 ones only when IPv6 is rendered. */
export function hostConfPools(values: string[], ipv6: boolean): Record<4 | 6, string[]> {
  const out: Record<4 | 6, string[]> = { 4: [], 6: [] };
  for (const v of values) {
    const p = pool('host.conf pool', v);
    if (p.family === 4 || ipv6) out[p.family].push(p.text);
  }
  return out;
}

/** A network of either family, normalized (10.1.2.3/16 -> 10.1.0.0/16). */
export function cidr(opt: string, v: string): { family: 4 | 6; text: string } {
  const a = parseIpAddr(v);
  if (typeof a === 'string') throw usageError(`${opt}: "${v}" is not a network (A.B.C.D/len or IPv6/len)`);
  return { family: a.family, text: networkOf(a) };
}

/** An OSPF area: dotted (0.0.0.0) or a number (0 -> 0.0.0.0). */
export function area(v: string): string {
  if (/^\d{1,10}$/.test(v) && Number(v) <= 0xffffffff) {
    const n = Number(v);
    return [24, 16, 8, 0].map((s) => Math.floor(n / 2 ** s) % 256).join('.');
  }
  return ipv4('--area', v);
}

/**
 * The values of a repeatable option, parsed and split by family. An IPv6 value without --ipv6 is
 * refused, naming what --ipv6 turns on (`ipv6Daemon`: "MP-BGP", "ospf6d").
 */
export function splitByFamily(
  opt: string,
  values: readonly string[],
  parse: (opt: string, v: string) => { family: 4 | 6; text: string },
  ipv6: { on: boolean; daemon: string },
): Record<4 | 6, string[]> {
  const out: Record<4 | 6, string[]> = { 4: [], 6: [] };
  for (const v of values) {
    const p = parse(opt, v);
    if (p.family === 6 && !ipv6.on)
      throw usageError(`${opt}: "${v}" is IPv6; add --ipv6 to announce IPv6 addresses (${ipv6.daemon})`);
    out[p.family].push(p.text);
  }
  return out;
}
