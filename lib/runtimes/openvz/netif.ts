/**
 * NETIF (vzctl src/lib/config.c parse_netif; libvzctl for OpenVZ 7 keys): interfaces split
 * by `;`, fields by `,`, each `key=value`. Legacy keys: ifname (required), host_ifname, mac,
 * host_mac, bridge, mac_filter. OpenVZ 7 keys: network, type, vport, gw, gw6, ip, ip6, dhcp,
 * dhcp6, ip_filter, configure, ifaceid; `ip6=` comes last and lists its addresses separated
 * by `,` (libvzctl lib/veth.c veth2str), so bare fields after it belong to it. Their typed
 * meaning is in netif-ov7.ts. Other keys are kept in `extra` but never used: vzctl drops
 * them when it rewrites the file.
 */
import { configError } from '../../errors.js';
import type { ConfValue } from './vz-conf.js';
import { checkIfname, checkMac } from '../../request/validate.js';

export interface NetifEntry {
  ifname: string;
  hostIfname: string;
  mac?: string;
  hostMac?: string;
  bridge?: string;
  /** OpenVZ 7: the virtual network name (`network=`). */
  network?: string;
  /** OpenVZ 7: `type=bridge|routed`. */
  type?: string;
  /** OpenVZ 7: `vport=ovs`. */
  vport?: string;
  /** Raw values of the remaining keys (mac_filter; OpenVZ 7 gw, gw6, ip, ip6 ...; netif-ov7.ts). */
  extra: Record<string, string>;
}

const KNOWN = new Set(['ifname', 'host_ifname', 'mac', 'host_mac', 'bridge', 'network', 'type', 'vport']);

/** Parse NETIF; `veid` gives the default host_ifname `veth<VEID>.<n>`. */
export function parseNetif(cv: ConfValue, veid: string): NetifEntry[] {
  const entries: NetifEntry[] = [];
  for (const chunk of cv.value.split(';')) {
    if (chunk.trim() === '') continue;
    const fields: Record<string, string> = {};
    let last = '';
    for (const field of chunk.split(',')) {
      if (field.trim() === '') continue;
      const eq = field.indexOf('=');
      if (eq < 0 && last === 'ip6') {
        // libvzctl writes `ip6=A,B,C` as the last field: later bare fields are more addresses.
        fields['ip6'] += `,${field.trim()}`;
        continue;
      }
      if (eq <= 0) throw configError(cv, `"${field}" is not key=value`);
      const k = field.slice(0, eq).trim();
      const v = field.slice(eq + 1).trim();
      if (k in fields) throw configError(cv, `"${k}" is given twice in one interface`);
      fields[k] = v;
      last = k;
    }
    const ifname = fields['ifname'];
    if (ifname === undefined) throw configError(cv, `interface "${chunk}" has no ifname=`);
    const why = checkIfname(ifname);
    if (why) throw configError(cv, `ifname: ${why}`);
    const hostIfname = fields['host_ifname'] || defaultHostIfname(veid, ifname);
    const hwhy = checkIfname(hostIfname);
    if (hwhy) throw configError(cv, `host_ifname: ${hwhy}`);
    const entry: NetifEntry = { ifname, hostIfname, extra: {} };
    for (const [key, prop] of [
      ['mac', 'mac'],
      ['host_mac', 'hostMac'],
    ] as const) {
      const v = fields[key];
      if (v === undefined || v === '') continue;
      const mwhy = checkMac(v);
      if (mwhy) throw configError(cv, `${key}: ${mwhy}`);
      entry[prop] = v.toLowerCase();
    }
    if (fields['bridge']) {
      const bwhy = checkIfname(fields['bridge']);
      if (bwhy) throw configError(cv, `bridge: ${bwhy}`);
      entry.bridge = fields['bridge'];
    }
    if (fields['network']) {
      const nwhy = checkIfname(fields['network']);
      if (nwhy) throw configError(cv, `network: ${nwhy}`);
      entry.network = fields['network'];
    }
    if (fields['type']) {
      if (fields['type'] !== 'bridge' && fields['type'] !== 'routed') {
        throw configError(cv, `type: "${fields['type']}" is not bridge or routed`);
      }
      entry.type = fields['type'];
    }
    if (fields['vport']) {
      if (fields['vport'] !== 'ovs') throw configError(cv, `vport: "${fields['vport']}" is not ovs`);
      entry.vport = fields['vport'];
    }
    for (const [k, v] of Object.entries(fields)) if (!KNOWN.has(k)) entry.extra[k] = v;
    if (entries.some((e) => e.ifname === ifname)) throw configError(cv, `ifname "${ifname}" appears twice`);
    if (entries.some((e) => e.hostIfname === hostIfname))
      throw configError(cv, `host_ifname "${hostIfname}" appears twice`);
    entries.push(entry);
  }
  return entries;
}

/** vzctl's default: `veth<VEID>.<n>`, n = the number in the CT-side name (eth1 -> 1). */
export function defaultHostIfname(veid: string, ifname: string): string {
  const m = /(\d+)$/.exec(ifname);
  return `veth${veid}.${m ? Number(m[1]) : 0}`;
}
