import t from 'tap';
import { defaultOvsDb, parseOvsdbAddress } from '../../../lib/doors/ovs/ovsdb-address.js';

t.test("default: ovs-vsctl's unix:$OVS_RUNDIR/db.sock", async (t) => {
  t.equal(defaultOvsDb({}), 'unix:/var/run/openvswitch/db.sock');
  t.equal(defaultOvsDb({ OVS_RUNDIR: '/tmp/lab' }), 'unix:/tmp/lab/db.sock');
  t.equal(defaultOvsDb({ OVS_RUNDIR: '' }), 'unix:/var/run/openvswitch/db.sock', 'empty = unset');
});

t.test('unix:PATH and tcp:IP:PORT; anything else is refused', async (t) => {
  t.match(parseOvsdbAddress('unix:/run/openvswitch/db.sock'), { kind: 'unix', path: '/run/openvswitch/db.sock' });
  t.match(parseOvsdbAddress('tcp:127.0.0.1:6640'), { kind: 'tcp', host: '127.0.0.1', port: 6640 });
  t.match(parseOvsdbAddress('tcp:[::1]:6640'), { kind: 'tcp', host: '::1', port: 6640 });
  for (const bad of [
    '',
    'unix:',
    '/run/db.sock',
    'tcp:localhost:6640',
    'tcp:1.2.3.4',
    'tcp:1.2.3.4:0',
    'tcp:1.2.3.4:70000',
    'ssl:1.2.3.4:6640',
    'tcp:999.1.1.1:6640',
    'unix:/x\0y',
  ]) {
    t.throws(
      () => parseOvsdbAddress(bad),
      { code: 'E_USAGE', message: /is not unix:PATH or tcp:IP:PORT/ },
      JSON.stringify(bad),
    );
  }
});
