/** The anti-spoofing part of a plan: its steps, what a down removes, and notes for the log. */
import type { Step } from '../plan.js';
import type { TeardownEntry } from '../teardown-types.js';

export interface PortGuardPlan {
  steps: Step[];
  teardown: TeardownEntry[];
  notes: string[];
}
