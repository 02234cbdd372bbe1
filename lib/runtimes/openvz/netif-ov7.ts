/**
 * Typed meaning of the OpenVZ 7 NETIF keys (libvzctl lib/veth.c parse_netif_str, veth2str):
 *   network=NAME          virtual network (with type=bridge: the bridge itself)
 *   type=bridge|routed    vport=ovs             ifaceid=ID (OVS external_ids:iface-id)
 *   gw=IPv4  gw6=IPv6     default gateways inside the CT
 *   ip=A[/mask]:B...      IPv4 list separated by ":" (mask as length or dotted quad)
 *   ip6=A[/len],B...      IPv6 list; the last field, its addresses separated by ","
 *   dhcp=yes|no dhcp6=yes|no  mac_filter=on|off ip_filter=on|off  configure=none|all
 * Pure: NETIF entry in, typed value or a `file:line: NETIF: ...` error out.
 */
import { configError } from '../../errors.js';
import { parseIpAddr, type IpAddr } from '../../request/ip-address.js';
import type { NetifEntry } from './netif.js';
import type { ConfValue } from './vz-conf.js';

export interface Ov7Netif {
  network?: string;
  type?: 'bridge' | 'routed';
  vport?: 'ovs';
  ifaceId?: string;
  gateway?: IpAddr;
  gateway6?: IpAddr;
  /** ip= then ip6= addresses, in order. */
  addresses: IpAddr[];
  dhcp?: boolean;
  dhcp6?: boolean;
  macFilter?: boolean;
  ipFilter?: boolean;
  configure?: 'none' | 'all';
}

/** OVS external_ids values and similar ids: plain tokens only (they reach ovs-vsctl argv). */
export const IFACEID_RE = /^[A-Za-z0-9][A-Za-z0-9_.:{}-]{0,127}$/;

const YES_NO: Record<string, boolean> = { yes: true, no: false };
const ON_OFF: Record<string, boolean> = { on: true, off: false };

/** Interpret one parsed NETIF entry's OpenVZ 7 keys; `cv` locates NETIF for messages. */
export function interpretOv7Netif(entry: NetifEntry, cv: ConfValue): Ov7Netif {
  const x = entry.extra;
  const where = `interface ${entry.ifname}`;
  const out: Ov7Netif = { addresses: [] };
  if (entry.network) out.network = entry.network;
  if (entry.type) out.type = entry.type as 'bridge' | 'routed';
  if (entry.vport) out.vport = 'ovs';
  if (x['ifaceid']) {
    if (!IFACEID_RE.test(x['ifaceid']))
      throw configError(cv, `${where}: ifaceid: "${x['ifaceid']}" is not a plain id (letters, digits, "_.:{}-")`);
    out.ifaceId = x['ifaceid'];
  }
  if (x['gw']) out.gateway = plainAddress(cv, `${where}: gw`, x['gw'], 4);
  if (x['gw6']) out.gateway6 = plainAddress(cv, `${where}: gw6`, x['gw6'], 6);
  if (x['ip']) out.addresses.push(...addressList(cv, `${where}: ip`, x['ip'], ':', 4));
  if (x['ip6']) out.addresses.push(...addressList(cv, `${where}: ip6`, x['ip6'], ',', 6));
  const flag = (key: string, table: Record<string, boolean>): boolean | undefined => {
    const v = x[key];
    if (v === undefined || v === '') return undefined;
    const b = table[v];
    if (b === undefined) throw configError(cv, `${where}: ${key}: "${v}" is not ${Object.keys(table).join(' or ')}`);
    return b;
  };
  const dhcp = flag('dhcp', YES_NO);
  if (dhcp !== undefined) out.dhcp = dhcp;
  const dhcp6 = flag('dhcp6', YES_NO);
  if (dhcp6 !== undefined) out.dhcp6 = dhcp6;
  const mf = flag('mac_filter', ON_OFF);
  if (mf !== undefined) out.macFilter = mf;
  const ipf = flag('ip_filter', ON_OFF);
  if (ipf !== undefined) out.ipFilter = ipf;
  if (x['configure']) {
    if (x['configure'] !== 'none' && x['configure'] !== 'all')
      throw configError(cv, `${where}: configure: "${x['configure']}" is not none or all`);
    out.configure = x['configure'];
  }
  if (out.vport === 'ovs' && out.type === 'routed')
    throw configError(cv, `${where}: vport=ovs needs a bridge network, not type=routed`);
  return out;
}

function plainAddress(cv: ConfValue, what: string, v: string, family: 4 | 6): IpAddr {
  const a = parseIpAddr(v, { allowPrefix: false });
  if (typeof a === 'string') throw configError(cv, `${what}: ${a}`);
  if (a.family !== family) throw configError(cv, `${what}: "${v}" is not an IPv${family} address`);
  return a;
}

function addressList(cv: ConfValue, what: string, v: string, sep: string, family: 4 | 6): IpAddr[] {
  return v
    .split(sep)
    .filter((t) => t.trim() !== '')
    .map((t) => {
      const a = parseIpAddr(t.trim());
      if (typeof a === 'string') throw configError(cv, `${what}: ${a}`);
      if (a.family !== family)
        throw configError(
          cv,
          `${what}: "${t}" is not an IPv${family} address${family === 4 ? ' (IPv6 goes in ip6=)' : ''}`,
        );
      return a;
    });
}
