/** The decision table of detectBridgeKind, with a stand-in ovsdb that knows the bridges it is given. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import t from 'tap';
import { detectBridgeKind } from '../../lib/observe/bridge-kind.js';
import { closeOvsdbConnections } from '../../lib/doors/ovs/ovsdb-connection.js';
import type { LinkState } from '../../lib/observe/link-state.js';
import { FakeOvsdb, type FakeRequest } from '../lab/fake-ovsdb.js';

const dir = t.testdir({ run: {}, hung: {} });
t.teardown(closeOvsdbConnections);
const exists: LinkState = { name: 'sw0', exists: true, isLinuxBridge: false };
const missing: LinkState = { name: 'sw0', exists: false };
const ctx = (ovsDb: string) => ({ ovsDb, ovsTimeoutSec: 1 });

t.test('a Linux bridge never asks OVS', async (t) => {
  t.equal(
    await detectBridgeKind('br0', { name: 'br0', exists: true, isLinuxBridge: true }, ctx('unix:/nonexistent/db.sock')),
    'linux',
  );
});

t.test('one select of the Bridge row by name answers', async (t) => {
  const seen: FakeRequest[] = [];
  const f = await FakeOvsdb.start(path.join(dir, 'run'), {
    answer: (req) => {
      seen.push(req);
      const op = req.params[1] as { where: [[string, string, string]] };
      return [{ rows: op.where[0][2] === 'sw0' ? [{ _uuid: ['uuid', '0d2b8a52-0000-4000-8000-000000000001'] }] : [] }];
    },
  });
  t.teardown(() => f.close());
  t.equal(await detectBridgeKind('sw0', exists, ctx(f.address)), 'ovs');
  t.same(
    seen[0]!.params,
    ['Open_vSwitch', { op: 'select', table: 'Bridge', where: [['name', '==', 'sw0']], columns: ['_uuid'] }],
    'asked for that one row',
  );
  t.equal(
    await detectBridgeKind('sw0', missing, ctx(f.address)),
    'ovs',
    'an OVS bridge whose device is not there (yet)',
  );
  t.equal(await detectBridgeKind('sw1', { ...exists, name: 'sw1' }, ctx(f.address)), 'other');
  t.equal(await detectBridgeKind('sw1', { ...missing, name: 'sw1' }, ctx(f.address)), 'missing');
});

t.test('OVS absent, down or hung', async (t) => {
  const notInstalled = ctx(`unix:${dir}/no-such-rundir/db.sock`);
  const down = ctx(`unix:${dir}/db.sock`); // the run dir exists, the socket does not
  t.equal(await detectBridgeKind('sw0', missing, notInstalled), 'missing', 'not installed, no device');
  t.equal(await detectBridgeKind('sw0', exists, notInstalled), 'other', 'not installed, some device');
  t.equal(
    await detectBridgeKind('sw0', missing, down),
    'missing',
    'down, no device: "does not exist" is the useful message',
  );
  await t.rejects(
    detectBridgeKind('sw0', exists, down),
    {
      code: 'E_OVS_DOWN',
      message: /^Open vSwitch is unreachable: database connection failed \(No such file or directory\)/,
    },
    'down, device exists: it may be an OVS bridge, say OVS is unreachable',
  );
  const hung = await FakeOvsdb.start(path.join(dir, 'hung'), { answer: () => undefined });
  t.teardown(() => hung.close());
  await t.rejects(detectBridgeKind('sw0', exists, ctx(hung.address)), {
    code: 'E_OVS_DOWN',
    message: /no answer from ovsdb-server .* within 1 s/,
  });
  fs.mkdirSync(path.join(dir, 'refusing'));
  const refusing = await FakeOvsdb.start(path.join(dir, 'refusing'), {
    answer: () => [{ error: 'syntax error', details: 'No table named Bridge.' }],
  });
  t.teardown(() => refusing.close());
  await t.rejects(detectBridgeKind('sw0', exists, ctx(refusing.address)), {
    code: 'E_OVS',
    message: /refused the lookup of bridge "sw0": syntax error: No table named Bridge/,
  });
});
