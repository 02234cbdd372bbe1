import t from 'tap';
import { changeNatState, type NatState } from '../../../lib/setups/nat/nat-state.js';
import type { ForwardEntry } from '../../../lib/setups/nat/nat-entry.js';

const fwd = (hostPort: number, to: string, toPort = 80): ForwardEntry => ({
  type: 'forward',
  proto: 'tcp',
  hostPort,
  to,
  toPort,
  family: 4,
});
const empty: NatState = { version: 1, owners: {} };

t.test('add, add again (no change), replace target, remove', async (t) => {
  const a = changeNatState(empty, { owner: 'vz-101', op: 'add', entries: [fwd(8025, '10.0.0.1')] });
  t.same(a.added, [fwd(8025, '10.0.0.1')]);
  const again = changeNatState(a.state, { owner: 'vz-101', op: 'add', entries: [fwd(8025, '10.0.0.1')] });
  t.same([again.added, again.removed], [[], []], 'idempotent');
  const moved = changeNatState(a.state, { owner: 'vz-101', op: 'add', entries: [fwd(8025, '10.0.0.2')] });
  t.same(moved.removed, [fwd(8025, '10.0.0.1')], 'same owner, new address: replaced');
  t.same(moved.state.owners['vz-101'], [fwd(8025, '10.0.0.2')]);
  const gone = changeNatState(moved.state, { owner: 'vz-101', op: 'remove', entries: [] });
  t.same(gone.state.owners, {}, 'remove all of the owner');
  const none = changeNatState(empty, { owner: 'vz-101', op: 'remove', entries: [] });
  t.same([none.added, none.removed], [[], []], 'remove without add: nothing');
  t.same(a.state, { version: 1, owners: { 'vz-101': [fwd(8025, '10.0.0.1')] } }, 'inputs never mutated');
});

t.test('another owner holding the port is a conflict', async (t) => {
  const a = changeNatState(empty, { owner: 'vz-101', op: 'add', entries: [fwd(8025, '10.0.0.1')] });
  t.throws(() => changeNatState(a.state, { owner: 'vz-102', op: 'add', entries: [fwd(8025, '10.0.0.2')] }), {
    code: 'E_CONFLICT',
    message: /vz-101 already has "forward tcp 8025 -> 10\.0\.0\.1:80"/,
  });
  const udp = changeNatState(a.state, {
    owner: 'vz-102',
    op: 'add',
    entries: [{ ...fwd(8025, '10.0.0.2'), proto: 'udp' }],
  });
  t.equal(udp.added.length, 1, 'udp on the same number is another port');
});
