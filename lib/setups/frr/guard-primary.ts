/**
 * No two primaries (CTNET_PRIMARY_GUARD): before an up announces an address as primary, ask
 * the local bgpd (its vty socket, lib/doors/bgpd-vty.ts) whether another node already
 * announces it as primary. `refuse` stops the up
 * with one line naming that node; `demote` brings the interface up as a spare instead. When
 * FRR cannot be asked (not installed, not running, no bgpd, no answer within BGPD_TIMEOUT_MS)
 * the check is skipped with a log line (syslog in the hooks): it never blocks an up.
 * Without CTNET_PRIMARY_GUARD nothing is asked.
 */
import type { ApplyContext } from '../../apply/context.js';
import type { CtInterface } from '../../request/ct-network.js';
import { CtnetError } from '../../errors.js';
import { hostRoute, type IpAddr } from '../../request/ip-address.js';
import { askBgpd, bgpdVtyPath } from '../../doors/bgpd-vty.js';
import { describeOthers, otherPrimaries, type OtherPrimary } from './other-primaries.js';

export const BGPD_TIMEOUT_MS = 1_000;

/** The interface as it may come up: unchanged, or demoted to spare. Throws when refused. */
export async function guardPrimary(subject: string, iface: CtInterface, ctx: Pick<ApplyContext, 'log' | 'bgpdVty'>): Promise<CtInterface> {
  if (!iface.primaryGuard || (iface.announce !== undefined && iface.announce !== 'primary')) return iface;
  for (const a of iface.addresses) {
    const others = await askOtherPrimaries(a, ctx);
    if (others === undefined) {
      ctx.log(`${subject}: FRR (bgpd) did not answer: no primary check for ${iface.ifname} (CTNET_PRIMARY_GUARD=${iface.primaryGuard})`);
      return iface;
    }
    if (others.length === 0) continue;
    const who = describeOthers(others);
    if (iface.primaryGuard === 'refuse') {
      throw new CtnetError(`${subject}: ${a.address} is already announced as primary by ${who}; refusing to announce it as primary too (CTNET_PRIMARY_GUARD=refuse)`, {
        code: 'E_CONFLICT', hint: 'stop it there first, or start this one with CTNET_ANNOUNCE=spare (or CTNET_PRIMARY_GUARD=demote)',
      });
    }
    ctx.log(`${subject}: ${a.address} is already announced as primary by ${who}: ${iface.ifname} comes up as a spare (CTNET_PRIMARY_GUARD=demote)`);
    return { ...iface, announce: 'spare' };
  }
  return iface;
}

/** Other nodes' primary paths for `a` in the local bgpd, or undefined when bgpd cannot be asked. */
export async function askOtherPrimaries(a: IpAddr, ctx: Pick<ApplyContext, 'bgpdVty'>): Promise<OtherPrimary[] | undefined> {
  const answer = await askBgpd(ctx.bgpdVty ?? bgpdVtyPath(), `show bgp ${a.family === 4 ? 'ipv4' : 'ipv6'} unicast ${hostRoute(a)} json`, BGPD_TIMEOUT_MS);
  return answer === undefined ? undefined : otherPrimaries(answer);
}
