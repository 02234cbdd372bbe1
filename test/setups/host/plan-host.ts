/** planHost is pure: declared config + observed host -> ok / MISSING / STALE items with their actions. */
import t from 'tap';
import { parseHostConf } from '../../../lib/setups/host/host-conf.js';
import { planHost, type HostObserved, type LinkSeen } from '../../../lib/setups/host/plan-host.js';
import type { NatEntry } from '../../../lib/setups/nat/nat-entry.js';
import { parseNetworksConf } from '../../../lib/setups/pbr/networks-conf.js';
import { pbrEntries } from '../../../lib/setups/pbr/pbr-entries.js';

const CONF = `[bridge br0]
mac = 02:00:00:00:00:01
address = 10.0.0.1/24

[shim mv0]
parent = eth1
address = 10.0.5.1/24

[masquerade lan]
network = 10.0.0.0/24

[forward web]
to = 10.0.0.5
port = tcp:8080:80
`;
const cfg = parseHostConf(CONF, 'host.conf');
const none = parseHostConf('', 'host.conf');

const bridgeOk: LinkSeen = {
  detail: { name: 'br0', kind: 'bridge', mac: '02:00:00:00:00:01', mtu: 1500, up: true, addresses: ['10.0.0.1/24'] },
  macFixed: true,
};
const shimOk: LinkSeen = {
  detail: {
    name: 'mv0',
    kind: 'macvlan',
    mode: 'bridge',
    parent: 'eth1',
    ifalias: 'ctnet-shim',
    mac: '02:00:00:00:00:09',
    mtu: 1500,
    up: true,
    addresses: ['10.0.5.1/24'],
  },
  macFixed: false,
};
const natOk: Record<string, NatEntry[]> = {
  'host:lan': [{ type: 'masquerade', network: '10.0.0.0/24', family: 4 }],
  'host:web': [{ type: 'forward', proto: 'tcp', hostPort: 8080, to: '10.0.0.5', toPort: 80, family: 4 }],
  'vz-101': [{ type: 'forward', proto: 'tcp', hostPort: 2201, to: '10.0.0.101', toPort: 22, family: 4 }],
  'masq-10.9.0.0/24': [{ type: 'masquerade', network: '10.9.0.0/24', family: 4 }],
};
const seen = (over: Partial<HostObserved> = {}): HostObserved => ({
  links: { br0: bridgeOk, mv0: shimOk, eth1: { macFixed: false } },
  nat: { version: 1, owners: natOk },
  record: { bridges: [{ name: 'br0', ovs: false }], shims: ['mv0'] },
  ...over,
});
const rows = (items: ReturnType<typeof planHost>) =>
  items.map((i) => `${i.state} ${i.action} ${i.kind} ${i.name}: ${i.detail}`);

t.test('everything in place: all ok, no action; other owners of the NAT table are not ours', async (t) => {
  const items = planHost(cfg, undefined, seen());
  t.same(
    items.map((i) => [i.state, i.action]),
    Array(4).fill(['ok', 'none']),
  );
});

t.test('nothing there after a reboot: every entry MISSING, action add', async (t) => {
  const items = planHost(
    cfg,
    undefined,
    seen({ links: { eth1: { macFixed: false } }, nat: { version: 1, owners: {} }, record: { bridges: [], shims: [] } }),
  );
  t.same(rows(items), [
    'MISSING add bridge br0: does not exist',
    'MISSING add shim mv0: needs: link add link eth1 name mv0 type macvlan mode bridge; link set dev mv0 alias ctnet-shim; addr add 10.0.5.1/24 dev mv0; link set dev mv0 up',
    'MISSING add masquerade lan: lacks masquerade 10.0.0.0/24',
    'MISSING add forward web: lacks forward tcp 8080 -> 10.0.0.5:80',
  ]);
});

t.test('an entry that differs is MISSING with what it needs', async (t) => {
  const moved = { ...bridgeOk, detail: { ...bridgeOk.detail!, mac: '02:00:00:00:00:07' } };
  const foreign = { ...shimOk, detail: { ...shimOk.detail!, ifalias: 'admin' } };
  const nat = {
    ...natOk,
    'host:web': [
      ...natOk['host:web']!,
      {
        type: 'forward' as const,
        proto: 'tcp' as const,
        hostPort: 8081,
        to: '10.0.0.5',
        toPort: 81,
        family: 4 as const,
      },
    ],
  };
  t.same(
    rows(
      planHost(
        cfg,
        undefined,
        seen({ links: { br0: moved, mv0: foreign, eth1: { macFixed: false } }, nat: { version: 1, owners: nat } }),
      ),
    ),
    [
      'MISSING add bridge br0: needs: link set dev br0 address 02:00:00:00:00:01',
      'MISSING add shim mv0: shim "mv0" exists and was not made by ctnet (alias "admin")',
      'ok none masquerade lan: masquerade 10.0.0.0/24',
      'MISSING add forward web: has forward tcp 8081 -> 10.0.0.5:81',
    ],
  );
});

