/**
 * A routed veth (no bridge) with proxy ARP/NDP on a real kernel: the CT takes addresses from the uplink's subnet
 * (IPv4 and IPv6) and is reached from a second namespace on that LAN THROUGH the node, with
 * proxy ARP/NDP and forwarding set on the veth only (plus proxy entries on the uplink named by
 * VETH_PROXY_DEV). The node's global sysctls stay as the admin left them; up twice is once;
 * umount removes the uplink proxy entries; the veth's own settings go with the veth.
 */
import t, { type Test } from 'tap';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { VzLab } from '../lab/vz-lab.js';
import { ipBatch, ipJson, ping, sh, waitLinkLocal, type RouteJson } from '../lab/netns.js';

const CONF = `# CT 101, routed: addresses from the LAN behind up0
NETIF="ifname=eth0,host_ifname=veth101.0"
VETH_IP_ADDRESS="10.9.0.101/32 2001:db8:9::101/128"
VE_DEFAULT_GATEWAY="10.9.0.1"
VE_DEFAULT_GATEWAY6="2001:db8:9::1"
VETH_PROXY_DEV="up0"
`;

async function sysctl(lab: VzLab, key: string): Promise<string> {
  const r = await lab.runHook('/bin/cat', [`/proc/sys/${key}`], {});
  return r.exitCode === 0 ? r.stdout.trim() : 'missing';
}

/** A node with the uplink up0 to a LAN namespace (10.9.0.0/24, 2001:db8:9::/64), forwarding as an admin sets it. */
async function lanLab(t: Test): Promise<{ lab: VzLab; lan: string }> {
  const lab = await VzLab.create({ bridge: null });
  t.teardown(() => lab.cleanup());
  const lan = await lab.addNs('lan');
  await sh('ip', ['-n', lab.hn, 'link', 'add', 'up0', 'type', 'veth', 'peer', 'name', 'lan0', 'netns', lan]);
  await ipBatch(lab.hn, [
    'addr add 10.9.0.1/24 dev up0',
    'addr add 2001:db8:9::1/64 dev up0 nodad',
    'link set dev up0 up',
  ]);
  await ipBatch(lan, [
    'addr add 10.9.0.2/24 dev lan0',
    'addr add 2001:db8:9::2/64 dev lan0 nodad',
    'link set dev lan0 up',
  ]);
  // The node answers NDP on up0 (and probes from it) only once up0's link-local is usable.
  await waitLinkLocal(lab.hn, 'up0');
  // The admin's node-wide choices (ctnet never makes them): the uplink forwards, IPv6 forwards.
  await sh('ip', [
    'netns',
    'exec',
    lab.hn,
    'sysctl',
    '-qw',
    'net.ipv4.conf.up0.forwarding=1',
    'net.ipv6.conf.all.forwarding=1',
  ]);
  return { lab, lan };
}

