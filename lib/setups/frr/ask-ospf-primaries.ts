/**
 * The local ospfd asked, over its vty socket (next to bgpd's: /var/run/frr[/NAME]/ospfd.vty),
 * which other routers announce an IPv4 address as primary (lib/setups/frr/other-ospf-primaries.ts).
 * undefined when ospfd cannot be asked (not running, no answer within the timeout) or for an
 * IPv6 address (ospf6d: lib/setups/frr/ask-ospf6-primaries.ts).
 */
import { dirname, join } from 'node:path';
import type { ApplyContext } from '../../apply/context.js';
import type { IpAddr } from '../../request/ip-address.js';
import { askBgpd, bgpdVtyPath, VTY_TIMEOUT_MS } from '../../doors/bgpd-vty.js';
import { otherOspfPrimaries } from './other-ospf-primaries.js';

/** ospfd's socket in the directory of bgpd's (the same FRR, the same pathspace). */
export function ospfdVtyPath(bgpdVty: string): string {
  return join(dirname(bgpdVty), 'ospfd.vty');
}

export async function askOspfPrimaries(a: IpAddr, ctx: Pick<ApplyContext, 'bgpdVty'>): Promise<string[] | undefined> {
  if (a.family !== 4) return undefined;
  const answer = await askBgpd(
    ospfdVtyPath(ctx.bgpdVty ?? bgpdVtyPath()),
    `show ip ospf database external ${a.address} json`,
    VTY_TIMEOUT_MS,
  );
  return answer === undefined ? undefined : otherOspfPrimaries(answer, a.address);
}
