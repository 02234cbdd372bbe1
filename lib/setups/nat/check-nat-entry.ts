/**
 * What may be written into ctnet's nft ruleset (pure). The NAT state is a file, so each owner
 * and entry is checked again right before it becomes ruleset text: a value that could end a
 * statement or a quoted string (newline, ";", "{", '"') never reaches nft.
 */
import { checkIfname } from '../../request/validate.js';
import { networkOf, parseIpAddr } from '../../request/ip-address.js';
import type { NatEntry } from './nat-entry.js';

/** "vz-101", "lxc-c1", "masq-10.0.3.0/24", "masq-fd00::/64 eth0"... : plain words only. */
const OWNER_RE = /^[A-Za-z0-9][A-Za-z0-9_.:/@-]{0,95}$/;

/** Why `owner` cannot be written into a ruleset comment, or undefined. */
export function checkNatOwner(owner: string): string | undefined {
  return OWNER_RE.test(owner)
    ? undefined
    : `owner ${JSON.stringify(owner)} is not a plain name (letters, digits, "_.:/@-")`;
}

/** Why entry `e` cannot be rendered as an nft rule, or undefined. */
export function checkNatEntry(e: NatEntry): string | undefined {
  const shown = JSON.stringify(e);
  if (e === null || typeof e !== 'object') return `entry ${shown} is not an object`;
  if (e.family !== 4 && e.family !== 6) return `entry ${shown}: family is not 4 or 6`;
  if (e.type === 'forward') {
    if (e.proto !== 'tcp' && e.proto !== 'udp') return `entry ${shown}: proto is not tcp or udp`;
    if (!isPort(e.hostPort) || !isPort(e.toPort)) return `entry ${shown}: a port is not 1-65535`;
    const a = typeof e.to === 'string' ? parseIpAddr(e.to, { allowPrefix: false }) : 'not a string';
    if (typeof a === 'string' || a.family !== e.family || a.address !== e.to)
      return `entry ${shown}: "to" is not an IPv${e.family} address`;
    return undefined;
  }
  if (e.type === 'masquerade') {
    const a = typeof e.network === 'string' ? parseIpAddr(e.network) : 'not a string';
    if (typeof a === 'string' || a.family !== e.family || networkOf(a) !== e.network)
      return `entry ${shown}: "network" is not an IPv${e.family} network`;
    if (e.oif !== undefined && (typeof e.oif !== 'string' || checkIfname(e.oif)))
      return `entry ${shown}: "oif" is not an interface name`;
    return undefined;
  }
  return `entry ${shown}: type is not forward or masquerade`;
}

function isPort(n: unknown): boolean {
  return typeof n === 'number' && Number.isInteger(n) && n >= 1 && n <= 65535;
}
