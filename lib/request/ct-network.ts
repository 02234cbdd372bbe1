/**
 * The network of one OpenVZ container as ctnet understands it: its NETIF entries plus the
 * per-interface variables. Variables (CT file overrides vz.conf):
 *   VETH_IP_ADDRESS, CT0_IP, VE_DEFAULT_GATEWAY, VE_DEFAULT_GATEWAY6   -> the FIRST interface
 *   BRIDGEDEV, VETH_VLAN, CTNET_ANNOUNCE, VETH_PROXY_DEV               -> every interface
 *   <VAR>_<ifname> (e.g. VETH_IP_ADDRESS_eth1, BRIDGEDEV_eth1)         -> that interface only,
 *     overriding the plain variable; characters other than letters, digits and "_" in the
 *     ifname become "_" (eth0.5 -> VETH_IP_ADDRESS_eth0_5).
 * Bridge: 4th hook argument, else NETIF bridge=, else BRIDGEDEV_<ifname>, else BRIDGEDEV.
 * No bridge means a routed veth (host routes via the veth itself).
 * CTNET_ANNOUNCE=primary|spare|anycast sets the kernel metric of the host routes, which the
 * FRR configuration of `ctnet render frr` turns into the OSPF announcement (docs/frr.md).
 */
import { configError, CtnetError } from '../errors.js';
import type { ConfValue } from '../runtimes/openvz/vz-conf.js';
import { parseNetif, type NetifEntry } from '../runtimes/openvz/netif.js';
import { checked, confAddressList, confIfname, confPlainAddress, parseVlanId } from './validate.js';
import type { IpAddr } from './ip-address.js';
import { parseAnnounceClass, type AnnounceClass } from './announce-class.js';

export interface CtInterface {
  ifname: string;
  hostIfname: string;
  /** Where the bridge name came from, for messages. */
  bridge?: { name: string; from: string };
  addresses: IpAddr[];
  ct0Ips: IpAddr[];
  gateway?: IpAddr;
  gateway6?: IpAddr;
  vlan?: number;
  /** How the host routes are announced (CTNET_ANNOUNCE); none = plain route, kernel metric 0. */
  announce?: AnnounceClass;
  /**
   * CTNET_PRIMARY_GUARD: ask FRR before announcing as primary (lib/setups/frr/guard-primary.ts); none = do
   * not ask.
   */
  primaryGuard?: 'refuse' | 'demote';
  /** Routed veth: uplinks that answer ARP/NDP for the CT addresses (VETH_PROXY_DEV). */
  proxyDevs?: string[];
  netif: NetifEntry;
  /** The config values gateways and VLAN came from, so later checks can name file:line: KEY. */
  from: { gateway?: ConfValue; gateway6?: ConfValue; vlan?: ConfValue; addresses?: ConfValue };
}

export interface CtNetwork {
  veid: string;
  interfaces: CtInterface[];
  /** Every config value that was read, by key (for messages and `ctnet plan`). */
  vars: Map<string, ConfValue>;
}

export function varSuffix(ifname: string): string {
  return ifname.replace(/[^A-Za-z0-9_]/g, '_');
}

/** Build the CT network model from merged config values. Throws on the first bad value. */
export function buildCtNetwork(veid: string, vars: Map<string, ConfValue>): CtNetwork {
  const netifCv = vars.get('NETIF');
  const entries = netifCv ? parseNetif(netifCv, veid) : [];
  const interfaces = entries.map((netif, index) => buildInterface(netif, index === 0, vars));
  checkOneGatewayPerFamily(interfaces);
  checkAddressesUnique(interfaces);
  return { veid, interfaces, vars };
}

