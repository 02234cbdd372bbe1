import t from 'tap';
import { buildFrrSpec, type FrrInputs } from '../../../lib/setups/frr/build-frr-spec.js';

const IP_ADDR = JSON.stringify([
  { ifname: 'lo', addr_info: [{ family: 'inet', local: '127.0.0.1', prefixlen: 8, scope: 'host' }] },
  {
    ifname: 'br0',
    addr_info: [
      { family: 'inet', local: '10.0.0.2', prefixlen: 24, scope: 'global' },
      { family: 'inet6', local: '2001:db8::2', prefixlen: 64, scope: 'global' },
    ],
  },
  { ifname: 'up0', addr_info: [{ family: 'inet', local: '10.77.0.2', prefixlen: 24, scope: 'global' }] },
]);
const base: FrrInputs = {
  hostname: 'a',
  ospfIfs: ['up0'],
  connected: [],
  pools: ['192.0.2.0/24', '198.51.100.0/24'],
  spare: [],
  anycast: [],
  sources: [],
  ipAddrJson: IP_ADDR,
};

t.test('detects connected networks and the router id; merges given values', async (t) => {
  const s = buildFrrSpec({ ...base, connected: ['172.16.5.9/16'] });
  t.equal(s.routerId, '10.77.0.2', 'router id = first address of the first OSPF interface');
  t.same(
    s.connected,
    ['10.0.0.0/24', '10.77.0.0/24', '172.16.0.0/16'],
    'connected: detected + given, normalized, no lo',
  );
  t.same([s.helloInterval, s.deadInterval, s.area], [1, 3, '0.0.0.0'], 'defaults');
});

t.test('pools: normalized, by family; a config spare outside them is left out, a given one refused', async (t) => {
  const s = buildFrrSpec({
    ...base,
    ipv6: true,
    pools: ['192.0.2.77/24', '2001:DB8:5::/48'],
    spare: ['2001:db8:5::7'],
    fromConfigs: { spare6: ['2001:db8:5::3', '2001:db8:9::3'], anycast6: [] },
  });
  t.same(s.pools, ['192.0.2.0/24'], 'IPv4 pool normalized');
  t.same(s.ipv6?.pools, ['2001:db8:5::/48'], 'IPv6 pool in its shortest form');
  t.same(s.ipv6?.spare, ['2001:db8:5::3', '2001:db8:5::7'], 'the config spare outside the pools is not announced');
  t.throws(
    () => buildFrrSpec({ ...base, ipv6: true, pools: ['2001:db8:5::/48'], anycast: ['2001:db8:6::1'] }),
    /--anycast: "2001:db8:6::1" is in no container pool \(2001:db8:5::\/48\)/,
  );
});

t.test('pools from host.conf when no --pool; its IPv6 pools only with --ipv6', async (t) => {
  const s = buildFrrSpec({ ...base, pools: [], hostConfPools: ['192.0.2.0/24', '2001:db8::/32'] });
  t.same(s.pools, ['192.0.2.0/24']);
  t.equal(s.ipv6, undefined);
  t.same(
    buildFrrSpec({ ...base, ipv6: true, pools: [], hostConfPools: ['192.0.2.0/24', '2001:db8::/32'] }).ipv6?.pools,
    ['2001:db8::/32'],
  );
  t.same(
    buildFrrSpec({ ...base, pools: ['198.51.100.0/24'], hostConfPools: ['192.0.2.0/24'] }).pools,
    ['198.51.100.0/24'],
    '--pool wins over host.conf',
  );
  t.throws(
    () => buildFrrSpec({ ...base, pools: [], hostConfPools: ['2001:db8::/32'] }),
    /no container pool: give --pool NET/,
    'only an IPv6 pool and no --ipv6: nothing to announce',
  );
  t.same(
    buildFrrSpec({ ...base, ipv6: true, pools: ['2001:db8::/32'] }).pools,
    [],
    'only IPv6 pools with --ipv6: no IPv4 announced',
  );
});

