/**
 * Execute one plan step. Returns the steps that undo what it applied (for rollback); on a
 * partial failure throws a StepFailure carrying the undo of the part that did apply.
 */
import { join } from 'node:path';
import { CtnetError } from '../errors.js';
import { execFailure, run } from '../doors/exec.js';
import { readTextIfExists, writeInPlace } from '../doors/fs.js';
import { applyNatStep } from '../setups/nat/apply-nat-step.js';
import { applyPortGuard } from './guard/apply-port-guard.js';
import { ovsTransactionArgs } from '../plan/render-plan.js';
import type { CtBatchStep, HostBatchStep, OvsPortStep, OvsStep, Step } from '../plan/plan.js';
import { ovsError } from '../doors/ovs/ovs-error.js';
import { applyOvsPort } from './ovs-port-apply.js';
import { sysctlKeyProblem } from '../request/sysctl-key.js';
import { ovsVsctl } from '../doors/ovs/ovs-vsctl.js';
import { readPortOwner } from '../observe/port-owner.js';
import type { ApplyContext } from './context.js';

export class StepFailure extends Error {
  constructor(
    readonly error: CtnetError,
    readonly partialUndo: Step[],
  ) {
    super(error.message);
  }
}

/** ip's answers that mean "already gone" in teardown. */
const MISSING_RE =
  /No such process|Cannot find device|No such device|does not exist|No such file or directory|Nexthop device is not up/;

/** ip's answer for an object that is already there (a shared rule made by an earlier up). */
const EXISTS_RE = /File exists/;

export async function runStep(step: Step, ctx: ApplyContext): Promise<Step[]> {
  switch (step.kind) {
    case 'host-batch':
      return runHostBatch(step);
    case 'ct-batch':
      return runCtBatch(step, ctx);
    case 'ovs':
      return runOvs(step, ctx);
    case 'ovs-port':
      return runOvsPort(step, ctx);
    case 'sysctl': {
      const refused =
        sysctlKeyProblem(step.key) ?? (/^[01]$/.test(step.value) ? undefined : `value "${step.value}" is not 0 or 1`);
      if (refused)
        throw new StepFailure(new CtnetError(`refusing to write sysctl: ${refused}`, { code: 'E_SYSCTL' }), []);
      const file = join(ctx.procSys, step.key);
      const before = readTextIfExists(file);
      if (before === undefined) {
        if (step.tolerateMissing) return [];
        throw new StepFailure(
          new CtnetError(`cannot set ${step.key.replace(/\//g, '.')}: no such sysctl (is the interface there?)`, {
            code: 'E_SYSCTL',
          }),
          [],
        );
      }
      try {
        writeInPlace(file, step.value);
      } catch (e) {
        throw new StepFailure(
          new CtnetError(`cannot set ${step.key.replace(/\//g, '.')} to ${step.value}`, { code: 'E_SYSCTL', cause: e }),
          [],
        );
      }
      const undoValue = step.undoValue ?? before.trim();
      return [{ kind: 'sysctl', what: `restore ${step.key}`, key: step.key, value: undoValue, tolerateMissing: true }];
    }
    case 'port-guard':
      return applyPortGuard(step, ctx).catch((e: unknown) => {
        throw new StepFailure(e instanceof CtnetError ? e : new CtnetError(String(e), { code: 'E_NFT', cause: e }), []);
      });
    case 'nft':
      return applyNatStep(step, ctx).catch((e: unknown) => {
        throw new StepFailure(e instanceof CtnetError ? e : new CtnetError(String(e), { code: 'E_NFT', cause: e }), []);
      });
  }
}

async function runHostBatch(step: HostBatchStep): Promise<Step[]> {
  if (step.lines.length === 0) return [];
  const input = step.lines.map((l) => l.cmd).join('\n') + '\n';
  const tool = step.tool ?? 'ip';
  const args = [
    ...(step.family === 6 && tool === 'ip' ? ['-6'] : []),
    ...(step.tolerateMissing || step.tolerateExisting ? ['-force', '-batch', '-'] : ['-batch', '-']),
  ];
  const res = await run(tool, args, { input, allowFailure: true });
  if (res.exitCode === 0) return undoOf(step, step.lines.length);
  const failed = failedLines(res.stderr);
  if (step.tolerateMissing || step.tolerateExisting) {
    const done = step.tolerateMissing ? MISSING_RE : EXISTS_RE;
    const real = failed.filter((f) => !done.test(f.why));
    if (failed.length === 0) {
      // ip died inside a line (no "Command failed -:N"): the lines after it never ran.
      throw new StepFailure(
        new CtnetError(
          `${step.what}: ${tool} -batch stopped early: ${res.stderr.trim() || `exit code ${res.exitCode}`}`,
          { code: 'E_EXEC', command: [tool, ...args], exitCode: res.exitCode },
        ),
        [],
      );
    }
    if (real.length === 0) return [];
    const list = real.map((f) => `"${step.lines[f.line - 1]?.cmd ?? '?'}": ${f.why}`).join('; ');
    throw new StepFailure(new CtnetError(`${step.what}: ${list}`, { code: 'E_EXEC', command: [tool, ...args] }), []);
  }
  const first = failed[0];
  // No "Command failed -:N": ip died inside a line (ip neigh exits on a kernel refusal), so
  // any line may have applied; every line's undo is returned (undo lines are idempotent).
  const lineNo = first?.line ?? step.lines.length;
  const cmd = first ? (step.lines[lineNo - 1]?.cmd ?? '?') : `-batch (${step.what})`;
  const why = first?.why ?? (res.stderr.trim() || `exit code ${res.exitCode}`);
  throw new StepFailure(
    new CtnetError(`"${tool} ${cmd}" failed: ${why}`, {
      code: 'E_EXEC',
      command: [tool, ...args],
      exitCode: res.exitCode,
    }),
    // The refused line's own undo too: the kernel can apply part of a multi-attribute
    // `link set` (e.g. "up") before refusing the rest. Undo lines are idempotent restores and
    // route deletions carry proto 213, so nobody else's state is touched.
    undoOf(step, lineNo),
  );
}

