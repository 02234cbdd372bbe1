/**
 * Validators for every kind of value that can reach a command. Each returns the clean value
 * or a reason string; callers attach file, line and key (see `checked`).
 */
import { configError } from '../errors.js';
import type { ConfValue } from '../runtimes/openvz/vz-conf.js';
import { addressKind, parseIpAddr, type IpAddr } from './ip-address.js';
import { notGlobalUnicast } from './address-scope.js';

/**
 * Linux allows more, but a name that reaches argv, batch files and logs stays plain: no
 * leading "-" (it would read as an option), and not "all" or "default", which name the
 * host-wide /proc/sys/net/{ipv4,ipv6}/conf entries and which the kernel refuses as device names.
 */
const IFNAME_RE = /^[A-Za-z0-9_][A-Za-z0-9_.@-]{0,14}$/;
const RESERVED_IFNAMES = new Set(['all', 'default']);
const CTID_RE = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;
const MAC_RE = /^[0-9a-fA-F]{2}(:[0-9a-fA-F]{2}){5}$/;

export function checkIfname(v: string): string | undefined {
  if (v.length === 0) return 'interface name is empty';
  if (v.length > 15) return `"${v}" is longer than 15 characters (the kernel limit for interface names)`;
  if (!IFNAME_RE.test(v) || v === '.' || v === '..') {
    return `"${v}" is not a valid interface name (letters, digits, "_", ".", "-", "@"; no "/", ":" or spaces; no leading "-")`;
  }
  if (RESERVED_IFNAMES.has(v)) return `"${v}" is not a valid interface name (reserved for /proc/sys/net/*/conf/${v})`;
  return undefined;
}

export function checkCtid(v: string): string | undefined {
  if (!CTID_RE.test(v)) return `"${v}" is not a valid container id (letters, digits, "_", ".", "-"; at most 64)`;
  return undefined;
}

export function checkMac(v: string): string | undefined {
  return MAC_RE.test(v) ? undefined : `"${v}" is not a MAC address (xx:xx:xx:xx:xx:xx)`;
}

export function parseVlanId(v: string): number | string {
  if (!/^\d{1,4}$/.test(v) || Number(v) < 1 || Number(v) > 4094) return `"${v}" is not a VLAN id (1-4094)`;
  return Number(v);
}

export function parseMtu(v: string): number | string {
  if (!/^\d{2,5}$/.test(v) || Number(v) < 68 || Number(v) > 65535) return `"${v}" is not an MTU (68-65535)`;
  return Number(v);
}

/** "on" or "off" (switches such as CTNET_DAD). */
export function parseOnOff(v: string): boolean | string {
  return v === 'on' ? true : v === 'off' ? false : `"${v}" is not on or off`;
}

/** Throw a file:line: KEY error when a validator returned a reason. */
export function checked<T>(cv: ConfValue, result: T | string): T {
  if (typeof result === 'string') throw configError(cv, result);
  return result;
}

export function confIfname(cv: ConfValue, v = cv.value): string {
  const why = checkIfname(v);
  if (why) throw configError(cv, why);
  return v;
}

/** A unicast address, or the reason it cannot be one (a CT, gateway or CT0 address). */
export function parseUnicast(token: string, opts: { allowPrefix?: boolean } = {}): IpAddr | string {
  const a = parseIpAddr(token, opts);
  if (typeof a === 'string') return a;
  const kind = addressKind(a);
  return kind === 'unicast' ? a : `"${token}" is a ${kind} address, not a unicast one`;
}

/** A container's own address: global unicast only (lib/request/address-scope.ts), or the reason. */
export function parseCtAddress(token: string): IpAddr | string {
  const a = parseIpAddr(token);
  if (typeof a === 'string') return a;
  const why = notGlobalUnicast(a);
  return why ? `"${a.address}" is ${why}; a container address must be global unicast` : a;
}

/**
 * The most addresses one interface may have: each is a route (and maybe a proxy entry) in the
 * hook's batches, and a hook has seconds, not minutes.
 */
export const MAX_ADDRESSES_PER_INTERFACE = 1024;

export function tooManyAddresses(count: number): string {
  return `${count} addresses; at most ${MAX_ADDRESSES_PER_INTERFACE} per interface`;
}

/**
 * A space separated address list (VETH_IP_ADDRESS style); an empty value is an empty list.
 * `ct`: the container's own addresses, global unicast only (parseCtAddress).
 */
export function confAddressList(cv: ConfValue, opts: { ct?: boolean } = {}): IpAddr[] {
  const tokens = cv.value.split(/\s+/).filter((t) => t.length > 0);
  if (tokens.length > MAX_ADDRESSES_PER_INTERFACE) throw configError(cv, tooManyAddresses(tokens.length));
  const list = tokens.map((t) => checked(cv, opts.ct ? parseCtAddress(t) : parseUnicast(t)));
  const seen = new Set<string>();
  for (const a of list) {
    if (seen.has(a.address)) throw configError(cv, `"${a.address}" is listed twice`);
    seen.add(a.address);
  }
  return list;
}

/** A single unicast address without prefix (gateways). */
export function confPlainAddress(cv: ConfValue, family?: 4 | 6): IpAddr {
  const a = checked(cv, parseUnicast(cv.value.trim(), { allowPrefix: false }));
  if (family && a.family !== family) throw configError(cv, `"${cv.value.trim()}" is not an IPv${family} address`);
  return a;
}
