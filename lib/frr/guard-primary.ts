/**
 * No two primaries (CTNET_PRIMARY_GUARD): before an up announces an address as primary, ask
 * the local bgpd whether another node already announces it as primary. `refuse` stops the up
 * with one line naming that node; `demote` brings the interface up as a spare instead. When
 * FRR cannot be asked (not installed, not running, no bgpd, no answer within VTYSH_TIMEOUT_MS)
 * the check is skipped with a log line (syslog in the hooks): it never blocks an up.
 * Without CTNET_PRIMARY_GUARD nothing is asked.
 */
import type { ApplyContext } from '../apply/context.js';
import type { CtInterface } from '../config/ct-network.js';
import { CtnetError } from '../errors.js';
import { run } from '../exec.js';
import { hostRoute, type IpAddr } from '../net/ip-address.js';
import { describeOthers, otherPrimaries, type OtherPrimary } from './other-primaries.js';

export const VTYSH_TIMEOUT_MS = 1_000;

export type PrimaryGuard = 'refuse' | 'demote';

/** The interface as it may come up: unchanged, or demoted to spare. Throws when refused. */
export async function guardPrimary(subject: string, iface: CtInterface, ctx: Pick<ApplyContext, 'log' | 'vtysh'>): Promise<CtInterface> {
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
export async function askOtherPrimaries(a: IpAddr, ctx: Pick<ApplyContext, 'vtysh'>): Promise<OtherPrimary[] | undefined> {
  const cmd = `show bgp ${a.family === 4 ? 'ipv4' : 'ipv6'} unicast ${hostRoute(a)} json`;
  try {
    const r = await run((ctx.vtysh ?? ['vtysh'])[0]!, [...(ctx.vtysh ?? ['vtysh']).slice(1), '-c', cmd], { timeoutMs: VTYSH_TIMEOUT_MS, allowFailure: true });
    return r.exitCode === 0 ? otherPrimaries(r.stdout) : undefined;
  } catch (e) {
    return unreachable(e);
  }
}

/** vtysh missing or not answering in time counts as "FRR cannot be asked"; anything else is rethrown. */
function unreachable(e: unknown): undefined {
  if (e instanceof CtnetError && (e.code === 'E_SPAWN' || e.code === 'E_TIMEOUT')) return undefined;
  throw e;
}
