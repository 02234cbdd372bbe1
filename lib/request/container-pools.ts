/**
 * Container pools: the networks containers take their addresses from (host.conf [isolation]
 * pool, `ctnet render frr --pool`). Only host addresses inside a pool are announced to the
 * network; a container address outside every pool is a `ctnet check` finding.
 */
import { containsAddr, type IpAddr } from './ip-address.js';

/** Whether `a` lies inside one of `pools` (same family). */
export function inPools(pools: readonly IpAddr[], a: IpAddr): boolean {
  return pools.some((p) => containsAddr(p, a));
}
