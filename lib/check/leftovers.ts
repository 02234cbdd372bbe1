/**
 * Which findings are leftovers `check --leftovers` may remove on its own (pure): objects that
 * belong to no running container. A route of a running container that sits on the wrong
 * device is drift of that container, not a leftover, and is left for `check --fix`.
 */
import type { Inventory } from './ct-inventory.js';
import type { Finding } from './find-drift.js';

const LEFTOVER_FIXES = new Set(['remove-route', 'remove-ovs-port', 'forget-record']);

/** Containers with at least one host veth present. */
export function runningCts(inv: Inventory): Set<string> {
  return new Set(inv.ifaces.filter((i) => i.veth.exists).map((i) => i.ct));
}

export function leftoverFindings(findings: Finding[], running: Set<string>): Finding[] {
  return findings.filter((f) => f.fix && LEFTOVER_FIXES.has(f.fix.kind) && !(f.fix.kind === 'remove-route' && running.has(f.ct)));
}
