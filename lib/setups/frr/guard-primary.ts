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
import type { AnnounceClass } from '../../request/announce-class.js';
import { askBgpd, bgpdVtyPath } from '../../doors/bgpd-vty.js';
import { describeOthers, otherPrimaries, type OtherPrimary } from './other-primaries.js';

export const BGPD_TIMEOUT_MS = 1_000;

export type PrimaryGuard = 'refuse' | 'demote';

/** The interface as it may come up: unchanged, or demoted to spare. Throws when refused. */
export async function guardPrimary(
  subject: string,
  iface: CtInterface,
  ctx: Pick<ApplyContext, 'log' | 'bgpdVty'>,
): Promise<CtInterface> {
  const cls = await guardAnnounce(
    {
      subject,
      ifname: iface.ifname,
      addresses: iface.addresses,
      announce: iface.announce,
      guard: iface.primaryGuard,
    },
    ctx,
  );
  return cls === iface.announce || cls === undefined ? iface : { ...iface, announce: cls };
}

/** How a hook names its settings in messages: OpenVZ's CT config variables by default. */
export interface GuardSettingNames {
  guard: (v: string) => string;
  announce: (v: string) => string;
}

const VZ_NAMES: GuardSettingNames = {
  guard: (v) => `CTNET_PRIMARY_GUARD=${v}`,
  announce: (v) => `CTNET_ANNOUNCE=${v}`,
};

export interface GuardedAddresses {
  /** "CT 132", "container web1". */
  subject: string;
  ifname: string;
  addresses: IpAddr[];
  announce?: AnnounceClass;
  /** None: nothing is asked. */
  guard?: PrimaryGuard;
  names?: GuardSettingNames;
}

/** The class the addresses may come up with: `announce` unchanged, or 'spare' when demoted. Throws when refused. */
export async function guardAnnounce(
  g: GuardedAddresses,
  ctx: Pick<ApplyContext, 'log' | 'bgpdVty'>,
): Promise<AnnounceClass | undefined> {
  if (!g.guard || (g.announce !== undefined && g.announce !== 'primary')) return g.announce;
  const names = g.names ?? VZ_NAMES;
  for (const a of g.addresses) {
    const others = await askOtherPrimaries(a, ctx);
    if (others === undefined) {
      ctx.log(`${g.subject}: FRR (bgpd) did not answer: no primary check for ${g.ifname} (${names.guard(g.guard)})`);
      return g.announce;
    }
    if (others.length === 0) continue;
    const who = describeOthers(others);
    if (g.guard === 'refuse') {
      throw new CtnetError(
        `${g.subject}: ${a.address} is already announced as primary by ${who}; refusing to announce it as primary too (${names.guard('refuse')})`,
        {
          code: 'E_CONFLICT',
          hint: `stop it there first, or start this one with ${names.announce('spare')} (or ${names.guard('demote')})`,
        },
      );
    }
    ctx.log(
      `${g.subject}: ${a.address} is already announced as primary by ${who}: ${g.ifname} comes up as a spare (${names.guard('demote')})`,
    );
    return 'spare';
  }
  return g.announce;
}

/** Other nodes' primary paths for `a` in the local bgpd, or undefined when bgpd cannot be asked. */
export async function askOtherPrimaries(
  a: IpAddr,
  ctx: Pick<ApplyContext, 'bgpdVty'>,
): Promise<OtherPrimary[] | undefined> {
  const answer = await askBgpd(
    ctx.bgpdVty ?? bgpdVtyPath(),
    `show bgp ${a.family === 4 ? 'ipv4' : 'ipv6'} unicast ${hostRoute(a)} json`,
    BGPD_TIMEOUT_MS,
  );
  return answer === undefined ? undefined : otherPrimaries(answer);
}
