/** The OVSDB operations of a port up and down (pure), and how their answers are read. */
import t from 'tap';
import {
  firstFailure,
  fromMap,
  guardFailed,
  portDownOps,
  portUpOps,
  selectByName,
  type Uuid,
} from '../../lib/apply/ovs-port-ops.js';

const BR: Uuid = ['uuid', '11111111-1111-4111-8111-111111111111'];
const OLD: Uuid = ['uuid', '22222222-2222-4222-8222-222222222222'];

t.test('select by name: one row, chosen columns', async (t) => {
  t.same(selectByName('Port', 'v1', ['_uuid']), {
    op: 'select',
    table: 'Port',
    where: [['name', '==', 'v1']],
    columns: ['_uuid'],
  });
});

t.test('up on a clean switch: guards, interface, port, bridge mutate, next_cfg', async (t) => {
  const { ops, cfgIndex } = portUpOps(
    { bridge: 'sw0', port: 'v1', owner: 'lxc:web1', ifname: 'eth0', vlan: 10, trunks: [20, 30], mtu: 1450 },
    { bridge: BR },
    'c',
  );
  t.same(
    ops.map((o) => [o['op'], o['table'] ?? ''].join(' ')),
    [
      'wait Bridge',
      'wait Port',
      'insert Interface',
      'insert Port',
      'mutate Bridge',
      'mutate Open_vSwitch',
      'select Open_vSwitch',
      'comment ',
    ],
  );
  t.same(ops[0], {
    op: 'wait',
    timeout: 0,
    table: 'Bridge',
    where: [['name', '==', 'sw0']],
    columns: ['_uuid'],
    until: '==',
    rows: [{ _uuid: BR }],
  });
  t.same(
    ops[1],
    { op: 'wait', timeout: 0, table: 'Port', where: [['name', '==', 'v1']], columns: ['_uuid'], until: '==', rows: [] },
    'no port named v1 may appear meanwhile',
  );
  t.same(ops[2], { op: 'insert', table: 'Interface', row: { name: 'v1', mtu_request: 1450 }, 'uuid-name': 'iface' });
  t.same(ops[3], {
    op: 'insert',
    table: 'Port',
    'uuid-name': 'port',
    row: {
      name: 'v1',
      interfaces: ['named-uuid', 'iface'],
      external_ids: [
        'map',
        [
          ['ctnet-owner', 'lxc:web1'],
          ['ctnet-ifname', 'eth0'],
        ],
      ],
      tag: 10,
      trunks: ['set', [20, 30]],
      vlan_mode: 'native-untagged',
    },
  });
  t.same(ops[4], {
    op: 'mutate',
    table: 'Bridge',
    where: [['_uuid', '==', BR]],
    mutations: [['ports', 'insert', ['set', [['named-uuid', 'port']]]]],
  });
  t.same(ops[5], { op: 'mutate', table: 'Open_vSwitch', where: [], mutations: [['next_cfg', '+=', 1]] });
  t.equal(cfgIndex, 6);
});

t.test(
  'up over a stale port of the same name: it leaves whatever bridge holds it, in the same transaction',
  async (t) => {
    const { ops, cfgIndex } = portUpOps(
      { bridge: 'sw0', port: 'v1', owner: 'vz:101', interfaceIds: { 'iface-id': 'x' } },
      { bridge: BR, port: OLD },
      'c',
    );
    t.same(ops[1]!['rows'], [{ _uuid: OLD }], 'guard: still that very port');
    t.same(ops[2], {
      op: 'mutate',
      table: 'Bridge',
      where: [['ports', 'includes', OLD]],
      mutations: [['ports', 'delete', OLD]],
    });
    t.same(ops[3]!['row'], { name: 'v1', external_ids: ['map', [['iface-id', 'x']]] });
    t.same(
      ops[4]!['row'],
      { name: 'v1', interfaces: ['named-uuid', 'iface'], external_ids: ['map', [['ctnet-owner', 'vz:101']]] },
      'no VLAN columns',
    );
    t.equal(ops[cfgIndex]!['op'], 'select');
  },
);

t.test('trunks only: vlan_mode trunk', async (t) => {
  const { ops } = portUpOps({ bridge: 'sw0', port: 'v1', owner: 'o', trunks: [5] }, { bridge: BR }, 'c');
  t.match(ops[3]!['row'], { trunks: ['set', [5]], vlan_mode: 'trunk' });
});

t.test('down: guarded by the row as read, the port leaves its bridge', async (t) => {
  const row = { _uuid: OLD, external_ids: ['map', [['ctnet-owner', 'lxc:a']]] };
  const ops = portDownOps('v1', row, 'c');
  t.same(ops[0], {
    op: 'wait',
    timeout: 0,
    table: 'Port',
    where: [['name', '==', 'v1']],
    columns: ['_uuid', 'external_ids'],
    until: '==',
    rows: [row],
  });
  t.same(ops[1], {
    op: 'mutate',
    table: 'Bridge',
    where: [['ports', 'includes', OLD]],
    mutations: [['ports', 'delete', OLD]],
  });
});

t.test('reading answers', async (t) => {
  t.same(
    fromMap([
      'map',
      [
        ['a', '1'],
        ['b', '2'],
      ],
    ]),
    { a: '1', b: '2' },
  );
  t.same(fromMap(['set', []]), {});
  t.same(fromMap(undefined), {});
  const ops = portDownOps('v1', { _uuid: OLD, external_ids: ['map', []] }, 'c');
  t.ok(
    guardFailed(ops, [{ error: 'timed out', details: '"where" clause test failed' }]),
    'a failed wait is a concurrent change',
  );
  t.notOk(guardFailed(ops, [{}, { error: 'constraint violation' }]), 'other errors are not');
  t.notOk(guardFailed(ops, [{}, { count: 1 }, {}]), 'success');
  t.same(firstFailure([{}, { count: 0 }, { error: 'referential integrity violation', details: 'x' }]), {
    index: 2,
    error: 'referential integrity violation',
    details: 'x',
  });
});
