/**
 * Apply an `ovs-port` step over OVSDB (lib/doors/ovs/ovsdb-client.ts). Up: one select of the port
 * and the bridge by name, then one transaction (lib/apply/ovs-port-ops.ts), then a wait until
 * ovs-vswitchd has applied it (as ovs-vsctl does without --no-wait). Down: one select of the
 * port, then, if it is ours, one transaction; no wait for vswitchd (ovs-vsctl --no-wait).
 * A guard that fails (the port changed in between) re-reads and tries again, as ovs-vsctl's
 * IDL does, a few times at most. A port that carries its anti-spoofing filter and lands on a
 * bridge with datapath_type=netdev also gets the filter's OpenFlow flows, after the wait (OVS
 * resolves the port name to its number then): lib/apply/guard/apply-guard-flows.ts.
 */
import type { ApplyContext } from './context.js';
import { CtnetError } from '../errors.js';
import type { OvsPortSpec, OvsPortStep } from '../plan/plan.js';
import { planOvsPortDown } from '../plan/ovs-port-plan.js';
import { firstFailure, guardFailed, portDownOps, portUpOps, selectByName } from './ovs-port-ops.js';
import {
  bridgeHolds,
  notPlain,
  replaceRefusal,
  rowUuid,
  seenInterface,
  seenPort,
  selectedRows,
} from './port-takeover.js';
import type { OvsdbClient, OvsdbOp, OvsdbResult } from '../doors/ovs/ovsdb-client.js';
import { ovsdbRefusedError } from '../doors/ovs/ovsdb-error.js';
import { ovsdbFor } from '../doors/ovs/ovsdb-connection.js';
import { addGuardFlows } from './guard/apply-guard-flows.js';

const ATTEMPTS = 3;

export interface OvsPortOutcome {
  /** What undoes what was applied (also on failure, when the change was committed). */
  undo: OvsPortStep[];
  error?: CtnetError;
}

export async function applyOvsPort(
  step: OvsPortStep,
  ctx: Pick<ApplyContext, 'ovsDb' | 'ovsTimeoutSec' | 'log' | 'runDir'>,
): Promise<OvsPortOutcome> {
  const db = ovsdbFor(ctx);
  if (step.op === 'remove') {
    await removePort(db, step.port, step.owner, (line) => ctx.log(`${step.what}: ${line}`));
    return { undo: [] };
  }
  const { nextCfg, datapathType } = await addPort(db, step.spec);
  const undo = [planOvsPortDown(step.spec.port, step.spec.owner)];
  try {
    await db.waitForCurCfg(nextCfg);
    // The port guard's undo (it ran before this step) removes these flows on a rollback.
    if (step.spec.guard && datapathType === 'netdev') await addGuardFlows(step.spec.guard, step.spec.bridge, ctx);
  } catch (e) {
    return { undo, error: e instanceof CtnetError ? e : new CtnetError(String(e), { code: 'E_OVS', cause: e }) };
  }
  return { undo };
}

/**
 * Insert the port, replacing one of that name only when port-takeover.ts allows it; returns
 * the next_cfg to wait for.
 */
