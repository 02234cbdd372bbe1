/** The veth planner: state in, plan out (pure). */
import t from 'tap';
import { buildCtNetwork, type CtInterface } from '../../lib/request/ct-network.js';
import { parseVzConf } from '../../lib/runtimes/openvz/vz-conf.js';
import type { LinkState } from '../../lib/observe/link-state.js';
import type { Step } from '../../lib/plan/plan.js';
import { planVethUp, restoreLink, type VethUpInput } from '../../lib/plan/veth-up.js';
import { routeTeardown } from '../../lib/plan/host-route.js';
import { routeLine } from '../../lib/plan/route-line.js';
import { teardownSteps } from '../../lib/plan/teardown-entry.js';

const F = '/etc/vz/conf/101.conf';
const iface = (conf: string, n = 0): CtInterface => buildCtNetwork('101', parseVzConf(conf, F).values).interfaces[n]!;
const veth: LinkState = {
  name: 'veth101.0',
  exists: true,
  mtu: 1500,
  mac: 'fe:ff:ff:ff:ff:ff',
  macFixed: false,
  isLinuxBridge: false,
};
const br0 = (over: Partial<LinkState> = {}): LinkState => ({
  name: 'br0',
  exists: true,
  mtu: 1400,
  mac: '02:00:00:00:00:01',
  macFixed: false,
  isLinuxBridge: true,
  ...over,
});
const input = (conf: string, over: Partial<VethUpInput> = {}): VethUpInput => {
  const i = iface(conf);
  return {
    veid: '101',
    iface: i,
    veth,
    ...(i.bridge ? { bridgeName: i.bridge.name, bridgeFrom: i.bridge.from, bridge: br0() } : {}),
    ...over,
  };
};
const SEED =
  'NETIF="ifname=eth0,host_ifname=veth101.0"\nVETH_IP_ADDRESS="10.0.0.101/24 2001:db8::101/64"\nCT0_IP="10.0.0.2"\nVE_DEFAULT_GATEWAY="10.0.0.1"\nBRIDGEDEV="br0"\n';

t.test('bridged veth: pinned MAC, MTU, master, routes; CT batch', async (t) => {
  const plan = planVethUp(input(SEED));
  t.equal(plan.subject, 'CT 101');
  t.same(plan.steps, [
    {
      kind: 'host-batch',
      what: 'host side of veth101.0',
      lines: [
        { cmd: 'link set dev br0 address 02:00:00:00:00:01' },
        { cmd: 'link set dev veth101.0 mtu 1400 master br0 up', undo: 'link set dev veth101.0 nomaster mtu 1500 down' },
        { cmd: 'route replace 10.0.0.101/32 dev br0 proto 213', undo: 'route del 10.0.0.101/32 dev br0 proto 213' },
        {
          cmd: 'route replace 2001:db8::101/128 dev br0 proto 213',
          undo: 'route del 2001:db8::101/128 dev br0 proto 213',
        },
      ],
    },
    {
      kind: 'ct-batch',
      what: 'eth0 inside CT 101',
      veid: '101',
      lines: [
        'link set dev eth0 up',
        'addr replace 10.0.0.101/24 dev eth0',
        'addr replace 2001:db8::101/64 dev eth0 nodad',
        'route replace 10.0.0.2/32 dev eth0',
        'route replace default via 10.0.0.1 dev eth0',
      ],
      undo: [
        '',
        'addr del 10.0.0.101/24 dev eth0',
        'addr del 2001:db8::101/64 dev eth0',
        'route del 10.0.0.2/32 dev eth0',
        'route del default via 10.0.0.1 dev eth0',
      ],
    },
  ]);
  t.same(plan.teardown, [
    { kind: 'route', address: '10.0.0.101', dev: 'br0' },
    { kind: 'route', address: '2001:db8::101', dev: 'br0' },
  ]);
  t.same(teardownSteps(plan.teardown), [
    {
      kind: 'host-batch',
      what: 'routes to the CT via br0',
      tolerateMissing: true,
      lines: [
        { cmd: 'route del 10.0.0.101/32 dev br0 proto 213' },
        { cmd: 'route del 2001:db8::101/128 dev br0 proto 213' },
      ],
    },
  ]);
});

