/** NETIF parsing: separators, every key, defaults, duplicates, bad names and MACs, OpenVZ 7 keys. */
import t from 'tap';
import { defaultHostIfname, parseNetif } from '../../../lib/runtimes/openvz/netif.js';

const cv = (value: string) => ({ value, file: '/etc/vz/conf/101.conf', line: 7, key: 'NETIF' });

t.test('entries and keys', async (t) => {
  const cases: Array<[string, string, object[]]> = [
    [
      'one entry, legacy keys',
      'ifname=eth0,mac=00:18:51:AA:BB:01,host_ifname=veth101.0,host_mac=00:18:51:aa:bb:02,bridge=br0,mac_filter=on',
      [
        {
          ifname: 'eth0',
          hostIfname: 'veth101.0',
          mac: '00:18:51:aa:bb:01',
          hostMac: '00:18:51:aa:bb:02',
          bridge: 'br0',
          extra: { mac_filter: 'on' },
        },
      ],
    ],
    ['default host_ifname', 'ifname=eth0', [{ ifname: 'eth0', hostIfname: 'veth101.0', extra: {} }]],
    ['default host_ifname follows the number', 'ifname=eth3', [{ ifname: 'eth3', hostIfname: 'veth101.3', extra: {} }]],
    [
      'empty host_ifname takes the default',
      'ifname=eth1,host_ifname=',
      [{ ifname: 'eth1', hostIfname: 'veth101.1', extra: {} }],
    ],
    [
      'two entries split by ;',
      'ifname=eth0,bridge=br0;ifname=eth1,bridge=br1',
      [
        { ifname: 'eth0', hostIfname: 'veth101.0', bridge: 'br0', extra: {} },
        { ifname: 'eth1', hostIfname: 'veth101.1', bridge: 'br1', extra: {} },
      ],
    ],
    ['trailing ; and empty fields', 'ifname=eth0,,;;', [{ ifname: 'eth0', hostIfname: 'veth101.0', extra: {} }]],
    [
      'spaces around fields',
      ' ifname = eth0 , bridge = br0 ',
      [{ ifname: 'eth0', hostIfname: 'veth101.0', bridge: 'br0', extra: {} }],
    ],
    [
      'OpenVZ 7 keys',
      'ifname=eth0,network=Bridged,type=bridge,vport=ovs,gw=10.0.0.1,gw6=fe80::1,ip=10.0.0.5/24:10.0.0.6/24,ip6=2001:db8::5/64,dhcp=no,configure=all',
      [
        {
          ifname: 'eth0',
          hostIfname: 'veth101.0',
          network: 'Bridged',
          type: 'bridge',
          vport: 'ovs',
          extra: {
            gw: '10.0.0.1',
            gw6: 'fe80::1',
            ip: '10.0.0.5/24:10.0.0.6/24',
            ip6: '2001:db8::5/64',
            dhcp: 'no',
            configure: 'all',
          },
        },
      ],
    ],
    [
      'OpenVZ 7 routed',
      'ifname=eth0,type=routed',
      [{ ifname: 'eth0', hostIfname: 'veth101.0', type: 'routed', extra: {} }],
    ],
    ['empty NETIF', '', []],
  ];
  for (const [name, value, want] of cases) t.same(parseNetif(cv(value), '101'), want, name);
});

t.test('errors name file:line: NETIF and the problem', async (t) => {
  const cases: Array<[string, string, RegExp]> = [
    ['no ifname', 'bridge=br0', /interface "bridge=br0" has no ifname=/],
    ['field without =', 'ifname=eth0,bridge', /"bridge" is not key=value/],
    ['key twice in one entry', 'ifname=eth0,bridge=br0,bridge=br1', /"bridge" is given twice/],
    ['ifname twice', 'ifname=eth0;ifname=eth0,host_ifname=vx', /ifname "eth0" appears twice/],
    ['host_ifname twice', 'ifname=eth0,host_ifname=v1;ifname=eth1,host_ifname=v1', /host_ifname "v1" appears twice/],
    ['ifname too long', 'ifname=eth0123456789abcd', /ifname: "eth0123456789abcd" is longer than 15/],
    ['host_ifname with /', 'ifname=eth0,host_ifname=a/b', /host_ifname: "a\/b" is not a valid interface name/],
    ['host_ifname with :', 'ifname=eth0,host_ifname=veth:1', /host_ifname: .* not a valid interface name/],
    ['bridge with $()', 'ifname=eth0,bridge=$(reboot)', /bridge: "\$\(reboot\)" is not a valid interface name/],
    ['bridge with backticks', 'ifname=eth0,bridge=`id`', /bridge: .* not a valid interface name/],
    ['ifname starting with -', 'ifname=-eth0', /ifname: "-eth0" is not a valid/],
    ['bad mac', 'ifname=eth0,mac=00:18:51:aa:bb', /mac: "00:18:51:aa:bb" is not a MAC address/],
    ['bad host_mac', 'ifname=eth0,host_mac=zz:18:51:aa:bb:01', /host_mac: .* is not a MAC address/],
    ['bad type', 'ifname=eth0,type=nat', /type: "nat" is not bridge or routed/],
    ['bad vport', 'ifname=eth0,vport=macvtap', /vport: "macvtap" is not ovs/],
    ['bad network name', 'ifname=eth0,network=a b', /network: .* not a valid interface name/],
  ];
  for (const [name, value, re] of cases) {
    t.throws(
      () => parseNetif(cv(value), '101'),
      { code: 'E_CONFIG', message: new RegExp(`^/etc/vz/conf/101\\.conf:7: NETIF: ${re.source}`) },
      name,
    );
  }
});

t.test('defaultHostIfname', async (t) => {
  for (const [veid, ifname, want] of [
    ['101', 'eth0', 'veth101.0'],
    ['7', 'eth12', 'veth7.12'],
    ['101', 'lan', 'veth101.0'],
    ['101', 'eth007', 'veth101.7'],
  ] as const) {
    t.equal(defaultHostIfname(veid, ifname), want, `${veid} ${ifname}`);
  }
});
