/**
 * How a container address is announced to the network (OSPF via FRR, docs/frr.md):
 *   primary  the normal owner of the address;
 *   spare    a hot spare with the same address on another node, announced with a worse metric;
 *   anycast  the same address on several nodes, announced as an OSPF type-1 external route so
 *            each router picks the nearest one.
 * The class is carried by the kernel host route as its metric, so `ip route` shows it and a
 * down removes exactly that route (`ip route del ... metric N`). An IPv4 spare or anycast route
 * also lives in the class's own kernel table, which FRR imports and announces with the class's
 * policy at run time (`ip import-table`, `redistribute table`; docs/frr.md); a rule just before
 * main makes forwarding find it exactly as main would. IPv6 routes stay in main: FRR 8.4 has no
 * `ipv6 import-table`.
 */
import { CTNET_ROUTE_PROTO } from './route-proto.js';

export type AnnounceClass = 'primary' | 'spare' | 'anycast';

const ANNOUNCE_CLASSES: readonly AnnounceClass[] = ['primary', 'spare', 'anycast'];

/** Kernel route metric of each class (lower wins inside one host). */
export const ANNOUNCE_METRIC: Readonly<Record<AnnounceClass, number>> = { primary: 100, spare: 200, anycast: 300 };

/** The IPv4 kernel table of each non-primary class (FRR's `ip import-table` takes 1-252). */
export const ANNOUNCE_TABLE = { spare: 213, anycast: 214 } as const;

/** The priority of each class table's rule: just before main (32766), after every other rule. */
const ANNOUNCE_RULE_PREF = { spare: 32764, anycast: 32765 } as const;

/** Table numbers and rule priorities an admin's own policy routing must leave to ctnet. */
export const CLASS_TABLES: readonly number[] = Object.values(ANNOUNCE_TABLE);
export const FIRST_RESERVED_RULE_PREF = Math.min(...Object.values(ANNOUNCE_RULE_PREF));

/**
 * The class table of a host route with this family and metric; undefined: main (a primary, a
 * route without class, or IPv6).
 */
export function announceTable(family: 4 | 6, metric: number | undefined): number | undefined {
  if (family !== 4) return undefined;
  if (metric === ANNOUNCE_METRIC.spare) return ANNOUNCE_TABLE.spare;
  if (metric === ANNOUNCE_METRIC.anycast) return ANNOUNCE_TABLE.anycast;
  return undefined;
}

/** `rule add pref 32764 lookup 213 protocol 213` for a class table. */
export function announceRuleLine(table: number): string {
  const cls = table === ANNOUNCE_TABLE.spare ? 'spare' : 'anycast';
  return `rule add pref ${ANNOUNCE_RULE_PREF[cls]} lookup ${table} protocol ${CTNET_ROUTE_PROTO}`;
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