t.test('a bridge MAC already fixed is not set again (second run = no MAC line)', async (t) => {
  const plan = planVethUp(input(SEED, { bridge: br0({ macFixed: true }) }));
  const host = plan.steps[0]!;
  t.ok(host.kind === 'host-batch' && !host.lines.some((l) => l.cmd.includes('address')));
  t.same(planVethUp(input(SEED)), planVethUp(input(SEED)), 'same state in, same plan out');
});

t.test('routed veth (no bridge): routes via the veth', async (t) => {
  const plan = planVethUp(
    input('NETIF="ifname=eth0"\nVETH_IP_ADDRESS="192.0.2.5 2001:db8::5"\nVE_DEFAULT_GATEWAY="192.0.2.1"\n'),
  );
  t.same(
    plan.steps.filter((s) => s.kind === 'sysctl').map((s) => s.kind === 'sysctl' && `${s.key}=${s.value}`),
    [
      'net/ipv4/conf/veth101.0/proxy_arp=1',
      'net/ipv4/conf/veth101.0/forwarding=1',
      'net/ipv6/conf/veth101.0/disable_ipv6=0',
      'net/ipv6/conf/veth101.0/proxy_ndp=1',
      'net/ipv6/conf/veth101.0/forwarding=1',
    ],
    'proxy ARP/NDP and forwarding on the veth only, before the routes',
  );
  t.same(
    plan.steps.find((s) => s.kind === 'host-batch'),
    {
      kind: 'host-batch',
      what: 'host side of veth101.0',
      lines: [
        { cmd: 'link set dev veth101.0 up', undo: 'link set dev veth101.0 down' },
        {
          cmd: 'route replace 192.0.2.5/32 dev veth101.0 proto 213',
          undo: 'route del 192.0.2.5/32 dev veth101.0 proto 213',
        },
        {
          cmd: 'route replace 2001:db8::5/128 dev veth101.0 proto 213',
          undo: 'route del 2001:db8::5/128 dev veth101.0 proto 213',
        },
      ],
    },
  );
  t.match(plan.notes, [/routed veth, host routes via veth101\.0/]);
  const ct = plan.steps.find((s) => s.kind === 'ct-batch')!;
  t.ok(
    ct.kind === 'ct-batch' && ct.lines.includes('route replace default via 192.0.2.1 dev eth0 onlink'),
    'gateway outside the /32: onlink',
  );
  const td = teardownSteps(plan.teardown);
  t.same(td[0]?.kind === 'host-batch' && td[0].lines.map((l) => l.cmd), [
    'route del 192.0.2.5/32 dev veth101.0 proto 213',
    'route del 2001:db8::5/128 dev veth101.0 proto 213',
  ]);
});

t.test('no addresses: attach only, link up in the CT, nothing to tear down', async (t) => {
  const plan = planVethUp(input('NETIF="ifname=eth0,bridge=br0"\n'));
  t.same(plan.steps[0]?.kind === 'host-batch' && plan.steps[0].lines.map((l) => l.cmd), [
    'link set dev br0 address 02:00:00:00:00:01',
    'link set dev veth101.0 mtu 1400 master br0 up',
  ]);
  t.same(plan.steps[1]?.kind === 'ct-batch' && plan.steps[1].lines, ['link set dev eth0 up']);
  t.same(plan.teardown, []);
});

