/**
 * Every ovs-vsctl call goes through here: `--timeout=N` so a dead ovsdb fails in seconds
 * instead of hanging the container start, a process timeout a little longer as a backstop,
 * the environment passed through (OVS_RUNDIR selects the database socket), and errors mapped
 * by ovsError.
 */
import { execFailure, run, type RunResult } from '../exec.js';
import type { ApplyContext } from '../../apply/context.js';
import { ovsError } from './ovs-error.js';

export type OvsContext = Pick<ApplyContext, 'ovsVsctl' | 'ovsTimeoutSec'>;

/** Run one ovs-vsctl invocation; non-zero exits throw unless allowFailure. */
export async function ovsVsctl(
  ctx: OvsContext,
  args: readonly string[],
  opts: { allowFailure?: boolean } = {},
): Promise<RunResult> {
  const [file, ...prefix] = ctx.ovsVsctl;
  try {
    const res = await run(file!, [...prefix, `--timeout=${ctx.ovsTimeoutSec}`, ...args], {
      timeoutMs: (ctx.ovsTimeoutSec + 2) * 1000,
      allowFailure: true,
    });
    if (res.exitCode !== 0 && (!opts.allowFailure || isUnreachable(res))) {
      throw execFailure(res);
    }
    return res;
  } catch (e) {
    throw ovsError(e, ctx.ovsTimeoutSec);
  }
}

/** ovsdb not reachable is never an answer, even for callers that accept a non-zero exit. */
function isUnreachable(res: RunResult): boolean {
  return res.exitCode >= 128 || /database connection failed|Alarm clock/.test(res.stderr);
}
