/**
 * `ctnet pbr apply|remove`: read networks.conf and the kernel, plan, apply, under the host-wide
 * "pbr" lock. Idempotent: a second apply finds everything present and changes nothing; remove
 * twice (or without apply) succeeds. Table names go to <etc>/iproute2/rt_tables.d/ctnet.conf.
 */
import { join } from 'node:path';
import { applyPlan, runTeardown } from '../../apply/apply-plan.js';
import type { ApplyContext } from '../../apply/context.js';
import { CtnetError } from '../../errors.js';
import {
  readConfigFile,
  readConfigFileRequired,
  readTextIfExists,
  removeFile,
  writeFileAtomic,
} from '../../doors/fs.js';
import { withLock } from '../../doors/lock.js';
import { renderPlan } from '../../plan/render-plan.js';
import type { Plan } from '../../plan/plan.js';
import { parseNetworksConf, type PbrConfig } from './networks-conf.js';
import { pbrEntries, rtTablesText } from './pbr-entries.js';
import { planPbrApply, planPbrRemove, type PbrState } from './pbr-plan.js';
import { forgetPbrRecord, readPbrRecord, writePbrRecord } from './pbr-record.js';
import { readPresentEntries } from './read-pbr-state.js';

export interface PbrEnv {
  configFile: string;
  /** The /etc to write iproute2/rt_tables.d/ctnet.conf under. */
  etcDir: string;
  runDir: string;
  dryRun: boolean;
  ctx: ApplyContext;
  out: (s: string) => void;
}

export function loadNetworksConf(file: string): PbrConfig {
  return parseNetworksConf(readConfigFileRequired(file), file);
}

export function rtTablesFile(etcDir: string): string {
  return join(etcDir, 'iproute2', 'rt_tables.d', 'ctnet.conf');
}

export async function readPbrState(cfg: PbrConfig | undefined, runDir: string): Promise<PbrState> {
  const desired = cfg ? pbrEntries(cfg) : [];
  const recorded = readPbrRecord(runDir);
  const present = await readPresentEntries([
    ...desired,
    ...recorded.filter((r) => !desired.some((d) => d.id === r.id)),
  ]);
  return { desired, recorded, present };
}

export async function pbrApply(env: PbrEnv): Promise<Plan> {
  const cfg = loadNetworksConf(env.configFile);
  return withLock('pbr', { runDir: env.runDir, timeoutMs: 30_000 }, async () => {
    const plan = planPbrApply(await readPbrState(cfg, env.runDir));
    if (env.dryRun) {
      env.out(renderPlan(plan));
      return plan;
    }
    const names = rtTablesText(cfg);
    if (readTextIfExists(rtTablesFile(env.etcDir)) !== names) writeFileAtomic(rtTablesFile(env.etcDir), names);
    writePbrRecord(env.runDir, [...readPbrRecord(env.runDir), ...pbrEntries(cfg)].filter(uniqueById()));
    await applyPlan(plan, env.ctx);
    writePbrRecord(env.runDir, pbrEntries(cfg));
    env.ctx.log(
      plan.steps.length
        ? `policy routing: applied ${cfg.networks.length} network(s)`
        : 'policy routing: nothing to change',
    );
    return plan;
  });
}

/** Remove ctnet's rules and routes (configured or recorded) and the table names; idempotent. */
export async function pbrRemove(env: PbrEnv): Promise<Plan> {
  const text = readConfigFile(env.configFile);
  const cfg = text === undefined ? undefined : parseNetworksConf(text, env.configFile);
  return withLock('pbr', { runDir: env.runDir, timeoutMs: 30_000 }, async () => {
    const plan = planPbrRemove(await readPbrState(cfg, env.runDir));
    if (env.dryRun) {
      env.out(renderPlan(plan));
      return plan;
    }
    const errors = await runTeardown(plan.steps, env.ctx);
    if (errors.length) {
      throw new CtnetError(`policy routing: remove: ${errors.map((e) => e.message).join('; ')}`, {
        code: 'E_TEARDOWN',
        hint: 'run "ctnet pbr show" to see what is left',
      });
    }
    removeFile(rtTablesFile(env.etcDir));
    forgetPbrRecord(env.runDir);
    env.ctx.log(plan.steps.length ? 'policy routing: removed' : 'policy routing: nothing to remove');
    return plan;
  });
}

function uniqueById(): (e: { id: string }) => boolean {
  const seen = new Set<string>();
  return (e) => !seen.has(e.id) && Boolean(seen.add(e.id));
}