const bad: Array<[string, Partial<FrrInputs>, RegExp]> = [
  ['no OSPF interface', { ospfIfs: [] }, /--ospf-if/],
  ['bad interface name', { ospfIfs: ['up0\nrouter bgp'] }, /--ospf-if: [\s\S]*not a valid interface name/],
  ['bad hostname', { hostname: 'a b' }, /--hostname/],
  ['dead not above hello', { hello: '3', dead: '3' }, /--dead \(3\) must be longer than --hello \(3\)/],
  ['hello not a number', { hello: '1s' }, /--hello: "1s"/],
  ['router id not IPv4', { routerId: '2001:db8::1' }, /--router-id: "2001:db8::1" is not an IPv4 address/],
  ['no router id to be found', { ipAddrJson: '[]' }, /give --router-id/],
  ['connected not a network', { connected: ['10.0.0.0/33'] }, /--connected: "10.0.0.0\/33"/],
  ['spare with a prefix', { spare: ['192.0.2.1/32'] }, /--spare/],
  [
    'an IPv4 spare (its class is read live from the route table)',
    { spare: ['192.0.2.1'] },
    /--spare: "192\.0\.2\.1" is IPv4: an IPv4 address's class is read live from its route's table \(CTNET_ANNOUNCE, ctnet-lxc --announce\); --spare classifies IPv6 addresses only/,
  ],
  [
    'an IPv4 anycast address, with --ipv6 too',
    { ipv6: true, anycast: ['198.51.100.1'] },
    /--anycast: "198\.51\.100\.1" is IPv4: .*--anycast classifies IPv6 addresses only/,
  ],
  ['anycast IPv6', { anycast: ['2001:db8::1'] }, /--anycast/],
  ['area garbage', { area: 'backbone' }, /--area/],
  [
    'no pool at all',
    { pools: [] },
    /no container pool: give --pool NET \(repeatable, IPv4 and IPv6\) or "pool = NET" in \[isolation\]/,
  ],
  [
    'a pool of everything',
    { pools: ['0.0.0.0/0'] },
    /--pool: "0\.0\.0\.0\/0" is not a network of routable unicast addresses/,
  ],
  ['an IPv6 pool of everything', { ipv6: true, pools: ['::/0'] }, /--pool: "::\/0" is not/],
  ['a multicast pool', { pools: ['224.0.0.0/4'] }, /--pool: "224\.0\.0\.0\/4" is not/],
  ['a loopback pool', { pools: ['127.0.0.0/8'] }, /--pool: "127\.0\.0\.0\/8" is not/],
  ['a link-local IPv6 pool', { ipv6: true, pools: ['fe80::/64'] }, /--pool: "fe80::\/64" is not/],
  ['an IPv6 pool without --ipv6', { pools: ['2001:db8::/32'] }, /--pool: "2001:db8::\/32" is IPv6; add --ipv6/],
  ['a pool that is no network', { pools: ['192.0.2.0/33'] }, /--pool: "192\.0\.2\.0\/33"/],
];
for (const [name, over, re] of bad) {
  t.test(`refuses: ${name}`, async (t) => {
    t.throws(() => buildFrrSpec({ ...base, ...over }), re);
  });
}

t.test('numeric area becomes dotted', async (t) => {
  t.equal(buildFrrSpec({ ...base, area: '1' }).area, '0.0.0.1');
  t.equal(buildFrrSpec({ ...base, area: '0.0.0.7' }).area, '0.0.0.7');
});

t.test('--ipv6: IPv6 connected networks, spares and anycast from configs and options', async (t) => {
  const s = buildFrrSpec({
    ...base,
    ipv6: true,
    pools: [...base.pools, '2001:db8::/32'],
    connected: ['2001:DB8:99::7/48', '172.16.0.0/12'],
    spare: ['2001:db8:5::0007'],
    anycast: ['2001:db8:6::1'],
    fromConfigs: { spare6: ['2001:db8:5::3', '2001:db8:5::7'], anycast6: [] },
  });
  t.same(s.connected, ['10.0.0.0/24', '10.77.0.0/24', '172.16.0.0/12'], 'IPv4 list keeps the IPv4 networks');
  t.same(
    s.ipv6,
    {
      connected: ['2001:db8:99::/48', '2001:db8::/64'],
      pools: ['2001:db8::/32'],
      spare: ['2001:db8:5::3', '2001:db8:5::7'],
      anycast: ['2001:db8:6::1'],
    },
    'detected + given IPv6 networks, spares merged in their shortest form',
  );
  const withV6Configs = {
    ...base,
    fromConfigs: { spare6: ['2001:db8:5::3'], anycast6: ['2001:db8:6::1'] },
  };
  t.equal(
    buildFrrSpec(withV6Configs).ipv6,
    undefined,
    'without --ipv6: no IPv6 part, the IPv6 spares and anycast of the configs left out',
  );
  for (const v of ['fe80::1', 'ff02::1', '::', '::1', '127.0.0.1', '224.0.0.5']) {
    t.throws(
      () => buildFrrSpec({ ...base, ipv6: true, pools: [...base.pools, '2001:db8::/32'], spare: [v] }),
      new RegExp(`--spare: "${v.replace(/\./g, '\\.')}" is not a routable unicast address`),
      `refuses spare ${v}`,
    );
  }
  t.throws(() => buildFrrSpec({ ...base, spare: ['2001:db8::1'] }), /--spare: "2001:db8::1" is IPv6; add --ipv6/);
  t.throws(
    () => buildFrrSpec({ ...base, connected: ['2001:db8::/64'] }),
    /--connected: "2001:db8::\/64" is IPv6; add --ipv6/,
  );
  t.throws(
    () => buildFrrSpec({ ...base, ipv6: true, spare: ['2001:db8::1/128'] }),
    /--spare: "2001:db8::1\/128" is not an IPv4 or IPv6 address/,
  );
});
