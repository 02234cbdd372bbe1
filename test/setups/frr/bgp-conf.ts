/** renderBgpConf is pure: spec in, frr.conf text out. */
import t from 'tap';
import { renderBgpConf, type BgpSpec } from '../../../lib/setups/frr/bgp-conf.js';

const base: BgpSpec = {
  hostname: 'a',
  asn: 4200000011,
  routerId: '10.77.0.2',
  bfd: true,
  sparePrepend: 3,
  neighbors: [
    { name: 'up0', unnumbered: true },
    { name: '10.77.0.1', unnumbered: false },
  ],
  v4: { pools: ['203.0.113.0/24', '198.51.100.7/32'], connected: ['10.0.0.0/24'] },
  sources: [],
};

/** Entries of route-map `name` as "seq action | line | line" strings. */
function routeMap(conf: string, name: string): string[] {
  const out: string[] = [];
  let cur: string[] | undefined;
  for (const l of conf.split('\n')) {
    const m = new RegExp(`^route-map ${name} (permit|deny) (\\d+)$`).exec(l);
    if (m) {
      cur = [`${m[2]} ${m[1]}`];
      continue;
    }
    if (cur && l.startsWith(' ')) cur.push(l.trim());
    if (l === 'exit' && cur) {
      out.push(cur.join(' | '));
      cur = undefined;
    }
  }
  return out;
}

t.test('IPv4: sessions, BFD, pools only, class by the kernel metric', async (t) => {
  const conf = renderBgpConf(base);
  for (const h of [
    'router bgp 4200000011\n bgp router-id 10.77.0.2\n',
    ' neighbor ctnet-tor peer-group\n neighbor ctnet-tor remote-as external\n neighbor ctnet-tor bfd\n',
    ' neighbor up0 interface peer-group ctnet-tor\n neighbor 10.77.0.1 peer-group ctnet-tor\n',
    ' address-family ipv4 unicast\n  redistribute kernel route-map ctnet\n  redistribute table 213 route-map ctnet-spare\n  redistribute table 214 route-map ctnet-anycast\n  neighbor ctnet-tor activate\n  neighbor ctnet-tor route-map ctnet-in in\n  neighbor ctnet-tor route-map ctnet-out out\n exit-address-family\n',
    'ip prefix-list ctnet-hosts seq 5 permit 203.0.113.0/24 ge 32\nip prefix-list ctnet-hosts seq 10 permit 198.51.100.7/32\n',
    'ip prefix-list ctnet-connected seq 5 permit 10.0.0.0/24 le 32',
    "ip forwarding\n!\n! IPv4 spares (table 213) and anycast addresses (table 214), read live from the hooks' class tables\nip import-table 213\nip import-table 214\n!\nrouter bgp",
    'bgp as-path access-list ctnet-local seq 5 permit ^$\nbgp as-path access-list ctnet-local seq 10 permit ^4200000011( 4200000011)*$\n',
  ])
    t.ok(conf.includes(h), `has ${JSON.stringify(h)}`);
  t.same(routeMap(conf, 'ctnet'), [
    '10 deny | match ip address prefix-list ctnet-connected',
    '20 permit | match ip address prefix-list ctnet-hosts | match metric 200 | set as-path prepend 4200000011 4200000011 4200000011 | set large-community 4200000011:213:200 | set metric 0',
    '30 permit | match ip address prefix-list ctnet-hosts | match metric 300 | set large-community 4200000011:213:300 | set metric 0',
    '40 permit | match ip address prefix-list ctnet-hosts | set large-community 4200000011:213:100 | set metric 0',
  ]);
  t.same(
    routeMap(conf, 'ctnet-spare'),
    [
      '10 deny | match ip address prefix-list ctnet-connected',
      '20 permit | match ip address prefix-list ctnet-hosts | set as-path prepend 4200000011 4200000011 4200000011 | set large-community 4200000011:213:200 | set metric 0',
    ],
    "table 213 is the spare class, whatever the metric of the route zebra selected (the container's, or its anchor's)",
  );
  t.same(routeMap(conf, 'ctnet-anycast'), [
    '10 deny | match ip address prefix-list ctnet-connected',
    '20 permit | match ip address prefix-list ctnet-hosts | set large-community 4200000011:213:300 | set metric 0',
  ]);
  t.same(
    routeMap(conf, 'ctnet-out'),
    ['10 permit | match as-path ctnet-local'],
    'only routes this node originates go out',
  );
  t.notOk(/0\.0\.0\.0\/0|ipv6|ctnet6/.test(conf), 'no catch-all range, nothing IPv6');
  t.ok(conf.endsWith('end\n'));
  t.equal(renderBgpConf(base), conf, 'same spec, same text');
});

t.test('IPv6 (MP-BGP), no BFD, prepend count, no IPv4 pool', async (t) => {
  const conf = renderBgpConf({
    ...base,
    bfd: false,
    sparePrepend: 1,
    v4: { pools: [], connected: [] },
    v6: { pools: ['2001:db8:113::/64'], connected: ['fd10::/64'] },
  });
  t.notOk(conf.includes(' bfd'), 'no bfd line');
  t.notOk(conf.includes('bfdd'), 'bfdd not asked for');
  t.ok(conf.includes(' address-family ipv6 unicast\n  redistribute kernel route-map ctnet6\n'), 'IPv6 address family');
  t.ok(conf.includes('ipv6 prefix-list ctnet6-hosts seq 5 permit 2001:db8:113::/64 ge 128'));
  t.ok(conf.includes('ipv6 prefix-list ctnet6-connected seq 5 permit fd10::/64 le 128'));
  t.match(routeMap(conf, 'ctnet6')[1], /match metric 200 \| set as-path prepend 4200000011 \|/, 'one prepend');
  t.same(routeMap(conf, 'ctnet'), [], 'no IPv4 pool: the IPv4 route-map has no entry (implicit deny)');
  t.ok(conf.includes('! no IPv4 container pool: no IPv4 host route is announced'));
  t.notOk(/import-table|redistribute table/.test(conf), 'no IPv4 pool: no class table imported or redistributed');
  t.notOk(conf.includes('ipv6 import-table'), 'FRR 8.4 has no IPv6 table import: IPv6 classes stay in main');
});

t.test('the "! input:" comments cannot start a line of configuration', async (t) => {
  const conf = renderBgpConf({ ...base, sources: ['x\nrouter bgp 1\n neighbor 192.0.2.66 remote-as 2'] });
  t.notMatch(conf, /^router bgp 1$/m);
  t.notMatch(conf, /^ neighbor 192\.0\.2\.66/m);
});
