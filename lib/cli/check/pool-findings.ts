/**
 * Container addresses outside every declared pool (pure). Such an address is never announced
 * by `ctnet render frr`, and in routed mode it may be someone else's: report it. Without any
 * pool declared there is nothing to compare with, and nothing is reported.
 */
import { inPools } from '../../request/container-pools.js';
import type { IpAddr } from '../../request/ip-address.js';
import type { Inventory } from './ct-inventory.js';
import type { Finding } from './find-drift.js';

/** One finding per address of a running container that lies in no pool. */
export function poolFindings(inv: Inventory, pools: readonly IpAddr[]): Finding[] {
  if (pools.length === 0) return [];
  const out: Finding[] = [];
  for (const i of inv.ifaces.filter((x) => x.veth.exists)) {
    for (const a of i.iface.addresses) {
      if (inPools(pools, a)) continue;
      out.push({
        ct: i.ct,
        object: `address ${a.address} (${i.iface.hostIfname})`,
        problem: 'outside every container pool (host.conf [isolation] pool): not announced by FRR',
      });
    }
  }
  return out;
}
