/**
 * The JSON-RPC client against a stand-in server: answers matched to requests, echo answered,
 * replies cut byte by byte, a server that never answers, no socket, no run dir, refused
 * requests, and the wait for ovs-vswitchd (monitor of cur_cfg).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import t from 'tap';
import { parseOvsdbAddress } from '../../../lib/doors/ovs/ovsdb-address.js';
import { OvsdbClient } from '../../../lib/doors/ovs/ovsdb-client.js';
import { FakeOvsdb } from '../../lab/fake-ovsdb.js';

const dir = t.testdir({});
let n = 0;
async function fake(opts: Parameters<typeof FakeOvsdb.start>[1]): Promise<FakeOvsdb> {
  const d = path.join(dir, `s${n++}`);
  fs.mkdirSync(d);
  const f = await FakeOvsdb.start(d, opts);
  t.teardown(() => f.close());
  return f;
}
function client(address: string, timeoutSec = 2): OvsdbClient {
  const c = new OvsdbClient(parseOvsdbAddress(address), timeoutSec);
  t.teardown(() => c.close());
  return c;
}

t.test(
  'transact: one request per call, results returned, rows counted, echo answered, byte-by-byte replies',
  async (t) => {
    const f = await fake({
      dribble: true,
      echoFirst: true,
      answer: (req) => req.params.slice(1).map(() => ({ rows: [{ name: 'x' }] })),
    });
    const c = client(f.address);
    const ops = [{ op: 'select', table: 'Bridge', where: [['name', '==', 'sw0']], columns: ['_uuid'] }];
    t.same(await c.transact(ops), [{ rows: [{ name: 'x' }] }]);
    t.same(
      await c.transact([...ops, ...ops]),
      [{ rows: [{ name: 'x' }] }, { rows: [{ name: 'x' }] }],
      'second call on the same connection',
    );
    t.same(
      f.requests.map((r) => [r.method, r.params[0]]),
      [
        ['transact', 'Open_vSwitch'],
        ['transact', 'Open_vSwitch'],
      ],
    );
    t.same(f.requests[0]!.params.slice(1), ops, 'the operations as given');
    t.same(f.echoReplies, [['ping']], "the server's echo was answered with its params");
    t.equal(c.rowsReceived, 3);
  },
);

t.test(
  'a server that accepts but never answers: E_OVS_DOWN after the timeout, and the connection stays failed',
  async (t) => {
    const f = await fake({ answer: () => undefined });
    const c = client(f.address, 1);
    await t.rejects(c.transact([]), {
      code: 'E_OVS_DOWN',
      message: `Open vSwitch is unreachable: no answer from ovsdb-server (${f.address}) within 1 s`,
    });
    await t.rejects(
      c.transact([]),
      { code: 'E_OVS_DOWN', message: /no answer/ },
      'later requests fail at once with the same reason',
    );
  },
);

t.test(
  'no socket: unreachable; no run directory at all: not installed; refused connection (tcp): unreachable',
  async (t) => {
    const noSock = path.join(dir, 'empty');
    fs.mkdirSync(noSock);
    await t.rejects(client(`unix:${noSock}/db.sock`).transact([]), {
      code: 'E_OVS_DOWN',
      message: `Open vSwitch is unreachable: database connection failed (No such file or directory): unix:${noSock}/db.sock`,
    });
    await t.rejects(client(`unix:${dir}/no-such-dir/db.sock`).transact([]), {
      code: 'E_OVS_MISSING',
      message: /^Open vSwitch is not installed/,
    });
    await t.rejects(client('tcp:127.0.0.1:1').transact([]), {
      code: 'E_OVS_DOWN',
      message: /database connection failed \(Connection refused\): tcp:127.0.0.1:1/,
    });
  },
);

t.test('a JSON-RPC error answer is one E_OVS line', async (t) => {
  const f = await fake({
    answer: (req, send) => {
      send({ id: req.id, result: null, error: { error: 'unknown database', details: 'no db named X' } });
      return undefined;
    },
  });
  await t.rejects(client(f.address).transact([]), {
    code: 'E_OVS',
    message: 'ovsdb-server refused the request: unknown database: no db named X',
  });
});

t.test(
  "wait for ovs-vswitchd: the monitor's cur_cfg, then update notifications; a timeout names vswitchd",
  async (t) => {
    let cfg = 3;
    const f = await fake({
      answer: (req, send) => {
        if (req.method !== 'monitor') return [];
        setTimeout(() => {
          cfg = 5;
          send({
            id: null,
            method: 'update',
            params: [req.params[1], { Open_vSwitch: { u1: { old: { cur_cfg: 3 }, new: { cur_cfg: cfg } } } }],
          });
        }, 50);
        return { Open_vSwitch: { u1: { new: { cur_cfg: cfg } } } };
      },
    });
    const c = client(f.address, 1);
    await c.waitForCurCfg(3);
    await c.waitForCurCfg(5);
    t.equal(f.requests.filter((r) => r.method === 'monitor').length, 1, 'one monitor per connection');
    t.same(f.requests[0]!.params, ['Open_vSwitch', 'ctnet-cur-cfg', { Open_vSwitch: { columns: ['cur_cfg'] } }]);
    await t.rejects(c.waitForCurCfg(6), {
      code: 'E_OVS_DOWN',
      message: 'Open vSwitch is unreachable: ovs-vswitchd did not apply the change within 1 s',
    });
  },
);

t.test('the monitor reply and an update in one chunk: the newer cur_cfg wins', async (t) => {
  const f = await fake({
    answer: (req, _send, sendTogether) => {
      if (req.method !== 'monitor') return [];
      sendTogether([
        { id: req.id, result: { Open_vSwitch: { u1: { new: { cur_cfg: 4 } } } }, error: null },
        {
          id: null,
          method: 'update',
          params: [req.params[1], { Open_vSwitch: { u1: { old: { cur_cfg: 4 }, new: { cur_cfg: 5 } } } }],
        },
      ]);
      return undefined;
    },
  });
  await client(f.address, 1).waitForCurCfg(5);
  t.pass('cur_cfg 5 seen although the reply (4) was processed after the update');
});
