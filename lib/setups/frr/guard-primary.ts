/**
 * No two primaries (CTNET_PRIMARY_GUARD): before an up announces an address as primary, ask
 * the local FRR over its daemons' vty sockets (lib/doors/bgpd-vty.ts) whether another node
 * already announces it as primary: bgpd first; when bgpd cannot be asked, ospfd (IPv4) or
 * ospf6d (IPv6). `refuse` stops the up with one line naming that node or router; `demote`
 * brings the interface up as a spare instead. A daemon that cannot be asked (not installed, not
 * running, no answer within VTY_TIMEOUT_MS) is asked nothing more in this up; an address no
 * daemon answers for is not checked, with a log line naming the daemons tried (syslog in the
 * hooks): the guard never blocks an up. Without CTNET_PRIMARY_GUARD nothing is asked.
 */
import type { ApplyContext } from '../../apply/context.js';
import type { CtInterface } from '../../request/ct-network.js';
import { CtnetError } from '../../errors.js';
import { hostRoute, type IpAddr } from '../../request/ip-address.js';
import type { AnnounceClass } from '../../request/announce-class.js';
import { askBgpd, bgpdVtyPath, VTY_TIMEOUT_MS } from '../../doors/bgpd-vty.js';
import { describeOthers, otherPrimaries, type OtherPrimary } from './other-primaries.js';
import { askOspfPrimaries } from './ask-ospf-primaries.js';
import { describeOspfOthers } from './other-ospf-primaries.js';
import { askOspf6Primaries } from './ask-ospf6-primaries.js';
import { describeOspf6Others } from './other-ospf6-primaries.js';

export const BGPD_TIMEOUT_MS = VTY_TIMEOUT_MS;

type AskCtx = Pick<ApplyContext, 'bgpdVty'>;

/** One daemon's question about an address: the other primaries described, '' for nobody, undefined when it cannot be asked. */
export interface PrimaryAsker {
  daemon: 'bgpd' | 'ospfd' | 'ospf6d';
  /** Asked about this family only; none: both. */
  family?: 4 | 6;
  ask: (a: IpAddr, ctx: AskCtx) => Promise<string | undefined>;
}

/** In the order the guard asks them: bgpd, then the family's OSPF daemon. */
export const PRIMARY_ASKERS: readonly PrimaryAsker[] = [
  {
    daemon: 'bgpd',
    ask: async (a, ctx) => {
      const o = await askOtherPrimaries(a, ctx);
      return o && (o.length ? describeOthers(o) : '');
    },
  },
  {
    daemon: 'ospfd',
    family: 4,
    ask: async (a, ctx) => {
      const o = await askOspfPrimaries(a, ctx);
      return o && (o.length ? describeOspfOthers(o) : '');
    },
  },
  {
    daemon: 'ospf6d',
    family: 6,
    ask: async (a, ctx) => {
      const o = await askOspf6Primaries(a, ctx);
      return o && (o.length ? describeOspf6Others(o) : '');
    },
  },
];

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
  const silent = new Set<PrimaryAsker['daemon']>();
  const unchecked: string[] = [];
  for (const a of g.addresses) {
    const who = await firstAnswer(a, ctx, silent);
    if (who === undefined) {
      unchecked.push(a.address);
      continue;
    }
    if (who === '') continue;
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
  if (unchecked.length) {
    // bgpd is asked first for every address: an unchecked address means bgpd did not answer.
    ctx.log(
      `${g.subject}: FRR (bgpd) did not answer: no primary check for ${g.ifname} (${names.guard(g.guard)}) of ${unchecked.join(' ')} (asked ${[...silent].join(', then ')})`,
    );
  }
  return g.announce;
}

/** The first answer of the daemons asked about `a` in order; `silent` (daemons that could not be asked) grows and is skipped. */
async function firstAnswer(a: IpAddr, ctx: AskCtx, silent: Set<PrimaryAsker['daemon']>): Promise<string | undefined> {
  for (const asker of PRIMARY_ASKERS) {
    if ((asker.family && asker.family !== a.family) || silent.has(asker.daemon)) continue;
    const who = await asker.ask(a, ctx);
    if (who !== undefined) return who;
    silent.add(asker.daemon);
  }
  return undefined;
}

/** Other nodes' primary paths for `a` in the local bgpd, or undefined when bgpd cannot be asked. */
export async function askOtherPrimaries(
  a: IpAddr,
  ctx: Pick<ApplyContext, 'bgpdVty'>,
): Promise<OtherPrimary[] | undefined> {
  const answer = await askBgpd(
    ctx.bgpdVty ?? bgpdVtyPath(),
    `show bgp ${a.family === 4 ? 'ipv4' : 'ipv6'} unicast ${hostRoute(a)} json`,
    VTY_TIMEOUT_MS,
  );
  return answer === undefined ? undefined : otherPrimaries(answer);
}
