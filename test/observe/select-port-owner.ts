/**
 * selectPortOwner against a stand-in ovsdb: one select of the Port by name, its ctnet-owner
 * ('' none, null no port); no Open vSwitch installed is undefined, a malformed answer an error.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import t, { type Test } from 'tap';
import { closeOvsdbConnections } from '../../lib/doors/ovs/ovsdb-connection.js';
import { selectPortOwner } from '../../lib/observe/select-port-owner.js';
import { FakeOvsdb, type FakeRequest } from '../lab/fake-ovsdb.js';

const dir = t.testdir({});
t.teardown(closeOvsdbConnections);
const U = (n: number) => ['uuid', `00000000-0000-4000-8000-00000000000${n}`];
let n = 0;

async function answering(
  t: Test,
  rows: unknown,
): Promise<{ ctx: { ovsDb: string; ovsTimeoutSec: number }; requests: FakeRequest[] }> {
  const d = path.join(dir, `s${n++}`);
  fs.mkdirSync(d);
  const requests: FakeRequest[] = [];
  const f = await FakeOvsdb.start(d, {
    answer: (req: FakeRequest) => {
      requests.push(req);
      return [{ rows }];
    },
  });
  t.teardown(() => f.close());
  return { ctx: { ovsDb: f.address, ovsTimeoutSec: 2 }, requests };
}

t.test('the owner of the one port of that name, from one select', async (t) => {
  const { ctx, requests } = await answering(t, [
    { _uuid: U(1), external_ids: ['map', [['ctnet-owner', 'vz:101']]], interfaces: U(2) },
  ]);
  t.equal(await selectPortOwner('veth101.0', ctx), 'vz:101');
  t.same(
    requests.map((r) => r.params.slice(1)),
    [
      [
        {
          op: 'select',
          table: 'Port',
          where: [['name', '==', 'veth101.0']],
          columns: ['_uuid', 'external_ids', 'interfaces'],
        },
      ],
    ],
  );
});

t.test('no owner is "", no port is null', async (t) => {
  const unowned = await answering(t, [{ _uuid: U(1), external_ids: ['map', []], interfaces: U(2) }]);
  t.equal(await selectPortOwner('patch-tun', unowned.ctx), '');
  const none = await answering(t, []);
  t.equal(await selectPortOwner('veth9.0', none.ctx), null);
});

t.test('no Open vSwitch installed: undefined; a malformed answer: an error', async (t) => {
  t.equal(
    await selectPortOwner('v0', { ovsDb: `unix:${path.join(dir, 'no-such-rundir', 'db.sock')}`, ovsTimeoutSec: 2 }),
    undefined,
  );
  const bad = await answering(t, [{ _uuid: 'x' }, { _uuid: 'y' }]);
  await t.rejects(selectPortOwner('v0', bad.ctx), /malformed answer/);
});
