/**
 * Which container addresses on this node are spares or anycast (CTNET_ANNOUNCE), read from
 * every OpenVZ container config in <vz-dir>/conf. Only the config text is read.
 */
import { join } from 'node:path';
import { buildCtNetwork } from '../../request/ct-network.js';
import { loadVzConfig } from '../../runtimes/openvz/load-vz-config.js';
import { checkCtid } from '../../request/validate.js';
import { listDir } from '../../doors/fs.js';
import type { AnnounceClass } from '../../request/announce-class.js';
import { compressIPv6, expandIPv6, ipv4Number } from '../../request/ip-address.js';

export interface AnnouncedAddresses {
  spare: string[];
  anycast: string[];
  /** The IPv6 ones (announced by ospf6d, `ctnet render frr --ipv6`). */
  spare6: string[];
  anycast6: string[];
}

/** Addresses by class over all CT configs; a broken config is an error naming it. */
export function announcedAddresses(vzDir: string): AnnouncedAddresses {
  const cls = (): Record<AnnounceClass, Set<string>> => ({ primary: new Set(), spare: new Set(), anycast: new Set() });
  const out = { 4: cls(), 6: cls() };
  const ids = listDir(join(vzDir, 'conf'))
    .filter((f) => f.endsWith('.conf'))
    .map((f) => f.slice(0, -5))
    .filter((id) => !checkCtid(id) && id !== '0' && !id.startsWith('ve-'));
  for (const id of ids.sort()) {
    const net = buildCtNetwork(id, loadVzConfig(id, { vzDir }).vars);
    for (const iface of net.interfaces) {
      if (!iface.announce) continue;
      for (const a of iface.addresses) out[a.family][iface.announce].add(a.address);
    }
  }
  return {
    spare: sortAddrs(out[4].spare),
    anycast: sortAddrs(out[4].anycast),
    spare6: sortAddrs6(out[6].spare),
    anycast6: sortAddrs6(out[6].anycast),
  };
}

export function sortAddrs(addrs: Iterable<string>): string[] {
  return [...new Set(addrs)].sort((a, b) => ipv4Number(a) - ipv4Number(b));
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
