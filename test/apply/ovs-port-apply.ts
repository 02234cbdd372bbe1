/**
 * The up/down executor's decisions against a stand-in ovsdb that answers from a script:
 * a guard that fails (someone changed the port in between) is read again and retried, a
 * guard that keeps failing is one clear error, the owner guard skips someone else's port,
 * and a missing bridge is named. (Real OVS: test/integration/lxc-ovsdb.ts.)
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import t, { type Test } from 'tap';
import { applyOvsPort } from '../../lib/apply/ovs-port-apply.js';
import { planOvsPortDown, planOvsPortUp } from '../../lib/plan/ovs-port-plan.js';
import { closeOvsdbConnections } from '../../lib/doors/ovs/ovsdb-connection.js';
import { FakeOvsdb, type FakeRequest } from '../lab/fake-ovsdb.js';

const dir = t.testdir({});
t.teardown(closeOvsdbConnections);
const U = (n: number) => ['uuid', `00000000-0000-4000-8000-00000000000${n}`];
let n = 0;

/**
 * A stand-in answering transactions by their first operation; `guardFails` = how many guarded
 * transactions fail. Selects are answered per table: `port`, `iface` (default: the port's one
 * plain Interface), the Bridge (holding the port when `onBridge`); `selectAnswer` replaces the
 * whole select answer (malformed answers).
 */
async function scripted(
  t: Test,
  o: {
    port?: Record<string, unknown>;
    iface?: Record<string, unknown> | null;
    bridge?: boolean;
    onBridge?: boolean;
    guardFails: number;
    selectAnswer?: unknown;
  },
) {
  const d = path.join(dir, `s${n++}`);
  fs.mkdirSync(d);
  let fails = o.guardFails;
  const transactions: Array<Array<Record<string, unknown>>> = [];
  const port: Record<string, unknown> | undefined = o.port ? { interfaces: U(7), ...o.port } : undefined;
  const iface = o.iface === null ? undefined : (o.iface ?? (port ? { _uuid: U(7), type: '' } : undefined));
  const f = await FakeOvsdb.start(d, {
    answer: (req: FakeRequest) => {
      if (req.method === 'monitor') return { Open_vSwitch: { x: { new: { cur_cfg: 9 } } } };
      const ops = req.params.slice(1) as Array<Record<string, unknown>>;
      transactions.push(ops);
      if (ops[0]!['op'] === 'select') {
        if (o.selectAnswer !== undefined) return o.selectAnswer;
        const rows = (table: unknown) =>
          table === 'Bridge'
            ? o.bridge === false
              ? []
              : [{ _uuid: U(1), ports: ['set', o.onBridge && port ? [port['_uuid']] : []] }]
            : table === 'Interface'
              ? iface
                ? [iface]
                : []
              : port
                ? [port]
                : [];
        return ops.map((op) => ({ rows: rows(op['table']) }));
      }
      if (fails-- > 0) return [{ error: 'timed out', details: '"where" clause test failed' }];
      return ops.map((op) => (op['op'] === 'select' ? { rows: [{ next_cfg: 9 }] } : {}));
    },
  });
  t.teardown(() => f.close());
  const log: string[] = [];
  return {
    transactions,
    log,
    ctx: { ovsDb: f.address, ovsTimeoutSec: 2, runDir: '/nonexistent/ctnet-run', log: (l: string) => log.push(l) },
  };
}

const owned = (owner: string) => ['map', [['ctnet-owner', owner]]];

const up = planOvsPortUp({ bridge: 'sw0', port: 'v1', owner: 'lxc:a' });

t.test('up: select, then one guarded transaction, then the wait; its undo is the owner-guarded down', async (t) => {
  const s = await scripted(t, { guardFails: 0 });
  const out = await applyOvsPort(up, s.ctx);
  t.same(out.undo, [planOvsPortDown('v1', 'lxc:a')]);
  t.same(
    s.transactions.map((ops) => ops.map((op) => op['op']).join(',')),
    ['select,select,select', 'wait,wait,insert,insert,mutate,mutate,select,comment'],
  );
});

