/** One lxc.net.N section and the validation of each of its keys (see lxc-config.ts). */
import { configError } from '../../errors.js';
import {
  MAX_ADDRESSES_PER_INTERFACE,
  checkIfname,
  checkMac,
  parseCtAddress,
  parseMtu,
  parseUnicast,
  tooManyAddresses,
} from '../../request/validate.js';
import type { IpAddr } from '../../request/ip-address.js';

const LXC_NET_TYPES = ['veth', 'macvlan', 'ipvlan', 'vlan', 'phys', 'empty', 'none'] as const;
type LxcNetType = (typeof LXC_NET_TYPES)[number];

export interface LxcNetSection {
  index: number;
  /** "lxc.net.0" or "lxc.network (#1)", for messages. */
  label: string;
  /** Line where the section starts. */
  line: number;
  type?: LxcNetType;
  link?: string;
  /** Interface name inside the container. */
  name?: string;
  vethPair?: string;
  mtu?: number;
  ipv4: IpAddr[];
  ipv6: IpAddr[];
  /** An address, or "auto"/"dev" as LXC allows. */
  ipv4Gateway?: IpAddr | 'auto' | 'dev';
  ipv6Gateway?: IpAddr | 'auto' | 'dev';
  scriptUp?: string;
  scriptDown?: string;
  vethMode?: string;
  /** lxc.net.N.hwaddr when fixed (lowercase); a template with "x" (random) is left unset. */
  hwaddr?: string;
}

type Where = { file: string; line: number; key: string };

export function emptySection(index: number, label: string, line: number): LxcNetSection {
  return { index, label, line, ipv4: [], ipv6: [] };
}

/**
 * Set one key of a section; throws file:line: key: problem for a bad value. Unknown keys are kept
 * out.
 */
export function applyNetKey(s: LxcNetSection, key: string, value: string, where: Where): void {
  const ifname = (v: string): string => {
    const why = checkIfname(v);
    if (why) throw configError(where, why);
    return v;
  };
  switch (key) {
    case 'type':
      if (!(LXC_NET_TYPES as readonly string[]).includes(value))
        throw configError(where, `"${value}" is not a network type (${LXC_NET_TYPES.join(', ')})`);
      s.type = value as LxcNetType;
      return;
    case 'link':
      setOrClear(s, 'link', value && ifname(value));
      return;
    case 'name':
      setOrClear(s, 'name', value && ifname(value));
      return;
    case 'veth.pair':
      setOrClear(s, 'vethPair', value && ifname(value));
      return;
    case 'mtu': {
      if (value === '') return void delete s.mtu;
      const m = parseMtu(value);
      if (typeof m === 'string') throw configError(where, m);
      s.mtu = m;
      return;
    }
    case 'ipv4.address':
    case 'ipv6.address': {
      const fam = key === 'ipv4.address' ? 4 : 6;
      const list = fam === 4 ? s.ipv4 : s.ipv6;
      if (value === '') return void list.splice(0);
      // LXC: "ADDR/PREFIX [BROADCAST]" (IPv4); only the first token is the address.
      const a = parseCtAddress(value.split(/\s+/)[0]!);
      if (typeof a === 'string') throw configError(where, a);
      if (a.family !== fam) throw configError(where, `"${value}" is not an IPv${fam} address`);
      if (s.ipv4.length + s.ipv6.length >= MAX_ADDRESSES_PER_INTERFACE)
        throw configError(where, tooManyAddresses(s.ipv4.length + s.ipv6.length + 1));
      list.push(a);
      return;
    }
    case 'ipv4.gateway':
    case 'ipv6.gateway': {
      const prop = key === 'ipv4.gateway' ? 'ipv4Gateway' : 'ipv6Gateway';
      if (value === '') return void delete s[prop];
      if (value === 'auto' || value === 'dev') return void (s[prop] = value);
      // A gateway may be link-local (fe80::1), never multicast, broadcast or unspecified.
      const a = parseUnicast(value, { allowPrefix: false });
      if (typeof a === 'string') throw configError(where, a);
      if (a.family !== (prop === 'ipv4Gateway' ? 4 : 6))
        throw configError(where, `"${value}" is not an IPv${prop === 'ipv4Gateway' ? 4 : 6} address`);
      s[prop] = a;
      return;
    }
    case 'script.up':
      setOrClear(s, 'scriptUp', value);
      return;
    case 'script.down':
      setOrClear(s, 'scriptDown', value);
      return;
    case 'veth.mode':
      setOrClear(s, 'vethMode', value);
      return;
    case 'hwaddr': {
      delete s.hwaddr;
      if (value === '' || /x/i.test(value)) return;
      const why = checkMac(value);
      if (why) throw configError(where, why);
      s.hwaddr = value.toLowerCase();
      return;
    }
    default:
      return; // flags, veth.ipv4.route, vlan.id ... : LXC's business, not read by ctnet
  }
}

function setOrClear(
  s: LxcNetSection,
  prop: 'link' | 'name' | 'vethPair' | 'scriptUp' | 'scriptDown' | 'vethMode',
  value: string,
): void {
  if (value === '') delete s[prop];
  else s[prop] = value;
}
