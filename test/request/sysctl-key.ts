/** lib/request/sysctl-key.ts: only ctnet's own per-interface switches. */
import t from 'tap';
import { sysctlKeyProblem } from '../../lib/request/sysctl-key.js';

t.test("ctnet's keys", async (t) => {
  for (const k of [
    'net/ipv4/conf/veth101.0/forwarding',
    'net/ipv4/conf/veth101.0/proxy_arp',
    'net/ipv6/conf/vethA/forwarding',
    'net/ipv6/conf/vethA/proxy_ndp',
    'net/ipv6/conf/vethA/disable_ipv6',
    'net/ipv6/conf/up0/proxy_ndp',
  ])
    t.equal(sysctlKeyProblem(k), undefined, k);
});

t.test('anything else is refused', async (t) => {
  const bad: Array<[string, RegExp]> = [
    ['../../tmp/victim', /is not a sysctl ctnet sets/],
    ['net/ipv4/conf/veth0/../../../../../etc/shadow', /is not a sysctl ctnet sets/],
    ['net/ipv4/ip_forward', /is not a sysctl ctnet sets/],
    ['net/ipv4/conf/veth0/rp_filter', /is not a sysctl ctnet sets/],
    ['net/ipv4/conf/veth0/proxy_ndp', /is not a sysctl ctnet sets/],
    ['net/ipv6/conf/veth0/proxy_arp', /is not a sysctl ctnet sets/],
    ['net/ipv4/conf/all/forwarding', /"all" is not a container interface/],
    ['net/ipv6/conf/all/proxy_ndp', /"all" is not a container interface/],
    ['net/ipv6/conf/default/forwarding', /"default" is not a container interface/],
    ['net/ipv4/conf/lo/proxy_arp', /"lo" is not a container interface/],
    ['net/ipv4/conf/../forwarding', /not a valid interface name/],
    ['net/ipv4/conf/averyveryverylongname/forwarding', /longer than 15/],
    ['net/ipv4/conf/veth0/forwarding\n', /is not a sysctl ctnet sets/],
    ['/net/ipv4/conf/veth0/forwarding', /is not a sysctl ctnet sets/],
  ];
  for (const [k, why] of bad) t.match(sysctlKeyProblem(k), why, JSON.stringify(k));
});