t.test('gateways: on-link, onlink, CT0_IP, IPv6', async (t) => {
  const ctLines = (conf: string) => {
    const s = planVethUp(input(`NETIF="ifname=eth0"\n${conf}`)).steps.find((x) => x.kind === 'ct-batch')!;
    return s.kind === 'ct-batch' ? s.lines.filter((l) => l.includes('default')) : [];
  };
  const cases: Array<[string, string, string[]]> = [
    [
      'inside the subnet',
      'VETH_IP_ADDRESS="10.0.0.5/24"\nVE_DEFAULT_GATEWAY="10.0.0.1"',
      ['route replace default via 10.0.0.1 dev eth0'],
    ],
    [
      'outside the subnet',
      'VETH_IP_ADDRESS="10.0.0.5/24"\nVE_DEFAULT_GATEWAY="10.9.0.1"',
      ['route replace default via 10.9.0.1 dev eth0 onlink'],
    ],
    [
      'the gateway is CT0_IP',
      'VETH_IP_ADDRESS="192.0.2.5/32"\nCT0_IP="10.0.0.2"\nVE_DEFAULT_GATEWAY="10.0.0.2"',
      ['route replace default via 10.0.0.2 dev eth0'],
    ],
    [
      'IPv6 in the subnet',
      'VETH_IP_ADDRESS="2001:db8::5/64"\nVE_DEFAULT_GATEWAY6="2001:db8::1"',
      ['route replace default via 2001:db8::1 dev eth0'],
    ],
    [
      'IPv6 link-local',
      'VETH_IP_ADDRESS="2001:db8::5/64"\nVE_DEFAULT_GATEWAY6="fe80::1"',
      ['route replace default via fe80::1 dev eth0'],
    ],
    [
      'both families',
      'VETH_IP_ADDRESS="10.0.0.5/24 2001:db8::5/64"\nVE_DEFAULT_GATEWAY="10.0.0.1"\nVE_DEFAULT_GATEWAY6="2001:db8::1"',
      ['route replace default via 10.0.0.1 dev eth0', 'route replace default via 2001:db8::1 dev eth0'],
    ],
    ['no gateway', 'VETH_IP_ADDRESS="10.0.0.5/24"', []],
  ];
  for (const [name, conf, want] of cases) t.same(ctLines(conf), want, name);
});

t.test('pinned vs unpinned bridge MAC', async (t) => {
  const first = (b: LinkState) => {
    const s = planVethUp(input(SEED, { bridge: b })).steps[0]!;
    return s.kind === 'host-batch' ? s.lines[0]!.cmd : '';
  };
  t.equal(
    first(br0()),
    'link set dev br0 address 02:00:00:00:00:01',
    'unpinned: pinned to its current MAC before the port joins',
  );
  t.equal(
    first(br0({ macFixed: true })),
    'link set dev veth101.0 mtu 1400 master br0 up',
    'already pinned: left alone',
  );
});

t.test('refusals: missing veth, missing bridge, not a bridge, VLAN on a Linux bridge', async (t) => {
  t.throws(() => planVethUp(input(SEED, { veth: { name: 'veth101.0', exists: false } })), {
    code: 'E_NODEV',
    message: 'CT 101: host interface "veth101.0" does not exist',
  });
  t.throws(() => planVethUp(input(SEED, { bridge: { name: 'br0', exists: false } })), {
    code: 'E_NOBRIDGE',
    message: `CT 101: bridge "br0" (from ${F}:5 BRIDGEDEV) does not exist`,
    hint: /create it before the container starts/,
  });
  t.throws(
    () =>
      planVethUp(
        input(SEED, {
          bridgeName: 'br9',
          bridgeFrom: "the hook's 4th argument",
          bridge: { name: 'br9', exists: false },
        }),
      ),
    { message: 'CT 101: bridge "br9" (from the hook\'s 4th argument) does not exist' },
  );
  t.throws(() => planVethUp(input(SEED, { bridge: br0({ isLinuxBridge: false }) })), {
    code: 'E_NOTBRIDGE',
    message: /"br0" .*is not a Linux bridge/,
  });
  t.throws(() => planVethUp(input(`${SEED}VETH_VLAN="5"\n`)), {
    code: 'E_UNSUPPORTED',
    message: `CT 101: ${F}:6: VETH_VLAN: VLAN 5 for eth0: tagging a port of the Linux bridge "br0" is not supported`,
  });
});

