/** The rule the class routes need, and what a down removes of a CT's host routes (pure). */
import type { IpAddr } from '../request/ip-address.js';
import { classRouteTable, classRuleLine } from '../request/announce-class.js';
import type { HostBatchStep } from './plan.js';
import { routeEntries, type TeardownEntry } from './teardown-entry.js';

/**
 * The rule that makes forwarding look into table 212 of these routes, when they are a spare's or
 * an anycast's (shared by every such container and left in place; "File exists" is done).
 */
export function classRuleSteps(addresses: readonly IpAddr[], metric: number | undefined): HostBatchStep[] {
  const table = addresses.map((a) => classRouteTable(a.family, metric)).find((t) => t !== undefined);
  if (table === undefined) return [];
  return [
    {
      kind: 'host-batch',
      what: `the rule for table ${table}`,
      lines: [{ cmd: classRuleLine() }],
      tolerateExisting: true,
    },
  ];
}

/** What a down must remove: exactly these routes (lib/plan/teardown-entry.ts). */
export function routeTeardown(addresses: IpAddr[], dev: string, metric?: number): TeardownEntry[] {
  return routeEntries(addresses, dev, metric);
}
