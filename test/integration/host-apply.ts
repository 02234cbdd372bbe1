/**
 * `ctnet host apply` after a simulated reboot: a fresh node namespace (only its "hardware"
 * links), an empty run dir, then the command ctnet.service runs. Traffic proves that policy
 * routing, masquerade, a port forward, a managed bridge with its pinned MAC and a macvlan shim
 * are back. A second apply changes nothing; `show` says ok / MISSING / STALE; an entry removed
 * from host.conf is removed, and only it; foreign state and other ctnet owners survive.
 */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import t from 'tap';
import { HostLab, nsSysctl, rxPackets } from '../lab/host-lab.js';
import { addClient, fetchHello } from '../lab/nat-client.js';
import { OvsLab } from '../lab/ovs.js';
import { ipBatch, ipJson, ping, sh } from '../lab/netns.js';

const MAC = '02:00:5e:17:0a:01';
const HOST_CONF = `# what this node needs before its containers start
[bridge br7]
mac = ${MAC}
address = 10.7.0.1/24

[shim mv7]
parent = eth1
address = 10.6.0.1/24

[masquerade lan]
network = 10.7.0.0/24

[forward web]
to = 10.7.0.5
port = tcp:8080:80

[isolation]
pool = 10.7.0.0/24
forward-ports = 8000-8999
`;
const NETWORKS_CONF = `[lan]
table = 217
prefix = 10.7.0.0/24
uplink = up0
gateway = 203.0.113.2
iif = br7
`;

/** Links, IPv4 addresses, routes and rules, nftables (IPv6 link-local DAD flags change on their own). */
async function snapshot(hn: string): Promise<string> {
  const parts = [
    await ipJson(hn, ['link', 'show']),
    await ipJson(hn, ['-4', 'addr', 'show']),
    await ipJson(hn, ['-4', 'route', 'show', 'table', 'all']),
    await ipJson(hn, ['rule', 'show']),
  ];
  const nft = (await sh('ip', ['netns', 'exec', hn, 'nft', 'list', 'ruleset'])).stdout;
  return JSON.stringify(parts) + nft;
}

