/** lib/plan/host-address-conflict.ts: host addresses always, connected networks when routed, pools excepted. */
import t from 'tap';
import { hostAddressConflict } from '../../lib/plan/host-address-conflict.js';
import { parseIpAddr, type IpAddr } from '../../lib/request/ip-address.js';

const ip = (s: string): IpAddr => parseIpAddr(s) as IpAddr;
const host = [
  { ifname: 'eth0', addr: ip('192.168.1.10/24') },
  { ifname: 'eth0', addr: ip('2001:db8:1::10/64') },
  { ifname: 'lo', addr: ip('198.51.100.7/32') },
];
const check = (a: string, routed: boolean, pools: string[] = []) =>
  hostAddressConflict({
    addresses: [{ ip: ip(a), from: 'F:3: VETH_IP_ADDRESS' }],
    host,
    routed,
    pools: pools.map(ip),
    hostConf: '/etc/ctnet/host.conf',
  });

t.test('an address of the host is refused, routed or bridged', async (t) => {
  for (const routed of [true, false]) {
    t.equal(check('192.168.1.10', routed), 'F:3: VETH_IP_ADDRESS: "192.168.1.10" is an address of this host (on eth0)');
    t.match(check('198.51.100.7', routed), /address of this host \(on lo\)/);
    t.match(check('2001:db8:1::10', routed, ['2001:db8:1::/64']), /address of this host/, 'even inside a pool');
  }
});

t.test('routed: not in a connected network (the LAN gateway finding), unless a pool', async (t) => {
  t.equal(
    check('192.168.1.1', true),
    'F:3: VETH_IP_ADDRESS: "192.168.1.1" lies in 192.168.1.0/24, a network this host is connected to (on eth0); a routed container must not take addresses of that LAN unless /etc/ctnet/host.conf declares the range a container pool ([isolation] pool = 192.168.1.0/24)',
  );
  t.match(check('2001:db8:1::1', true), /lies in 2001:db8:1::\/64/);
  t.equal(check('192.168.1.200', true, ['192.168.1.192/26']), undefined, 'inside a declared pool');
  t.match(check('192.168.1.1', true, ['192.168.1.192/26']), /lies in/, 'a pool elsewhere in the LAN does not cover it');
  t.equal(check('203.0.113.5', true), undefined, 'not connected');
  t.equal(check('198.51.100.8', true), undefined, 'a /32 host address is no network');
  t.equal(check('192.168.1.1', false), undefined, 'bridged: the LAN is where bridged CTs live');
});
