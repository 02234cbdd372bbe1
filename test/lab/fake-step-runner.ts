/**
 * A step runner for handler tests: it records each step it is given as one line
 * ("kind: what", a host batch as its lines) and runs nothing; the steps named in `fail` throw
 * as a refused step does.
 */
import type { StepRunner } from '../../lib/apply/apply-plan.js';
import { StepFailure } from '../../lib/apply/run-step.js';
import { CtnetError } from '../../lib/errors.js';
import type { Step } from '../../lib/plan/plan.js';

export function fakeStepRunner(fail: string[] = []): { runStep: StepRunner; ran: string[] } {
  const ran: string[] = [];
  const runStep: StepRunner = async (s: Step) => {
    ran.push(describeStep(s));
    if (fail.includes(s.what)) throw new StepFailure(new CtnetError(`${s.what}: refused`, { code: 'E_EXEC' }), []);
    return [];
  };
  return { runStep, ran };
}

/** "host-batch (tolerant): line | line", "port-guard: remove vethA from br0", "nft: what". */
export function describeStep(s: Step): string {
  if (s.kind === 'host-batch')
    return `${s.kind}${s.tolerateMissing ? ' (tolerant)' : ''}: ${s.lines.map((l) => l.cmd).join(' | ')}`;
  if (s.kind === 'port-guard')
    return s.op === 'remove'
      ? `${s.kind}: remove ${s.port}${s.bridge ? ` from ${s.bridge}` : ''}`
      : `${s.kind}: add ${s.spec.port}`;
  return `${s.kind}: ${s.what}`;
}
