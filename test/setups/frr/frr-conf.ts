import t from 'tap';
import { renderFrrConf, type FrrSpec } from '../../../lib/setups/frr/frr-conf.js';

const base: FrrSpec = {
  hostname: 'node-a',
  routerId: '10.77.0.2',
  area: '0.0.0.0',
  ospfInterfaces: ['up0'],
  helloInterval: 1,
  deadInterval: 3,
  connected: ['10.0.0.0/24', '10.77.0.0/24'],
  pools: ['203.0.113.0/24'],
  sources: [],
};

/** The entries of route-map `name` as "seq action match set..." lines, for compact assertions. */
function routeMap(conf: string, name = 'ctnet'): string[] {
  const out: string[] = [];
  let cur: string[] | undefined;
  for (const l of conf.split('\n')) {
    const m = new RegExp(`^route-map ${name} (permit|deny) (\\d+)$`).exec(l);
    if (m) {
      cur = [`${m[2]} ${m[1]}`];
      out.push('');
      continue;
    }
    if (cur && l.startsWith(' ')) cur.push(l.trim());
    if (l === 'exit' && cur) {
      out[out.length - 1] = cur.join(' | ');
      cur = undefined;
    }
  }
  return out;
}

const cases: Array<{ name: string; spec: Partial<FrrSpec>; routeMap: string[]; has: string[]; lacks: string[] }> = [
  {
    name: 'primaries only: connected dropped, host routes announced as E2 100',
    spec: {},
    routeMap: [
      '10 deny | match ip address prefix-list ctnet-connected',
      '40 permit | match ip address prefix-list ctnet-hosts | set metric 100 | set metric-type type-2',
    ],
    has: [
      'ip prefix-list ctnet-connected seq 5 permit 10.0.0.0/24 le 32',
      'ip prefix-list ctnet-connected seq 10 permit 10.77.0.0/24 le 32',
      'ip prefix-list ctnet-hosts seq 5 permit 203.0.113.0/24 ge 32',
      ' redistribute kernel route-map ctnet',
    ],
    lacks: ['prefix-list ctnet-spare', 'prefix-list ctnet-anycast', '0.0.0.0/0'],
  },
  {
    name: 'several pools, a /32 pool without "ge" (FRR wants ge > len): only host routes inside them',
    spec: { pools: ['192.0.2.0/25', '198.51.100.7/32'] },
    routeMap: [
      '10 deny | match ip address prefix-list ctnet-connected',
      '40 permit | match ip address prefix-list ctnet-hosts | set metric 100 | set metric-type type-2',
    ],
    has: [
      'ip prefix-list ctnet-hosts seq 5 permit 192.0.2.0/25 ge 32\nip prefix-list ctnet-hosts seq 10 permit 198.51.100.7/32\n',
    ],
    lacks: ['0.0.0.0/0', '198.51.100.7/32 ge'],
  },
  {
    name: 'no IPv4 pool: no primary entry, nothing announced (implicit deny)',
    spec: { pools: [] },
    routeMap: ['10 deny | match ip address prefix-list ctnet-connected'],
    has: ['! no IPv4 container pool: no IPv4 host route is announced'],
    lacks: ['ctnet-hosts', '0.0.0.0/0', 'import-table', 'redistribute table', 'ctnet-spare', 'ctnet-anycast'],
  },
  {
    name: 'no connected networks: no deny entry and no empty prefix-list',
    spec: { connected: [] },
    routeMap: ['40 permit | match ip address prefix-list ctnet-hosts | set metric 100 | set metric-type type-2'],
    has: ['route-map ctnet-spare permit 20\n match ip address prefix-list ctnet-hosts\n'],
    lacks: ['ctnet-connected', ' deny 10'],
  },
  {
    name: 'timers, area, router id and every OSPF interface',
    spec: { ospfInterfaces: ['up0', 'up1'], helloInterval: 2, deadInterval: 8, area: '0.0.0.1', routerId: '192.0.2.1' },
    routeMap: [
      '10 deny | match ip address prefix-list ctnet-connected',
      '40 permit | match ip address prefix-list ctnet-hosts | set metric 100 | set metric-type type-2',
    ],
    has: [
      'interface up0\n ip ospf area 0.0.0.1\n ip ospf hello-interval 2\n ip ospf dead-interval 8\nexit',
      'interface up1\n ip ospf area 0.0.0.1',
      ' ospf router-id 192.0.2.1',
      'hostname node-a',
      'ip forwarding',
    ],
    lacks: ['network '],
  },
];

for (const c of cases) {
  t.test(c.name, async (t) => {
    const conf = renderFrrConf({ ...base, ...c.spec });
    t.same(routeMap(conf), c.routeMap, 'route-map entries');
    for (const h of c.has) t.ok(conf.includes(h), `has ${JSON.stringify(h)}`);
    for (const l of c.lacks) t.notOk(conf.includes(l), `lacks ${JSON.stringify(l)}`);
    t.ok(conf.endsWith('end\n'), 'ends with "end"');
    t.equal(renderFrrConf({ ...base, ...c.spec }), conf, 'same spec, same text');
  });
}