t.test('what ctnet made and the config no longer declares is STALE; what it did not make is left alone', async (t) => {
  const items = planHost(
    none,
    undefined,
    seen({
      links: { br0: { ...bridgeOk, ports: 0 }, mv0: shimOk, vmbr9: bridgeOk },
      record: {
        bridges: [
          { name: 'br0', ovs: false },
          { name: 'gone0', ovs: false },
        ],
        shims: ['mv0'],
      },
    }),
  );
  t.same(
    rows(items),
    [
      'STALE remove bridge br0: no longer declared; made by ctnet',
      'STALE remove shim mv0: no longer declared; made by ctnet',
      'STALE remove masquerade lan: no longer declared: masquerade 10.0.0.0/24',
      'STALE remove forward web: no longer declared: forward tcp 8080 -> 10.0.0.5:80',
    ],
    'vmbr9 (not recorded), gone0 (not there), vz-101 and masq-… (not host:) are not items',
  );
  const foreign = { ...shimOk, detail: { ...shimOk.detail!, ifalias: 'admin' } };
  t.same(
    planHost(
      none,
      undefined,
      seen({ links: { mv0: foreign }, nat: { version: 1, owners: {} }, record: { bridges: [], shims: ['mv0'] } }),
    ),
    [],
    'a recorded shim name now held by a link without the ctnet alias is not ours to remove',
  );
});

t.test('a stale bridge with ports is kept', async (t) => {
  const items = planHost(
    none,
    undefined,
    seen({
      links: { br0: { ...bridgeOk, ports: 2 } },
      nat: { version: 1, owners: {} },
      record: { bridges: [{ name: 'br0', ovs: false }], shims: [] },
    }),
  );
  t.same(rows(items), ['STALE keep bridge br0: no longer declared; kept while it has 2 port(s)']);
});

t.test('Open vSwitch bridges: unreachable OVS, missing bridge, MAC not pinned yet, stale', async (t) => {
  const ovs = parseHostConf('[bridge sw0]\ntype = ovs\nmac = 02:00:00:00:00:05\n', 'h');
  const sw0: LinkSeen = {
    detail: { name: 'sw0', kind: 'openvswitch', mac: '02:00:00:00:00:05', mtu: 1500, up: true, addresses: [] },
    macFixed: false,
  };
  const base = { nat: { version: 1 as const, owners: {} }, record: { bridges: [], shims: [] } };
  t.same(rows(planHost(ovs, undefined, { ...base, links: {} })), [
    'MISSING add bridge sw0: Open vSwitch is not reachable',
  ]);
  t.same(rows(planHost(ovs, undefined, { ...base, links: {}, ovsBridges: [] })), [
    'MISSING add bridge sw0: no such Open vSwitch bridge',
  ]);
  t.same(
    rows(
      planHost(ovs, undefined, {
        ...base,
        links: { sw0: { ...sw0, detail: { ...sw0.detail!, mac: '02:00:00:00:00:06' } } },
        ovsBridges: ['sw0'],
      }),
    ),
    ['MISSING add bridge sw0: MAC 02:00:00:00:00:06, want 02:00:00:00:00:05'],
  );
  t.same(rows(planHost(ovs, undefined, { ...base, links: { sw0 }, ovsBridges: ['sw0'] })), [
    'ok none bridge sw0: Open vSwitch bridge, MAC 02:00:00:00:00:05',
  ]);
  const stale = planHost(none, undefined, {
    ...base,
    links: { sw0: { ...sw0, ports: 0 } },
    ovsBridges: ['sw0'],
    record: { bridges: [{ name: 'sw0', ovs: true }], shims: [] },
  });
  t.match(stale, [{ state: 'STALE', action: 'remove', kind: 'bridge', name: 'sw0', ovs: true }]);
});

t.test('policy routing: per network ok or MISSING; recorded entries without networks.conf are STALE', async (t) => {
  const pbr = parseNetworksConf('[internal]\ntable = 210\nprefix = 10.0.0.0/24\nuplink = eth0\n', 'networks.conf');
  const desired = pbrEntries(pbr);
  const base = { links: {}, nat: { version: 1 as const, owners: {} }, record: { bridges: [], shims: [] } };
  t.same(
    rows(
      planHost(none, pbr, { ...base, pbr: { state: { desired, recorded: [], present: new Set() }, namesOk: false } }),
    ),
    ['MISSING add pbr internal: 3 of 3 routes and rules missing'],
  );
  t.same(
    rows(
      planHost(none, pbr, {
        ...base,
        pbr: { state: { desired, recorded: desired, present: new Set(desired.map((e) => e.id)) }, namesOk: true },
      }),
    ),
    ['ok none pbr internal: table 210, 3 routes and rules'],
  );
  t.same(
    rows(
      planHost(none, pbr, {
        ...base,
        pbr: { state: { desired, recorded: desired, present: new Set(desired.map((e) => e.id)) }, namesOk: false },
      }),
    ),
    [
      'ok none pbr internal: table 210, 3 routes and rules',
      'MISSING add pbr rt_tables.d/ctnet.conf: table names missing or outdated',
    ],
  );
  const old = pbrEntries(
    parseNetworksConf('[old]\ntable = 211\nprefix = 10.9.0.0/24\nuplink = eth0\n', 'networks.conf'),
  );
  t.same(
    rows(
      planHost(none, pbr, {
        ...base,
        pbr: {
          state: { desired, recorded: [...desired, ...old], present: new Set([...desired, ...old].map((e) => e.id)) },
          namesOk: true,
        },
      }),
    ),
    [
      'ok none pbr internal: table 210, 3 routes and rules',
      'STALE remove pbr old: no longer in networks.conf; its entries are still in place',
    ],
    'a network taken out of networks.conf',
  );
  t.same(
    rows(
      planHost(none, undefined, {
        ...base,
        pbr: { state: { desired: [], recorded: desired, present: new Set([desired[0]!.id]) }, namesOk: true },
      }),
    ),
    ['STALE remove pbr networks.conf: the file is gone; its routes and rules are still in place'],
  );
  t.same(
    rows(
      planHost(none, undefined, {
        ...base,
        pbr: { state: { desired: [], recorded: desired, present: new Set() }, namesOk: true },
      }),
    ),
    [],
    'recorded but already gone: nothing to do',
  );
});
