import t from 'tap';
import { parseHostConf } from '../../../lib/setups/host/host-conf.js';

const GOOD = `# host.conf
[bridge br0]
address = 10.0.0.1/24
address = fd00::1/64
mac = 02:AA:00:00:00:01
mtu = 9000

[bridge sw0]
type = ovs
datapath = netdev

[shim mv-lxcbr2]
parent = eth1
address = 10.0.5.1/24

[masquerade lxcnet]
network = 10.0.3.0/24
oif = eth0

[forward web]
to = 10.0.3.5
to = fd00::5
port = tcp:8080:80
port = udp:5353:53

[isolation]
pool = 10.0.3.0/24
pool = 2001:db8:5::/64
forward-ports = 80, 443 8000-8999
filter = off
`;

t.test('parses every kind of section', async (t) => {
  const c = parseHostConf(GOOD, '/etc/ctnet/host.conf');
  t.match(c.bridges, [
    {
      name: 'br0',
      ovs: false,
      mac: '02:aa:00:00:00:01',
      mtu: 9000,
      addresses: [
        { address: '10.0.0.1', prefix: 24 },
        { address: 'fd00::1', prefix: 64 },
      ],
      where: { line: 2 },
    },
    { name: 'sw0', ovs: true, datapath: 'netdev', addresses: [] },
  ]);
  t.match(c.shims, [{ name: 'mv-lxcbr2', parent: 'eth1', addresses: [{ address: '10.0.5.1' }] }]);
  t.match(c.masquerades, [{ name: 'lxcnet', oif: 'eth0', networks: [{ address: '10.0.3.0', prefix: 24 }] }]);
  t.match(c.forwards, [
    {
      name: 'web',
      targets: [{ family: 4 }, { family: 6 }],
      ports: [
        { proto: 'tcp', hostPort: 8080, ctPort: 80 },
        { proto: 'udp', hostPort: 5353, ctPort: 53 },
      ],
    },
  ]);
  t.same(c.isolation.forwardPorts, [
    { from: 80, to: 80 },
    { from: 443, to: 443 },
    { from: 8000, to: 8999 },
  ]);
  t.equal(c.isolation.filter, false);
  t.same(
    c.isolation.pools.map((p) => `${p.address}/${p.prefix}`),
    ['10.0.3.0/24', '2001:db8:5::/64'],
  );
});

t.test('an empty file declares nothing; the isolation defaults hold', async (t) => {
  const c = parseHostConf('# nothing\n', 'f');
  t.same([c.bridges, c.shims, c.masquerades, c.forwards], [[], [], [], []]);
  t.same(
    { pools: c.isolation.pools, forwardPorts: c.isolation.forwardPorts, filter: c.isolation.filter },
    { pools: [], forwardPorts: [], filter: true },
  );
});