t.test('routed veth: reachable from the LAN through the node, veth-only sysctls', async (t) => {
  const { lab, lan } = await lanLab(t);
  const ct = await lab.addCt('101');
  lab.writeCtConf('101', CONF);
  // The CT's addresses come from the uplink's LAN: the admin declares that range a container pool.
  lab.writeHostConf('[isolation]\npool = 10.9.0.96/28\npool = 2001:db8:9::100/120\n');
  const ipForwardBefore = await sysctl(lab, 'net/ipv4/ip_forward');

  for (const round of [1, 2]) {
    const r = await lab.vznet('101', 'veth101.0');
    t.equal(r.exitCode, 0, `up #${round}: ${r.stderr}`);
  }
  t.equal(await sysctl(lab, 'net/ipv4/conf/veth101.0/proxy_arp'), '1', 'proxy_arp on the veth');
  t.equal(await sysctl(lab, 'net/ipv4/conf/veth101.0/forwarding'), '1', 'forwarding on the veth');
  t.equal(await sysctl(lab, 'net/ipv6/conf/veth101.0/proxy_ndp'), '1', 'proxy_ndp on the veth');
  t.equal(await sysctl(lab, 'net/ipv6/conf/up0/proxy_ndp'), '1', 'proxy_ndp on the uplink named by VETH_PROXY_DEV');
  t.equal(await sysctl(lab, 'net/ipv4/ip_forward'), ipForwardBefore, 'global ip_forward untouched');
  t.equal(await sysctl(lab, 'net/ipv4/conf/up0/proxy_arp'), '0', 'no route-based proxy ARP on the uplink');

  const routes = await ipJson<RouteJson[]>(lab.hn, ['route', 'show', 'proto', '213']);
  t.same(
    routes.map((r) => [r.dst, r.dev]),
    [['10.9.0.101', 'veth101.0']],
    'IPv4 host route via the veth',
  );
  const routes6 = await ipJson<RouteJson[]>(lab.hn, ['-6', 'route', 'show', 'proto', '213']);
  t.same(
    routes6.map((r) => [r.dst, r.dev]),
    [['2001:db8:9::101', 'veth101.0']],
    'IPv6 host route via the veth',
  );
  const proxies = await ipJson<Array<{ dst: string; dev: string }>>(lab.hn, ['neigh', 'show', 'proxy']);
  t.same(
    proxies.map((p) => `${p.dst} ${p.dev}`).sort(),
    ['10.9.0.101 up0', '2001:db8:9::1 veth101.0', '2001:db8:9::101 up0'],
    'proxy entries: CT addresses on the uplink, CT gateway6 on the veth',
  );

  t.ok(await ping(lan, '10.9.0.101'), 'LAN host reaches the CT over IPv4 through the node');
  // The node resolves the CT on the veth (and answers its NDP) from the veth's link-local, which
  // the kernel makes only now that the up turned IPv6 on there: wait until it is no longer tentative.
  await waitLinkLocal(lab.hn, 'veth101.0', 10_000);
  t.ok(await ping(lan, '2001:db8:9::101', 3), 'LAN host reaches the CT over IPv6 through the node');
  t.ok(await ping(ct, '10.9.0.2'), 'CT reaches the LAN host');

  const u = await lab.umount('101');
  t.equal(u.exitCode, 0, `umount: ${u.stderr}`);
  const after = await ipJson<Array<{ dst: string; dev: string }>>(lab.hn, ['neigh', 'show', 'proxy', 'dev', 'up0']);
  t.same(after, [], 'umount removed the proxy entries on the uplink');
  t.same(await ipJson(lab.hn, ['route', 'show', 'proto', '213']), [], 'no route to the CT remains');
  await lab.stopCt('101');
  t.equal(await sysctl(lab, 'net/ipv4/conf/veth101.0/proxy_arp'), 'missing', 'veth settings went with the veth');
  const u2 = await lab.umount('101');
  t.equal(u2.exitCode, 0, `umount after stop (veth gone) succeeds: ${u2.stderr}`);
});

