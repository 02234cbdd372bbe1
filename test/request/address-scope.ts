/** Container addresses are global unicast only: every refused range, and its neighbours accepted. */
import t from 'tap';
import { notGlobalUnicast } from '../../lib/request/address-scope.js';
import { parseIpAddr, type IpAddr } from '../../lib/request/ip-address.js';

const ip = (s: string): IpAddr => parseIpAddr(s) as IpAddr;

t.test('refused: not global unicast', async (t) => {
  const cases: Array<[string, RegExp]> = [
    ['127.0.0.1', /loopback/],
    ['::1', /loopback/],
    ['169.254.169.254', /link-local \(169\.254\.0\.0\/16\)/],
    ['fe80::1', /link-local \(fe80::\/10\)/],
    ['febf::1', /link-local/],
    ['224.0.0.251', /multicast/],
    ['239.255.255.250', /multicast/],
    ['ff02::1', /multicast/],
    ['255.255.255.255', /broadcast/],
    ['0.0.0.0', /unspecified/],
    ['::', /unspecified/],
    ['0.1.2.3', /this network/],
    ['240.0.0.1', /reserved/],
    ['250.1.2.3', /reserved/],
    ['::ffff:10.0.0.1', /IPv4-mapped/],
    ['::ffff:a00:1', /IPv4-mapped/],
  ];
  for (const [a, re] of cases) t.match(notGlobalUnicast(ip(a)), re, a);
});

t.test('accepted: global unicast, including private ranges', async (t) => {
  for (const a of [
    '10.0.0.5',
    '1.0.0.1',
    '169.253.255.255',
    '169.255.0.1',
    '192.168.1.5',
    '223.255.255.254',
    '85.86.87.195',
    '2001:db8::5',
    'fec0::1',
    'fd00::1',
    '64:ff9b::a00:1',
  ]) {
    t.equal(notGlobalUnicast(ip(a)), undefined, a);
  }
});
