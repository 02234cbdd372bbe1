/**
 * `ctnet check`: addresses this node announces as primary that another node announces as
 * primary too, asked from the local bgpd (lib/setups/frr/guard-primary.ts) and the local ospfd's
 * database (lib/setups/frr/ask-ospf-primaries.ts, IPv4). One question per primary address of a
 * running container and daemon; a daemon that cannot be asked the first time is asked nothing
 * more and reports nothing (a node without BGP, or without OSPF).
 */
import type { ApplyContext } from '../../apply/context.js';
import { askOtherPrimaries } from '../../setups/frr/guard-primary.js';
import { describeOthers } from '../../setups/frr/other-primaries.js';
import { askOspfPrimaries } from '../../setups/frr/ask-ospf-primaries.js';
import { describeOspfOthers } from '../../setups/frr/other-ospf-primaries.js';
import type { IpAddr } from '../../request/ip-address.js';
import type { Inventory } from './ct-inventory.js';
import type { Finding } from './find-drift.js';

/** One daemon's question: who else, described; undefined: cannot be asked; '' nobody. */
type Ask = (a: IpAddr) => Promise<string | undefined>;

export async function announcedElsewhere(inv: Inventory, ctx: Pick<ApplyContext, 'bgpdVty'>): Promise<Finding[]> {
  const primaries = inv.ifaces
    .filter((x) => x.veth.exists && (x.iface.announce === undefined || x.iface.announce === 'primary'))
    .flatMap((i) =>
      i.iface.addresses.map((a) => ({ ct: i.ct, a, object: `address ${a.address} (${i.iface.hostIfname})` })),
    );
  const asks: Array<{ ask: Ask; v4only: boolean }> = [
    {
      ask: async (a) => {
        const o = await askOtherPrimaries(a, ctx);
        return o && (o.length ? describeOthers(o) : '');
      },
      v4only: false,
    },
    {
      ask: async (a) => {
        const o = await askOspfPrimaries(a, ctx);
        return o && (o.length ? describeOspfOthers(o) : '');
      },
      v4only: true,
    },
  ];
  const out: Finding[] = [];
  for (const { ask, v4only } of asks) {
    for (const p of primaries.filter((x) => !v4only || x.a.family === 4)) {
      const who = await ask(p.a);
      if (who === undefined) break;
      if (who) out.push({ ct: p.ct, object: p.object, problem: `also announced as primary by ${who}` });
    }
  }
  return out;
}