t.test('IPv4 spares and anycast: read live from the class tables, no per-address list', async (t) => {
  const conf = renderFrrConf(base);
  t.ok(conf.includes('\nip forwarding\n!\n'), 'zebra lines first');
  t.ok(conf.includes('\nip import-table 213\nip import-table 214\n'), 'zebra imports both class tables');
  t.ok(
    conf.includes(
      ' redistribute kernel route-map ctnet\n redistribute table 213 route-map ctnet-spare\n redistribute table 214 route-map ctnet-anycast\n!\n',
    ),
    'ospfd redistributes main (primaries) and each class table through its own route-map',
  );
  t.ok(
    conf.indexOf('ip import-table 213') < conf.indexOf('router ospf'),
    'the imports are top-level lines before the router block',
  );
  t.same(routeMap(conf, 'ctnet-spare'), [
    '10 deny | match ip address prefix-list ctnet-connected',
    '20 permit | match ip address prefix-list ctnet-hosts | set metric 200 | set metric-type type-2',
  ]);
  t.same(routeMap(conf, 'ctnet-anycast'), [
    '10 deny | match ip address prefix-list ctnet-connected',
    '20 permit | match ip address prefix-list ctnet-hosts | set metric 300 | set metric-type type-1',
  ]);
  t.notMatch(conf, /^ip prefix-list ctnet-(spare|anycast)/m, 'no IPv4 address list to re-render');
  t.notMatch(conf, /permit \d+\.\d+\.\d+\.\d+\/32$/m, 'no single IPv4 address in any list');
});

t.test('IPv6: ospf6d on the same interfaces, its own prefix-lists and route-map ctnet6', async (t) => {
  const conf = renderFrrConf({
    ...base,
    ipv6: {
      connected: ['2001:db8:0:10::/64'],
      pools: ['2001:db8:5::/48', '2001:db8:7::9/128'],
      spare: ['2001:db8:5::12'],
      anycast: [],
    },
  });
  for (const h of [
    'ipv6 forwarding',
    'interface up0\n ip ospf area 0.0.0.0\n ip ospf hello-interval 1\n ip ospf dead-interval 3\n ipv6 ospf6 area 0.0.0.0\n ipv6 ospf6 hello-interval 1\n ipv6 ospf6 dead-interval 3\nexit',
    'router ospf6\n ospf6 router-id 10.77.0.2\n',
    ' redistribute kernel route-map ctnet6',
    'ipv6 prefix-list ctnet6-connected seq 5 permit 2001:db8:0:10::/64 le 128',
    'ipv6 prefix-list ctnet6-spare seq 5 permit 2001:db8:5::12/128',
    'ipv6 prefix-list ctnet6-hosts seq 5 permit 2001:db8:5::/48 ge 128\nipv6 prefix-list ctnet6-hosts seq 10 permit 2001:db8:7::9/128\n',
    'route-map ctnet6 deny 10\n match ipv6 address prefix-list ctnet6-connected\nexit',
    'route-map ctnet6 permit 30\n match ipv6 address prefix-list ctnet6-spare\n set metric 200\n set metric-type type-2\nexit',
    'route-map ctnet6 permit 40\n match ipv6 address prefix-list ctnet6-hosts\n set metric 100\n set metric-type type-2\nexit',
    'enable zebra, ospfd and ospf6d',
  ])
    t.ok(conf.includes(h), `has ${JSON.stringify(h)}`);
  t.notOk(conf.includes('ctnet6-anycast'), 'no anycast list when there is none');
  t.notOk(conf.includes('::/0'), 'no catch-all IPv6 range');
  t.same(routeMap(conf), routeMap(renderFrrConf(base)), 'the IPv4 route-map is unchanged');
  t.ok(
    conf.indexOf('route-map ctnet permit 40') < conf.indexOf('route-map ctnet6 deny 10'),
    'the IPv4 route-map first',
  );
  for (const block of ['router ospf', 'router ospf6']) {
    const body = conf.slice(conf.indexOf(`${block}\n`)).split('\n');
    const end = body.findIndex((l, i) => i > 0 && !l.startsWith(' '));
    t.equal(
      body[end],
      '!',
      `${block} ends with "!", not "exit" (a daemon that does not know the block would leave configuration mode)`,
    );
    t.notOk(body[end + 1]?.startsWith(' '), `${block} is followed by a top-level line`);
  }
  const ospf6 = conf.slice(conf.indexOf('router ospf6\n'), conf.indexOf('\n!', conf.indexOf('router ospf6\n')));
  t.notOk(ospf6.includes('timers throttle lsa all'), 'ospf6d gets no ospfd-only timer line');
  const v4only = renderFrrConf(base);
  for (const l of ['ipv6', 'ospf6', 'ctnet6']) t.notOk(v4only.includes(l), `without ipv6: no "${l}"`);
});

t.test('the "! input:" comments are one line each, whatever the source text', async (t) => {
  const { renderFrrConf, frrCommentText } = await import('../../../lib/setups/frr/frr-conf.js');
  t.equal(frrCommentText('a\nrouter bgp 1\r\n\u202e'), 'a\\nrouter bgp 1\\u000d\\n\\u202e');
  const text = renderFrrConf({
    hostname: 'n1',
    routerId: '10.0.0.1',
    area: '0.0.0.0',
    ospfInterfaces: ['up0'],
    helloInterval: 1,
    deadInterval: 3,
    connected: [],
    pools: [],
    sources: ['x\nrouter bgp 65001', 'y\rinterface evil'],
  });
  t.notMatch(text, /^router bgp/m);
  t.notMatch(text, /^interface evil/m);
  t.notMatch(text, /\r/);
});