t.test('host apply on a freshly booted node brings every declared setup back, with traffic', async (t) => {
  const lab = new HostLab();
  t.teardown(() => lab.cleanup());
  // The node as it boots: an uplink to the outside (cl: 203.0.113.2, "internet" 198.51.100.1), a NIC eth1, nothing of ctnet.
  const hn = await lab.ns('hn');
  const cl = await addClient(lab, hn);
  await ipBatch(cl, ['addr add 198.51.100.1/32 dev lo']);
  await ipBatch(hn, ['link add eth1 type veth peer name eth1p', 'link set eth1 up', 'link set eth1p up']);
  for (const k of ['net.ipv4.conf.all.rp_filter', 'net.ipv4.conf.default.rp_filter']) await nsSysctl(hn, k, '0');
  // Foreign state ctnet must leave alone: a table of someone else, a one-off forward of a container.
  await sh('ip', ['netns', 'exec', hn, 'nft', '-f', '-'], {
    input:
      'table ip foreign {\n chain post { type nat hook postrouting priority 100; ip saddr 192.0.2.0/24 masquerade; }\n}\n',
  });
  t.equal(
    (await lab.ctnet(hn, ['nat', 'forward', 'add', '--quiet', '--owner', 'vz-999', '--to', '10.7.0.99', 'tcp:8299:22']))
      .exitCode,
    0,
    'a container forward from a one-off command',
  );
  lab.writeFile('etc/ctnet/host.conf', HOST_CONF);
  lab.writeFile('etc/ctnet/networks.conf', NETWORKS_CONF);

  const before = await lab.ctnet(hn, ['host', 'show']);
  t.equal(before.exitCode, 1, 'show exits 1 while something is missing');
  t.same(
    before.stdout
      .split('\n')
      .filter((l) => /^(ok|MISSING|STALE)/.test(l))
      .map((l) => l.split(/\s+/).slice(0, 3).join(' ')),
    ['MISSING bridge br7', 'MISSING shim mv7', 'MISSING masquerade lan', 'MISSING forward web', 'MISSING pbr lan'],
    'show before apply',
  );
  t.match(
    before.stdout,
    /setting  pool 10\.7\.0\.0\/24\nsetting  forward-ports 8000-8999\nsetting  filter on/,
    'isolation settings shown',
  );

  const apply = await lab.ctnet(hn, ['host', 'apply', '--quiet']);
  t.equal(apply.exitCode, 0, `apply: ${apply.stderr}`);
  t.same(
    apply.stdout.trim().split('\n'),
    [
      'host: bridge br7: added',
      'host: shim mv7: added',
      'host: masquerade lan: added',
      'host: forward web: added',
      'host: pbr networks.conf: applied',
      'host: 5 change(s)',
    ],
    'one line per change',
  );

  // Containers start after ctnet.service: ct1 on br7 (10.7.0.5, a web server), a macvlan container on eth1.
  const ct1 = await lab.ns('ct1');
  await ipBatch(hn, [
    `link add vethc1 type veth peer name eth0 netns ${ct1}`,
    'link set vethc1 master br7',
    'link set vethc1 up',
  ]);
  await ipBatch(ct1, [
    'addr add 10.7.0.5/24 dev eth0',
    'link set eth0 up',
    'link set lo up',
    'route add default via 10.7.0.1',
  ]);
  const mc = await lab.ns('mc');
  await ipBatch(hn, ['link add link eth1 name mvc type macvlan mode bridge', `link set mvc netns ${mc}`]);
  await ipBatch(mc, ['addr add 10.6.0.3/24 dev mvc', 'link set mvc up']);
  fs.writeFileSync(path.join(lab.dir, 'hello.txt'), 'hello from ct1\n');
  const httpd = spawn('ip', ['netns', 'exec', ct1, 'busybox', 'httpd', '-f', '-p', '80', '-h', lab.dir], {
    stdio: 'ignore',
  });
  t.teardown(() => {
    httpd.kill('SIGKILL');
  });

  t.ok(await ping(ct1, '10.7.0.1'), 'bridge: ct1 reaches the bridge address');
  const neigh = await ipJson<Array<{ dst: string; lladdr?: string }>>(ct1, ['neigh', 'show', '10.7.0.1']);
  t.equal(neigh[0]?.lladdr, MAC, 'bridge: it answers with its pinned MAC');
  t.equal(
    (await lab.exec(hn, ['cat', '/sys/class/net/br7/addr_assign_type'])).stdout.trim(),
    '3',
    'bridge: MAC pinned (addr_assign_type 3), a port joining did not move it',
  );
  const rx0 = await rxPackets(cl, 'eth0');
  t.ok(
    await ping(ct1, '198.51.100.1'),
    'pbr + masquerade: ct1 reaches the outside through table 217 and the host address',
  );
  t.ok((await rxPackets(cl, 'eth0')) - rx0 >= 2, 'the pings left by up0');
  const route = (
    await ipJson<Array<{ dev: string; gateway?: string }>>(hn, [
      'route',
      'get',
      '198.51.100.1',
      'from',
      '10.7.0.5',
      'iif',
      'br7',
    ])
  )[0]!;
  t.same([route.dev, route.gateway], ['up0', '203.0.113.2'], 'pbr: the route the container traffic takes');
  t.equal(await fetchHello(cl, '203.0.113.1', 8080), 'hello from ct1\n', 'forward: the host port reaches ct1');
  t.ok(await ping(hn, '10.6.0.3'), 'shim: the host reaches the macvlan container');

  const snap = await snapshot(hn);
  const again = await lab.ctnet(hn, ['host', 'apply']);
  t.equal(again.exitCode, 0, `second apply: ${again.stderr}`);
  t.equal(again.stdout, 'host: nothing to change (5 entries in place)\n', 'second apply says it changed nothing');
  t.equal(await snapshot(hn), snap, 'links, addresses, routes, rules and nftables identical after the second apply');
  const ok = await lab.ctnet(hn, ['host', 'show', '--json']);
  t.equal(ok.exitCode, 0, 'show exits 0 when everything is in place');
  const shown = JSON.parse(ok.stdout) as {
    items: Array<{ state: string }>;
    settings: { pools: string[]; filter: boolean };
  };
  t.same(
    shown.items.map((i) => i.state),
    ['ok', 'ok', 'ok', 'ok', 'ok'],
    'show --json: all ok',
  );
  t.same(
    shown.settings,
    { pools: ['10.7.0.0/24'], forwardPorts: [{ from: 8000, to: 8999 }], filter: true },
    'show --json: settings',
  );

  // Drift: someone deletes the shim by hand.
  await ipBatch(hn, ['link del mv7']);
  t.match((await lab.ctnet(hn, ['host', 'show'])).stdout, /^MISSING  shim mv7 /m, 'show names the missing shim');
  t.same(
    (await lab.ctnet(hn, ['host', 'apply'])).stdout.trim().split('\n'),
    ['host: shim mv7: added', 'host: 1 change(s)'],
    'apply restores exactly it',
  );

  // The masquerade leaves host.conf.
  lab.writeFile('etc/ctnet/host.conf', HOST_CONF.replace('[masquerade lan]\nnetwork = 10.7.0.0/24\n', ''));
  const stale = await lab.ctnet(hn, ['host', 'show']);
  t.match(
    stale.stdout,
    /^STALE    masquerade lan +no longer declared: masquerade 10\.7\.0\.0\/24$/m,
    'show: the undeclared masquerade is STALE',
  );
  const rm = await lab.ctnet(hn, ['host', 'apply', '--quiet']);
  t.same(
    rm.stdout.trim().split('\n'),
    ['host: masquerade lan: removed', 'host: 1 change(s)'],
    'apply removes exactly that',
  );
  const rules = (await sh('ip', ['netns', 'exec', hn, 'nft', 'list', 'ruleset'])).stdout;
  t.notMatch(rules, /10\.7\.0\.0\/24 .*masquerade/, 'the masquerade is gone');
  t.match(rules, /tcp dport 8080 dnat ip to 10\.7\.0\.5:80/, 'the forward stays');
  t.match(rules, /tcp dport 8299 dnat ip to 10\.7\.0\.99:22/, "the container's one-off forward stays");
  t.match(rules, /table ip foreign/, 'the foreign table stays');
  t.notOk(await ping(ct1, '198.51.100.1', 1), 'without the masquerade the outside cannot answer ct1');
  t.equal(await fetchHello(cl, '203.0.113.1', 8080), 'hello from ct1\n', 'the forward still works');
  t.ok(await ping(hn, '10.6.0.3'), 'the shim still works');
  t.equal((await lab.ctnet(hn, ['host', 'show'])).exitCode, 0, 'show: all ok again');
});

