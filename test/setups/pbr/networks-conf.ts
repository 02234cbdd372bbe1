import t from 'tap';
import { parseNetworksConf } from '../../../lib/setups/pbr/networks-conf.js';

const GOOD = `# comment
[internal]
table = 210
prefix = 192.168.1.0/24
uplink = vmbr0
gateway = 192.168.1.3

[external]
table = 200
prefix = 200.200.100.0/23
prefix = 2001:db8:100::/64
uplink = vmbr1
gateway6 = 2001:db8:100::1
iif = venet1
priority = 20000
`;

t.test('parses networks with defaults', async (t) => {
  const c = parseNetworksConf(GOOD, '/etc/ctnet/networks.conf');
  t.equal(c.networks.length, 2);
  const [a, b] = c.networks;
  t.match(a, {
    name: 'internal',
    table: 210,
    uplink: 'vmbr0',
    iif: 'venet0',
    priority: 10000,
    gateway: { address: '192.168.1.3' },
  });
  t.match(b, {
    name: 'external',
    table: 200,
    iif: 'venet1',
    priority: 20000,
    gateway6: { address: '2001:db8:100::1' },
  });
  t.equal(b!.prefixes.length, 2);
});

const BAD: Array<[string, string, RegExp]> = [
  [
    'bad gateway',
    GOOD.replace('192.168.1.3', '192.168.1.300'),
    /^f:6: gateway: "192\.168\.1\.300" is not an IPv4\/IPv6 address$/,
  ],
  [
    'host bits',
    GOOD.replace('192.168.1.0/24', '192.168.1.1/24'),
    /^f:4: prefix: "192\.168\.1\.1\/24" has host bits set; the network is 192\.168\.1\.0\/24$/,
  ],
  ['no prefix length', GOOD.replace('192.168.1.0/24', '192.168.1.0'), /^f:4: prefix: .*needs a prefix length/],
  ['unknown key', GOOD.replace('uplink = vmbr0', 'uplnk = vmbr0'), /^f:5: uplnk: unknown key/],
  ['missing uplink', GOOD.replace('uplink = vmbr0\n', ''), /^f:2: \[internal\]: "uplink" is required$/],
  [
    'reserved table',
    GOOD.replace('table = 210', 'table = 254'),
    /^f:3: table: "254" is not a free routing table number/,
  ],
  [
    "a table of ctnet's announcement classes",
    GOOD.replace('table = 210', 'table = 213'),
    /^f:3: table: "213" is not a free routing table number \(.*not 212\/213\/214: ctnet's announcement classes\)$/,
  ],
  [
    'duplicate table',
    GOOD.replace('table = 200', 'table = 210'),
    /^f:8: \[external\]: table 210 is also used by \[internal\] \(line 2\)$/,
  ],
  [
    'twice',
    GOOD.replace('uplink = vmbr0', 'uplink = vmbr0\nuplink = vmbr2'),
    /^f:6: uplink: is set twice in \[internal\] \(first on line 5\)$/,
  ],
  ['outside section', `table = 1\n${GOOD}`, /^f:1: table: is outside any \[network\] section$/],
  ['bad name', GOOD.replace('[internal]', '[main]'), /^f:2: \[main\]: "main" is not a usable table name/],
  [
    'gateway family',
    GOOD.replace('gateway = 192.168.1.3', 'gateway = 2001:db8::1'),
    /^f:6: gateway: "2001:db8::1" is not an IPv4 address$/,
  ],
  [
    'gateway6 without v6 prefix',
    GOOD.replace('gateway = 192.168.1.3', 'gateway6 = 2001:db8::1'),
    /^f:6: gateway6: there is no IPv6 prefix in \[internal\]/,
  ],
  [
    'bad ifname',
    GOOD.replace('uplink = vmbr0', 'uplink = vm br0'),
    /^f:5: uplink: "vm br0" is not a valid interface name/,
  ],
  [
    'injection',
    GOOD.replace('uplink = vmbr0', 'uplink = x;reboot'),
    /^f:5: uplink: "x;reboot" is not a valid interface name/,
  ],
  [
    'priority overlap',
    GOOD.replace('priority = 20000', 'priority = 10001'),
    /^f:8: \[external\]: rule priorities 10001-10002 overlap those of \[internal\]/,
  ],
  [
    'priority too high',
    GOOD.replace('priority = 20000', 'priority = 32765'),
    /^f:15: priority: "32765" is not a rule priority/,
  ],
  [
    "priority reaching the announcement classes' rules",
    GOOD.replace('priority = 20000', 'priority = 32764'),
    /^f:15: priority: "32764" is not a rule priority \(1-32763; this network uses 2 consecutive values, below the announcement classes' 32765\)$/,
  ],
  [
    'same prefix twice',
    GOOD.replace('200.200.100.0/23', '192.168.1.0/24'),
    /^f:8: \[external\]: prefix 192\.168\.1\.0\/24 is also in \[internal\]/,
  ],
  ['no equals', GOOD.replace('uplink = vmbr0', 'uplink vmbr0'), /^f:5: .*expected "key = value"/],
];

for (const [what, text, re] of BAD) {
  t.test(`rejects: ${what}`, async (t) => {
    t.throws(() => parseNetworksConf(text, 'f'), { code: 'E_CONFIG', message: re });
  });
}
