import t from 'tap';
import {
  guardCookie,
  guardCookieMatch,
  guardFlows,
  guardFlowsPlanLines,
  guardFlowsRemoveLine,
  renderGuardFlows,
} from '../../../lib/plan/guard/render-guard-flows.js';
import type { GuardSpec } from '../../../lib/plan/guard/guard-spec.js';

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
const c = guardCookie('veth101.0');
const p = `cookie=${c},table=0,priority=`;
const at = 'in_port="veth101.0"';

t.test('every flow, in order: drops, accepts for the own MAC and addresses, a final drop', async (t) => {
  t.same(guardFlows(spec), [
    `${p}40200,${at},udp,tp_src=67,actions=drop`,
    `${p}40200,${at},udp6,tp_src=547,actions=drop`,
    `${p}40200,${at},icmp6,icmp_type=134,actions=drop`,
    `${p}40201,${at},icmp6,icmp_type=136,dl_src=02:00:00:00:01:01,nd_target=2001:db8::101,actions=NORMAL`,
    `${p}40201,${at},icmp6,icmp_type=136,dl_src=02:00:00:00:01:01,nd_target=fe80::ff:fe00:101,actions=NORMAL`,
    `${p}40200,${at},icmp6,icmp_type=136,actions=drop`,
    `${p}40100,${at},arp,dl_src=02:00:00:00:01:01,arp_sha=02:00:00:00:01:01,arp_spa=10.0.0.101,actions=NORMAL`,
    `${p}40100,${at},arp,dl_src=02:00:00:00:01:01,arp_sha=02:00:00:00:01:01,arp_spa=0.0.0.0,actions=NORMAL`,
    `${p}40100,${at},ip,dl_src=02:00:00:00:01:01,nw_src=10.0.0.101,actions=NORMAL`,
    `${p}40100,${at},ipv6,dl_src=02:00:00:00:01:01,ipv6_src=2001:db8::101,actions=NORMAL`,
    `${p}40100,${at},ipv6,dl_src=02:00:00:00:01:01,ipv6_src=fe80::ff:fe00:101,actions=NORMAL`,
    `${p}40100,${at},icmp6,dl_src=02:00:00:00:01:01,ipv6_src=::,icmp_type=135,actions=NORMAL`,
    `${p}40100,${at},icmp6,dl_src=02:00:00:00:01:01,ipv6_src=::,icmp_type=143,actions=NORMAL`,
    `${p}40000,${at},actions=drop`,
  ]);
  t.equal(
    renderGuardFlows(spec),
    [`delete cookie=${c}/-1`, ...guardFlows(spec).map((f) => `add ${f}`)].join('\n') + '\n',
    "bundle input: the port's old flows (any port number) go, its flows come, one a line",
  );
  t.same(guardFlows(spec), guardFlows(spec), 'the same spec gives the same flows');
});

t.test('DHCP allows the discovery; no MAC: no MAC matches and any fe80::/64', async (t) => {
  const { mac: _mac, ...noMac } = spec;
  const f = guardFlows({ ...noMac, dhcp: true });
  t.ok(f.includes(`${p}40100,${at},udp,nw_src=0.0.0.0,nw_dst=255.255.255.255,tp_src=68,tp_dst=67,actions=NORMAL`));
  t.notOk(f.some((x) => x.includes('dl_src') || x.includes('arp_sha')));
  t.ok(f.includes(`${p}40100,${at},ipv6,ipv6_src=fe80::/64,actions=NORMAL`));
  t.ok(f.includes(`${p}40201,${at},icmp6,icmp_type=136,nd_target=fe80::/64,actions=NORMAL`));
});

t.test('mac_filter=off / ip_filter=off drop one half; servers and RAs stay dropped', async (t) => {
  const noIp = guardFlows({ ...spec, ipFilter: false });
  t.same(noIp.slice(3), [
    `${p}40100,${at},arp,dl_src=02:00:00:00:01:01,arp_sha=02:00:00:00:01:01,actions=NORMAL`,
    `${p}40100,${at},ip,dl_src=02:00:00:00:01:01,actions=NORMAL`,
    `${p}40100,${at},ipv6,dl_src=02:00:00:00:01:01,actions=NORMAL`,
    `${p}40000,${at},actions=drop`,
  ]);
  const noMac = guardFlows({ ...spec, macFilter: false });
  t.notOk(noMac.some((x) => x.includes('dl_src') || x.includes('arp_sha')));
  t.ok(noMac.includes(`${p}40100,${at},ip,nw_src=10.0.0.101,actions=NORMAL`));
});

t.test("the cookie is the port's own: 64 bits, stable, different per port", async (t) => {
  t.match(c, /^0xc7[0-9a-f]{14}$/);
  t.equal(guardCookie('veth101.0'), c);
  t.not(guardCookie('veth102.0'), c);
  t.equal(guardCookieMatch('veth101.0'), `cookie=${c}/-1`);
});

t.test('plan lines', async (t) => {
  const lines = guardFlowsPlanLines(spec, 'sw0');
  t.equal(lines[1], "ovs-ofctl --bundle add-flows sw0 - <<'EOF'");
  t.same(lines.slice(2, -1), renderGuardFlows(spec).trimEnd().split('\n'));
  t.equal(guardFlowsRemoveLine('veth101.0', 'sw0'), `ovs-ofctl del-flows sw0 cookie=${c}/-1`);
});

t.test('bad values never reach a flow', async (t) => {
  t.throws(() => guardFlows({ ...spec, port: 'a,actions=NORMAL' }), { code: 'E_CONFIG' });
  t.throws(() => guardFlows({ ...spec, mac: '02:00:00:00:01:01,x' }), { code: 'E_CONFIG' });
  t.throws(() => guardFlows({ ...spec, addresses: [{ family: 4, address: '10.0.0.1,actions=NORMAL', prefix: 32 }] }), {
    code: 'E_CONFIG',
  });
});