/**
 * One `vzctl exec VEID ip -batch -`. When a line fails inside the CT, the lines before it did
 * apply: their undo is returned with the failure. When vzctl itself fails, nothing ran.
 */
async function runCtBatch(step: CtBatchStep, ctx: ApplyContext): Promise<Step[]> {
  const args = ['exec', step.veid, 'ip', ...(step.force ? ['-force'] : []), '-batch', '-'];
  const res = await run(ctx.vzctl, args, {
    input: step.lines.join('\n') + '\n',
    timeoutMs: 30_000,
    allowFailure: true,
  });
  if (res.exitCode === 0) return [];
  const first = failedLines(res.stderr)[0];
  if (!first || step.force) throw new StepFailure(execFailure(res), []);
  const cmd = step.lines[first.line - 1] ?? '?';
  const undo = (step.undo ?? [])
    .slice(0, first.line - 1)
    .filter((u) => u !== '')
    .reverse();
  throw new StepFailure(
    new CtnetError(`"ip ${cmd}" failed inside CT ${step.veid}: ${first.why}`, {
      code: 'E_EXEC',
      command: [ctx.vzctl, ...args],
      exitCode: res.exitCode,
      hint: `check the addresses and gateways of ${step.what} in the CT config, and the CT's own network settings`,
    }),
    undo.length ? [{ kind: 'ct-batch', what: `undo ${step.what}`, veid: step.veid, lines: undo, force: true }] : [],
  );
}

/** The undo of the first `count` lines, last first, as one tolerant batch. */
function undoOf(step: HostBatchStep, count: number): Step[] {
  const lines = step.lines
    .slice(0, count)
    .filter((l) => l.undo)
    .map((l) => ({ cmd: l.undo! }))
    .reverse();
  return lines.length
    ? [
        {
          kind: 'host-batch',
          what: `undo ${step.what}`,
          lines,
          tolerateMissing: true,
          tool: step.tool,
          family: step.family,
        },
      ]
    : [];
}

/** Parse ip -batch stderr: each "Command failed -:N" closes the messages printed for line N. */
export function failedLines(stderr: string): Array<{ line: number; why: string }> {
  const out: Array<{ line: number; why: string }> = [];
  let pending: string[] = [];
  for (const l of stderr.split('\n')) {
    const m = /^Command failed -:(\d+)/.exec(l);
    if (m) {
      out.push({ line: Number(m[1]), why: pending.join(' ').trim() || 'failed' });
      pending = [];
    } else if (l.trim()) pending.push(l.trim());
  }
  return out;
}

/**
 * One ovs-vsctl transaction (lib/doors/ovs/ovs-vsctl.ts: --timeout, errors); owner-guarded when asked.
 */
async function runOvs(step: OvsStep, ctx: ApplyContext): Promise<Step[]> {
  try {
    if (step.onlyIfOwner) {
      const owner = await readPortOwner(ctx, step.onlyIfOwner.port);
      if (owner !== step.onlyIfOwner.owner) {
        if (owner !== null)
          ctx.log(
            `${step.what}: skipped: the port belongs to "${owner || 'someone else'}", not ${step.onlyIfOwner.owner}`,
          );
        return [];
      }
    }
    await ovsVsctl(ctx, ovsTransactionArgs(step.commands));
  } catch (e) {
    throw new StepFailure(e instanceof CtnetError ? e : ovsError(e), []);
  }
  return step.undo ? [{ kind: 'ovs', what: `undo ${step.what}`, commands: step.undo }] : [];
}

/**
 * A port up/down over OVSDB (lib/apply/ovs-port-apply.ts); a committed up that then fails carries its
 * undo.
 */
async function runOvsPort(step: OvsPortStep, ctx: ApplyContext): Promise<Step[]> {
  let outcome;
  try {
    outcome = await applyOvsPort(step, ctx);
  } catch (e) {
    throw new StepFailure(e instanceof CtnetError ? e : ovsError(e), []);
  }
  if (outcome.error) throw new StepFailure(outcome.error, outcome.undo);
  return outcome.undo;
}