const BAD: Array<[string, string, RegExp]> = [
  ['unknown section', '[router r1]\n', /^f:1: \[router r1\]: "\[router r1\]" is not a section/],
  ['bad bridge name', '[bridge a/b]\n', /^f:1: \[bridge a\/b\]: .*is not a section/],
  [
    'key of another kind',
    '[shim mv0]\nparent = eth0\naddress = 10.0.0.1/24\nmac = 02:00:00:00:00:01\n',
    /^f:4: mac: unknown key in \[shim mv0\] \(known: parent, address\)$/,
  ],
  ['outside a section', 'address = 10.0.0.1/24\n', /^f:1: address: is outside any \[section\] section$/],
  [
    'bad bridge type',
    GOOD.replace('type = ovs', 'type = vde'),
    /^f:9: type: "vde" is not a bridge type \(linux or ovs\)$/,
  ],
  [
    'datapath on a Linux bridge',
    '[bridge br0]\ndatapath = netdev\n',
    /^f:2: datapath: is for Open vSwitch bridges only/,
  ],
  ['bad MAC', GOOD.replace('02:AA:00:00:00:01', '02:AA:00:00:00'), /^f:5: mac: /],
  [
    'address without prefix',
    GOOD.replace('10.0.0.1/24', '10.0.0.1'),
    /^f:3: address: "10\.0\.0\.1" needs a prefix length/,
  ],
  ['bad address', GOOD.replace('10.0.5.1/24', '10.0.5.300/24'), /^f:14: address: .*is not an IPv4\/IPv6 address/],
  ['shim without parent', '[shim mv0]\naddress = 10.0.0.1/24\n', /^f:1: \[shim mv0\]: "parent" is required$/],
  [
    'shim is its own parent',
    '[shim mv0]\nparent = mv0\naddress = 10.0.0.1/24\n',
    /^f:2: parent: the shim cannot be its own parent$/,
  ],
  [
    'masquerade host bits',
    GOOD.replace('10.0.3.0/24\noif', '10.0.3.1/24\noif'),
    /^f:17: network: "10\.0\.3\.1\/24" has host bits set/,
  ],
  ['bad oif', GOOD.replace('oif = eth0', 'oif = eth 0'), /^f:18: oif: /],
  ['bad forward', GOOD.replace('tcp:8080:80', 'tcp:8080'), /^f:23: port: "tcp:8080" is not a port forward/],
  ['forward target with prefix', GOOD.replace('to = 10.0.3.5', 'to = 10.0.3.5/24'), /^f:21: to: /],
  ['two IPv4 targets', GOOD.replace('to = fd00::5', 'to = 10.0.3.6'), /^f:22: to: one IPv4 target per forward section/],
  ['forward without port', '[forward x]\nto = 10.0.0.5\n', /^f:1: \[forward x\]: "port" is required$/],
  [
    'port range',
    GOOD.replace('8000-8999', '8999-8000'),
    /^f:29: forward-ports: "8999-8000" is not a port or range of ports/,
  ],
  ['port zero', GOOD.replace('80, 443', '0, 443'), /^f:29: forward-ports: "0" is not a port/],
  ['filter value', GOOD.replace('filter = off', 'filter = maybe'), /^f:30: filter: "maybe" is not on or off$/],
  [
    'isolation twice',
    `${GOOD}\n[isolation]\nfilter = on\n`,
    /^f:32: \[isolation\]: section "isolation" is defined twice$/,
  ],
  ['bridge twice', `${GOOD}\n[bridge br0]\n`, /^f:32: \[bridge br0\]: section "bridge br0" is defined twice$/],
  [
    "a shim with a bridge's name",
    `${GOOD}\n[shim br0]\nparent = eth0\naddress = 10.0.9.1/24\n`,
    /^f:32: \[shim br0\]: "br0" is also declared as \[bridge br0\] \(line 2\)$/,
  ],
  [
    'a host port forwarded twice',
    `${GOOD}\n[forward other]\nto = 10.0.3.9\nport = tcp:8080:8080\n`,
    /^f:32: \[forward other\]: host port tcp 8080 \(IPv4\) is also forwarded by \[forward web\] \(line 20\)$/,
  ],
  [
    'a network masqueraded twice',
    `${GOOD}\n[masquerade again]\nnetwork = 10.0.3.0/24\noif = eth0\n`,
    /^f:32: \[masquerade again\]: 10\.0\.3\.0\/24 is also masqueraded by \[masquerade lxcnet\]/,
  ],
  [
    'masquerade and forward of one name',
    `${GOOD}\n[masquerade web]\nnetwork = 10.0.4.0/24\n`,
    /^f:32: \[masquerade web\]: the name "web" is already used on line 20/,
  ],
  ['a NUL byte', `${GOOD}\0`, /^f: contains a NUL byte$/],
  ['too big', `#${'x'.repeat(300 * 1024)}\n`, /^f: is larger than \d+ bytes/],
];

t.test('every problem is one file:line: key: problem line', async (t) => {
  for (const [name, text, want] of BAD) t.throws(() => parseHostConf(text, 'f'), want, name);
});

t.test('[isolation] dad = on|off (the duplicate-address probe switch); unset leaves it to the default', async (t) => {
  t.equal(parseHostConf('[isolation]\ndad = off\n', 'f').isolation.dad, false);
  t.equal(parseHostConf('[isolation]\ndad = on\n', 'f').isolation.dad, true);
  t.equal(parseHostConf('[isolation]\npool = 10.0.3.0/24\n', 'f').isolation.dad, undefined);
  t.throws(() => parseHostConf('[isolation]\ndad = yes\n', 'f'), /^f:2: dad: "yes" is not on or off$/);
});
