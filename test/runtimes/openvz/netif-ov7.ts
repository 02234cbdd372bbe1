import t from 'tap';
import { parseNetif } from '../../../lib/runtimes/openvz/netif.js';
import { interpretOv7Netif } from '../../../lib/runtimes/openvz/netif-ov7.js';

const cv = (value: string) => ({ value, file: '/etc/vz/conf/101.conf', line: 7, key: 'NETIF' });
const ov7 = (value: string) => {
  const c = cv(value);
  return parseNetif(c, '101').map((e) => interpretOv7Netif(e, c));
};

t.test('libvzctl NETIF as veth2str writes it', async (t) => {
  const [n] = ov7(
    'ifname=eth0,mac=00:18:51:11:22:33,host_mac=fe:18:51:11:22:33,host_ifname=veth42.0,network=Bridged,' +
      'type=bridge,vport=ovs,gw=10.0.0.1,gw6=2001:db8::1,ifaceid=6f1c-22,configure=all,' +
      'ip=10.0.0.5/255.255.255.0:10.0.0.6/24,ip6=2001:db8::5/64,2001:db8::6',
  );
  t.same(n!.network, 'Bridged');
  t.same(n!.type, 'bridge');
  t.same(n!.vport, 'ovs');
  t.same(n!.ifaceId, '6f1c-22');
  t.same(n!.configure, 'all');
  t.same(n!.gateway, { family: 4, address: '10.0.0.1', prefix: 32 });
  t.same(n!.gateway6, { family: 6, address: '2001:db8::1', prefix: 128 });
  t.same(
    n!.addresses.map((a) => `${a.address}/${a.prefix}`),
    ['10.0.0.5/24', '10.0.0.6/24', '2001:db8::5/64', '2001:db8::6/128'],
    'ip= split on ":" (dotted mask accepted), ip6= runs to the end split on ","',
  );
});

t.test('two interfaces, flags, and an ip6 list followed by the next interface', async (t) => {
  const list = ov7(
    'ifname=eth0,network=br0,type=bridge,dhcp=yes,dhcp6=no,mac_filter=off,ip_filter=on,ip6=fd00::1,fd00::2;' +
      'ifname=eth1,ip=192.0.2.9',
  );
  t.equal(list.length, 2);
  t.same([list[0]!.dhcp, list[0]!.dhcp6, list[0]!.macFilter, list[0]!.ipFilter], [true, false, false, true]);
  t.same(
    list[0]!.addresses.map((a) => a.address),
    ['fd00::1', 'fd00::2'],
  );
  t.same(
    list[1]!.addresses.map((a) => a.address),
    ['192.0.2.9'],
  );
  t.equal(list[1]!.network, undefined);
});

t.test('bad values: file:line: NETIF: interface: key: problem', async (t) => {
  const cases: Array<[string, RegExp]> = [
    [
      'ifname=eth0,ip=10.0.0.300',
      /101\.conf:7: NETIF: interface eth0: ip: "10\.0\.0\.300" is not an IPv4\/IPv6 address/,
    ],
    ['ifname=eth0,ip=2001:db8::1', /interface eth0: ip: /],
    ['ifname=eth0,ip6=10.0.0.1', /interface eth0: ip6: "10\.0\.0\.1" is not an IPv6 address/],
    ['ifname=eth0,gw=2001:db8::1', /interface eth0: gw: "2001:db8::1" is not an IPv4 address/],
    ['ifname=eth0,gw6=fe80::1%eth0', /interface eth0: gw6: .*scoped/],
    ['ifname=eth0,gw=10.0.0.1/24', /interface eth0: gw: .*plain address/],
    ['ifname=eth0,dhcp=maybe', /interface eth0: dhcp: "maybe" is not yes or no/],
    ['ifname=eth0,mac_filter=yes', /interface eth0: mac_filter: "yes" is not on or off/],
    ['ifname=eth0,configure=some', /interface eth0: configure: "some" is not none or all/],
    ['ifname=eth0,ifaceid=a b', /interface eth0: ifaceid: "a b" is not a plain id/],
    ['ifname=eth0,type=routed,vport=ovs', /vport=ovs needs a bridge network/],
    ['ifname=eth0,type=nat', /type: "nat" is not bridge or routed/],
    ['ifname=eth0,ip=10.0.0.1,2001:db8::1', /"2001:db8::1" is not key=value/],
  ];
  for (const [value, re] of cases) t.throws(() => ov7(value), re, value);
});
