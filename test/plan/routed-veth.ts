import t from 'tap';
import { planRoutedVeth } from '../../lib/plan/routed-veth.js';
import type { CtInterface } from '../../lib/config/ct-network.js';
import { parseIpAddr, type IpAddr } from '../../lib/net/ip-address.js';

const ip = (s: string) => parseIpAddr(s) as IpAddr;
const iface = (o: Partial<CtInterface> = {}): CtInterface => ({
  ifname: 'eth0', hostIfname: 'veth101.0', addresses: [ip('10.9.0.101/32')], ct0Ips: [],
  netif: { ifname: 'eth0', hostIfname: 'veth101.0', extra: {} }, ...o,
});

t.test('IPv4 only: proxy_arp and forwarding on the veth, nothing global', async (t) => {
  const p = planRoutedVeth({ iface: iface() });
  t.same(p.lines.map((l) => l.cmd), ['link set dev veth101.0 up']);
  t.same(p.sysctls.map((s) => `${s.key}=${s.value}`), ['net/ipv4/conf/veth101.0/proxy_arp=1', 'net/ipv4/conf/veth101.0/forwarding=1']);
  t.same(p.neigh, []);
  t.same(p.teardown, [], 'nothing outlives the veth');
  t.ok(p.sysctls.every((s) => s.key.includes('/veth101.0/')), 'only per-interface keys of the veth');
});

t.test('IPv6 with gateway and an uplink: proxy NDP, one proxy entry per ip call, teardown of uplink entries', async (t) => {
  const p = planRoutedVeth({
    iface: iface({ addresses: [ip('10.9.0.101/32'), ip('2001:db8:9::101/128')], gateway6: ip('2001:db8:9::1'), proxyDevs: ['up0'] }),
    ipv4Forwarding: false, ipv6Forwarding: false,
  });
  t.same(p.sysctls.map((s) => `${s.key}=${s.value}`), [
    'net/ipv4/conf/veth101.0/proxy_arp=1', 'net/ipv4/conf/veth101.0/forwarding=1', 'net/ipv6/conf/veth101.0/proxy_ndp=1',
    'net/ipv6/conf/up0/proxy_ndp=1',
  ]);
  t.same(p.neigh.map((s) => s.lines.map((l) => l.cmd)), [
    ['neigh replace proxy 2001:db8:9::1 dev veth101.0'],
    ['neigh replace proxy 10.9.0.101 dev up0'],
    ['neigh replace proxy 2001:db8:9::101 dev up0'],
  ], 'each entry its own ip call (ip neigh exits a batch on its first error)');
  t.same(p.neigh[1]!.lines[0]!.undo, 'neigh del proxy 10.9.0.101 dev up0', 'uplink entries roll back');
  t.same(p.teardown.flatMap((s) => (s.kind === 'host-batch' ? s.lines.map((l) => l.cmd) : [])),
    ['neigh del proxy 10.9.0.101 dev up0', 'neigh del proxy 2001:db8:9::101 dev up0']);
  t.ok(p.teardown.every((s) => s.kind === 'host-batch' && s.tolerateMissing && s.lines.length === 1), 'tolerant, one entry per call');
  t.match(p.notes.join('\n'), /net\.ipv4\.ip_forward is 0/);
  t.match(p.notes.join('\n'), /net\.ipv6\.conf\.all\.forwarding is 0/);
});

t.test('forwarding on: no forwarding notes', async (t) => {
  const p = planRoutedVeth({ iface: iface(), ipv4Forwarding: true, ipv6Forwarding: true });
  t.notMatch(p.notes.join('\n'), /forward/);
});
