import t from 'tap';
import { parseLxcConfig } from '../../../lib/runtimes/lxc/lxc-config.js';

t.test('LXC 3+ keys: sections by index, addresses, gateways, scripts, hook.version', async (t) => {
  const cfg = parseLxcConfig(
    `# comment
lxc.uts.name = c1
lxc.net.1.type = veth
lxc.net.1.link = sw0
lxc.net.0.type = veth
lxc.net.0.link=br0
lxc.net.0.name = eth0
lxc.net.0.veth.pair = vethc1
lxc.net.0.mtu = 1450
lxc.net.0.ipv4.address = 10.0.0.5/24 10.0.0.255
lxc.net.0.ipv4.address = 10.0.1.5/32
lxc.net.0.ipv6.address = 2001:DB8::5/64
lxc.net.0.ipv4.gateway = auto
lxc.net.0.ipv6.gateway = fe80::1
lxc.net.0.script.up = /usr/libexec/ctnet/ctnet-lxc --vlan 10
lxc.net.0.hwaddr = 00:16:3e:xx:xx:xx
lxc.hook.version = 1
`,
    '/c1/config',
  );
  t.equal(cfg.hookVersion, 1);
  t.same(
    cfg.sections.map((s) => [s.label, s.type, s.link]),
    [
      ['lxc.net.0', 'veth', 'br0'],
      ['lxc.net.1', 'veth', 'sw0'],
    ],
    'sorted by index',
  );
  const s = cfg.sections[0]!;
  t.equal(s.name, 'eth0');
  t.equal(s.vethPair, 'vethc1');
  t.equal(s.mtu, 1450);
  t.same(
    s.ipv4.map((a) => `${a.address}/${a.prefix}`),
    ['10.0.0.5/24', '10.0.1.5/32'],
    'broadcast ignored, lines append',
  );
  t.same(
    s.ipv6.map((a) => a.address),
    ['2001:db8::5'],
    'lowercased',
  );
  t.equal(s.ipv4Gateway, 'auto');
  t.match(s.ipv6Gateway, { address: 'fe80::1' });
  t.equal(s.scriptUp, '/usr/libexec/ctnet/ctnet-lxc --vlan 10');
});

t.test('LXC 1.x/2.x keys: each lxc.network.type starts a section; ipv4/ipv6 are address lists', async (t) => {
  const cfg = parseLxcConfig(
    `lxc.network.type = veth
lxc.network.link = br0
lxc.network.ipv4 = 10.0.0.5/24
lxc.network.type = macvlan
lxc.network.link = eth0
lxc.network.ipv6 = 2001:db8::7/64
`,
    'old.conf',
  );
  t.same(
    cfg.sections.map((s) => [s.label, s.type, s.link]),
    [
      ['lxc.network (#1)', 'veth', 'br0'],
      ['lxc.network (#2)', 'macvlan', 'eth0'],
    ],
  );
  t.equal(cfg.sections[0]!.ipv4.length, 1);
  t.equal(cfg.sections[1]!.ipv6[0]!.address, '2001:db8::7');
  t.equal(cfg.hookVersion, 0);
});

t.test('empty values reset; without an include reader, lxc.include warns', async (t) => {
  const cfg = parseLxcConfig(
    `lxc.include = /usr/share/lxc/config/common.conf
lxc.net.0.type = veth
lxc.net.0.ipv4.address = 10.0.0.5/24
lxc.net.0.ipv4.address =
lxc.net.0.link = br0
lxc.net.0.link =
lxc.net.5.type = veth
lxc.net =
lxc.net.2.type = empty
`,
    'f',
  );
  t.same(
    cfg.sections.map((s) => s.label),
    ['lxc.net.2'],
    'lxc.net = drops earlier sections',
  );
  t.equal(cfg.warnings.length, 1);
  const c2 = parseLxcConfig(
    'lxc.net.0.type = veth\nlxc.net.0.ipv4.address = 10.0.0.5/24\nlxc.net.0.ipv4.address =\nlxc.net.0.link = br0\nlxc.net.0.link =\n',
    'f',
  );
  t.same(c2.sections[0]!.ipv4, []);
  t.equal(c2.sections[0]!.link, undefined);
});

