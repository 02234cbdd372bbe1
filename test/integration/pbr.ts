/**
 * ctnet pbr on a real kernel (seed 000): a node with two uplinks (veths to two gateway
 * namespaces that both hold the "internet" address 198.51.100.1) and a veth named venet0 to a
 * container holding one address from each network. Routing decisions, real traffic leaving
 * by the right uplink, idempotency, concurrency, and a remove that leaves foreign rules alone.
 */
import t from 'tap';
import { HostLab, nsSysctl, rxPackets } from '../lab/host-lab.js';
import { ipBatch, ipJson, sh } from '../lab/netns.js';

const CONF = `# two networks, as in seed 000
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
gateway = 200.200.100.30
gateway6 = 2001:db8:100::1
`;

interface RuleJson {
  priority: number;
  src: string;
  dst?: string;
  table: string;
  protocol?: string;
}

/** ctnet's rules (protocol 213); iproute2 6.1 does not filter `rule show protocol` itself. */
async function ctnetRules(ns: string, family: 4 | 6 = 4): Promise<RuleJson[]> {
  return (await ipJson<RuleJson[]>(ns, [...(family === 6 ? ['-6'] : []), 'rule', 'show'])).filter(
    (r) => r.protocol === '213',
  );
}

interface RouteGet {
  dst: string;
  gateway?: string;
  dev: string;
  table?: string;
}

async function build(lab: HostLab): Promise<{ hn: string; ct: string; gw1: string; gw2: string }> {
  const [hn, ct, gw1, gw2] = [await lab.ns('hn'), await lab.ns('ct'), await lab.ns('g1'), await lab.ns('g2')];
  await ipBatch(hn, [
    `link add venet0 type veth peer name eth0 netns ${ct}`,
    `link add vmbr0 type veth peer name g0 netns ${gw1}`,
    `link add vmbr1 type veth peer name g1 netns ${gw2}`,
    'addr add 10.254.0.1/32 dev venet0',
    'addr add 192.168.1.2/24 dev vmbr0',
    'addr add 200.200.100.2/23 dev vmbr1',
    'addr add 2001:db8:100::2/64 dev vmbr1 nodad',
    'addr add fd00:254::1/128 dev venet0 nodad',
    'link set venet0 up',
    'link set vmbr0 up',
    'link set vmbr1 up',
    // what vzctl's vps-net_add leaves: host routes to the CT addresses (and a neighbour CT)
    'route add 192.168.1.100/32 dev venet0',
    'route add 192.168.1.101/32 dev venet0',
    'route add 200.200.100.12/32 dev venet0',
    'route add 2001:db8:100::12/128 dev venet0',
    // the node's own default route goes out by the external uplink
    'route add default via 200.200.100.30',
  ]);
  const sysctls: Array<[string, string]> = [
    ['net.ipv4.ip_forward', '1'],
    ['net.ipv6.conf.all.forwarding', '1'],
    ['net.ipv4.conf.all.rp_filter', '0'],
    ['net.ipv4.conf.default.rp_filter', '0'],
    ['net.ipv4.conf.vmbr0.proxy_arp', '1'],
    ['net.ipv4.conf.vmbr1.proxy_arp', '1'],
    ['net.ipv6.conf.vmbr1.proxy_ndp', '1'],
  ];
  for (const [k, v] of sysctls) await nsSysctl(hn, k, v);
  await ipBatch(hn, ['neigh add proxy 2001:db8:100::12 dev vmbr1']);
  await ipBatch(ct, [
    'addr add 192.168.1.100/24 dev eth0',
    'addr add 200.200.100.12/23 dev eth0',
    'addr add 2001:db8:100::12/64 dev eth0 nodad',
    'link set eth0 up',
    'route add default via 10.254.0.1 dev eth0 onlink',
    'route add default via fd00:254::1 dev eth0 onlink',
  ]);
  for (const [ns, dev, addr, addr6] of [
    [gw1, 'g0', '192.168.1.3/24', ''],
    [gw2, 'g1', '200.200.100.30/23', '2001:db8:100::1/64'],
  ] as const) {
    await ipBatch(ns, [
      `addr add ${addr} dev ${dev}`,
      ...(addr6 ? [`addr add ${addr6} dev ${dev} nodad`, 'addr add 2001:db8:ffff::1/128 dev lo'] : []),
      `link set ${dev} up`,
      'addr add 198.51.100.1/32 dev lo',
    ]);
  }
  return { hn, ct, gw1, gw2 };
}

