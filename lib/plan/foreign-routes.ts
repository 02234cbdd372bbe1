/**
 * A down never removes a route or proxy entry for an address another running container holds
 * (pure): every container's host route to an address is the identical `A/32 dev br0 proto
 * 213`, so a down of a container that never got the address (its up was refused) would
 * otherwise delete the holder's route.
 */
import type { AddressClaim } from '../state/address-claim.js';
import type { TeardownEntry } from './teardown-entry.js';

/** The container addresses the entries' routes and proxy entries are for. */
export function entryAddresses(entries: readonly TeardownEntry[]): string[] {
  return [...new Set(entries.flatMap((e) => (e.kind === 'route' || e.kind === 'proxy-neigh' ? [e.address] : [])))];
}

/**
 * The entries without those of addresses held by others, and a note for each address left alone.
 */
export function withoutForeignRoutes(
  entries: readonly TeardownEntry[],
  held: ReadonlyMap<string, AddressClaim>,
  label: (owner: string) => string,
): { entries: TeardownEntry[]; notes: string[] } {
  const kept = entries.filter((e) => !((e.kind === 'route' || e.kind === 'proxy-neigh') && held.has(e.address)));
  const notes = [...held.values()].map(
    (c) => `${c.address} is held by ${label(c.owner)} (${c.part}): its route is left alone`,
  );
  return { entries: kept, notes };
}