t.test('a bad host.conf is one file:line: key: problem line and changes nothing', async (t) => {
  const lab = new HostLab();
  t.teardown(() => lab.cleanup());
  const hn = await lab.ns('hn');
  lab.writeFile('etc/ctnet/host.conf', HOST_CONF.replace('port = tcp:8080:80', 'port = tcp:8080:80000'));
  lab.writeFile('etc/ctnet/networks.conf', NETWORKS_CONF);
  const links = await ipJson(hn, ['link', 'show']);
  const r = await lab.ctnet(hn, ['host', 'apply']);
  t.equal(r.exitCode, 1, 'apply fails');
  t.match(r.stderr, /host\.conf:15: port: "tcp:8080:80000": port 80000 is not 1-65535/, r.stderr);
  t.same(
    await ipJson(hn, ['link', 'show']),
    links,
    'no link made (the bridge and shim sections before the error were not applied)',
  );
  t.equal((await ipJson<unknown[]>(hn, ['rule', 'show'])).length, 3, 'no rule added');
  t.notMatch(
    (await sh('ip', ['netns', 'exec', hn, 'nft', 'list', 'ruleset'])).stdout,
    /table inet ctnet/,
    'no NAT table',
  );
});

t.test(
  'an Open vSwitch bridge: created with its pinned MAC, carries traffic, kept while it has ports, then removed',
  async (t) => {
    const lab = new HostLab();
    t.teardown(() => lab.cleanup());
    const hn = await lab.ns('hn');
    const ovs = await OvsLab.start(hn, lab.tag);
    t.teardown(() => ovs.stop());
    const mac = '02:00:5e:17:0b:01';
    lab.writeFile(
      'etc/ctnet/host.conf',
      `[bridge sw7]\ntype = ovs\ndatapath = netdev\nmac = ${mac}\naddress = 10.17.0.1/24\n`,
    );
    const db = ['--ovs-db', `unix:${ovs.dir}/db.sock`];
    const apply = await lab.ctnet(hn, ['host', 'apply', '--quiet', ...db]);
    t.equal(apply.exitCode, 0, `apply: ${apply.stderr}`);
    t.equal(apply.stdout, 'host: bridge sw7: added\nhost: 1 change(s)\n');
    t.equal(
      (await ovs.vsctl(['get', 'bridge', 'sw7', 'other-config:hwaddr'])).stdout.trim(),
      `"${mac}"`,
      'hwaddr pinned in ovsdb',
    );
    const ct = await lab.ns('ct');
    await ipBatch(hn, [`link add vethc2 type veth peer name eth0 netns ${ct}`, 'link set vethc2 up']);
    await ovs.vsctl(['add-port', 'sw7', 'vethc2']);
    await ipBatch(ct, ['addr add 10.17.0.5/24 dev eth0', 'link set eth0 up']);
    t.ok(await ping(ct, '10.17.0.1', 3), 'a container port reaches the bridge address');
    t.equal(
      (await ipJson<Array<{ lladdr?: string }>>(ct, ['neigh', 'show', '10.17.0.1']))[0]?.lladdr,
      mac,
      'answered from the pinned MAC',
    );
    t.equal(
      (await lab.ctnet(hn, ['host', 'apply', ...db])).stdout,
      'host: nothing to change (1 entries in place)\n',
      'second apply changes nothing',
    );

    lab.writeFile('etc/ctnet/host.conf', '# sw7 no longer declared\n');
    t.match(
      (await lab.ctnet(hn, ['host', 'show', ...db])).stdout,
      /^STALE    bridge sw7 +no longer declared; kept while it has 1 port\(s\)$/m,
      'a stale bridge with a port is kept',
    );
    await lab.ctnet(hn, ['host', 'apply', ...db]);
    t.equal((await ovs.vsctl(['list-br'])).stdout.trim(), 'sw7', 'still there while the container port is on it');
    await ovs.vsctl(['del-port', 'sw7', 'vethc2']);
    const rm = await lab.ctnet(hn, ['host', 'apply', '--quiet', ...db]);
    t.equal(rm.stdout, 'host: bridge sw7: removed\nhost: 1 change(s)\n', `removed once it has no port: ${rm.stderr}`);
    t.equal((await ovs.vsctl(['list-br'])).stdout.trim(), '', 'the bridge ctnet created is gone');
  },
);

