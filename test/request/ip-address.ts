/** IpAddr parsing and the helpers that turn it into route/addr arguments. */
import t from 'tap';
import {
  addressKind,
  containsAddr,
  expandIPv6,
  hostRoute,
  networkOf,
  parseIpAddr,
  withPrefix,
  type IpAddr,
} from '../../lib/request/ip-address.js';

const p = (s: string): IpAddr => {
  const a = parseIpAddr(s);
  if (typeof a === 'string') throw new Error(a);
  return a;
};

t.test('parseIpAddr', async (t) => {
  const ok: Array<[string, IpAddr]> = [
    ['10.0.0.5', { family: 4, address: '10.0.0.5', prefix: 32 }],
    ['10.0.0.5/24', { family: 4, address: '10.0.0.5', prefix: 24 }],
    ['10.0.0.5/255.255.255.192', { family: 4, address: '10.0.0.5', prefix: 26 }],
    ['10.0.0.5/255.255.255.255', { family: 4, address: '10.0.0.5', prefix: 32 }],
    ['10.0.0.5/0.0.0.0', { family: 4, address: '10.0.0.5', prefix: 0 }],
    ['2001:DB8::5/64', { family: 6, address: '2001:db8::5', prefix: 64 }],
    ['::ffff:10.0.0.5', { family: 6, address: '::ffff:10.0.0.5', prefix: 128 }],
  ];
  for (const [s, want] of ok) t.same(parseIpAddr(s), want, s);
  const bad: Array<[string, RegExp]> = [
    ['10.0.0.300', /not an IPv4\/IPv6 address/],
    ['10.0.0', /not an IPv4/],
    ['', /not an IPv4/],
    ['10.0.0.5/33', /prefix length must be 0-32/],
    ['2001:db8::5/129', /0-128/],
    ['10.0.0.5/255.0.255.0', /not a contiguous netmask/],
    ['10.0.0.5/x', /not a prefix length/],
    ['10.0.0.5/24;reboot', /not a prefix length/],
    ['fe80::1%eth0', /not an IPv4\/IPv6 address|scoped/],
    ['10.0.0.5 dev lo', /not an IPv4/],
    ['$(id)', /not an IPv4/],
  ];
  for (const [s, re] of bad) t.match(parseIpAddr(s), re, JSON.stringify(s));
  t.match(parseIpAddr('10.0.0.5/24', { allowPrefix: false }), /must be a plain address/);
});

t.test('formatting', async (t) => {
  t.equal(withPrefix(p('10.0.0.5/24')), '10.0.0.5/24');
  t.equal(hostRoute(p('10.0.0.5/24')), '10.0.0.5/32');
  t.equal(hostRoute(p('2001:db8::5/64')), '2001:db8::5/128');
  const nets: Array<[string, string]> = [
    ['10.0.0.5/24', '10.0.0.0/24'],
    ['10.0.0.200/25', '10.0.0.128/25'],
    ['10.1.2.3/0', '0.0.0.0/0'],
    ['10.1.2.3/32', '10.1.2.3/32'],
    ['2001:db8:1:2::5/64', '2001:db8:1:2::/64'],
    ['2001:db8:abcd::1/36', '2001:db8:a000::/36'],
    ['2001:db8::1/128', '2001:db8::1/128'],
  ];
  for (const [a, want] of nets) t.equal(networkOf(p(a)), want, a);
  t.same(expandIPv6('2001:db8::1'), [0x2001, 0xdb8, 0, 0, 0, 0, 0, 1]);
  t.same(expandIPv6('::ffff:10.0.0.5'), [0, 0, 0, 0, 0, 0xffff, 0x0a00, 0x0005]);
});

t.test('containsAddr and addressKind', async (t) => {
  t.ok(containsAddr(p('10.0.0.5/24'), p('10.0.0.1')));
  t.notOk(containsAddr(p('10.0.0.5/24'), p('10.0.1.1')));
  t.notOk(containsAddr(p('10.0.0.5/24'), p('2001:db8::1')), 'other family');
  t.ok(containsAddr(p('2001:db8::5/64'), p('2001:db8::1')));
  t.notOk(containsAddr(p('2001:db8::5/64'), p('fe80::1')));
  const kinds: Array<[string, string]> = [
    ['10.0.0.1', 'unicast'],
    ['0.0.0.0', 'unspecified'],
    ['127.1.2.3', 'loopback'],
    ['239.1.1.1', 'multicast'],
    ['240.0.0.1', 'unicast'],
    ['255.255.255.255', 'broadcast'],
    ['::', 'unspecified'],
    ['::1', 'loopback'],
    ['ff05::2', 'multicast'],
    ['fe80::1', 'unicast'],
  ];
  for (const [a, k] of kinds) t.equal(addressKind(p(a)), k, a);
});

t.test(
  'containsAddr (IPv4, computed on numbers) agrees with comparing networkOf texts, for random addresses and prefixes',
  async (t) => {
    let seed = 7;
    const rnd = (n: number): number => (seed = (seed * 1103515245 + 12345) % 2 ** 31) % n;
    const quad = (): string => [rnd(256), rnd(256), rnd(4), rnd(256)].join('.');
    let inside = 0;
    const wrong: string[] = [];
    for (let i = 0; i < 5000; i++) {
      const net = p(`${quad()}/${rnd(33)}`);
      const a = p(rnd(2) ? quad() : `${net.address.split('.').slice(0, 3).join('.')}.${rnd(256)}`);
      const want = networkOf({ ...a, prefix: net.prefix }) === networkOf(net);
      if (containsAddr(net, a) !== want) wrong.push(`${withPrefix(net)} ${a.address}`);
      if (want) inside++;
    }
    t.same(wrong, []);
    t.ok(inside > 500, `${inside} cases inside the network`);
  },
);
