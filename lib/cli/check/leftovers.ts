/**
 * Which findings are leftovers `check --leftovers` may remove on its own (pure): objects that
 * belong to a container that is known and not running. A route of a running container that
 * sits on the wrong device is drift of that container, not a leftover, and is left for
 * `check --fix`; so is a ctnet route that no known container claims (ct "-"): it may belong
 * to a container ctnet cannot see (an LXC container with a random veth name and no record, a
 * container starting right now), and removing it unasked could cut a running container off.
 */
import type { Inventory } from './ct-inventory.js';
import type { Finding } from './find-drift.js';

const LEFTOVER_FIXES = new Set(['remove-route', 'remove-ovs-port', 'forget-record']);

/** Containers with at least one host veth present. */
export function runningCts(inv: Inventory): Set<string> {
  return new Set(inv.ifaces.filter((i) => i.veth.exists).map((i) => i.ct));
}

export function leftoverFindings(findings: Finding[], running: Set<string>): Finding[] {
  return findings.filter(
    (f) =>
      f.fix &&
      LEFTOVER_FIXES.has(f.fix.kind) &&
      !(f.fix.kind === 'remove-route' && (running.has(f.ct) || f.ct === '-')),
  );
}