t.test('concurrent applies: one makes the changes, the others find them in place', async (t) => {
  const lab = new HostLab();
  t.teardown(() => lab.cleanup());
  const hn = await lab.ns('hn');
  await ipBatch(hn, ['link add eth1 type veth peer name eth1p', 'link set eth1 up', 'link set eth1p up']);
  lab.writeFile('etc/ctnet/host.conf', HOST_CONF.replace(/\[forward web\][^[]*/, ''));
  const runs = await Promise.all([1, 2, 3].map(() => lab.ctnet(hn, ['host', 'apply', '--quiet'])));
  t.same(
    runs.map((r) => r.exitCode),
    [0, 0, 0],
    `all succeed: ${runs.map((r) => r.stderr).join('')}`,
  );
  t.same(runs.map((r) => r.stdout.trim().split('\n').pop()).sort(), [
    'host: 3 change(s)',
    'host: nothing to change (3 entries in place)',
    'host: nothing to change (3 entries in place)',
  ]);
  t.equal((await ipJson<unknown[]>(hn, ['link', 'show', 'type', 'macvlan'])).length, 1, 'one shim');
  t.equal(
    (await sh('ip', ['netns', 'exec', hn, 'nft', 'list', 'ruleset'])).stdout.match(/masquerade comment/g)?.length,
    1,
    'one masquerade rule',
  );
});
