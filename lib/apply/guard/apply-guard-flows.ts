/**
 * Install or remove a port's OpenFlow guard flows (render-guard-flows.ts) with one ovs-ofctl
 * run each: `--bundle add-flows BRIDGE -` (delete by cookie, then add, atomically; on stdin) and
 * `del-flows BRIDGE cookie=C/-1`. Adding twice gives the same flows; removing flows or a bridge
 * that are not there is success. The bridge name is checked before it reaches ovs-ofctl (a
 * name with ':' or '/' would make it connect somewhere else).
 */
import type { ApplyContext } from '../context.js';
import { CtnetError } from '../../errors.js';
import { setTimeout as sleep } from 'node:timers/promises';
import { execFailure, run, type RunOptions, type RunResult } from '../../doors/exec.js';
import { withLock } from '../../doors/lock.js';
import { guardPortProblem, type GuardSpec } from '../../plan/guard/guard-spec.js';
import { guardCookieMatch, renderGuardFlows } from '../../plan/guard/render-guard-flows.js';

const OVS_OFCTL = 'ovs-ofctl';

const ATTEMPTS = 4;

type Ctx = Pick<ApplyContext, 'ovsTimeoutSec' | 'runDir'>;

/**
 * Install the port's flows on `bridge` (idempotent); a failed add removes what it may have added.
 */
export async function addGuardFlows(
  spec: GuardSpec,
  bridge: string,
  ctx: Ctx & Pick<ApplyContext, 'log'>,
): Promise<void> {
  try {
    await ofctl(ctx, bridge, [...timeoutArgs(ctx), '--bundle', 'add-flows', checkedBridge(bridge), '-'], {
      input: renderGuardFlows(spec),
      timeoutMs: timeoutMs(ctx),
    });
  } catch (e) {
    await removeGuardFlows(spec.port, bridge, ctx).catch((u: unknown) =>
      ctx.log(`warning: ${u instanceof Error ? u.message : String(u)}`),
    );
    throw e;
  }
}

/** Remove the port's flows from `bridge` (idempotent: no bridge or no flows = done). */
export async function removeGuardFlows(port: string, bridge: string, ctx: Ctx): Promise<void> {
  const r = await ofctl(
    ctx,
    bridge,
    [...timeoutArgs(ctx), 'del-flows', checkedBridge(bridge), guardCookieMatch(port)],
    { timeoutMs: timeoutMs(ctx), allowFailure: true },
  );
  if (r.exitCode === 0 || /is not a bridge or a socket/.test(r.stderr)) return;
  throw new CtnetError(
    `removing the OpenFlow filter of "${port}" from "${bridge}" failed: ${r.stderr.trim().split('\n')[0] ?? `exit ${r.exitCode}`}`,
    {
      code: 'E_OVS',
      command: r.command,
      exitCode: r.exitCode,
      hint: `remove them by hand: ovs-ofctl del-flows ${bridge} ${guardCookieMatch(port)}`,
    },
  );
}

/**
 * ovs-vswitchd's management socket turns connections away in a burst (100 hooks at once:
 * "failed to open socket"), so the hooks of one bridge take turns (a host-wide lock per bridge,
 * held for one short ovs-ofctl run), and a run turned away anyway did nothing and is tried
 * again, a few times at most.
 */
async function ofctl(ctx: Ctx, bridge: string, args: string[], opts: RunOptions): Promise<RunResult> {
  return withLock(`openflow-${checkedBridge(bridge)}`, { runDir: ctx.runDir, timeoutMs: 60_000 }, async () => {
    for (let attempt = 1; ; attempt++) {
      const r = await run(OVS_OFCTL, args, { ...opts, allowFailure: true });
      if (r.exitCode === 0 || attempt >= ATTEMPTS || !/failed to (open|connect)/.test(r.stderr)) {
        return r.exitCode === 0 || opts.allowFailure ? r : Promise.reject(execFailure(r));
      }
      await sleep(100 * attempt + Math.floor(Math.random() * 100));
    }
  });
}

function checkedBridge(bridge: string): string {
  const why = guardPortProblem(bridge);
  if (why)
    throw new CtnetError(`Open vSwitch bridge "${bridge}" cannot carry the OpenFlow filter: ${why}`, {
      code: 'E_CONFIG',
    });
  return bridge;
}

function timeoutArgs(ctx: Ctx): string[] {
  return [`--timeout=${Math.max(1, Math.ceil(ctx.ovsTimeoutSec))}`];
}

function timeoutMs(ctx: Ctx): number {
  return (Math.max(1, Math.ceil(ctx.ovsTimeoutSec)) + 5) * 1000;
}
