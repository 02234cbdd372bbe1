/**
 * The local ospf6d asked, over its vty socket (next to bgpd's: /var/run/frr[/NAME]/ospf6d.vty),
 * which other routers announce an IPv6 address as primary (lib/setups/frr/other-ospf6-primaries.ts).
 * Two questions at once, each with the same timeout (the whole AS-external database and this
 * router's id), so the wait is one timeout at most. undefined when ospf6d cannot be asked (not
 * running, no answer in time, an answer too large or not ospf6d's) or for an IPv4 address.
 */
import { dirname, join } from 'node:path';
import type { ApplyContext } from '../../apply/context.js';
import type { IpAddr } from '../../request/ip-address.js';
import { askBgpd, bgpdVtyPath, VTY_TIMEOUT_MS } from '../../doors/bgpd-vty.js';
import { ospf6RouterId, otherOspf6Primaries } from './other-ospf6-primaries.js';

/** ospf6d's socket in the directory of bgpd's (the same FRR, the same pathspace). */
export function ospf6dVtyPath(bgpdVty: string): string {
  return join(dirname(bgpdVty), 'ospf6d.vty');
}

export async function askOspf6Primaries(a: IpAddr, ctx: Pick<ApplyContext, 'bgpdVty'>): Promise<string[] | undefined> {
  if (a.family !== 6) return undefined;
  const socket = ospf6dVtyPath(ctx.bgpdVty ?? bgpdVtyPath());
  const [self, db] = await Promise.all([
    askBgpd(socket, 'show ipv6 ospf6 json', VTY_TIMEOUT_MS),
    askBgpd(socket, 'show ipv6 ospf6 database as-external detail json', VTY_TIMEOUT_MS),
  ]);
  const routerId = self === undefined ? undefined : ospf6RouterId(self);
  return routerId === undefined || db === undefined ? undefined : otherOspf6Primaries(db, routerId, a.address);
}
