import t from 'tap';
import {
  guardFingerprint,
  guardRules,
  renderGuardAdd,
  renderGuardRemove,
} from '../../../lib/plan/guard/render-guard.js';
import {
  eui64LinkLocal,
  guardChainName,
  guardPortProblem,
  ipv6Hex,
  type GuardSpec,
} from '../../../lib/plan/guard/guard-spec.js';

const spec: GuardSpec = {
  port: 'veth101.0',
  mac: '02:00:00:00:01:01',
  dhcp: false,
  macFilter: true,
  ipFilter: true,
  addresses: [
    { family: 4, address: '10.0.0.101', prefix: 24 },
    { family: 6, address: '2001:db8::101', prefix: 64 },
  ],
};

t.test('every rule, in order', async (t) => {
  t.same(guardRules(spec), [
    'ether saddr != 02:00:00:00:01:01 counter drop comment "source mac"',
    'ether type arp arp saddr ether != 02:00:00:00:01:01 counter drop comment "arp sender mac"',
    'ether type arp arp saddr ip { 10.0.0.101, 0.0.0.0 } accept comment "arp own"',
    'ether type arp counter drop comment "arp sender ip"',
    'ether type ip udp sport 67 counter drop comment "dhcp server"',
    'ether type ip ip saddr 10.0.0.101 accept comment "ipv4 own"',
    'ether type ip counter drop comment "ipv4 source"',
    'ether type ip6 icmpv6 type nd-router-advert counter drop comment "router advertisement"',
    'ether type ip6 udp sport 547 counter drop comment "dhcpv6 server"',
    'ether type ip6 icmpv6 type nd-neighbor-advert @th,64,128 0x20010db8000000000000000000000101 accept comment "na own 1"',
    'ether type ip6 icmpv6 type nd-neighbor-advert @th,64,128 0xfe80000000000000000000fffe000101 accept comment "na link-local"',
    'ether type ip6 icmpv6 type nd-neighbor-advert counter drop comment "neighbour advertisement"',
    'ether type ip6 ip6 saddr { 2001:db8::101, fe80::ff:fe00:101 } accept comment "ipv6 own"',
    'ether type ip6 ip6 saddr :: icmpv6 type { nd-neighbor-solicit, mld2-listener-report } accept comment "ipv6 dad"',
    'ether type ip6 counter drop comment "ipv6 source"',
    `counter drop comment "other ethertype ${guardFingerprint([
      'source mac',
      'arp sender mac',
      'arp own',
      'arp sender ip',
      'dhcp server',
      'ipv4 own',
      'ipv4 source',
      'router advertisement',
      'dhcpv6 server',
      'na own 1',
      'na link-local',
      'neighbour advertisement',
      'ipv6 own',
      'ipv6 dad',
      'ipv6 source',
    ])}"`,
  ]);
});

t.test('DHCP allows discovery only; no MAC known allows any link-local and filters no MAC', async (t) => {
  const r = guardRules({ ...spec, dhcp: true });
  t.ok(
    r.includes(
      'ether type ip ip saddr 0.0.0.0 ip daddr 255.255.255.255 udp sport 68 udp dport 67 accept comment "dhcp discovery"',
    ),
  );
  t.notOk(
    guardRules(spec).some((l) => l.includes('udp dport 67')),
    'no discovery without DHCP',
  );
  const { mac: _m, ...noMac } = spec;
  const n = guardRules(noMac);
  t.notOk(
    n.some((l) => l.includes('ether saddr') || l.includes('saddr ether')),
    'no MAC rules',
  );
  t.ok(n.includes('ether type ip6 ip6 saddr { 2001:db8::101, fe80::/64 } accept comment "ipv6 own"'));
  t.ok(
    n.includes(
      'ether type ip6 icmpv6 type nd-neighbor-advert @th,64,64 0xfe80000000000000 accept comment "na link-local"',
    ),
  );
});

t.test('opt-outs: mac_filter=off and ip_filter=off keep the RA and DHCP server drops', async (t) => {
  t.notOk(guardRules({ ...spec, macFilter: false }).some((l) => l.includes('02:00:00:00:01:01')));
  const ip = guardRules({ ...spec, ipFilter: false });
  t.ok(
    ip.includes('ether type ip accept comment "ipv4 any"') &&
      ip.includes('ether type ip6 accept comment "ipv6 any"') &&
      ip.includes('ether type arp accept comment "arp any"'),
  );
  t.ok(ip.some((l) => l.includes('nd-router-advert')) && ip.some((l) => l.includes('udp sport 67')));
  t.notOk(ip.some((l) => l.includes('10.0.0.101')));
});

t.test('one add transaction, an exact remove', async (t) => {
  const add = renderGuardAdd(spec).split('\n');
  t.same(add.slice(0, 3), [
    'add table netdev ctnet-guard',
    'add chain netdev ctnet-guard p-veth101.0 { type filter hook ingress device "veth101.0" priority -500; policy drop; }',
    'flush chain netdev ctnet-guard p-veth101.0',
  ]);
  t.ok(add.slice(3, -1).every((l) => l.startsWith('add rule netdev ctnet-guard p-veth101.0 ')));
  t.equal(
    renderGuardRemove('veth101.0'),
    'add table netdev ctnet-guard\nadd chain netdev ctnet-guard p-veth101.0\nflush chain netdev ctnet-guard p-veth101.0\ndelete chain netdev ctnet-guard p-veth101.0\n',
  );
  t.notMatch(renderGuardAdd(spec) + renderGuardRemove('x'), /\blist\b/, 'never lists anything');
});

t.test('names and values that could end a string or a statement are refused', async (t) => {
  for (const bad of ['a"b', 'a;b', 'a b', 'a}', '', '-x', 'abcdefghijklmnop', 'a\nb', 'a#b']) {
    t.ok(guardPortProblem(bad), `port ${JSON.stringify(bad)} refused`);
    t.throws(() => guardChainName(bad));
    t.throws(() => renderGuardAdd({ ...spec, port: bad }), { code: 'E_CONFIG' });
  }
  t.equal(guardChainName('vethAbC_1.0-x'), 'p-vethAbC_1.0-x');
  for (const mac of ['02:00:00:00:01:0"', '02:00:00:00:01', '01:00:5e:00:00:01', '02:00:00:00:01:01;']) {
    t.throws(() => renderGuardAdd({ ...spec, mac }), { code: 'E_CONFIG' }, `MAC ${mac} refused`);
  }
  t.throws(() => renderGuardAdd({ ...spec, addresses: [{ family: 4, address: '10.0.0.1 accept', prefix: 32 }] }), {
    code: 'E_CONFIG',
  });
});

t.test('the fingerprint counts the rules and hashes their labels', async (t) => {
  t.match(guardFingerprint(['a', 'b']), /^ctnet:3:[0-9a-f]{12}$/);
  t.not(guardFingerprint(['a', 'b']), guardFingerprint(['b', 'a']), 'order matters');
  const last = guardRules({ ...spec, dhcp: true }).at(-1)!;
  t.not(last, guardRules(spec).at(-1), 'another rule set, another fingerprint');
});

t.test('EUI-64 link-local and hex addresses', async (t) => {
  t.equal(eui64LinkLocal('00:18:51:aa:bb:01'), 'fe80::218:51ff:feaa:bb01');
  t.equal(eui64LinkLocal('02:00:00:00:01:01'), 'fe80::ff:fe00:101');
  t.equal(ipv6Hex('::1'), '0x00000000000000000000000000000001');
});