async function routeGet(ns: string, dst: string, from: string): Promise<RouteGet> {
  return (
    await ipJson<RouteGet[]>(ns, [
      ...(dst.includes(':') ? ['-6'] : []),
      'route',
      'get',
      dst,
      'from',
      from,
      'iif',
      'venet0',
    ])
  )[0]!;
}

t.test('pbr apply routes each source network out of its own uplink', async (t) => {
  const lab = new HostLab();
  t.teardown(() => lab.cleanup());
  const { hn, ct, gw1, gw2 } = await build(lab);
  const conf = lab.writeFile('networks.conf', CONF);
  // foreign state that must survive: a hand-made rule and a route in a table ctnet also uses
  await ipBatch(hn, [
    'rule add pref 500 from 10.99.0.0/16 lookup 300',
    'route add 10.77.0.0/16 via 192.168.1.3 table 210',
  ]);

  const before = await sh(
    'ip',
    ['netns', 'exec', ct, 'ping', '-c', '1', '-W', '1', '-I', '192.168.1.100', '198.51.100.1'],
    { allowFailure: true },
  );
  t.not(before.exitCode, 0, 'without pbr the internal address cannot reach the internet (wrong uplink)');

  const r1 = await lab.ctnet(hn, ['pbr', 'apply'], { config: conf });
  t.equal(r1.exitCode, 0, `apply: ${r1.stderr}`);
  const rules1 = await ipJson(hn, ['rule', 'show']);
  const r2 = await lab.ctnet(hn, ['pbr', 'apply'], { config: conf });
  t.equal(r2.exitCode, 0, `apply twice: ${r2.stderr}`);
  t.match(r2.stderr, /nothing to change/, 'second apply changes nothing');
  t.same(await ipJson(hn, ['rule', 'show']), rules1, 'rules identical after the second apply');
  const dry = await lab.ctnet(hn, ['pbr', 'apply', '--dry-run'], { config: conf });
  t.match(dry.stdout, /nothing to do/, 'dry run after apply: nothing to do');

  const ours = (await ctnetRules(hn)).map((r) => `${r.priority} ${r.src}${r.dst ? ` to ${r.dst}` : ''} ${r.table}`);
  t.same(
    ours,
    [
      '10000 192.168.1.0 to 192.168.1.0 main',
      '10001 192.168.1.0 210',
      '10010 200.200.100.0 to 200.200.100.0 main',
      '10011 200.200.100.0 200',
    ],
    'rule pairs with the "to NET" rule first',
  );
  t.match(
    (await lab.exec(hn, ['cat', `${lab.etcDir}/iproute2/rt_tables.d/ctnet.conf`])).stdout,
    /210\tinternal\n200\texternal/,
    'table names file',
  );

  const internet4 = await routeGet(hn, '198.51.100.1', '192.168.1.100');
  t.same([internet4.dev, internet4.gateway], ['vmbr0', '192.168.1.3'], 'internal source -> internal gateway');
  const ext4 = await routeGet(hn, '198.51.100.1', '200.200.100.12');
  t.same([ext4.dev, ext4.gateway], ['vmbr1', '200.200.100.30'], 'external source -> external gateway');
  const neighbour = await routeGet(hn, '192.168.1.101', '192.168.1.100');
  t.same(
    [neighbour.dev, neighbour.gateway],
    ['venet0', undefined],
    'same-network neighbour CT stays on venet0 (to-NET rule wins)',
  );
  const lan = await routeGet(hn, '192.168.1.50', '192.168.1.100');
  t.same([lan.dev, lan.gateway], ['vmbr0', undefined], 'same-network LAN host is reached directly');
  const ext6 = await routeGet(hn, '2001:db8:ffff::1', '2001:db8:100::12');
  t.same([ext6.dev, ext6.gateway], ['vmbr1', '2001:db8:100::1'], 'IPv6 source -> its table default');

  const PINGS = 20;
  for (const [src, seen, unseen] of [
    ['192.168.1.100', [gw1, 'g0'], [gw2, 'g1']],
    ['200.200.100.12', [gw2, 'g1'], [gw1, 'g0']],
  ] as const) {
    const a0 = await rxPackets(seen[0], seen[1]);
    const b0 = await rxPackets(unseen[0], unseen[1]);
    const p = await sh(
      'ip',
      ['netns', 'exec', ct, 'ping', '-c', String(PINGS), '-i', '0.05', '-W', '2', '-I', src, '198.51.100.1'],
      { allowFailure: true },
    );
    t.equal(p.exitCode, 0, `ping from ${src} to the internet address works`);
    t.ok((await rxPackets(seen[0], seen[1])) - a0 >= PINGS, `${src}: packets arrived at ${seen[1]}`);
    // The other uplink may see a little IPv6 neighbour/MLD traffic meanwhile, never the pings.
    t.ok((await rxPackets(unseen[0], unseen[1])) - b0 < PINGS / 2, `${src}: not at ${unseen[1]}`);
  }
  const p6 = await sh(
    'ip',
    [
      'netns',
      'exec',
      ct,
      'ping',
      '-6',
      '-c',
      '2',
      '-i',
      '0.2',
      '-W',
      '2',
      '-I',
      '2001:db8:100::12',
      '2001:db8:ffff::1',
    ],
    { allowFailure: true },
  );
  t.equal(p6.exitCode, 0, `IPv6 ping through the external gateway: ${p6.stdout}`);

  const show = await lab.ctnet(hn, ['pbr', 'show'], { config: conf });
  t.match(show.stdout, /# 12\/12 in place/, 'show: everything in place');
  await ipBatch(hn, ['rule del pref 10001 from 192.168.1.0/24 iif venet0 lookup 210 protocol 213']);
  t.match(
    (await lab.ctnet(hn, ['pbr', 'show'], { config: conf })).stdout,
    /MISSING\s+rule pref 10001/,
    'show names a missing rule',
  );
  t.equal((await lab.ctnet(hn, ['pbr', 'apply'], { config: conf })).exitCode, 0, 'apply repairs it');

  for (const round of [1, 2]) {
    const rm = await lab.ctnet(hn, ['pbr', 'remove'], { config: conf });
    t.equal(rm.exitCode, 0, `remove #${round}: ${rm.stderr}`);
  }
  t.same(await ctnetRules(hn), [], 'no ctnet rules left');
  t.same(await ctnetRules(hn, 6), [], 'no ctnet IPv6 rules left');
  const left = await ipJson<Array<{ priority: number }>>(hn, ['rule', 'show']);
  t.ok(
    left.some((r) => r.priority === 500),
    'the foreign rule survived',
  );
  const t210 = await ipJson<Array<{ dst: string }>>(hn, ['route', 'show', 'table', '210']);
  t.same(
    t210.map((r) => r.dst),
    ['10.77.0.0/16'],
    'only the foreign route is left in table 210',
  );
});

t.test('pbr: concurrent applies converge; bad config is one precise line and changes nothing', async (t) => {
  const lab = new HostLab();
  t.teardown(() => lab.cleanup());
  const { hn } = await build(lab);
  const conf = lab.writeFile('networks.conf', CONF);
  const results = await Promise.all(
    Array.from({ length: 6 }, () => lab.ctnet(hn, ['pbr', 'apply', '--quiet'], { config: conf })),
  );
  t.same(
    results.map((r) => r.exitCode),
    [0, 0, 0, 0, 0, 0],
    `all applies succeed: ${results.map((r) => r.stderr).join('')}`,
  );
  t.equal((await ctnetRules(hn)).length, 4, 'each IPv4 rule exactly once');
  t.equal((await ctnetRules(hn, 6)).length, 2, 'each IPv6 rule exactly once');
  // The admin edits the file: the internal network moves to table 211, priorities 500/501.
  const moved = lab.writeFile('networks.conf', CONF.replace('table = 210', 'table = 211\npriority = 500'));
  const r3 = await lab.ctnet(hn, ['pbr', 'apply'], { config: moved });
  t.equal(r3.exitCode, 0, `apply after the edit: ${r3.stderr}`);
  t.same(
    (await ctnetRules(hn)).map((r) => `${r.priority} ${r.table}`),
    ['500 main', '501 211', '10010 main', '10011 200'],
    'old rules replaced, not left behind',
  );
  t.same(await ipJson(hn, ['route', 'show', 'table', '210']), [], 'old table emptied');
  t.equal((await lab.ctnet(hn, ['pbr', 'remove'], { config: moved })).exitCode, 0);

  const bad = lab.writeFile('bad.conf', CONF.replace('gateway = 192.168.1.3', 'gateway = 192.168.1.300'));
  const r = await lab.ctnet(hn, ['pbr', 'apply'], { config: bad });
  t.equal(r.exitCode, 1, 'bad config fails');
  t.match(
    r.stderr,
    new RegExp(
      `^ctnet: error: ${bad.replace(/[.]/g, '\\.')}:6: gateway: "192\\.168\\.1\\.300" is not an IPv4/IPv6 address`,
    ),
    'file:line: key: problem',
  );
  t.same(await ctnetRules(hn), [], 'nothing applied');
});
