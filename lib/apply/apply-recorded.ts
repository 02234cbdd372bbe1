/**
 * Apply an up plan under its teardown record: the record is written BEFORE anything runs (a
 * hook killed midway still leaves what a later down needs), the plan is applied with rollback,
 * and a rolled-back apply forgets its record part again.
 */
import type { Plan } from '../plan/plan.js';
import { forgetTeardown, recordTeardown } from '../state/teardown-record.js';
import { applyPlan } from './apply-plan.js';
import type { ApplyContext } from './context.js';

export interface RecordPart {
  runDir: string;
  /** Record id, e.g. vz-101, lxc-c1. */
  id: string;
  /** Part of the record, the host interface. */
  part: string;
}

export async function applyRecorded(plan: Plan, record: RecordPart | undefined, ctx: ApplyContext): Promise<void> {
  const access = { warn: (l: string): void => ctx.log(`${plan.subject}: ${l}`) };
  if (record) recordTeardown(record.runDir, record.id, plan.subject, record.part, plan.teardown, access);
  try {
    await applyPlan(plan, ctx);
  } catch (e) {
    if (record) forgetTeardown(record.runDir, record.id, record.part, access);
    throw e;
  }
}