t.test('bad values: file:line: key: problem', async (t) => {
  const bad: Array<[string, RegExp]> = [
    [
      'lxc.net.0.ipv4.address = 10.0.0.300/24',
      /^f:1: lxc.net.0.ipv4.address: "10.0.0.300\/24" is not an IPv4\/IPv6 address$/,
    ],
    ['lxc.net.0.ipv4.address = 2001:db8::1/64', /is not an IPv4 address/],
    ['lxc.net.0.link = br0;reboot', /^f:1: lxc.net.0.link: "br0;reboot" is not a valid interface name/],
    ['lxc.net.0.link = averyveryverylongname', /longer than 15/],
    ['lxc.net.0.type = tap', /"tap" is not a network type/],
    ['lxc.net.0.mtu = 9', /is not an MTU/],
    ['lxc.net.0.ipv4.gateway = 10.0.0.1/24', /without "\/prefix"/],
    ['lxc.hook.version = 2', /"2" is not 0 or 1/],
    ['lxc.network.link = br0', /before any lxc.network.type/],
    ['lxc.net.0.link', /no "=" on this line/],
  ];
  for (const [line, re] of bad)
    t.throws(() => parseLxcConfig(`${line}\n`, 'f'), { code: 'E_CONFIG', message: re }, line);
  t.throws(() => parseLxcConfig('a\0b', 'f'), { message: /NUL/ });
});

t.test('at most 1,024 addresses per section, with an error naming the key', async (t) => {
  const lines = (n: number) =>
    Array.from({ length: n }, (_, i) => `lxc.net.0.ipv4.address = 10.1.${i >> 8}.${i & 255}/32`).join('\n');
  const ok = parseLxcConfig(`lxc.net.0.type = veth\n${lines(1024)}\n`, '/c1/config');
  t.equal(ok.sections[0]!.ipv4.length, 1024);
  t.throws(
    () =>
      parseLxcConfig(`lxc.net.0.type = veth\n${lines(1024)}\nlxc.net.0.ipv6.address = 2001:db8::1/64\n`, '/c1/config'),
    {
      code: 'E_CONFIG',
      message: /^\/c1\/config:1026: lxc\.net\.0\.ipv6\.address: 1025 addresses; at most 1024 per interface$/,
    },
  );
});

t.test('hwaddr: a fixed MAC is kept (lowercase) for the filter; a template with x is random, so unknown', async (t) => {
  const cfg = parseLxcConfig(
    `lxc.net.0.type = veth
lxc.net.0.hwaddr = 02:AB:00:00:00:01
lxc.net.1.type = veth
lxc.net.1.hwaddr = 00:16:3e:xx:xx:xx
lxc.network.type = veth
lxc.network.hwaddr = 02:00:00:00:00:09
`,
    'f',
  );
  t.same(
    cfg.sections.map((s) => s.hwaddr),
    ['02:ab:00:00:00:01', undefined, '02:00:00:00:00:09'],
  );
  t.throws(() => parseLxcConfig('lxc.net.0.type = veth\nlxc.net.0.hwaddr = 02:00:00:00:00:0g\n', 'f'), {
    message: /f:2: lxc.net.0.hwaddr: .*not a MAC address/,
  });
});

t.test('issue 15: container addresses that got host routes are refused with file:line: key', async (t) => {
  for (const [key, value, re] of [
    ['ipv4.address', '224.0.0.251/32', /multicast/],
    ['ipv4.address', '127.0.0.1/8', /loopback/],
    ['ipv4.address', '255.255.255.255', /broadcast/],
    ['ipv6.address', '::/128', /unspecified/],
    ['ipv6.address', 'ff02::1/128', /multicast/],
    ['ipv4.address', '169.254.169.254/32', /link-local/],
    ['ipv6.address', 'fe80::1/64', /link-local/],
    ['ipv4.address', '0.0.0.5/32', /this network/],
    ['ipv4.address', '240.0.0.1/32', /reserved/],
    ['ipv6.address', '::ffff:10.0.0.1/128', /IPv4-mapped/],
  ] as const) {
    const text = `lxc.net.0.type = veth\nlxc.net.0.${key} = ${value}\n`;
    t.throws(
      () => parseLxcConfig(text, '/c/config'),
      {
        message: new RegExp(
          `^/c/config:2: lxc\\.net\\.0\\.${key.replace('.', '\\.')}: "[^"]+" is a [^;]*${re.source}[^;]*; a container address must be global unicast$`,
        ),
      },
      value,
    );
  }
  const ok = parseLxcConfig(
    'lxc.net.0.type = veth\nlxc.net.0.ipv6.gateway = fe80::1\nlxc.net.0.ipv4.address = 10.0.0.5/24\n',
    'f',
  );
  t.equal(ok.sections[0]?.ipv4[0]?.address, '10.0.0.5', 'global unicast accepted; a link-local gateway too');
  t.throws(() => parseLxcConfig('lxc.net.0.ipv4.gateway = 224.0.0.1\n', 'f'), /multicast/, 'a gateway is unicast');
});