t.test('a spare: its IPv4 route in table 212, reached through the rule before main; its marker in 213', async (t) => {
  const { lab, lan } = await lanLab(t);
  const ct = await lab.addCt('102');
  lab.writeCtConf(
    '102',
    CONF.replace(/101/g, '102').replace('# CT 102, routed', '# CT 102, routed spare') + 'CTNET_ANNOUNCE="spare"\n',
  );
  lab.writeHostConf('[isolation]\npool = 10.9.0.96/28\npool = 2001:db8:9::100/120\n');
  for (const round of [1, 2]) {
    const r = await lab.vznet('102', 'veth102.0');
    t.equal(r.exitCode, 0, `up #${round}: ${r.stderr}`);
  }
  const show = async (args: string[]) =>
    (await ipJson<RouteJson[]>(lab.hn, [...args, 'proto', '213'])).map((r) => `${r.dst} ${r.dev} ${r.metric ?? 0}`);
  t.same(await show(['route', 'show', 'table', '212']), ['10.9.0.102 veth102.0 200'], 'IPv4 spare route in table 212');
  t.same(
    await show(['route', 'show', 'table', '213']),
    ['10.9.0.102 undefined 200'],
    'its class marker in table 213 (a blackhole FRR imports; no rule looks there)',
  );
  t.same(await show(['route', 'show']), [], 'no IPv4 route of it in main');
  t.same(await show(['-6', 'route', 'show']), ['2001:db8:9::102 veth102.0 200'], 'IPv6 spare route stays in main');
  const rules = await ipJson<Array<{ priority: number; table: string; protocol?: string }>>(lab.hn, ['rule', 'show']);
  t.same(
    rules.filter((r) => ['212', '213', '214'].includes(r.table)).map((r) => `${r.priority} ${r.table} ${r.protocol}`),
    ['32765 212 213'],
    "one rule, for table 212, just before main, ctnet's (up twice made it once)",
  );
  t.ok(
    await ping(lan, '10.9.0.102'),
    'LAN host reaches the spare over IPv4 through the node (the rule finds table 212)',
  );
  t.ok(await ping(ct, '10.9.0.2'), 'the spare reaches the LAN host');

  // A record written before class tables had the spare route in main: the down removes that too.
  await ipBatch(lab.hn, ['route add 10.9.0.102/32 dev veth102.0 proto 213 metric 200']);
  const u = await lab.umount('102');
  t.equal(u.exitCode, 0, `umount: ${u.stderr}`);
  t.same(
    await show(['route', 'show', 'table', 'all']),
    [],
    'no IPv4 route or marker of the spare remains, in 212, 213 or main',
  );
  t.same(await show(['-6', 'route', 'show']), [], 'no IPv6 route to it remains');
  t.equal(
    (await ipJson<Array<{ table: string }>>(lab.hn, ['rule', 'show'])).filter((r) => r.table === '212').length,
    1,
    'the shared rule stays (other spares use it; with table 212 empty it finds nothing)',
  );
  const u2 = await lab.umount('102');
  t.equal(u2.exitCode, 0, `umount twice: ${u2.stderr}`);
});

t.test("routed veth without the admin's forwarding: the plan says what is missing", async (t) => {
  const lab = await VzLab.create({ bridge: null });
  t.teardown(() => lab.cleanup());
  await lab.addCt('101');
  lab.writeCtConf('101', CONF.replace('VETH_PROXY_DEV="up0"\n', ''));
  // The lab node's own switches (a new netns may inherit the machine's ip_forward).
  await sh('ip', ['netns', 'exec', lab.hn, 'sysctl', '-qw', 'net.ipv4.ip_forward=0', 'net.ipv6.conf.all.forwarding=0']);
  const r = await lab.vznet('101', 'veth101.0', [], { CTNET_DRY_RUN: '1' });
  t.equal(r.exitCode, 0, r.stderr);
  t.match(r.stdout, /echo 1 > \/proc\/sys\/net\/ipv4\/conf\/veth101\.0\/proxy_arp/, 'dry-run shows the veth sysctls');
  t.match(r.stdout, /# note: net\.ipv4\.ip_forward is 0/, 'notes that IPv4 forwarding is off node-wide');
  t.match(r.stdout, /# note: net\.ipv6\.conf\.all\.forwarding is 0/, 'notes that IPv6 forwarding is off node-wide');
  t.notMatch(r.stdout, /ip_forward\n|conf\/all\/forwarding/, 'never writes a global sysctl');
});

t.test('umount without a record still removes the uplink proxy entries (from the config)', async (t) => {
  const lab = await VzLab.create({ bridge: null });
  t.teardown(() => lab.cleanup());
  await ipBatch(lab.hn, ['link add up0 type veth peer name up0p', 'link set dev up0 up', 'link set dev up0p up']);
  await lab.addCt('101');
  lab.writeCtConf('101', CONF);
  const r = await lab.vznet('101', 'veth101.0');
  t.equal(r.exitCode, 0, r.stderr);
  const before = await ipJson<Array<{ dst: string }>>(lab.hn, ['neigh', 'show', 'proxy', 'dev', 'up0']);
  t.equal(before.length, 2, 'two proxy entries on the uplink');
  fs.rmSync(path.join(lab.runDir, 'ct', 'vz-101.json'));
  const u = await lab.umount('101');
  t.equal(u.exitCode, 0, u.stderr);
  t.same(
    await ipJson(lab.hn, ['neigh', 'show', 'proxy', 'dev', 'up0']),
    [],
    'entries removed from what the config implies',
  );
});
