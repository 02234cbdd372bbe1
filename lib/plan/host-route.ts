/** The rule a class table needs, and what a down removes of a CT's host routes (pure). */
import type { IpAddr } from '../request/ip-address.js';
import { announceRuleLine, announceTable } from '../request/announce-class.js';
import type { HostBatchStep } from './plan.js';
import { routeEntries, type TeardownEntry } from './teardown-entry.js';

/**
 * The rule that makes forwarding look into the class table of these routes, when they have one
 * (shared by every container of the class and left in place; "File exists" is done).
 */
export function classRuleSteps(addresses: readonly IpAddr[], metric: number | undefined): HostBatchStep[] {
  const table = addresses.map((a) => announceTable(a.family, metric)).find((t) => t !== undefined);
  if (table === undefined) return [];
  return [
    {
      kind: 'host-batch',
      what: `the rule for table ${table}`,
      lines: [{ cmd: announceRuleLine(table) }],
      tolerateExisting: true,
    },
  ];
}

/** What a down must remove: exactly these routes (lib/plan/teardown-entry.ts). */
export function routeTeardown(addresses: IpAddr[], dev: string, metric?: number): TeardownEntry[] {
  return routeEntries(addresses, dev, metric);
}