t.test('a failed guard is read again and retried; one that keeps failing is one clear error', async (t) => {
  const once = await scripted(t, { guardFails: 1, port: { _uuid: U(2), external_ids: owned('lxc:a') } });
  await applyOvsPort(up, once.ctx);
  t.equal(once.transactions.length, 4, 'select, failed transaction, select, transaction');
  t.same(
    once.transactions[1]![2],
    { op: 'mutate', table: 'Bridge', where: [['ports', 'includes', U(2)]], mutations: [['ports', 'delete', U(2)]] },
    'the stale port leaves its bridge',
  );
  const always = await scripted(t, { guardFails: 99 });
  await t.rejects(applyOvsPort(up, always.ctx), {
    code: 'E_OVS',
    message: 'Open vSwitch port "v1" kept changing while ctnet updated it (3 attempts)',
  });
  const downAlways = await scripted(t, { guardFails: 99, port: { _uuid: U(2), external_ids: owned('lxc:a') } });
  await t.rejects(applyOvsPort(planOvsPortDown('v1', 'lxc:a'), downAlways.ctx), { message: /kept changing/ });
});

t.test('down: gone is done; another owner is skipped and logged; no owner given removes any', async (t) => {
  const gone = await scripted(t, { guardFails: 0 });
  t.same(await applyOvsPort(planOvsPortDown('v1', 'lxc:a'), gone.ctx), { undo: [] });
  t.equal(gone.transactions.length, 1, 'only the select');
  const other = await scripted(t, { guardFails: 0, port: { _uuid: U(3), external_ids: owned('lxc:b') } });
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

t.test('up replaces only its own plain port; anything else is refused and left alone', async (t) => {
  const mine = await scripted(t, { guardFails: 0, port: { _uuid: U(2), external_ids: owned('lxc:a') } });
  await applyOvsPort(up, mine.ctx);
  t.equal(mine.transactions.length, 2, 'its own stale port: replaced');
  const refused: Array<[string, Parameters<typeof scripted>[1], RegExp]> = [
    [
      "another container's port",
      { guardFails: 0, port: { _uuid: U(2), external_ids: owned('lxc:b') } },
      /^Open vSwitch port "v1" belongs to "lxc:b": not replacing it$/,
    ],
    [
      "an admin's port (no owner)",
      { guardFails: 0, port: { _uuid: U(2), external_ids: ['map', []] }, onBridge: true },
      /has no ctnet owner/,
    ],
    [
      'a patch port, even "owned"',
      { guardFails: 0, port: { _uuid: U(2), external_ids: owned('lxc:a') }, iface: { _uuid: U(7), type: 'patch' } },
      /is a port of type "patch"/,
    ],
    [
      'a vxlan tunnel port',
      { guardFails: 0, port: { _uuid: U(2), external_ids: ['map', []] }, iface: { _uuid: U(7), type: 'vxlan' } },
      /is a port of type "vxlan"/,
    ],
    [
      'an internal port',
      { guardFails: 0, port: { _uuid: U(2), external_ids: ['map', []] }, iface: { _uuid: U(7), type: 'internal' } },
      /type "internal"/,
    ],
    [
      'a bond',
      { guardFails: 0, port: { _uuid: U(2), external_ids: owned('lxc:a'), interfaces: ['set', [U(7), U(8)]] } },
      /is a bond of 2 interfaces/,
    ],
    [
      'a port whose interface has another name',
      { guardFails: 0, port: { _uuid: U(2), external_ids: owned('lxc:a') }, iface: null },
      /has an interface of another name/,
    ],
  ];
  for (const [what, o, re] of refused) {
    const s = await scripted(t, o);
    await t.rejects(applyOvsPort(up, s.ctx), { code: 'E_CONFLICT', message: re }, what);
    t.equal(s.transactions.length, 1, `${what}: only the select, nothing written`);
  }
});

t.test(
  "LXC's own attach (adoptUnowned): an unowned plain port on the target bridge is taken over, elsewhere refused",
  async (t) => {
    const adopt = planOvsPortUp({ bridge: 'sw0', port: 'v1', owner: 'lxc:a', adoptUnowned: true });
    const onBridge = await scripted(t, {
      guardFails: 0,
      port: { _uuid: U(2), external_ids: ['map', []] },
      onBridge: true,
    });
    await applyOvsPort(adopt, onBridge.ctx);
    t.equal(onBridge.transactions.length, 2, 'taken over');
    const elsewhere = await scripted(t, {
      guardFails: 0,
      port: { _uuid: U(2), external_ids: ['map', []] },
      onBridge: false,
    });
    await t.rejects(applyOvsPort(adopt, elsewhere.ctx), { code: 'E_CONFLICT', message: /has no ctnet owner/ });
    const foreign = await scripted(t, {
      guardFails: 0,
      port: { _uuid: U(2), external_ids: owned('lxc:b') },
      onBridge: true,
    });
    await t.rejects(
      applyOvsPort(adopt, foreign.ctx),
      { code: 'E_CONFLICT', message: /belongs to "lxc:b"/ },
      'another owner is never adopted',
    );
  },
);

t.test('down without an owner (vznetcfg delif) never removes a patch, tunnel or bond port', async (t) => {
  for (const [what, o] of [
    [
      'patch',
      { guardFails: 0, port: { _uuid: U(3), external_ids: ['map', []] }, iface: { _uuid: U(7), type: 'patch' } },
    ],
    [
      'geneve',
      { guardFails: 0, port: { _uuid: U(3), external_ids: ['map', []] }, iface: { _uuid: U(7), type: 'geneve' } },
    ],
    ['bond', { guardFails: 0, port: { _uuid: U(3), external_ids: ['map', []], interfaces: ['set', [U(7), U(8)]] } }],
  ] as const) {
    const s = await scripted(t, o);
    await applyOvsPort(planOvsPortDown('v1'), s.ctx);
    t.equal(s.transactions.length, 1, `${what}: not removed`);
    t.match(s.log[0], /skipped: the port (is a port of type|is a bond).*ctnet removes only plain veth ports/);
  }
});

t.test('malformed ovsdb answers are one clear error, never a guess', async (t) => {
  const bad: Array<[string, unknown]> = [
    ['not a list', { rows: [] }],
    ['too few results', [{ rows: [] }]],
    ['rows not a list', [{ rows: 'x' }, { rows: [] }, { rows: [] }]],
    ['a row that is not an object', [{ rows: [7] }, { rows: [] }, { rows: [] }]],
    [
      'two rows for one name',
      [{ rows: [{ _uuid: U(2) }, { _uuid: U(3) }] }, { rows: [{ _uuid: U(1) }] }, { rows: [] }],
    ],
    [
      'a port without _uuid',
      [{ rows: [{ external_ids: ['map', []], interfaces: U(7) }] }, { rows: [{ _uuid: U(1) }] }, { rows: [] }],
    ],
    [
      'a bad uuid',
      [{ rows: [{ _uuid: ['uuid', '../../x'], interfaces: U(7) }] }, { rows: [{ _uuid: U(1) }] }, { rows: [] }],
    ],
    [
      'interfaces not a set',
      [{ rows: [{ _uuid: U(2), interfaces: 'eth0' }] }, { rows: [{ _uuid: U(1) }] }, { rows: [] }],
    ],
    ['a bridge without _uuid', [{ rows: [] }, { rows: [{ name: 'sw0' }] }, { rows: [] }]],
    [
      'an interface type that is not a string',
      [
        { rows: [{ _uuid: U(2), interfaces: U(7), external_ids: owned('lxc:a') }] },
        { rows: [{ _uuid: U(1) }] },
        { rows: [{ _uuid: U(7), type: ['x'] }] },
      ],
    ],
    ['null results', [null, null, null]],
  ];
  for (const [what, answer] of bad) {
    const s = await scripted(t, { guardFails: 0, selectAnswer: answer });
    await t.rejects(
      applyOvsPort(up, s.ctx),
      { code: 'E_OVS', message: /^ovsdb-server refused .*(malformed answer|not a list of results)/ },
      `up: ${what}`,
    );
    t.equal(s.transactions.length, 1, `${what}: nothing written`);
  }
  const s = await scripted(t, {
    guardFails: 0,
    selectAnswer: [{ rows: [{ _uuid: U(2), interfaces: 'x' }] }, { rows: [] }],
  });
  await t.rejects(
    applyOvsPort(planOvsPortDown('v1', 'lxc:a'), s.ctx),
    { code: 'E_OVS', message: /malformed answer/ },
    'down too',
  );
});
