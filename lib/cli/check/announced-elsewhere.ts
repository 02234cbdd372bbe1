/**
 * `ctnet check`: addresses this node announces as primary that another node announces as
 * primary too, asked from the local bgpd, ospfd (IPv4) and ospf6d (IPv6), the guard's askers
 * (lib/setups/frr/guard-primary.ts PRIMARY_ASKERS). One question per primary address of a
 * running container and daemon; a daemon that cannot be asked the first time is asked nothing
 * more and reports nothing (a node without BGP, or without OSPF).
 */
import type { ApplyContext } from '../../apply/context.js';
import { PRIMARY_ASKERS } from '../../setups/frr/guard-primary.js';
import type { Inventory } from './ct-inventory.js';
import type { Finding } from './find-drift.js';

export async function announcedElsewhere(inv: Inventory, ctx: Pick<ApplyContext, 'bgpdVty'>): Promise<Finding[]> {
  const primaries = inv.ifaces
    .filter((x) => x.veth.exists && (x.iface.announce === undefined || x.iface.announce === 'primary'))
    .flatMap((i) =>
      i.iface.addresses.map((a) => ({ ct: i.ct, a, object: `address ${a.address} (${i.iface.hostIfname})` })),
    );
  const out: Finding[] = [];
  for (const { ask, family } of PRIMARY_ASKERS) {
    for (const p of primaries.filter((x) => !family || x.a.family === family)) {
      const who = await ask(p.a, ctx);
      if (who === undefined) break;
      if (who) out.push({ ct: p.ct, object: p.object, problem: `also announced as primary by ${who}` });
    }
  }
  return out;
}
