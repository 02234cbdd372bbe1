/**
 * `check --fix`: re-apply the up plan of each drifted interface once (the hook's own code
 * path: record, apply, roll back on failure), delete leftover routes, forget stale records.
 * Every fix is tried; each says what it did or why it failed.
 */
import { runTeardown } from '../../apply/apply-plan.js';
import { CtnetError } from '../../errors.js';
import type { HookEnv } from '../../hook/hook-env.js';
import { CTNET_ROUTE_PROTO } from '../../request/route-proto.js';
import { lxcNetUp } from '../../handlers/lxc/lxc-net-up.js';
import { vznetUp } from '../../handlers/openvz/vznet-up.js';
import { planOvsPortDown } from '../../plan/ovs-port-plan.js';
import { forgetTeardown } from '../../state/teardown-record.js';
import type { Finding, Fix } from './find-drift.js';

export async function applyFixes(findings: Finding[], env: HookEnv): Promise<string[]> {
  const seen = new Set<string>();
  const lines: string[] = [];
  for (const f of findings) {
    if (!f.fix) continue;
    const key = JSON.stringify(f.fix);
    if (seen.has(key)) continue;
    seen.add(key);
    try {
      lines.push(`fixed: ${await applyFix(f.fix, env)}`);
    } catch (e) {
      if (!(e instanceof CtnetError)) throw e;
      lines.push(`not fixed: CT ${f.ct} ${f.object}: ${e.message}`);
    }
  }
  return lines;
}

async function applyFix(fix: Fix, env: HookEnv): Promise<string> {
  switch (fix.kind) {
    case 'reapply':
      if (fix.lxc) {
        const { configFile, opts, link } = fix.lxc;
        await lxcNetUp(
          { name: fix.ct, phase: 'up', type: 'veth', device: fix.hostIfname, hookVersion: 0, configFile, link },
          opts,
          env,
        );
      } else {
        await vznetUp({ veid: fix.ct, hostIfname: fix.hostIfname }, env);
      }
      return `CT ${fix.ct} ${fix.hostIfname}: re-applied the up plan`;
    case 'remove-route': {
      const table = fix.table ? ` table ${fix.table}` : '';
      const cmd = fix.marker
        ? `route del blackhole ${fix.dst} proto ${CTNET_ROUTE_PROTO}${table}`
        : `route del ${fix.dst} dev ${fix.dev} proto ${CTNET_ROUTE_PROTO}${table}`;
      const errors = await runTeardown(
        [{ kind: 'host-batch', what: `leftover route ${fix.dst}`, tolerateMissing: true, lines: [{ cmd }] }],
        env.ctx,
      );
      if (errors.length) throw errors[0]!;
      return fix.marker ? `removed class marker ${fix.dst}${table}` : `removed route ${fix.dst} dev ${fix.dev}`;
    }
    case 'remove-ovs-port': {
      const errors = await runTeardown([planOvsPortDown(fix.port, fix.owner)], env.ctx);
      if (errors.length) throw errors[0]!;
      return `removed Open vSwitch port ${fix.port} (owner ${fix.owner})`;
    }
    case 'forget-record':
      forgetTeardown(env.runDir, fix.id, fix.part);
      return `forgot the stale record of ${fix.part} (${fix.id})`;
  }
}
