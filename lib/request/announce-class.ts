/**
 * How a container address is announced to the network (OSPF via FRR, docs/frr.md):
 *   primary  the normal owner of the address;
 *   spare    a hot spare with the same address on another node, announced with a worse metric;
 *   anycast  the same address on several nodes, announced as an OSPF type-1 external route so
 *            each router picks the nearest one.
 * The class is carried by the kernel host route as its metric, so `ip route` shows it and a
 * down removes exactly that route (`ip route del ... metric N`).
 */
export type AnnounceClass = 'primary' | 'spare' | 'anycast';

const ANNOUNCE_CLASSES: readonly AnnounceClass[] = ['primary', 'spare', 'anycast'];

/** Kernel route metric of each class (lower wins inside one host). */
export const ANNOUNCE_METRIC: Readonly<Record<AnnounceClass, number>> = { primary: 100, spare: 200, anycast: 300 };

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
