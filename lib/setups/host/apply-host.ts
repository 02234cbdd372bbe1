/**
 * `ctnet host apply`: under the lock "host", observe, plan (planHost), then carry out each
 * item's action through the one-off commands' own code: ensureBridge, ensureShim/removeShim,
 * applyNatStep, pbrApply/pbrRemove. Removals first, then adds (bridges before the shims and
 * routes that may sit on them). Every action is tried; the failures are reported together.
 * Idempotent: with everything in place no action runs and it says so.
 */
import { runTeardown } from '../../apply/apply-plan.js';
import { ensureBridge } from '../bridge/ensure-bridge.js';
import type { ForwardSpec } from '../../request/forward-spec.js';
import { configError, CtnetError } from '../../errors.js';
import { checkForwardPorts } from '../nat/check-forward-ports.js';
import { withLock } from '../../doors/lock.js';
import { applyNatStep } from '../nat/apply-nat-step.js';
import { sameEntry, type NatEntry } from '../nat/nat-entry.js';
import type { PbrConfig } from '../pbr/networks-conf.js';
import { pbrApply, pbrRemove, type PbrEnv } from '../pbr/pbr-apply.js';
import type { Step } from '../../plan/plan.js';
import { ensureShim, removeShim } from '../shim/ensure-shim.js';
import type { HostConfig, HostForward } from './host-conf.js';
import { HOST_NAT_PREFIX, hostNatOwners } from './host-nat.js';
import { writeHostRecord, type HostRecord } from './host-record.js';
import { observeHost } from './observe-host.js';
import { bridgeSpec, planHost, type HostItem, type HostObserved } from './plan-host.js';

export type HostApplyEnv = PbrEnv & { sysNet?: string };

export interface HostApplyResult {
  items: HostItem[];
  /** One line per action taken ("bridge br0: added"). */
  done: string[];
}

export async function hostApply(
  cfg: HostConfig,
  pbrCfg: PbrConfig | undefined,
  env: HostApplyEnv,
): Promise<HostApplyResult> {
  return withLock('host', { runDir: env.runDir, timeoutMs: 60_000 }, async () => {
    const seen = await observeHost(cfg, pbrCfg, env);
    const items = planHost(cfg, pbrCfg, seen);
    const todo = items.filter((i) => i.action === 'add' || i.action === 'remove');
    if (env.dryRun || todo.length === 0) return { items, done: [] };
    const record = recordBefore(cfg, seen);
    writeHostRecord(env.runDir, record);
    const done: string[] = [];
    const failed: string[] = [];
    const attempt = async (item: HostItem, verb: string, fn: () => Promise<unknown>) => {
      try {
        await fn();
        done.push(`${item.kind} ${item.name}: ${verb}`);
      } catch (e) {
        if (!(e instanceof CtnetError)) throw e;
        failed.push(`${item.kind} ${item.name}: ${e.message}`);
      }
    };
    for (const item of todo.filter((i) => i.action === 'remove' && i.kind !== 'pbr')) {
      await attempt(item, 'removed', () => removeItem(item, env, record));
    }
    for (const item of todo.filter((i) => i.action === 'add' && i.kind !== 'pbr')) {
      await attempt(item, 'added', () => addItem(item, cfg, seen, env));
    }
    // Policy routing is one apply (adds what is missing, takes out what networks.conf no longer
    // lists) or one remove.
    const pbr = todo.find((i) => i.kind === 'pbr');
    if (pbr) {
      const quiet = { ...env, out: () => undefined };
      await attempt({ ...pbr, name: 'networks.conf' }, pbrCfg ? 'applied' : 'removed', () =>
        pbrCfg ? pbrApply(quiet) : pbrRemove(quiet),
      );
    }
    writeHostRecord(env.runDir, record);
    if (failed.length) {
      throw new CtnetError(`host apply: ${failed.length} of ${todo.length} change(s) failed: ${failed.join('; ')}`, {
        code: 'E_HOST',
        hint: 'run "ctnet host show"; fix the cause and run "ctnet host apply" again',
      });
    }
    return { items, done };
  });
}

