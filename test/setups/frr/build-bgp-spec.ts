/** buildBgpSpec validates every `render frr --bgp` input before it can reach frr.conf. */
import t from 'tap';
import { buildBgpSpec, type BgpInputs } from '../../../lib/setups/frr/build-bgp-spec.js';

const IP_ADDR = JSON.stringify([
  { ifname: 'lo', addr_info: [{ family: 'inet', local: '127.0.0.1', prefixlen: 8, scope: 'host' }] },
  {
    ifname: 'br0',
    addr_info: [
      { family: 'inet', local: '10.0.0.2', prefixlen: 24, scope: 'global' },
      { family: 'inet6', local: 'fd10::2', prefixlen: 64, scope: 'global' },
    ],
  },
]);
const base: BgpInputs = {
  hostname: 'a',
  asn: '65011',
  neighbors: ['up0'],
  bfd: true,
  pools: ['203.0.113.0/24'],
  connected: [],
  sources: [],
  ipAddrJson: IP_ADDR,
};

t.test('defaults and detection', async (t) => {
  const s = buildBgpSpec({ ...base, neighbors: ['up0', '10.77.0.1', 'up0'] });
  t.equal(s.asn, 65011);
  t.equal(s.routerId, '10.0.0.2', 'router id: the first global IPv4 address');
  t.same(
    s.neighbors,
    [
      { name: 'up0', unnumbered: true },
      { name: '10.77.0.1', unnumbered: false },
    ],
    'unnumbered and by address, once each',
  );
  t.same(s.v4, { pools: ['203.0.113.0/24'], connected: ['10.0.0.0/24'] });
  t.equal(s.v6, undefined);
  t.equal(s.sparePrepend, 3);
  const v6 = buildBgpSpec({
    ...base,
    ipv6: true,
    neighbors: ['fd77::1'],
    pools: ['203.0.113.0/24', '2001:DB8:113::/64'],
    asn: '4200000011',
    sparePrepend: '2',
  });
  t.same(v6.v6, { pools: ['2001:db8:113::/64'], connected: ['fd10::/64'] });
  t.same(v6.neighbors, [{ name: 'fd77::1', unnumbered: false }]);
  t.equal(v6.asn, 4200000011);
  t.equal(v6.sparePrepend, 2);
  t.same(
    buildBgpSpec({ ...base, pools: [], hostConfPools: ['198.51.100.0/24'] }).v4.pools,
    ['198.51.100.0/24'],
    'pools from host.conf',
  );
});

const bad: Array<[string, Partial<BgpInputs>, RegExp]> = [
  ['no ASN', { asn: undefined }, /--bgp needs this host's AS number: --asn N/],
  ['ASN 0', { asn: '0' }, /--asn: "0" is not a usable AS number/],
  ['ASN too big', { asn: '4294967295' }, /--asn: "4294967295"/],
  ['AS_TRANS', { asn: '23456' }, /--asn: "23456"/],
  ['ASN with text', { asn: '65011\nrouter ospf' }, /--asn: /],
  ['no neighbor', { neighbors: [] }, /at least one peer: --neighbor/],
  [
    'neighbor with a newline',
    { neighbors: ['up0\n neighbor 192.0.2.66 remote-as 1'] },
    /--neighbor: [\s\S]* is neither an IP address nor an interface name/,
  ],
  ['neighbor with a prefix', { neighbors: ['10.77.0.1/24'] }, /--neighbor: "10\.77\.0\.1\/24" is neither/],
  ['IPv6 neighbor without --ipv6', { neighbors: ['fd77::1'] }, /--neighbor: "fd77::1" is IPv6; add --ipv6/],
  ['no pool', { pools: [] }, /no container pool: give --pool NET/],
  [
    'pool of everything',
    { pools: ['0.0.0.0/0'] },
    /--pool: "0\.0\.0\.0\/0" is not a network of routable unicast addresses/,
  ],
  ['IPv6 pool without --ipv6', { pools: ['2001:db8::/32'] }, /--pool: "2001:db8::\/32" is IPv6; add --ipv6/],
  ['bad router id', { routerId: '10.0.0.300' }, /--router-id/],
  ['no router id to find', { ipAddrJson: '[]' }, /give --router-id A\.B\.C\.D/],
  ['prepend 0', { sparePrepend: '0' }, /--spare-prepend: "0" is not a count of 1-9/],
  ['bad hostname', { hostname: 'a\nrouter bgp 1' }, /--hostname/],
];
for (const [name, over, re] of bad) {
  t.test(`refuses: ${name}`, async (t) => {
    t.throws(() => buildBgpSpec({ ...base, ...over }), re);
  });
}
