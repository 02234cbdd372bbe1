import t from 'tap';
import { planBridgeAttach } from '../../lib/plan/bridge-attach.js';

const base = { subject: 'container c1', port: 'vethA', bridgeName: 'sw0', owner: 'lxc:c1', ifname: 'eth0' };

t.test('OVS: one transaction before, link up, guarded removal as teardown', async (t) => {
  const a = planBridgeAttach({ ...base, kind: 'ovs', bridge: { name: 'sw0', exists: true, mtu: 1500 }, vlan: 7 });
  t.equal(a.before.length, 1);
  t.match(a.before[0], {
    kind: 'ovs-port',
    op: 'add',
    spec: { bridge: 'sw0', port: 'vethA', owner: 'lxc:c1', ifname: 'eth0', vlan: 7, mtu: 1500 },
  });
  t.same(a.hostLines, [{ cmd: 'link set dev vethA up' }]);
  t.same(a.teardown, [{ kind: 'ovs-port', port: 'vethA', owner: 'lxc:c1' }]);
});

t.test('missing and non-bridge devices are named errors', async (t) => {
  t.throws(
    () =>
      planBridgeAttach({ ...base, kind: 'missing', bridge: { name: 'sw0', exists: false }, bridgeFrom: '--bridge' }),
    { code: 'E_NOBRIDGE', message: 'container c1: bridge "sw0" (from --bridge) does not exist' },
  );
  t.throws(() => planBridgeAttach({ ...base, kind: 'other', bridge: { name: 'sw0', exists: true } }), {
    code: 'E_NOTBRIDGE',
  });
});

t.test('Linux bridge: no teardown (the port goes with the veth)', async (t) => {
  const a = planBridgeAttach({
    ...base,
    kind: 'linux',
    bridge: { name: 'sw0', exists: true, mtu: 1500, isLinuxBridge: true, macFixed: true },
  });
  t.same(a.teardown, []);
  t.same(
    a.hostLines.map((l) => l.cmd),
    ['link set dev vethA mtu 1500 master sw0 up'],
  );
});
