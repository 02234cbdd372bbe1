/**
 * Everything the OpenVZ hooks may change, read from the kernel in one go: node links (master,
 * MTU, up, MAC, MAC assign type), node routes, and per CT its addresses and routes. Tests
 * compare snapshots to prove "nothing changed" or "all of it was rolled back".
 */
import { ipJson, sh, type AddrJson, type LinkJson, type RouteJson } from './netns.js';
import type { VzLab } from './vz-lab.js';

export interface LinkSnap {
  name: string;
  master?: string;
  mtu: number;
  up: boolean;
  mac: string;
  macAssign: string;
}
export interface CtSnap {
  addrs: string[];
  routes: string[];
}
export interface VzSnapshot {
  links: LinkSnap[];
  routes: string[];
  cts: Record<string, CtSnap>;
}

const route = (r: RouteJson): string =>
  [
    r.dst,
    r.gateway && `via ${r.gateway}`,
    r.dev && `dev ${r.dev}`,
    r.protocol && `proto ${r.protocol}`,
    r.flags?.includes('onlink') && 'onlink',
  ]
    .filter(Boolean)
    .join(' ');

/** `cat /sys/class/net/<dev>/<attr>` inside a namespace (its own sysfs). */
export async function sysfsAttr(ns: string, dev: string, attr: string): Promise<string> {
  return (await sh('ip', ['netns', 'exec', ns, 'cat', `/sys/class/net/${dev}/${attr}`])).stdout.trim();
}

async function routes(ns: string): Promise<string[]> {
  const all = [
    ...(await ipJson<RouteJson[]>(ns, ['-4', 'route', 'show'])),
    ...(await ipJson<RouteJson[]>(ns, ['-6', 'route', 'show'])),
  ];
  return all
    .map(route)
    .filter((r) => !r.startsWith('fe80::') && !r.startsWith('multicast'))
    .sort();
}

export async function ctSnap(ns: string): Promise<CtSnap> {
  const addrs = (await ipJson<AddrJson[]>(ns, ['addr', 'show'])).flatMap((l) =>
    l.addr_info
      .filter((a) => !a.local.startsWith('fe80') && l.ifname !== 'lo')
      .map((a) => `${l.ifname} ${a.local}/${a.prefixlen}`),
  );
  return { addrs: addrs.sort(), routes: await routes(ns) };
}

export async function snapshot(lab: VzLab, veids: string[]): Promise<VzSnapshot> {
  const links: LinkSnap[] = [];
  for (const l of await ipJson<LinkJson[]>(lab.hn, ['link', 'show'])) {
    if (l.ifname === 'lo') continue;
    links.push({
      name: l.ifname,
      ...(l.master ? { master: l.master } : {}),
      mtu: l.mtu,
      up: l.flags.includes('UP'),
      mac: l.address,
      macAssign: await sysfsAttr(lab.hn, l.ifname, 'addr_assign_type'),
    });
  }
  const cts: Record<string, CtSnap> = {};
  for (const v of veids) cts[v] = await ctSnap(lab.ctNs(v));
  return { links, routes: await routes(lab.hn), cts };
}