async function addPort(db: OvsdbClient, spec: OvsPortSpec): Promise<{ nextCfg: number; datapathType: string }> {
  for (let attempt = 1; attempt <= ATTEMPTS; attempt++) {
    const selected = await db.transact([
      selectByName('Port', spec.port, ['_uuid', 'external_ids', 'interfaces']),
      selectByName('Bridge', spec.bridge, ['_uuid', 'ports', 'datapath_type']),
      selectByName('Interface', spec.port, ['_uuid', 'type']),
    ]);
    checkSelect(selected, 3);
    const [portSel, bridgeSel, ifaceSel] = selected;
    // Every answer is checked for shape before anything is decided from it.
    const port = seenPort(portSel, spec.port);
    const iface = seenInterface(ifaceSel, spec.port);
    const bridgeRow = selectedRows(bridgeSel, `reading bridge "${spec.bridge}"`)[0];
    if (!bridgeRow) {
      throw new CtnetError(`Open vSwitch bridge "${spec.bridge}" does not exist`, {
        code: 'E_NOBRIDGE',
        hint: `create it (ctnet bridge ensure ${spec.bridge}), or fix the bridge setting`,
      });
    }
    const bridgeUuid = rowUuid(bridgeRow, `reading bridge "${spec.bridge}"`);
    if (port) {
      const onTargetBridge = bridgeHolds(bridgeRow, port.uuid, `reading bridge "${spec.bridge}"`);
      const why = replaceRefusal({
        port,
        iface,
        owner: spec.owner,
        onTargetBridge,
        adoptUnowned: spec.adoptUnowned === true,
      });
      if (why) {
        throw new CtnetError(`Open vSwitch port "${spec.port}" ${why}: not replacing it`, {
          code: 'E_CONFLICT',
          hint: `if it is stale, remove it by hand (ovs-vsctl del-port ${spec.port})`,
        });
      }
    }
    const { ops, cfgIndex } = portUpOps(
      spec,
      { bridge: bridgeUuid, port: port?.uuid },
      `ctnet: add-port ${spec.bridge} ${spec.port} (${spec.owner})`,
    );
    const results = await db.transact(ops);
    if (guardFailed(ops, results)) continue;
    checkCommit(ops, results, `adding port "${spec.port}" to "${spec.bridge}"`);
    const next = results[cfgIndex]?.rows?.[0]?.['next_cfg'];
    if (typeof next !== 'number') throw ovsdbRefusedError(`adding port "${spec.port}"`, 'no next_cfg in the answer');
    const dp = bridgeRow['datapath_type'];
    return { nextCfg: next, datapathType: typeof dp === 'string' ? dp : '' };
  }
  throw changing(spec.port);
}

/** Remove the port if it is there, plain, and (with `owner`) ours; idempotent. */
async function removePort(
  db: OvsdbClient,
  name: string,
  owner: string | undefined,
  log: (line: string) => void,
): Promise<void> {
  for (let attempt = 1; attempt <= ATTEMPTS; attempt++) {
    const selected = await db.transact([
      selectByName('Port', name, ['_uuid', 'external_ids', 'interfaces']),
      selectByName('Interface', name, ['_uuid', 'type']),
    ]);
    checkSelect(selected, 2);
    const port = seenPort(selected[0], name);
    if (!port) return;
    const odd = notPlain(port, seenInterface(selected[1], name));
    if (odd) {
      log(`skipped: the port ${odd}; ctnet removes only plain veth ports`);
      return;
    }
    if (owner !== undefined && port.owner !== owner) {
      log(`skipped: the port belongs to "${port.owner || 'someone else'}", not ${owner}`);
      return;
    }
    const ops = portDownOps(
      name,
      { _uuid: port.uuid, external_ids: port.externalIds },
      `ctnet: del-port ${name}${owner ? ` (${owner})` : ''}`,
    );
    const results = await db.transact(ops);
    if (guardFailed(ops, results)) continue;
    checkCommit(ops, results, `removing port "${name}"`);
    return;
  }
  throw changing(name);
}

/** The first `count` results of a select transaction are there and none failed. */
function checkSelect(results: OvsdbResult[], count: number): void {
  const mine = results.slice(0, count);
  if (mine.length < count || mine.some((r) => r === null || typeof r !== 'object'))
    throw ovsdbRefusedError('a select', 'a malformed answer (a result missing)');
  const f = firstFailure(mine);
  if (f) throw ovsdbRefusedError('a select', f.error, f.details);
}

function checkCommit(ops: OvsdbOp[], results: OvsdbResult[], what: string): void {
  const f = firstFailure(results);
  if (!f) return;
  // An error past the last operation is the commit's own (e.g. a unique index violated).
  const op = ops[f.index];
  const which = op ? ` (${[op['op'], op['table']].filter((x) => typeof x === 'string').join(' ')})` : '';
  throw ovsdbRefusedError(`${what}${which}`, f.error, f.details);
}

function changing(port: string): CtnetError {
  return new CtnetError(`Open vSwitch port "${port}" kept changing while ctnet updated it (${ATTEMPTS} attempts)`, {
    code: 'E_OVS',
    hint: 'another tool is changing this port at the same time; run the hook again',
  });
}