function buildInterface(netif: NetifEntry, first: boolean, vars: Map<string, ConfValue>): CtInterface {
  const sfx = varSuffix(netif.ifname);
  /** The per-interface variable, else (for the first interface, or `shared`) the plain one. */
  const pick = (name: string, shared = false): ConfValue | undefined =>
    vars.get(`${name}_${sfx}`) ?? (first || shared ? vars.get(name) : undefined);

  const iface: CtInterface = {
    ifname: netif.ifname,
    hostIfname: netif.hostIfname,
    addresses: [],
    ct0Ips: [],
    netif,
    from: {},
  };
  if (netif.bridge) iface.bridge = { name: netif.bridge, from: 'NETIF bridge=' };
  else {
    const b = pick('BRIDGEDEV', true);
    if (b && b.value.trim() !== '')
      iface.bridge = { name: confIfname(b, b.value.trim()), from: `${b.file}:${b.line} ${b.key}` };
  }
  const addrs = pick('VETH_IP_ADDRESS');
  if (addrs) {
    iface.addresses = confAddressList(addrs, { ct: true });
    iface.from.addresses = addrs;
  }
  const ct0 = pick('CT0_IP');
  if (ct0) iface.ct0Ips = confAddressList(ct0).map((a) => ({ ...a, prefix: a.family === 4 ? 32 : 128 }));
  const gw = pick('VE_DEFAULT_GATEWAY');
  if (gw && gw.value.trim() !== '') {
    const a = confPlainAddress(gw);
    const fam = a.family === 4 ? 'gateway' : 'gateway6';
    iface[fam] = a;
    iface.from[fam] = gw;
  }
  const gw6 = pick('VE_DEFAULT_GATEWAY6');
  if (gw6 && gw6.value.trim() !== '') {
    if (iface.gateway6) throw configError(gw6, 'an IPv6 gateway is already given in VE_DEFAULT_GATEWAY');
    iface.gateway6 = confPlainAddress(gw6, 6);
    iface.from.gateway6 = gw6;
  }
  const vlan = pick('VETH_VLAN', true);
  if (vlan && vlan.value.trim() !== '') {
    iface.vlan = checked(vlan, parseVlanId(vlan.value.trim()));
    iface.from.vlan = vlan;
  }
  const ann = pick('CTNET_ANNOUNCE', true);
  if (ann && ann.value.trim() !== '') {
    const c = parseAnnounceClass(ann.value);
    if ('why' in c) throw configError(ann, c.why);
    iface.announce = c.value;
  }
  const guard = pick('CTNET_PRIMARY_GUARD', true);
  if (guard && guard.value.trim() !== '') {
    const g = guard.value.trim().toLowerCase();
    if (g !== 'refuse' && g !== 'demote' && g !== 'off')
      throw configError(guard, `"${guard.value}" is not refuse, demote or off`);
    if (g !== 'off') iface.primaryGuard = g;
  }
  const proxy = pick('VETH_PROXY_DEV', true);
  if (proxy)
    iface.proxyDevs = proxy.value
      .split(/\s+/)
      .filter((d) => d !== '')
      .map((d) => confIfname(proxy, d));
  return iface;
}

/** A CT has one default route per family: a second gateway is an error naming its variable. */
function checkOneGatewayPerFamily(interfaces: CtInterface[]): void {
  for (const fam of ['gateway', 'gateway6'] as const) {
    const [first, second] = interfaces.filter((i) => i[fam]);
    if (!first || !second) continue;
    const was = first.from[fam]!;
    throw configError(
      second.from[fam]!,
      `an IPv${fam === 'gateway' ? 4 : 6} default gateway is already set for ${first.ifname} (${was.file}:${was.line}: ${was.key}); a container has one default route per family`,
    );
  }
}

/** One address on two interfaces would make their host routes replace each other. */
function checkAddressesUnique(interfaces: CtInterface[]): void {
  const seen = new Map<string, string>();
  for (const i of interfaces) {
    for (const a of i.addresses) {
      const other = seen.get(a.address);
      if (other !== undefined) {
        throw new CtnetError(`CT interfaces ${other} and ${i.ifname} both have the address ${a.address}`, {
          code: 'E_CONFIG',
          hint: `set VETH_IP_ADDRESS_${varSuffix(i.ifname)} for ${i.ifname}`,
        });
      }
      seen.set(a.address, i.ifname);
    }
  }
}

/** The interface whose host side is `hostIfname`, if the CT has one. */
export function findInterface(net: CtNetwork, hostIfname: string): CtInterface | undefined {
  return net.interfaces.find((i) => i.hostIfname === hostIfname);
}
