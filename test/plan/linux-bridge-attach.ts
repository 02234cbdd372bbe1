import t from 'tap';
import { planLinuxBridgeAttach } from '../../lib/plan/linux-bridge-attach.js';
import type { LinkState } from '../../lib/observe/link-state.js';

const br = (over: Partial<LinkState> = {}): LinkState => ({
  name: 'br0',
  exists: true,
  mtu: 1400,
  mac: '02:00:00:00:00:01',
  macFixed: false,
  isLinuxBridge: true,
  vlanFiltering: false,
  ...over,
});

t.test('plain attach: MAC pinned, bridge MTU, master, up', async (t) => {
  const a = planLinuxBridgeAttach({ port: 'v1', bridgeName: 'br0', bridge: br() });
  t.same(
    a.hostLines.map((l) => l.cmd),
    ['link set dev br0 address 02:00:00:00:00:01', 'link set dev v1 mtu 1400 master br0 up'],
  );
  t.same(a.after, []);
  const pinned = planLinuxBridgeAttach({ port: 'v1', bridgeName: 'br0', bridge: br({ macFixed: true }), mtu: 9000 });
  t.same(
    pinned.hostLines.map((l) => l.cmd),
    ['link set dev v1 mtu 9000 master br0 up'],
    'already pinned: not again; --mtu wins',
  );
});

t.test('VLAN: filtering switched on, pvid untagged, out of VLAN 1 (tolerant), trunks tagged', async (t) => {
  const a = planLinuxBridgeAttach({
    port: 'v1',
    bridgeName: 'br0',
    bridge: br({ macFixed: true }),
    vlan: 10,
    trunks: [10, 20, 21, 22],
  });
  t.same(
    a.hostLines.map((l) => l.cmd),
    ['link set dev br0 type bridge vlan_filtering 1', 'link set dev v1 mtu 1400 master br0 up'],
  );
  t.same(
    a.after.map((s) => [s.tool, s.tolerateMissing ?? false, s.lines.map((l) => l.cmd)]),
    [
      ['bridge', false, ['vlan add dev v1 vid 10 pvid untagged', 'vlan add dev v1 vid 20-22']],
      ['bridge', true, ['vlan del dev v1 vid 1']],
    ],
  );
  const on = planLinuxBridgeAttach({
    port: 'v1',
    bridgeName: 'br0',
    bridge: br({ macFixed: true, vlanFiltering: true }),
    vlan: 1,
  });
  t.same(
    on.hostLines.map((l) => l.cmd),
    ['link set dev v1 mtu 1400 master br0 up'],
    'filtering already on',
  );
  t.equal(on.after.length, 1, 'VLAN 1 itself is kept');
});

t.test('a kernel without bridge VLAN filtering is a clear error', async (t) => {
  t.throws(
    () => planLinuxBridgeAttach({ port: 'v1', bridgeName: 'br0', bridge: br({ vlanFiltering: undefined }), vlan: 10 }),
    { code: 'E_NOVLAN', message: /bridge "br0" cannot filter VLANs/ },
  );
});
