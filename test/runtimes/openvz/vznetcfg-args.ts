import t from 'tap';
import { vznetcfgEvent } from '../../../lib/runtimes/openvz/vznetcfg-args.js';
import type { CtnetError } from '../../../lib/errors.js';

const UUID = '3f2a9c1e-5b7d-4e21-9c3a-0d1e2f3a4b5c';

t.test('accepted command lines', async (t) => {
  const cases: Array<[string[], Record<string, string>, object]> = [
    [['init', 'veth', 'veth101.0'], { VEID: '101' }, { kind: 'init', veid: '101', dev: 'veth101.0' }],
    [
      ['init', 'veth', 'veth101.0', 'vmbr0'],
      { VEID: '101' },
      { kind: 'init', veid: '101', dev: 'veth101.0', bridgeArg: 'vmbr0' },
    ],
    [['init', 'veth', 'veth101.0', ''], { VEID: '101' }, { kind: 'init', veid: '101', dev: 'veth101.0' }],
    [
      ['addif', 'veth3f2a9c1e.0', 'br0'],
      { VEID: UUID, NETWORK_TYPE: 'bridge' },
      { kind: 'addif', veid: UUID, dev: 'veth3f2a9c1e.0', network: 'br0', networkIsBridge: true, ovs: false },
    ],
    [
      ['addif', 'v0', 'Bridged'],
      { VEID: '101' },
      { kind: 'addif', veid: '101', dev: 'v0', network: 'Bridged', networkIsBridge: false, ovs: false },
    ],
    [
      ['addif', 'v0', 'sw0'],
      { VEID: '101', NETWORK_TYPE: 'bridge', VPORT_TYPE: 'ovs', IFACEID: 'abc-1', MAC: '00:18:51:AA:BB:CC' },
      {
        kind: 'addif',
        veid: '101',
        dev: 'v0',
        network: 'sw0',
        networkIsBridge: true,
        ovs: true,
        ifaceId: 'abc-1',
        mac: '00:18:51:aa:bb:cc',
      },
    ],
    [['delif', 'v0', ''], { VEID: '101' }, { kind: 'delif', veid: '101', dev: 'v0', ovs: false }],
    [['delif', 'v0'], {}, { kind: 'delif', dev: 'v0', ovs: false }],
    [['delif', 'v0', ''], { VPORT_TYPE: 'ovs' }, { kind: 'delif', dev: 'v0', ovs: true }],
  ];
  for (const [argv, env, want] of cases) t.same(vznetcfgEvent(argv, env), want, argv.join(' '));
});

t.test('refused command lines and environments: one precise reason each', async (t) => {
  const cases: Array<[string[], Record<string, string>, RegExp]> = [
    [[], { VEID: '101' }, /expected "init veth <host_ifname> \[<bridge>\]", "addif/],
    [['init'], { VEID: '101' }, /expected "init veth <host_ifname> \[<bridge>\]", got "init"/],
    [['init', 'venet', 'x'], { VEID: '101' }, /expected "init veth/],
    [['init', 'veth', 'a', 'b', 'c'], { VEID: '101' }, /expected "init veth/],
    [['init', 'veth', 'veth101.0'], {}, /VEID is not set/],
    [['init', 'veth', 'veth101.0'], { VEID: '$(reboot)' }, /VEID: "\$\(reboot\)" is not a valid container id/],
    [['init', 'veth', 'veth;rm'], { VEID: '101' }, /host_ifname argument: "veth;rm" is not a valid interface name/],
    [['init', 'veth', 'veth101.0', 'averyveryverylongbridge'], { VEID: '101' }, /bridge argument: .* longer than 15/],
    [['addif', 'v0'], { VEID: '101' }, /expected "addif <host_ifname> <network>"/],
    [['addif', 'v0', 'br0'], {}, /VEID is not set/],
    [['addif', 'v0', 'br0'], { VEID: '101', NETWORK_TYPE: 'routed' }, /NETWORK_TYPE: "routed" is not "bridge"/],
    [['addif', 'v0', 'br0'], { VEID: '101', VPORT_TYPE: 'OVS' }, /VPORT_TYPE: "OVS" is not "ovs"/],
    [['addif', 'v0', 'br0'], { VEID: '101', MAC: 'zz' }, /MAC: "zz" is not a MAC address/],
    [['addif', 'v0', 'br0'], { VEID: '101', IFACEID: '"x"' }, /IFACEID: ""x"" is not a plain id/],
    [['delif'], {}, /expected "delif <host_ifname>"/],
    [['delif', 'v0', 'br0'], {}, /expected "delif <host_ifname>"/],
    [['delif', 'v0'], { VEID: 'a b' }, /VEID: "a b"/],
  ];
  for (const [argv, env, re] of cases) {
    t.throws(() => vznetcfgEvent(argv, env), re, `${JSON.stringify(argv)} ${JSON.stringify(env)}`);
    try {
      vznetcfgEvent(argv, env);
    } catch (e) {
      t.equal((e as CtnetError).code, 'E_USAGE', 'a usage error');
    }
  }
});
