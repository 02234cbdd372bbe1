import t from 'tap';
import { planVznetcfg } from '../../lib/plan/vznetcfg-plan.js';
import type { LinkState } from '../../lib/observe/link-state.js';
import { ovsPortCommands } from '../../lib/plan/ovs-port-plan.js';

const veth: LinkState = { name: 'v0', exists: true, mtu: 1500, mac: 'fe:00:00:00:00:01', up: false };
const br: LinkState = {
  name: 'br0',
  exists: true,
  mtu: 1400,
  mac: '02:00:00:00:00:01',
  macFixed: false,
  isLinuxBridge: true,
};
const cmds = (p: ReturnType<typeof planVznetcfg>) =>
  p.steps.map((s) =>
    s.kind === 'host-batch' ? s.lines.map((l) => l.cmd) : s.kind === 'ovs-port' ? ovsPortCommands(s) : [],
  );

t.test('init: bridge -> pin MAC, MTU, master, up; no bridge -> up only', async (t) => {
  const p = planVznetcfg(
    { kind: 'init', veid: '101', dev: 'v0' },
    { veth, bridgeName: 'br0', bridge: br, bridgeKind: 'linux' },
  );
  t.same(cmds(p), [['link set dev br0 address 02:00:00:00:00:01', 'link set dev v0 mtu 1400 master br0 up']]);
  const q = planVznetcfg({ kind: 'init', veid: '101', dev: 'v0' }, { veth });
  t.same(cmds(q), [['link set dev v0 up']]);
  t.throws(
    () => planVznetcfg({ kind: 'init', veid: '101', dev: 'v0' }, { veth: { name: 'v0', exists: false } }),
    /host interface "v0" does not exist/,
  );
  t.throws(
    () =>
      planVznetcfg(
        { kind: 'init', veid: '101', dev: 'v0' },
        {
          veth,
          bridgeName: 'br9',
          bridgeFrom: 'BRIDGEDEV',
          bridge: { name: 'br9', exists: false },
          bridgeKind: 'missing',
        },
      ),
    /bridge "br9" \(from BRIDGEDEV\) does not exist/,
  );
});

t.test('addif with VPORT_TYPE=ovs: one transaction with iface-id and attached-mac', async (t) => {
  const sw: LinkState = { name: 'sw0', exists: true, mtu: 1500 };
  const p = planVznetcfg(
    {
      kind: 'addif',
      veid: 'u1',
      dev: 'v0',
      network: 'sw0',
      networkIsBridge: true,
      ovs: true,
      ifaceId: 'id-1',
      mac: '00:18:51:00:00:01',
    },
    { veth, bridgeName: 'sw0', bridge: sw, bridgeKind: 'ovs' },
  );
  const ovs = p.steps[0]!;
  t.equal(ovs.kind, 'ovs-port');
  t.match(ovs, {
    op: 'add',
    spec: {
      bridge: 'sw0',
      port: 'v0',
      owner: 'vz:u1',
      interfaceIds: { 'iface-id': 'id-1', 'attached-mac': '00:18:51:00:00:01' },
    },
  });
  const flat = ovs.kind === 'ovs-port' ? ovsPortCommands(ovs).map((c) => c.join(' ')) : [];
  t.same(flat[0], '--if-exists del-port v0', 'a stale record is replaced');
  t.match(flat[1], /^add-port sw0 v0 external_ids:ctnet-owner="vz:u1"/);
  t.match(flat[2], /external_ids:iface-id="id-1"/);
  t.match(flat[2], /external_ids:attached-mac="00:18:51:00:00:01"/);
  t.throws(
    () =>
      planVznetcfg(
        { kind: 'addif', veid: 'u1', dev: 'v0', network: 'br0', networkIsBridge: true, ovs: true },
        { veth, bridgeName: 'br0', bridge: br, bridgeKind: 'linux' },
      ),
    /VPORT_TYPE=ovs, but "br0" .* is a Linux bridge/,
  );
});

t.test('delif: off the Linux bridge; OVS port removed even when the veth is gone; nothing is fine', async (t) => {
  t.same(
    cmds(planVznetcfg({ kind: 'delif', dev: 'v0', ovs: false }, { veth: { ...veth, master: 'br0' }, master: br })),
    [['link set dev v0 nomaster']],
  );
  t.same(cmds(planVznetcfg({ kind: 'delif', dev: 'v0', ovs: true }, { veth: { name: 'v0', exists: false } })), [
    [['--no-wait', '--if-exists', 'del-port', 'v0']],
  ]);
  const none = planVznetcfg({ kind: 'delif', dev: 'v0', ovs: false }, { veth: { name: 'v0', exists: false } });
  t.same(none.steps, []);
  t.match(none.notes[0], /gone: nothing to detach/);
});

t.test('delif without VPORT_TYPE: the OVS port goes only when its ctnet-owner is this CT', async (t) => {
  const gone: LinkState = { name: 'v0', exists: false };
  const ev = { kind: 'delif' as const, veid: 'u1', dev: 'v0', ovs: false };
  const mine = planVznetcfg(ev, { veth: gone, ovsPortOwner: 'vz:u1' });
  t.same(
    mine.steps,
    [{ kind: 'ovs-port', what: 'remove Open vSwitch port v0', op: 'remove', port: 'v0', owner: 'vz:u1' }],
    'owner-guarded remove (checked again when it runs)',
  );
  for (const [owner, note] of [
    ['vz:u2', /port v0 belongs to "vz:u2": left alone/],
    ['', /port v0 has no ctnet owner: left alone/],
  ] as const) {
    const p = planVznetcfg(ev, { veth: gone, ovsPortOwner: owner });
    t.same(p.steps, [], `owner "${owner}": nothing removed`);
    t.match(p.notes.join('\n'), note);
  }
  t.same(planVznetcfg(ev, { veth: gone, ovsPortOwner: null }).steps, [], 'no such port');
  t.same(planVznetcfg(ev, { veth: gone }).steps, [], 'Open vSwitch absent');
  t.same(
    planVznetcfg({ kind: 'delif', dev: 'v0', ovs: false }, { veth: gone, ovsPortOwner: 'vz:u1' }).steps,
    [],
    'no VEID: no owner to compare',
  );
});
