import t from 'tap';
import { CtnetError } from '../../../lib/errors.js';
import { ovsError } from '../../../lib/doors/ovs/ovs-error.js';

const exec = (msg: string, exitCode = 1) =>
  new CtnetError(msg, { code: 'E_EXEC', command: ['ovs-vsctl', 'show'], exitCode });

t.test('ovsdb down, ovsdb hung, not installed, other', async (t) => {
  const down = ovsError(
    exec(
      '"ovs-vsctl show" failed: ovs-vsctl: unix:/run/openvswitch/db.sock: database connection failed (No such file or directory)',
    ),
    5,
  );
  t.equal(down.code, 'E_OVS_DOWN');
  t.match(down.message, /^Open vSwitch is unreachable: database connection failed \(No such file or directory\)/);
  const hung = ovsError(
    exec(
      '"ovs-vsctl show" failed: 2026-01-01T00:00:00Z|00001|fatal_signal|WARN|terminating with signal 14 (Alarm clock)',
      128,
    ),
    5,
  );
  t.equal(hung.code, 'E_OVS_DOWN');
  t.match(hung.message, /unreachable: ovs-vsctl got no answer within 5 s/);
  t.equal(
    ovsError(new CtnetError('"ovs-vsctl" did not answer within 7 s', { code: 'E_TIMEOUT' }), 5).code,
    'E_OVS_DOWN',
  );
  t.equal(ovsError(new CtnetError('cannot run "ovs-vsctl": not found', { code: 'E_SPAWN' })).code, 'E_OVS_MISSING');
  const other = ovsError(exec('"ovs-vsctl add-port x y" failed: ovs-vsctl: no bridge named x'));
  t.equal(other.code, 'E_OVS');
  t.match(other.message, /no bridge named x/);
});
