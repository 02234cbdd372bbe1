import t from 'tap';
import { planRoutedVeth } from '../../lib/plan/routed-veth.js';
import { parseIpAddr, type IpAddr } from '../../lib/request/ip-address.js';
import { teardownSteps } from '../../lib/plan/teardown-entry.js';

const ip = (s: string) => parseIpAddr(s) as IpAddr;
const keys = (p: ReturnType<typeof planRoutedVeth>) => p.sysctls.map((s) => `${s.key}=${s.value}`);

t.test('IPv4 only: routes via the veth, proxy_arp and forwarding on the veth, nothing global', async (t) => {
  const p = planRoutedVeth({ port: 'veth101.0', addresses: [ip('10.9.0.101/32')] });
  t.same(
    p.hostLines.map((l) => l.cmd),
    ['link set dev veth101.0 up', 'route replace 10.9.0.101/32 dev veth101.0 proto 213'],
  );
  t.same(keys(p), ['net/ipv4/conf/veth101.0/proxy_arp=1', 'net/ipv4/conf/veth101.0/forwarding=1']);
  t.same(p.after, []);
  t.same(
    teardownSteps(p.teardown).flatMap((s) => (s.kind === 'host-batch' ? s.lines.map((l) => l.cmd) : [])),
    ['route del 10.9.0.101/32 dev veth101.0 proto 213'],
  );
});

t.test(
  'IPv6 gateway and an uplink: proxy NDP, proxy entries in the host batch, uplink entries torn down in one batch',
  async (t) => {
    const p = planRoutedVeth({
      port: 'veth101.0',
      addresses: [ip('10.9.0.101/32'), ip('2001:db8:9::101/128')],
      gateways6: [ip('2001:db8:9::1')],
      proxyDevs: ['up0'],
      ipv4Forwarding: false,
      ipv6Forwarding: false,
    });
    t.same(keys(p), [
      'net/ipv4/conf/veth101.0/proxy_arp=1',
      'net/ipv4/conf/veth101.0/forwarding=1',
      'net/ipv6/conf/veth101.0/disable_ipv6=0',
      'net/ipv6/conf/veth101.0/proxy_ndp=1',
      'net/ipv6/conf/veth101.0/forwarding=1',
      'net/ipv6/conf/up0/proxy_ndp=1',
    ]);
    t.ok(
      p.sysctls.every((s) => /\/conf\/(veth101\.0|up0)\//.test(s.key)),
      'only per-interface keys',
    );
    t.same(p.after, [], 'no step after the host batch');
    t.same(
      p.hostLines.slice(3).map((l) => l.cmd),
      [
        'neigh replace proxy 2001:db8:9::1 dev veth101.0',
        'neigh replace proxy 10.9.0.101 dev up0',
        'neigh replace proxy 2001:db8:9::101 dev up0',
      ],
      'proxy entries are lines of the one host batch',
    );
    t.same(p.hostLines[4]!.undo, 'neigh del proxy 10.9.0.101 dev up0', 'entries roll back');
    t.same(
      p.teardown.filter((e) => e.kind === 'proxy-neigh'),
      [
        { kind: 'proxy-neigh', address: '10.9.0.101', dev: 'up0' },
        { kind: 'proxy-neigh', address: '2001:db8:9::101', dev: 'up0' },
      ],
    );
    const downs = teardownSteps(p.teardown).filter((s) => s.kind === 'host-batch' && s.what.startsWith('proxy'));
    t.same(
      downs.flatMap((s) => (s.kind === 'host-batch' ? s.lines.map((l) => l.cmd) : [])),
      [
        'neigh replace proxy 10.9.0.101 dev up0',
        'neigh del proxy 10.9.0.101 dev up0',
        'neigh replace proxy 2001:db8:9::101 dev up0',
        'neigh del proxy 2001:db8:9::101 dev up0',
      ],
      'each delete follows a replace: a missing entry cannot end the batch',
    );
    t.ok(downs.length === 1 && downs.every((s) => s.kind === 'host-batch' && s.tolerateMissing), 'one tolerant batch');
    t.match(p.notes.join('\n'), /net\.ipv4\.ip_forward is 0/);
    t.match(p.notes.join('\n'), /net\.ipv6\.conf\.all\.forwarding is 0/);
  },
);

t.test('forwarding on: no forwarding notes; no addresses: a note', async (t) => {
  t.notMatch(
    planRoutedVeth({ port: 'v0', addresses: [ip('10.0.0.1')], ipv4Forwarding: true, ipv6Forwarding: true }).notes.join(
      '\n',
    ),
    /forward/,
  );
  t.match(planRoutedVeth({ port: 'v0', addresses: [] }).notes[0], /no addresses configured/);
});

t.test('60,000 addresses with a proxy device: still one host batch and one teardown batch per kind', async (t) => {
  const addresses = Array.from({ length: 60_000 }, (_, n) =>
    ip(`10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}/32`),
  );
  const p = planRoutedVeth({ port: 'veth101.0', addresses, proxyDevs: ['up0'] });
  t.same(p.after, []);
  t.equal(p.hostLines.length, 1 + 2 * 60_000, 'routes and proxy entries are lines, not processes');
  t.equal(teardownSteps(p.teardown).length, 2, 'routes and proxy entries: two batches');
});
