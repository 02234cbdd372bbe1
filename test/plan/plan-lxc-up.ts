import t from 'tap';
import { planLxcUp, type LxcUpInput } from '../../lib/plan/plan-lxc-up.js';
import { parseIpAddr, type IpAddr } from '../../lib/request/ip-address.js';
import { renderPlan } from '../../lib/plan/render-plan.js';
import { teardownSteps } from '../../lib/plan/teardown-entry.js';

const ip = (s: string) => parseIpAddr(s) as IpAddr;
const base = (over: Partial<LxcUpInput> = {}): LxcUpInput => ({
  ev: { name: 'c1', phase: 'up', type: 'veth', hookVersion: 0, device: 'vethA' },
  opts: { routed: false, forwards: [] },
  section: { addresses: [], gateways6: [] },
  veth: { name: 'vethA', exists: true, mtu: 1500 },
  ...over,
});

t.test('OVS with --bridge/--vlan: transaction, link up, owner teardown', async (t) => {
  const p = planLxcUp(
    base({
      opts: { routed: false, forwards: [], bridge: 'sw0', vlan: 10 },
      section: { addresses: [], gateways6: [], name: 'eth0' },
      bridge: { name: 'sw0', exists: true, mtu: 1500 },
      bridgeKind: 'ovs',
    }),
  );
  t.same(
    p.steps.map((s) => s.kind),
    ['ovs-port', 'host-batch'],
  );
  t.match(
    renderPlan(p),
    /add-port sw0 vethA tag=10 'external_ids:ctnet-owner="lxc:c1"' 'external_ids:ctnet-ifname="eth0"' -- set interface vethA mtu_request=1500/,
  );
  t.same(p.teardown, [{ kind: 'ovs-port', port: 'vethA', owner: 'lxc:c1' }]);
  t.match(teardownSteps(p.teardown), [{ kind: 'ovs-port', op: 'remove', port: 'vethA', owner: 'lxc:c1' }]);
});

t.test('the section link is the bridge when there is no --bridge and LXC passed none', async (t) => {
  const p = planLxcUp(
    base({
      section: { addresses: [], gateways6: [], link: 'br0', label: 'lxc.net.0' },
      bridge: { name: 'br0', exists: true, mtu: 1400, isLinuxBridge: true, macFixed: true },
      bridgeKind: 'linux',
    }),
  );
  t.same(
    p.steps.flatMap((s) => (s.kind === 'host-batch' ? s.lines.map((l) => l.cmd) : [])),
    ['link set dev vethA mtu 1400 master br0 up'],
  );
  t.equal(p.action, 'up veth vethA (lxc.net.0)');
});

t.test('routed: sysctls on the veth, routes, IPv6 gateway proxy; routes as teardown', async (t) => {
  const p = planLxcUp(
    base({
      opts: { routed: true, forwards: [] },
      section: { addresses: [ip('10.0.0.5/32'), ip('2001:db8::5/128')], gateways6: [ip('fe80::1')] },
    }),
  );
  const keys = p.steps
    .filter((s) => s.kind === 'sysctl')
    .map((s) => (s.kind === 'sysctl' ? `${s.key}=${s.value}` : ''));
  t.same(keys, [
    'net/ipv4/conf/vethA/proxy_arp=1',
    'net/ipv4/conf/vethA/forwarding=1',
    'net/ipv6/conf/vethA/disable_ipv6=0',
    'net/ipv6/conf/vethA/proxy_ndp=1',
    'net/ipv6/conf/vethA/forwarding=1',
  ]);
  const batch = p.steps.find((s) => s.kind === 'host-batch');
  t.same(
    batch && batch.kind === 'host-batch' ? batch.lines.map((l) => l.cmd) : [],
    [
      'link set dev vethA up',
      'route replace 10.0.0.5/32 dev vethA proto 213',
      'route replace 2001:db8::5/128 dev vethA proto 213',
      'neigh replace proxy fe80::1 dev vethA',
    ],
    'the gateway proxy entry is a line of the same batch',
  );
  t.equal(p.steps.filter((s) => s.kind === 'host-batch').length, 1, 'one host batch');
  t.match(teardownSteps(p.teardown), [
    {
      kind: 'host-batch',
      tolerateMissing: true,
      lines: [
        { cmd: 'route del 10.0.0.5/32 dev vethA proto 213' },
        { cmd: 'route del 2001:db8::5/128 dev vethA proto 213' },
      ],
    },
  ]);
  t.throws(
    () =>
      planLxcUp(
        base({
          opts: { routed: true, forwards: [] },
          section: { addresses: [], gateways6: [], link: 'br0', label: 'lxc.net.0' },
        }),
      ),
    { message: /--routed, but vethA has a bridge \(br0, from lxc.net.0.link\)/ },
  );
});

t.test("routed with --announce: the class is the host routes' metric and table, in the teardown too", async (t) => {
  const p = planLxcUp(
    base({
      opts: { routed: true, forwards: [], announce: 'spare' },
      section: { addresses: [ip('10.0.0.5/32')], gateways6: [] },
    }),
  );
  const batches = p.steps.flatMap((s) => (s.kind === 'host-batch' ? [s] : []));
  t.same(
    batches.map((b) => [b.tolerateExisting ?? false, b.lines.map((l) => l.cmd)]),
    [
      [true, ['rule add pref 32765 lookup 212 protocol 213']],
      [
        false,
        [
          'link set dev vethA up',
          'route replace 10.0.0.5/32 dev vethA proto 213 metric 200 table 212',
          'route replace blackhole 10.0.0.5/32 proto 213 metric 200 table 213',
        ],
      ],
    ],
  );
  t.match(teardownSteps(p.teardown), [
    {
      kind: 'host-batch',
      lines: [
        { cmd: 'route del 10.0.0.5/32 dev vethA proto 213 metric 200 table 212' },
        { cmd: 'route del blackhole 10.0.0.5/32 proto 213 metric 200 table 213' },
        { cmd: 'route del 10.0.0.5/32 dev vethA proto 213 metric 200' },
      ],
    },
  ]);
});

t.test('nothing to do: other types, veth without bridge or --routed', async (t) => {
  for (const type of ['macvlan', 'ipvlan', 'vlan', 'phys', 'empty', 'none']) {
    const p = planLxcUp(
      base({
        ev: { name: 'c1', phase: 'up', type, hookVersion: 0, link: 'eth0' },
        opts: { routed: false, forwards: [], bridge: 'x' },
      }),
    );
    t.same(p.steps, [], `${type}: no steps`);
    t.match(p.notes[0], new RegExp(`type ${type}: nothing for ctnet to do.*options are for veth only`));
  }
  const p = planLxcUp(base());
  t.same(p.steps, []);
  t.match(p.notes[0], /no bridge .* nothing to do/);
});

t.test('missing veth and missing bridge are clear errors', async (t) => {
  t.throws(
    () =>
      planLxcUp(base({ veth: { name: 'vethA', exists: false }, opts: { routed: false, forwards: [], bridge: 'sw0' } })),
    { code: 'E_NODEV', message: /host veth "vethA" does not exist/ },
  );
  t.throws(
    () =>
      planLxcUp(
        base({
          opts: { routed: false, forwards: [], bridge: 'sw9' },
          bridge: { name: 'sw9', exists: false },
          bridgeKind: 'missing',
        }),
      ),
    { code: 'E_NOBRIDGE', message: 'container c1: bridge "sw9" (from --bridge) does not exist' },
  );
});
