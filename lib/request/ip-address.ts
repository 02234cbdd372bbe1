/**
 * IPv4/IPv6 addresses with an optional prefix, validated before they can reach a command.
 * Accepts `A`, `A/len` and, for IPv4, `A/255.255.255.0` (vzctl's venet form).
 */
import { isIPv4, isIPv6 } from './ip-syntax.js';

export interface IpAddr {
  family: 4 | 6;
  /** The address, lowercase, without prefix. */
  address: string;
  /** The prefix length given, or the host length (32/128) when none was given. */
  prefix: number;
}

/** Parse one address token; returns a reason string when it is not valid. */
export function parseIpAddr(token: string, opts: { allowPrefix?: boolean } = {}): IpAddr | string {
  const allowPrefix = opts.allowPrefix ?? true;
  const slash = token.indexOf('/');
  const addr = (slash < 0 ? token : token.slice(0, slash)).toLowerCase();
  const family = isIPv4(addr) ? 4 : isIPv6(addr) ? 6 : 0;
  if (family === 0) return `"${token}" is not an IPv4/IPv6 address`;
  if (family === 6 && addr.includes('%')) return `"${token}": scoped IPv6 addresses are not accepted`;
  const max = family === 4 ? 32 : 128;
  if (slash < 0) return { family, address: addr, prefix: max };
  if (!allowPrefix) return `"${token}" must be a plain address without "/prefix"`;
  const p = token.slice(slash + 1);
  let prefix: number;
  if (/^\d{1,3}$/.test(p)) prefix = Number(p);
  else if (family === 4 && isIPv4(p)) {
    const m = netmaskToPrefix(p);
    if (m === undefined) return `"${token}": "${p}" is not a contiguous netmask`;
    prefix = m;
  } else return `"${token}": "${p}" is not a prefix length`;
  if (prefix < 0 || prefix > max) return `"${token}": prefix length must be 0-${max}`;
  return { family, address: addr, prefix };
}

function netmaskToPrefix(mask: string): number | undefined {
  const n = ipv4Number(mask);
  const bits = n.toString(2).padStart(32, '0');
  return /^1*0*$/.test(bits) ? (bits.indexOf('0') < 0 ? 32 : bits.indexOf('0')) : undefined;
}

/** `10.0.0.1/24` as written for `ip addr`. */
export function withPrefix(a: IpAddr): string {
  return `${a.address}/${a.prefix}`;
}

/** The host route destination: `10.0.0.1/32` or `2001:db8::1/128`. */
export function hostRoute(a: IpAddr): string {
  return `${a.address}/${a.family === 4 ? 32 : 128}`;
}

/** The network a prefixed address belongs to, e.g. 10.0.0.0/24 (IPv4 and IPv6). */
export function networkOf(a: IpAddr): string {
  if (a.family === 4) {
    const net = (ipv4Number(a.address) & ipv4Mask(a.prefix)) >>> 0;
    return `${[24, 16, 8, 0].map((s) => (net >>> s) & 255).join('.')}/${a.prefix}`;
  }
  const words = expandIPv6(a.address);
  let bits = a.prefix;
  const out = words.map((w) => {
    const keep = Math.max(0, Math.min(16, bits));
    bits -= 16;
    return keep === 0 ? 0 : keep === 16 ? w : w & ((0xffff << (16 - keep)) & 0xffff);
  });
  return `${compressIPv6(out)}/${a.prefix}`;
}

export function expandIPv6(addr: string): number[] {
  let s = addr;
  if (s.includes('.')) {
    const i = s.lastIndexOf(':');
    const v4 = s
      .slice(i + 1)
      .split('.')
      .map(Number);
    s = `${s.slice(0, i + 1)}${((v4[0]! << 8) | v4[1]!).toString(16)}:${((v4[2]! << 8) | v4[3]!).toString(16)}`;
  }
  const [head, tail] = s.split('::') as [string, string | undefined];
  const h = head ? head.split(':') : [];
  const t = tail !== undefined && tail !== '' ? tail.split(':') : [];
  const fill = tail === undefined ? [] : new Array<string>(8 - h.length - t.length).fill('0');
  return [...h, ...fill, ...t].map((x) => parseInt(x, 16));
}

export function compressIPv6(words: number[]): string {
  let best = -1;
  let bestLen = 0;
  for (let i = 0; i < 8;) {
    if (words[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && words[j] === 0) j++;
    if (j - i > bestLen && j - i > 1) {
      best = i;
      bestLen = j - i;
    }
    i = j;
  }
  const hex = words.map((w) => w.toString(16));
  if (best < 0) return hex.join(':');
  return `${hex.slice(0, best).join(':')}::${hex.slice(best + bestLen).join(':')}`;
}

/** What kind of address this is; only `unicast` may name a CT address, a gateway or CT0_IP. */
export function addressKind(a: IpAddr): 'unicast' | 'unspecified' | 'loopback' | 'multicast' | 'broadcast' {
  if (a.family === 4) {
    const first = Number(a.address.split('.')[0]);
    if (a.address === '0.0.0.0') return 'unspecified';
    if (a.address === '255.255.255.255') return 'broadcast';
    if (first === 127) return 'loopback';
    if (first >= 224 && first <= 239) return 'multicast';
    return 'unicast';
  }
  const w = expandIPv6(a.address);
  if (w.every((x) => x === 0)) return 'unspecified';
  if (w.slice(0, 7).every((x) => x === 0) && w[7] === 1) return 'loopback';
  if ((w[0]! & 0xff00) === 0xff00) return 'multicast';
  return 'unicast';
}

/** fe80::/10: IPv6 link-local addresses (a gateway on the link itself; never routed). */
export const LINK_LOCAL6: IpAddr = { family: 6, address: 'fe80::', prefix: 10 };

/** Whether `a` lies inside the network `net` (both parsed). */
export function containsAddr(net: IpAddr, a: IpAddr): boolean {
  if (net.family !== a.family) return false;
  if (net.family === 4) {
    const mask = ipv4Mask(net.prefix);
    return (ipv4Number(net.address) & mask) >>> 0 === (ipv4Number(a.address) & mask) >>> 0;
  }
  return networkOf({ ...a, prefix: net.prefix }) === networkOf(net);
}

/** 24 -> 0xffffff00. */
function ipv4Mask(prefix: number): number {
  return prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0;
}

/** 10.0.0.1 -> 167772161 (a validated dotted quad). */
function ipv4Number(address: string): number {
  let n = 0;
  let octet = 0;
  for (let i = 0; i < address.length; i++) {
    const c = address.charCodeAt(i);
    if (c === 46) {
      n = n * 256 + octet;
      octet = 0;
    } else octet = octet * 10 + (c - 48);
  }
  return n * 256 + octet;
}
