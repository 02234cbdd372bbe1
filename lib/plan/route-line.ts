/** The `ip -batch` lines of the host route to one CT address (pure). */
import { hostRoute, type IpAddr } from '../request/ip-address.js';
import { CTNET_ROUTE_PROTO } from '../request/route-proto.js';
import { classRouteTable, markerTable } from '../request/announce-class.js';
import type { BatchLine } from './plan.js';

/**
 * The lines that bring up the host route to one CT address, each with its undo: `route replace
 * 10.0.0.5/32 dev br0 proto 213 [metric 200]`; an IPv4 spare's or anycast's route goes into
 * table 212, then its marker into the class's table.
 */
export function hostRouteLines(a: IpAddr, dev: string, metric?: number): BatchLine[] {
  const marker = markerLine('replace', a, metric);
  return [
    { cmd: routeLine('replace', a, dev, metric), undo: routeLine('del', a, dev, metric) },
    ...(marker ? [{ cmd: marker, undo: markerLine('del', a, metric) }] : []),
  ];
}

/**
 * `route replace 10.0.0.5/32 dev br0 proto 213 [metric 200] [table 212]` (the host route to one
 * CT address). The metric is the announcement class (lib/request/announce-class.ts); a `del`
 * with the metric and table removes exactly that route and no other route to the same address.
 */
export function routeLine(verb: 'replace' | 'del', a: IpAddr, dev: string, metric?: number): string {
  const table = classRouteTable(a.family, metric);
  return `${mainRouteLine(verb, a, dev, metric)}${table === undefined ? '' : ` table ${table}`}`;
}

/** The same route in main: where a spare or anycast route was before class tables. */
export function mainRouteLine(verb: 'replace' | 'del', a: IpAddr, dev: string, metric?: number): string {
  return `route ${verb} ${hostRoute(a)} dev ${dev} proto ${CTNET_ROUTE_PROTO}${metric === undefined ? '' : ` metric ${metric}`}`;
}

/**
 * The class marker: `route replace blackhole 10.0.0.5/32 proto 213 metric 200 table 213`, what
 * FRR imports and announces for an IPv4 spare (214: anycast); none for other routes. Forwarding
 * never looks into 213/214 (no rule does). A marker, not the container's route: zebra 8.4
 * imports a table route only if its device has carrier when zebra first sees it, and does not
 * look at the table again when the link comes up, so a route added at the up hook (an LXC veth
 * whose peer the container brings up later, an OpenVZ veth before its CT side) would never be
 * announced; a blackhole has no link to wait for (docs/frr.md, "Class tables").
 */
export function markerLine(verb: 'replace' | 'del', a: IpAddr, metric?: number): string | undefined {
  const table = markerTable(a.family, metric);
  if (table === undefined) return undefined;
  return `route ${verb} blackhole ${hostRoute(a)} proto ${CTNET_ROUTE_PROTO} metric ${metric} table ${table}`;
}
