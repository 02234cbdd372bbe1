/** The host route to one CT address, and what a down removes of it (pure). */
import { hostRoute, type IpAddr } from '../request/ip-address.js';
import { CTNET_ROUTE_PROTO } from '../request/route-proto.js';
import { routeEntries, type TeardownEntry } from './teardown-entry.js';

/**
 * `route replace 10.0.0.5/32 dev br0 proto 213 [metric 200]` (the host route to one CT
 * address). The metric is the announcement class (lib/request/announce-class.ts); a `del` with
 * the metric removes exactly that route and no other route to the same address.
 */
export function routeLine(verb: 'replace' | 'del', a: IpAddr, dev: string, metric?: number): string {
  return `route ${verb} ${hostRoute(a)} dev ${dev} proto ${CTNET_ROUTE_PROTO}${metric === undefined ? '' : ` metric ${metric}`}`;
}

/** What a down must remove: exactly these routes (lib/plan/teardown-entry.ts). */
export function routeTeardown(addresses: IpAddr[], dev: string, metric?: number): TeardownEntry[] {
  return routeEntries(addresses, dev, metric);
}
