/**
 * Apply a plan: steps in order; when one fails, undo what this run applied, last first, and
 * throw one error that says which step failed, why, and that it was rolled back.
 * Teardown: every step is tried; failures are reported together at the end.
 */
import { CtnetError } from '../errors.js';
import type { Plan, Step } from '../plan/plan.js';
import type { ApplyContext } from './context.js';
import { runStep, StepFailure } from './run-step.js';

/** Runs one step and returns the steps that undo it, in the order they were applied. */
export type StepRunner = (step: Step, ctx: ApplyContext) => Promise<Step[]>;

export interface ApplyOptions {
  /** Default: the real one (run-step.ts); unit tests pass a fake. */
  runStep?: StepRunner;
}

export async function applyPlan(plan: Plan, ctx: ApplyContext, opts: ApplyOptions = {}): Promise<void> {
  const run = opts.runStep ?? runStep;
  const undo: Step[] = [];
  for (const step of plan.steps) {
    try {
      undo.unshift(...(await run(step, ctx)).reverse());
      ctx.log(`${plan.subject}: ${step.what}: ok`);
    } catch (e) {
      const failure = e instanceof StepFailure ? e : new StepFailure(asCtnetError(e), []);
      undo.unshift(...failure.partialUndo.reverse());
      const rollbackErrors = await runTeardown(undo, ctx, opts);
      const rolled =
        rollbackErrors.length === 0
          ? 'everything this run applied was rolled back'
          : `rollback was incomplete: ${rollbackErrors.map((r) => r.message).join('; ')}`;
      throw new CtnetError(
        `${plan.subject}: ${plan.action}: step "${step.what}" failed: ${failure.error.message}; ${rolled}`,
        {
          code: failure.error.code,
          cause: failure.error,
          hint: failure.error.hint ?? hintFor(step),
          command: failure.error.command,
          exitCode: failure.error.exitCode,
        },
      );
    }
  }
}

/** Run every step even when some fail; returns the failures (empty = all done). */
export async function runTeardown(steps: Step[], ctx: ApplyContext, opts: ApplyOptions = {}): Promise<CtnetError[]> {
  const run = opts.runStep ?? runStep;
  const errors: CtnetError[] = [];
  for (const step of steps) {
    try {
      await run(step, ctx);
    } catch (e) {
      errors.push(e instanceof StepFailure ? e.error : asCtnetError(e));
    }
  }
  return errors;
}

function asCtnetError(e: unknown): CtnetError {
  return e instanceof CtnetError
    ? e
    : new CtnetError(e instanceof Error ? e.message : String(e), { code: 'E_INTERNAL', cause: e });
}

function hintFor(step: Step): string {
  switch (step.kind) {
    case 'ct-batch':
      return `check that CT ${step.veid} is running and has iproute2 ("vzctl exec ${step.veid} ip -V")`;
    case 'host-batch':
      return 'check the names and addresses in the CT config';
    case 'ovs':
    case 'ovs-port':
      return 'check "ovs-vsctl show"';
    case 'sysctl':
      return 'check that the interface exists';
    case 'nft':
      return 'run "ctnet nat show"; is nftables available (nft --version)?';
    case 'port-guard':
      return 'is nftables available (nft --version)? the filter can be switched off with CTNET_FILTER=off';
  }
}
