/** findDrift is pure: table of inventories and kernel routes -> findings. */
import t from 'tap';
import type { Inventory, InventoryIface } from '../../../lib/cli/check/ct-inventory.js';
import { findDrift, formatFinding } from '../../../lib/cli/check/find-drift.js';
import type { KernelRoute } from '../../../lib/observe/kernel-routes.js';
import { parseIpAddr, type IpAddr } from '../../../lib/request/ip-address.js';

const addr = (s: string) => parseIpAddr(s) as IpAddr;
function iface(
  ct: string,
  opts: {
    up?: boolean;
    exists?: boolean;
    master?: string;
    mtu?: number;
    bridge?: string | null;
    addrs?: string[];
  } = {},
): InventoryIface {
  const host = `veth${ct}.0`;
  const bridge = opts.bridge === undefined ? 'br0' : opts.bridge;
  const i: InventoryIface = {
    ct,
    iface: { ifname: 'eth0', hostIfname: host, addresses: (opts.addrs ?? [`10.0.0.${ct}/24`]).map(addr) },
    veth:
      opts.exists === false
        ? { name: host, exists: false }
        : {
            name: host,
            exists: true,
            mtu: opts.mtu ?? 1500,
            up: opts.up ?? true,
            ...(opts.master !== undefined ? { master: opts.master } : bridge ? { master: bridge } : {}),
          },
  };
  if (bridge) {
    i.iface.bridge = { name: bridge, from: 'BRIDGEDEV' };
    i.bridge = { name: bridge, exists: true, mtu: 1500, isLinuxBridge: true };
  }
  return i;
}
const inv = (ifaces: InventoryIface[], records: Inventory['records'] = []): Inventory => ({
  ifaces,
  records,
  broken: [],
});
const r = (dst: string, dev: string): KernelRoute => ({ dst, dev });
const marker = (dst: string, table: string): KernelRoute => ({ dst, dev: '', table, marker: true });

/** What vznet records for a spare (lib/plan/teardown-entry.ts). */
const spareRecord = (ct: string): Inventory['records'][number] => ({
  id: `vz-${ct}`,
  part: `veth${ct}.0`,
  partExists: true,
  entries: [{ kind: 'route', address: `10.0.0.${ct}`, dev: 'br0', metric: 200 }],
});

