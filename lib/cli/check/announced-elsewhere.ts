/**
 * `ctnet check`: addresses this node announces as primary that another node announces as
 * primary too (asked from the local bgpd, lib/setups/frr/guard-primary.ts). One question per
 * primary address of a running container; when FRR cannot be asked the first time, nothing
 * more is asked and nothing is reported (a node without BGP).
 */
import type { ApplyContext } from '../../apply/context.js';
import { askOtherPrimaries } from '../../setups/frr/guard-primary.js';
import { describeOthers } from '../../setups/frr/other-primaries.js';
import type { Inventory } from './ct-inventory.js';
import type { Finding } from './find-drift.js';

export async function announcedElsewhere(inv: Inventory, ctx: Pick<ApplyContext, 'bgpdVty'>): Promise<Finding[]> {
  const out: Finding[] = [];
  for (const i of inv.ifaces.filter((x) => x.veth.exists && (x.iface.announce === undefined || x.iface.announce === 'primary'))) {
    for (const a of i.iface.addresses) {
      const others = await askOtherPrimaries(a, ctx);
      if (others === undefined) return out;
      if (others.length) out.push({ ct: i.ct, object: `address ${a.address} (${i.iface.hostIfname})`, problem: `also announced as primary by ${describeOthers(others)}` });
    }
  }
  return out;
}