t.test('routeLine and routeTeardown', async (t) => {
  const a = iface('NETIF="ifname=eth0"\nVETH_IP_ADDRESS="10.0.0.5/24"\n').addresses[0]!;
  t.equal(routeLine('replace', a, 'br0'), 'route replace 10.0.0.5/32 dev br0 proto 213');
  t.equal(routeLine('del', a, 'br0'), 'route del 10.0.0.5/32 dev br0 proto 213');
  t.same(routeTeardown([], 'br0'), [], 'no addresses: nothing to tear down');
});

t.test('restoreLink: the undo puts back exactly what the attach changed', async (t) => {
  const v = (over: Partial<LinkState>): LinkState => ({ ...veth, ...over });
  const cases: Array<[string, LinkState, { master?: string; mtu?: number }, string | undefined]> = [
    ['fresh veth', v({ up: false }), { master: 'br0', mtu: 1400 }, 'link set dev veth101.0 nomaster mtu 1500 down'],
    [
      'second run: already as wanted',
      v({ up: true, master: 'br0', mtu: 1400 }),
      { master: 'br0', mtu: 1400 },
      undefined,
    ],
    [
      'moved from another bridge',
      v({ up: true, master: 'br1', mtu: 1400 }),
      { master: 'br0', mtu: 1400 },
      'link set dev veth101.0 master br1',
    ],
    [
      'was an OVS port: only detached',
      v({ up: true, master: 'ovs-system' }),
      { master: 'br0', mtu: 1500 },
      'link set dev veth101.0 nomaster',
    ],
    ['routed, was down', v({ up: false }), {}, 'link set dev veth101.0 down'],
    ['routed, was up', v({ up: true }), {}, undefined],
  ];
  for (const [name, before, to, want] of cases) t.equal(restoreLink(before, to), want, name);
});

t.test(
  'announce class: the metric and class table are on bridged and routed host routes and their teardown',
  async (t) => {
    const routesOf = (steps: Step[]) =>
      steps
        .flatMap((s) => (s.kind === 'host-batch' && !s.tolerateExisting ? s.lines : []))
        .filter((l) => l.cmd.startsWith('route '));
    const bridged = planVethUp(input(`${SEED}CTNET_ANNOUNCE="spare"\n`));
    t.same(
      routesOf(bridged.steps).map((l) => l.cmd),
      [
        'route replace 10.0.0.101/32 dev br0 proto 213 metric 200 table 212',
        'route replace blackhole 10.0.0.101/32 proto 213 metric 200 table 213',
        'route replace 2001:db8::101/128 dev br0 proto 213 metric 200',
      ],
      'bridged spare: IPv4 with metric 200 in table 212, then its marker in 213; IPv6 in main',
    );
    const routed = planVethUp(input('NETIF="ifname=eth0"\nVETH_IP_ADDRESS="192.0.2.5"\nCTNET_ANNOUNCE="anycast"\n'));
    t.same(
      routesOf(routed.steps),
      [
        {
          cmd: 'route replace 192.0.2.5/32 dev veth101.0 proto 213 metric 300 table 212',
          undo: 'route del 192.0.2.5/32 dev veth101.0 proto 213 metric 300 table 212',
        },
        {
          cmd: 'route replace blackhole 192.0.2.5/32 proto 213 metric 300 table 214',
          undo: 'route del blackhole 192.0.2.5/32 proto 213 metric 300 table 214',
        },
      ],
      'routed anycast: metric 300 in table 212, its marker in 214; undo matches',
    );
    t.same(
      routed.steps.flatMap((s) => (s.kind === 'host-batch' && s.tolerateExisting ? s.lines.map((l) => l.cmd) : [])),
      ['rule add pref 32765 lookup 212 protocol 213'],
      "routed anycast: table 212's rule",
    );
    const rtd = teardownSteps(routed.teardown);
    t.same(rtd[0]?.kind === 'host-batch' && rtd[0].lines.map((l) => l.cmd), [
      'route del 192.0.2.5/32 dev veth101.0 proto 213 metric 300 table 212',
      'route del blackhole 192.0.2.5/32 proto 213 metric 300 table 214',
      'route del 192.0.2.5/32 dev veth101.0 proto 213 metric 300',
    ]);
  },
);
