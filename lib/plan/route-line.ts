/** The `ip -batch` line of the host route to one CT address (pure). */
import { hostRoute, type IpAddr } from '../request/ip-address.js';
import { CTNET_ROUTE_PROTO } from '../request/route-proto.js';
import { announceTable } from '../request/announce-class.js';

/**
 * `route replace 10.0.0.5/32 dev br0 proto 213 [metric 200] [table 213]` (the host route to one
 * CT address). The metric is the announcement class (lib/request/announce-class.ts), and an
 * IPv4 spare or anycast route lives in its class table; a `del` with the metric and table
 * removes exactly that route and no other route to the same address.
 */
export function routeLine(verb: 'replace' | 'del', a: IpAddr, dev: string, metric?: number): string {
  return `${mainRouteLine(verb, a, dev, metric)}${tableWords(a, metric)}`;
}

/** The same route in main: where a spare or anycast route was before class tables. */
export function mainRouteLine(verb: 'replace' | 'del', a: IpAddr, dev: string, metric?: number): string {
  return `route ${verb} ${hostRoute(a)} dev ${dev} proto ${CTNET_ROUTE_PROTO}${metric === undefined ? '' : ` metric ${metric}`}`;
}

function tableWords(a: IpAddr, metric: number | undefined): string {
  const table = announceTable(a.family, metric);
  return table === undefined ? '' : ` table ${table}`;
}
