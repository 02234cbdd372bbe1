import t from 'tap';
import { ovsPortCommands, planOvsPortDown, planOvsPortUp, vlanColumns } from '../../lib/plan/ovs-port-plan.js';
import { ovsTransactionArgs, renderStep } from '../../lib/plan/render-plan.js';

t.test('up is one structured step; its equivalent ovs-vsctl transaction replaces a stale record', async (t) => {
  const step = planOvsPortUp({ bridge: 'sw0', port: 'vethA', owner: 'lxc:web1', ifname: 'eth0', vlan: 10, mtu: 1450 });
  t.same(step, {
    kind: 'ovs-port',
    op: 'add',
    what: 'port vethA on Open vSwitch bridge sw0 vlan 10',
    spec: { bridge: 'sw0', port: 'vethA', owner: 'lxc:web1', ifname: 'eth0', vlan: 10, mtu: 1450 },
  });
  t.same(ovsTransactionArgs(ovsPortCommands(step)), [
    '--if-exists',
    'del-port',
    'vethA',
    '--',
    'add-port',
    'sw0',
    'vethA',
    'tag=10',
    'external_ids:ctnet-owner="lxc:web1"',
    'external_ids:ctnet-ifname="eth0"',
    '--',
    'set',
    'interface',
    'vethA',
    'mtu_request=1450',
  ]);
  const shown = renderStep(step).join('\n');
  t.match(shown, /over OVSDB as one transaction; the equivalent ovs-vsctl command/);
  t.match(
    shown,
    /\novs-vsctl --if-exists del-port vethA -- add-port sw0 vethA tag=10 'external_ids:ctnet-owner="lxc:web1"'/,
  );
});

t.test('no VLAN, no MTU: no tag column, no set interface', async (t) => {
  const step = planOvsPortUp({ bridge: 'sw0', port: 'v1', owner: 'vz:101' });
  t.same(ovsPortCommands(step), [
    ['--if-exists', 'del-port', 'v1'],
    ['add-port', 'sw0', 'v1', 'external_ids:ctnet-owner="vz:101"'],
  ]);
});

t.test('VLAN modes', async (t) => {
  const cases: Array<[number | undefined, number[] | undefined, string[]]> = [
    [undefined, undefined, []],
    [10, undefined, ['tag=10']],
    [undefined, [10, 20], ['trunks=10,20', 'vlan_mode=trunk']],
    [5, [10, 20], ['tag=5', 'trunks=10,20', 'vlan_mode=native-untagged']],
    [5, [], ['tag=5']],
  ];
  for (const [vlan, trunks, want] of cases)
    t.same(vlanColumns(vlan, trunks), want, `vlan ${vlan} trunks ${String(trunks)}`);
});

t.test('interface external_ids (OpenVZ 7 iface-id / attached-mac) go on the interface', async (t) => {
  const step = planOvsPortUp({
    bridge: 'br',
    port: 'p',
    owner: 'vz:1',
    interfaceIds: { 'iface-id': 'abc', 'attached-mac': '00:11:22:33:44:55' },
  });
  t.same(ovsPortCommands(step)[2], [
    'set',
    'interface',
    'p',
    'external_ids:iface-id="abc"',
    'external_ids:attached-mac="00:11:22:33:44:55"',
  ]);
});

t.test('down is guarded by ownership and tolerant of a missing port', async (t) => {
  const step = planOvsPortDown('vethA', 'lxc:web1');
  t.same(step, {
    kind: 'ovs-port',
    op: 'remove',
    what: 'remove Open vSwitch port vethA',
    port: 'vethA',
    owner: 'lxc:web1',
  });
  t.same(ovsPortCommands(step), [['--no-wait', '--if-exists', 'del-port', 'vethA']]);
  t.match(renderStep(step)[0], /only if its external_ids:ctnet-owner is lxc:web1/);
  t.notMatch(renderStep(planOvsPortDown('vethA'))[0], /only if/, 'no owner: any port of that name (vznetcfg delif)');
});
