/**
 * Which IPv6 container addresses on this node are spares or anycast (CTNET_ANNOUNCE), read from
 * every OpenVZ container config in <vz-dir>/conf, for ospf6d's prefix-lists. Only the config text
 * is read. IPv4 addresses are not collected: their class is read live from the route's table
 * (class-tables.ts).
 */
import { join } from 'node:path';
import { buildCtNetwork } from '../../request/ct-network.js';
import { loadVzConfig } from '../../runtimes/openvz/load-vz-config.js';
import { checkCtid } from '../../request/validate.js';
import { listDir } from '../../doors/fs.js';
import type { AnnounceClass } from '../../request/announce-class.js';
import { compressIPv6, expandIPv6 } from '../../request/ip-address.js';

export interface AnnouncedAddresses {
  /** Announced by ospf6d (`ctnet render frr --ipv6`). */
  spare6: string[];
  anycast6: string[];
}

/** IPv6 addresses by class over all CT configs; a broken config is an error naming it. */
export function announcedAddresses(vzDir: string): AnnouncedAddresses {
  const out: Record<AnnounceClass, Set<string>> = { primary: new Set(), spare: new Set(), anycast: new Set() };
  const ids = listDir(join(vzDir, 'conf'))
    .filter((f) => f.endsWith('.conf'))
    .map((f) => f.slice(0, -5))
    .filter((id) => !checkCtid(id) && id !== '0' && !id.startsWith('ve-'));
  for (const id of ids.sort()) {
    const net = buildCtNetwork(id, loadVzConfig(id, { vzDir }).vars);
    for (const iface of net.interfaces) {
      if (!iface.announce) continue;
      for (const a of iface.addresses) if (a.family === 6) out[iface.announce].add(a.address);
    }
  }
  return { spare6: sortAddrs6(out.spare), anycast6: sortAddrs6(out.anycast) };
}

/** IPv6 addresses in their shortest form, unique, in numeric order. */
export function sortAddrs6(addrs: Iterable<string>): string[] {
  const words = new Map(
    [...addrs].map((a) => {
      const w = expandIPv6(a);
      return [compressIPv6(w), w] as const;
    }),
  );
  return [...words]
    .sort(([, x], [, y]) => {
      const i = x.findIndex((v, k) => v !== y[k]);
      return i < 0 ? 0 : x[i]! - y[i]!;
    })
    .map(([a]) => a);
}