/**
 * The record before acting: bridges about to be created (not there now) and every declared shim
 * join it.
 */
function recordBefore(cfg: HostConfig, seen: HostObserved): HostRecord {
  const r: HostRecord = { bridges: [...seen.record.bridges], shims: [...seen.record.shims] };
  for (const b of cfg.bridges) {
    const there = b.ovs ? seen.ovsBridges?.includes(b.name) : seen.links[b.name] !== undefined;
    if (!there && !r.bridges.some((x) => x.name === b.name)) r.bridges.push({ name: b.name, ovs: b.ovs });
  }
  for (const s of cfg.shims) if (!r.shims.includes(s.name)) r.shims.push(s.name);
  return r;
}

async function addItem(item: HostItem, cfg: HostConfig, seen: HostObserved, env: HostApplyEnv): Promise<void> {
  const envOf = { ctx: env.ctx, dryRun: false, sysNet: env.sysNet };
  switch (item.kind) {
    case 'bridge':
      await ensureBridge(bridgeSpec(cfg.bridges.find((b) => b.name === item.name)!), envOf);
      return;
    case 'shim':
      await ensureShim(
        cfg.shims.find((s) => s.name === item.name)!,
        envOf,
      );
      return;
    default: {
      const o = hostNatOwners(cfg).find((x) => x.name === item.name)!;
      if (o.kind === 'forward')
        await checkHostForward(
          cfg.forwards.find((f) => f.name === o.name)!,
          seen.nat.owners[o.owner] ?? [],
        );
      const extra = (seen.nat.owners[o.owner] ?? []).filter((h) => !o.entries.some((e) => sameEntry(h, e)));
      if (extra.length)
        await applyNatStep(
          { kind: 'nft', what: `drop undeclared entries of ${o.owner}`, owner: o.owner, op: 'remove', entries: extra },
          env.ctx,
        );
      await applyNatStep(
        { kind: 'nft', what: `${o.kind} ${o.name}`, owner: o.owner, op: 'add', entries: o.entries },
        env.ctx,
      );
    }
  }
}

/**
 * host.conf's own forwards are not limited by the allow-list (root wrote both in the same
 * file), but a port a host socket holds is refused; ports already forwarded are not asked again.
 */
async function checkHostForward(f: HostForward, have: NatEntry[]): Promise<void> {
  const there = (p: ForwardSpec) =>
    have.some((e) => e.type === 'forward' && e.proto === p.proto && e.hostPort === p.hostPort);
  await checkForwardPorts({
    forwards: f.ports.filter((p) => !there(p)),
    allow: 'any',
    allowFile: f.where.file,
    fail: (why) => configError({ file: f.where.file, line: f.where.line, key: `[forward ${f.name}]` }, why),
  });
}

async function removeItem(item: HostItem, env: HostApplyEnv, record: HostRecord): Promise<void> {
  switch (item.kind) {
    case 'bridge': {
      const step: Step = item.ovs
        ? {
            kind: 'ovs',
            what: `remove Open vSwitch bridge ${item.name}`,
            commands: [['--if-exists', 'del-br', item.name]],
          }
        : {
            kind: 'host-batch',
            what: `remove bridge ${item.name}`,
            lines: [{ cmd: `link del ${item.name}` }],
            tolerateMissing: true,
          };
      await throwFirst(runTeardown([step], env.ctx));
      record.bridges = record.bridges.filter((b) => b.name !== item.name);
      return;
    }
    case 'shim':
      await removeShim(item.name, { ctx: env.ctx, dryRun: false });
      record.shims = record.shims.filter((s) => s !== item.name);
      return;
    default:
      await applyNatStep(
        {
          kind: 'nft',
          what: `remove ${item.kind} ${item.name}`,
          owner: `${HOST_NAT_PREFIX}${item.name}`,
          op: 'remove',
          entries: [],
        },
        env.ctx,
      );
  }
}

async function throwFirst(errors: Promise<CtnetError[]>): Promise<void> {
  const e = (await errors)[0];
  if (e) throw e;
}