const cases: Array<{ name: string; inv: Inventory; routes: KernelRoute[]; want: string[] }> = [
  { name: 'clean', inv: inv([iface('101')]), routes: [r('10.0.0.101/32', 'br0')], want: [] },
  { name: 'stopped CT, no route: clean', inv: inv([iface('101', { exists: false })]), routes: [], want: [] },
  {
    name: 'wrong bridge',
    inv: inv([iface('101', { master: 'br1' })]),
    routes: [r('10.0.0.101/32', 'br0')],
    want: ['CT 101 veth101.0: on "br1" (want "br0")'],
  },
  {
    name: 'no bridge, down, MTU',
    inv: inv([iface('101', { master: '', up: false, mtu: 9000 })]),
    routes: [r('10.0.0.101/32', 'br0')],
    want: [
      'CT 101 veth101.0: not on a bridge (want "br0")',
      'CT 101 veth101.0: MTU 9000, bridge "br0" has 1500',
      'CT 101 veth101.0: is down',
    ],
  },
  {
    name: 'missing route',
    inv: inv([iface('101')]),
    routes: [],
    want: ['CT 101 route 10.0.0.101/32 dev br0: missing (proto 213)'],
  },
  {
    name: 'routed veth: route via the veth',
    inv: inv([iface('101', { bridge: null })]),
    routes: [r('10.0.0.101/32', 'br0')],
    want: [
      'CT 101 route 10.0.0.101/32 dev veth101.0: missing (proto 213)',
      'CT 101 route 10.0.0.101/32 dev br0: leftover: CT 101 routes it via veth101.0',
    ],
  },
  {
    name: 'leftover of a stopped CT',
    inv: inv([iface('102', { exists: false })]),
    routes: [r('10.0.0.102/32', 'br0')],
    want: ['CT 102 route 10.0.0.102/32 dev br0: leftover: CT 102 is not running'],
  },
  {
    name: 'a recorded route of a running interface is wanted',
    inv: inv(
      [],
      [
        {
          id: 'lxc-c1',
          part: 'vethA',
          partExists: true,
          entries: [{ kind: 'route', address: '10.1.0.5', dev: 'vethA' }],
        },
      ],
    ),
    routes: [r('10.1.0.5/32', 'vethA')],
    want: [],
  },
  {
    name: "a spare's route in table 212 and its marker, the container running: clean",
    inv: inv([iface('101')]),
    routes: [{ ...r('10.0.0.101/32', 'br0'), table: '212' }, marker('10.0.0.101/32', '213')],
    want: [],
  },
  {
    name: 'the marker of a container that died without its down hook is a leftover',
    inv: inv([iface('102', { exists: false })]),
    routes: [marker('10.0.0.102/32', '213')],
    want: ['CT 102 class marker 10.0.0.102/32 (table 213): leftover: CT 102 is not running'],
  },
  {
    name: 'a marker nobody claims',
    inv: inv([]),
    routes: [marker('10.0.0.103/32', '214')],
    want: ['CT - class marker 10.0.0.103/32 (table 214): leftover: no container has this address'],
  },
  {
    name: "a running spare's recorded marker that the kernel lacks is missing",
    inv: inv([iface('101')], [spareRecord('101')]),
    routes: [{ ...r('10.0.0.101/32', 'br0'), table: '212' }],
    want: ['CT 101 class marker 10.0.0.101/32 (table 213): missing: FRR does not announce the address as spare'],
  },
  {
    name: "a running spare's recorded route and marker, both there: clean",
    inv: inv([iface('101')], [spareRecord('101')]),
    routes: [{ ...r('10.0.0.101/32', 'br0'), table: '212' }, marker('10.0.0.101/32', '213')],
    want: [],
  },
  {
    name: 'stale record',
    inv: inv([], [{ id: 'lxc-c1', part: 'vethA', partExists: false, entries: [] }]),
    routes: [],
    want: ['CT c1 record lxc-c1.json (vethA): stale: vethA is gone'],
  },
];

for (const c of cases) {
  t.test(c.name, async (t) => {
    t.same(findDrift(c.inv, c.routes).map(formatFinding), c.want);
  });
}

t.test('the fixes name the table and the marker', async (t) => {
  const [m] = findDrift(inv([iface('102', { exists: false })]), [marker('10.0.0.102/32', '213')]);
  t.same(m?.fix, { kind: 'remove-route', dst: '10.0.0.102/32', dev: '', table: '213', marker: true });
  const [rt] = findDrift(inv([iface('102', { exists: false })]), [{ ...r('10.0.0.102/32', 'br0'), table: '212' }]);
  t.same(rt?.fix, { kind: 'remove-route', dst: '10.0.0.102/32', dev: 'br0', table: '212' });
});

t.test('without the rule of table 212, one finding names the containers whose class routes need it', async (t) => {
  const routes = ['101', '102'].flatMap((ct) => [
    { ...r(`10.0.0.${ct}/32`, 'br0'), table: '212' },
    marker(`10.0.0.${ct}/32`, '213'),
  ]);
  const both = inv([iface('101'), iface('102')], [spareRecord('101'), spareRecord('102')]);
  t.same(findDrift(both, routes, undefined, true), [], 'the rule is there: clean');
  const found = findDrift(both, routes, undefined, false);
  t.same(found.map(formatFinding), [
    'CT 101 rule pref 32765 lookup 212: missing: forwarding does not see the IPv4 spare and anycast routes of 2 running containers (table 212)',
  ]);
  t.same(found[0]?.fix, { kind: 'reapply', ct: '101', hostIfname: 'veth101.0', lxc: undefined }, "CT 101's up adds it");
  const primary = inv([iface('103')], [{ ...spareRecord('103'), entries: [] }]);
  t.same(findDrift(primary, [r('10.0.0.103/32', 'br0')], undefined, false), [], 'no class route: no rule wanted');
});

t.test("a missing marker's fix is the container's up", async (t) => {
  const [m] = findDrift(inv([iface('101')], [spareRecord('101')]), [{ ...r('10.0.0.101/32', 'br0'), table: '212' }]);
  t.same(m?.fix, { kind: 'reapply', ct: '101', hostIfname: 'veth101.0', lxc: undefined });
});
