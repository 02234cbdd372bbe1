/**
 * Which container addresses on this node are spares or anycast (CTNET_ANNOUNCE), read from
 * every OpenVZ container config in <vz-dir>/conf. Only the config text is read.
 */
import { join } from 'node:path';
import { buildCtNetwork } from '../config/ct-network.js';
import { loadVzConfig } from '../config/load-vz-config.js';
import { checkCtid } from '../config/validate.js';
import { listDir } from '../fs.js';
import type { AnnounceClass } from '../net/announce-class.js';
import { ipv4Number } from '../net/ip-address.js';

export interface AnnouncedAddresses {
  spare: string[];
  anycast: string[];
}

/** IPv4 addresses by class over all CT configs; a broken config is an error naming it. */
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
      for (const a of iface.addresses) if (a.family === 4) out[iface.announce].add(a.address);
    }
  }
  return { spare: sortAddrs(out.spare), anycast: sortAddrs(out.anycast) };
}

export function sortAddrs(addrs: Iterable<string>): string[] {
  return [...new Set(addrs)].sort((a, b) => ipv4Number(a) - ipv4Number(b));
}
