/**
 * Pure planners for policy routing: state in (desired entries, what the last apply recorded,
 * what the kernel has), plan out. Apply adds only what is missing and takes out what an
 * earlier apply added but the config no longer asks for; remove takes out only ctnet's own
 * entries that are there. Each family is one `ip -batch` (ip rule needs `-6` for IPv6).
 */
import { emptyPlan, type Plan, type Step } from '../../plan/plan.js';
import type { PbrEntry } from './pbr-entries.js';

export interface PbrState {
  desired: PbrEntry[];
  /** Entries the last apply recorded (may include ones no longer configured). */
  recorded: PbrEntry[];
  /** Ids of the entries the kernel has now (made by ctnet). */
  present: Set<string>;
}

export function planPbrApply(s: PbrState): Plan {
  const plan = emptyPlan('policy routing', 'apply');
  const want = new Set(s.desired.map((e) => e.id));
  const stale = s.recorded.filter((e) => !want.has(e.id) && s.present.has(e.id));
  const missing = s.desired.filter((e) => !s.present.has(e.id));
  plan.steps.push(...batches(stale, 'remove entries no longer configured', true));
  plan.steps.push(...batches(missing, 'add routes and rules', false));
  if (plan.steps.length === 0) plan.notes.push(`all ${s.desired.length} routes and rules are in place`);
  return plan;
}

export function planPbrRemove(s: PbrState): Plan {
  const plan = emptyPlan('policy routing', 'remove');
  const seen = new Set<string>();
  const all = [...s.recorded, ...s.desired].filter((e) => !seen.has(e.id) && seen.add(e.id));
  plan.steps.push(
    ...batches(
      all.filter((e) => s.present.has(e.id)),
      'remove policy routing',
      true,
    ),
  );
  if (plan.steps.length === 0) plan.notes.push('no ctnet policy routing entries are present');
  return plan;
}

/** One host-batch per family: adds carry their undo; removals run tolerantly. */
function batches(entries: PbrEntry[], what: string, removal: boolean): Step[] {
  const steps: Step[] = [];
  for (const family of [4, 6] as const) {
    const mine = entries.filter((e) => e.family === family);
    if (mine.length === 0) continue;
    // Removal: rules first (nothing may point at a table being emptied); adding: routes first.
    const ordered = [...mine].sort((a, b) => (a.kind === b.kind ? 0 : (a.kind === 'rule') === removal ? -1 : 1));
    steps.push({
      kind: 'host-batch',
      what: `${what} (IPv${family})`,
      lines: ordered.map((e) => (removal ? { cmd: e.del } : { cmd: e.add, undo: e.del })),
      family,
      tolerateMissing: removal,
    });
  }
  return steps;
}
