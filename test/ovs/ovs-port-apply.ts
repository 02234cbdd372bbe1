/**
 * The up/down executor's decisions against a stand-in ovsdb that answers from a script:
 * a guard that fails (someone changed the port in between) is read again and retried, a
 * guard that keeps failing is one clear error, the owner guard skips someone else's port,
 * and a missing bridge is named. (Real OVS: test/integration/lxc-ovsdb.ts.)
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import t, { type Test } from 'tap';
import { applyOvsPort } from '../../lib/ovs/ovs-port-apply.js';
import { planOvsPortDown, planOvsPortUp } from '../../lib/ovs/ovs-port-plan.js';
import { closeOvsdbConnections } from '../../lib/ovs/ovsdb-connection.js';
import { FakeOvsdb, type FakeRequest } from '../lab/fake-ovsdb.js';

const dir = t.testdir({});
t.teardown(closeOvsdbConnections);
const U = (n: number) => ['uuid', `00000000-0000-4000-8000-00000000000${n}`];
let n = 0;

/** A stand-in answering transactions by their first operation; `guardFails` = how many guarded transactions fail. */
async function scripted(t: Test, o: { port?: unknown; bridge?: boolean; guardFails: number }) {
  const d = path.join(dir, `s${n++}`);
  fs.mkdirSync(d);
  let fails = o.guardFails;
  const transactions: Array<Array<Record<string, unknown>>> = [];
  const f = await FakeOvsdb.start(d, {
    answer: (req: FakeRequest) => {
      if (req.method === 'monitor') return { Open_vSwitch: { x: { new: { cur_cfg: 9 } } } };
      const ops = req.params.slice(1) as Array<Record<string, unknown>>;
      transactions.push(ops);
      if (ops[0]!['op'] === 'select') {
        return ops.map((op) => ({ rows: op['table'] === 'Bridge' ? (o.bridge === false ? [] : [{ _uuid: U(1) }]) : o.port ? [o.port] : [] }));
      }
      if (fails-- > 0) return [{ error: 'timed out', details: '"where" clause test failed' }];
      return ops.map((op) => (op['op'] === 'select' ? { rows: [{ next_cfg: 9 }] } : {}));
    },
  });
  t.teardown(() => f.close());
  const log: string[] = [];
  return { transactions, log, ctx: { ovsDb: f.address, ovsTimeoutSec: 2, log: (l: string) => log.push(l) } };
}

const up = planOvsPortUp({ bridge: 'sw0', port: 'v1', owner: 'lxc:a' });

t.test('up: select, then one guarded transaction, then the wait; its undo is the owner-guarded down', async (t) => {
  const s = await scripted(t, { guardFails: 0 });
  const out = await applyOvsPort(up, s.ctx);
  t.same(out.undo, [planOvsPortDown('v1', 'lxc:a')]);
  t.same(s.transactions.map((ops) => ops.map((op) => op['op']).join(',')), ['select,select', 'wait,wait,insert,insert,mutate,mutate,select,comment']);
});

t.test('a failed guard is read again and retried; one that keeps failing is one clear error', async (t) => {
  const once = await scripted(t, { guardFails: 1, port: { _uuid: U(2) } });
  await applyOvsPort(up, once.ctx);
  t.equal(once.transactions.length, 4, 'select, failed transaction, select, transaction');
  t.same(once.transactions[1]![2], { op: 'mutate', table: 'Bridge', where: [['ports', 'includes', U(2)]], mutations: [['ports', 'delete', U(2)]] }, 'the stale port leaves its bridge');
  const always = await scripted(t, { guardFails: 99 });
  await t.rejects(applyOvsPort(up, always.ctx), { code: 'E_OVS', message: 'Open vSwitch port "v1" kept changing while ctnet updated it (3 attempts)' });
  const downAlways = await scripted(t, { guardFails: 99, port: { _uuid: U(2), external_ids: ['map', [['ctnet-owner', 'lxc:a']]] } });
  await t.rejects(applyOvsPort(planOvsPortDown('v1', 'lxc:a'), downAlways.ctx), { message: /kept changing/ });
});

t.test('down: gone is done; another owner is skipped and logged; no owner given removes any', async (t) => {
  const gone = await scripted(t, { guardFails: 0 });
  t.same(await applyOvsPort(planOvsPortDown('v1', 'lxc:a'), gone.ctx), { undo: [] });
  t.equal(gone.transactions.length, 1, 'only the select');
  const other = await scripted(t, { guardFails: 0, port: { _uuid: U(3), external_ids: ['map', [['ctnet-owner', 'lxc:b']]] } });
  await applyOvsPort(planOvsPortDown('v1', 'lxc:a'), other.ctx);
  t.equal(other.transactions.length, 1, 'not removed');
  t.same(other.log, ['remove Open vSwitch port v1: skipped: the port belongs to "lxc:b", not lxc:a']);
  const any = await scripted(t, { guardFails: 0, port: { _uuid: U(3), external_ids: ['map', []] } });
  await applyOvsPort(planOvsPortDown('v1'), any.ctx);
  t.equal(any.transactions.length, 2, 'removed (vznetcfg delif)');
});

t.test('up on a bridge ovsdb does not know: named, nothing written', async (t) => {
  const s = await scripted(t, { guardFails: 0, bridge: false });
  await t.rejects(applyOvsPort(up, s.ctx), { code: 'E_NOBRIDGE', message: 'Open vSwitch bridge "sw0" does not exist' });
  t.equal(s.transactions.length, 1);
});
