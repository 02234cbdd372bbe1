/**
 * How a container address is announced to the network (OSPF via FRR, docs/frr.md):
 *   primary  the normal owner of the address;
 *   spare    a hot spare with the same address on another node, announced with a worse metric;
 *   anycast  the same address on several nodes, announced as an OSPF type-1 external route so
 *            each router picks the nearest one.
 * The class is carried by the kernel host route as its metric, so `ip route` shows it and a
 * down removes exactly that route (`ip route del ... metric N`). For FRR to tell an IPv4 spare
 * or anycast address at run time, the hooks also put a marker into the class's own kernel table
 * (213, 214: a blackhole to the address, never used for forwarding), which zebra imports and
 * each routing daemon announces with the class's policy (`ip import-table`, `redistribute
 * table`; docs/frr.md). The container's own route then cannot stay in main, where zebra would
 * prefer it to the imported marker: it lives in table 212, which one rule just before main
 * makes forwarding find exactly as main would. IPv6 routes stay in main: FRR 8.4 has no
 * `ipv6 import-table`.
 */
import { CTNET_ROUTE_PROTO } from './route-proto.js';

export type AnnounceClass = 'primary' | 'spare' | 'anycast';

const ANNOUNCE_CLASSES: readonly AnnounceClass[] = ['primary', 'spare', 'anycast'];

/** Kernel route metric of each class (lower wins inside one host). */
export const ANNOUNCE_METRIC: Readonly<Record<AnnounceClass, number>> = { primary: 100, spare: 200, anycast: 300 };

/** The IPv4 marker table of each non-primary class (FRR's `ip import-table` takes 1-252). */
export const ANNOUNCE_TABLE = { spare: 213, anycast: 214 } as const;

/** Where IPv4 spare and anycast routes forward from, and the priority of its rule (just before main's 32766). */
export const CLASS_ROUTE_TABLE = 212;
export const CLASS_RULE_PREF = 32765;

/** Table numbers an admin's own policy routing must leave to ctnet (and rule priorities from CLASS_RULE_PREF up). */
export const CLASS_TABLES: readonly number[] = [CLASS_ROUTE_TABLE, ...Object.values(ANNOUNCE_TABLE)];

/** The class an IPv4 route's metric gives it, when it has a table of its own (spare, anycast). */
export function classOf(family: 4 | 6, metric: number | undefined): 'spare' | 'anycast' | undefined {
  if (family !== 4) return undefined;
  if (metric === ANNOUNCE_METRIC.spare) return 'spare';
  if (metric === ANNOUNCE_METRIC.anycast) return 'anycast';
  return undefined;
}

/**
 * The table of a container's host route with this family and metric: 212 for an IPv4 spare or
 * anycast address; undefined: main (a primary, a route without class, or IPv6).
 */
export function classRouteTable(family: 4 | 6, metric: number | undefined): number | undefined {
  return classOf(family, metric) ? CLASS_ROUTE_TABLE : undefined;
}

/** The marker table of an IPv4 spare's or anycast's address (213, 214); undefined: no marker. */
export function markerTable(family: 4 | 6, metric: number | undefined): number | undefined {
  const c = classOf(family, metric);
  return c ? ANNOUNCE_TABLE[c] : undefined;
}

/** `rule add pref 32765 lookup 212 protocol 213`: forwarding finds the class routes before main. */
export function classRuleLine(): string {
  return `rule add pref ${CLASS_RULE_PREF} lookup ${CLASS_ROUTE_TABLE} protocol ${CTNET_ROUTE_PROTO}`;
}

/** Parse a CTNET_ANNOUNCE value; `{ why }` says why it is not a class. */
export function parseAnnounceClass(v: string): { value: AnnounceClass } | { why: string } {
  const c = v.trim().toLowerCase();
  return (ANNOUNCE_CLASSES as readonly string[]).includes(c)
    ? { value: c as AnnounceClass }
    : { why: `"${v}" is not an announcement class (${ANNOUNCE_CLASSES.join(', ')})` };
}

/**
 * The kernel metric of a class; no class means no metric (the kernel's 0), announced as primary.
 */
export function announceMetric(c: AnnounceClass | undefined): number | undefined {
  return c === undefined ? undefined : ANNOUNCE_METRIC[c];
}
