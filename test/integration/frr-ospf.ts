/**
 * Container addresses announced into OSPF by real FRR, three nodes: A and B are OpenVZ nodes
 * (VzLab: the BUILT ctnet-vznet / ctnet-umount hooks), R is the upstream router; all three
 * share a segment (bridge "seg" in R). Each runs zebra + ospfd with the frr.conf that the
 * BUILT `ctnet render frr` wrote for it. Proves: announce, reach, migrate A -> B, primary +
 * spare (A preferred, B on failure, A again on return), rollback of a failed start, and
 * withdrawal on umount, and a node failure (link cut) with the spare taking over.
 * Convergence times after each hook are printed (not asserted).
 */
import t from 'tap';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { VzLab, REPO } from '../lab/vz-lab.js';
import { FrrInstance, waitFor } from '../lab/frr.js';
import { addNetns, delNetns, ipBatch, ipJson, ping, sh, uniqueTag, type RouteJson } from '../lab/netns.js';

const CTNET = path.join(REPO, 'dist/bin/ctnet');
const ct = (addr: string, extra = '') => `NETIF="ifname=eth0,host_ifname=veth${addr.split('.')[3]}.0"
VETH_IP_ADDRESS="${addr}/32"
CT0_IP="10.0.0.2"
VE_DEFAULT_GATEWAY="10.0.0.2"
BRIDGEDEV="br0"
${extra}`;
const MIG = '203.0.113.11';
const HA = '203.0.113.12';
const BAD = '203.0.113.13';
const ANY = '203.0.113.14';
const UP = { a: '10.77.0.2', b: '10.77.0.3' } as const;

t.test('OSPF announcement of container addresses across three FRR nodes', async (t) => {
  const tag = uniqueTag();
  const rNs = `ctnet-r-${tag}`;
  const labs: Record<'a' | 'b', VzLab> = { a: await VzLab.create(), b: await VzLab.create() };
  const frr: FrrInstance[] = [];
  t.teardown(async () => {
    for (const f of frr) await f.stop();
    for (const l of Object.values(labs)) await l.cleanup();
    await delNetns(rNs);
  });

  // Segment: bridge "seg" in R, one veth per node (up0 on the node side).
  await addNetns(rNs);
  await ipBatch(rNs, ['link add seg type bridge', 'addr add 10.77.0.1/24 dev seg', 'link set dev seg up']);
  for (const n of ['a', 'b'] as const) {
    const hn = labs[n].hn;
    await sh('ip', ['-n', hn, 'link', 'add', 'up0', 'type', 'veth', 'peer', 'name', `s${n}-${tag}`, 'netns', rNs]);
    await ipBatch(rNs, [`link set dev s${n}-${tag} master seg up`]);
    await ipBatch(hn, [`addr add ${UP[n]}/24 dev up0`, 'link set dev up0 up']);
  }
  // CT configs: 101 migrates (no class); 102 is primary on A, spare on B; 103 fails to start on A.
  for (const n of ['a', 'b'] as const) labs[n].writeCtConf('101', ct(MIG));
  labs.a.writeCtConf('102', ct(HA, 'CTNET_ANNOUNCE=primary\n'));
  labs.b.writeCtConf('102', ct(HA, 'CTNET_ANNOUNCE=spare\n'));
  labs.a.writeCtConf('103', ct(BAD));
  for (const n of ['a', 'b'] as const) labs[n].writeCtConf('104', ct(ANY, 'CTNET_ANNOUNCE=anycast\n'));

  // frr.conf of each node written by the built `ctnet render frr`, run inside the node.
  const nodes: Array<[string, string, string[]]> = [
    [labs.a.hn, 'a', ['--vz-dir', labs.a.vzDir]], [labs.b.hn, 'b', ['--vz-dir', labs.b.vzDir]], [rNs, 'r', ['--no-vz']],
  ];
  for (const [ns, n, extra] of nodes) {
    const f = new FrrInstance(`ctnet-${n}-${tag}`, ns);
    frr.push(f);
    await f.prepare();
    const r = await sh('ip', ['netns', 'exec', ns, CTNET, 'render', 'frr', '--ospf-if', n === 'r' ? 'seg' : 'up0',
      '--hostname', n, '--output', f.confFile, ...extra], { allowFailure: true });
    t.equal(r.exitCode, 0, `render frr for ${n}: ${r.stderr}`);
  }
  const confB = fs.readFileSync(frr[1]!.confFile, 'utf8');
  t.match(confB, /ip prefix-list ctnet-spare seq 5 permit 203\.0\.113\.12\/32/, 'B\'s config lists its spare container');
  t.match(confB, /ip prefix-list ctnet-connected seq \d+ permit 10\.0\.0\.0\/24 le 32/, 'B\'s config drops its own br0 network');
  t.notMatch(fs.readFileSync(frr[0]!.confFile, 'utf8'), /ctnet-spare/, 'A has no spare');
  for (const f of frr) await f.start();
  const r = frr[2]!;
  await waitFor(async () => ((await r.vtysh('show ip ospf neighbor')).match(/Full\//g) ?? []).length === 2, 30_000, 'R adjacent to A and B');

  const via = async (addr: string): Promise<string | undefined> => {
    const routes = await ipJson<RouteJson[]>(rNs, ['route', 'show', `${addr}/32`, 'proto', 'ospf']);
    return routes[0]?.gateway;
  };
  const times: string[] = [];
  const converge = async (what: string, addr: string, want: string | undefined, timed = true): Promise<void> => {
    const ms = await waitFor(async () => (await via(addr)) === want, 20_000, `${what}: R routes ${addr} via ${want ?? 'nothing'}`);
    if (timed) times.push(`${what}: ${ms.toFixed(0)} ms`);
    t.pass(`${what}: R routes ${addr} via ${want ?? '(withdrawn)'}`);
  };
  const up = async (n: 'a' | 'b', veid: string, dev: string): Promise<void> => {
    await labs[n].addCt(veid, { pairs: [{ host: dev, ct: 'eth0' }] });
    const res = await labs[n].vznet(veid, dev);
    t.equal(res.exitCode, 0, `up ${veid} on ${n}: ${res.stderr}`);
  };
  const down = async (n: 'a' | 'b', veid: string): Promise<void> => {
    const res = await labs[n].umount(veid);
    t.equal(res.exitCode, 0, `umount ${veid} on ${n}: ${res.stderr}`);
    await labs[n].stopCt(veid);
  };

  // 1. Announce: CT 101 on A is learned by R via A and reachable.
  await up('a', '101', 'veth11.0');
  await converge('announce (up on A)', MIG, UP.a);
  t.ok(await ping(rNs, MIG), 'R reaches the container on A');

  // 2. Migrate: umount on A, up on B.
  await down('a', '101');
  await up('b', '101', 'veth11.0');
  await converge('migrate (umount A, up B)', MIG, UP.b);
  t.ok(await ping(rNs, MIG), 'R reaches the container on B');

  // 3. Primary on A + spare on B: both announced, R prefers A.
  await up('a', '102', 'veth12.0');
  const again = await labs.a.vznet('102', 'veth12.0');
  t.equal(again.exitCode, 0, `up 102 on a again: ${again.stderr}`);
  await up('b', '102', 'veth12.0');
  const routesA = await ipJson<RouteJson[]>(labs.a.hn, ['route', 'show', `${HA}/32`]);
  t.same(routesA.map((x) => [x.protocol === 'ctnet' ? '213' : x.protocol, x.metric]), [['213', 100]], 'up twice on A: one host route, proto 213, metric 100');
  const metric = async (n: 'a' | 'b') => (await ipJson<RouteJson[]>(labs[n].hn, ['route', 'show', `${HA}/32`, 'proto', '213']))[0]?.metric;
  t.equal(await metric('a'), 100, 'primary host route has kernel metric 100');
  t.equal(await metric('b'), 200, 'spare host route has kernel metric 200');
  await waitFor(async () => ((await r.vtysh(`show ip ospf database external ${HA}`)).match(/Advertising Router/g) ?? []).length === 2,
    20_000, 'both announcements in R\'s database');
  await converge('primary + spare', HA, UP.a, false);
  const db = await r.vtysh(`show ip ospf database external ${HA}`);
  t.match(db, /Advertising Router: 10\.77\.0\.3[\s\S]*Metric: 200/, 'spare announced with OSPF metric 200');
  t.match(db, /Advertising Router: 10\.77\.0\.2[\s\S]*Metric: 100/, 'primary announced with OSPF metric 100');

  // 4. Primary down -> spare; primary back -> primary.
  await down('a', '102');
  await converge('primary down -> spare', HA, UP.b);
  t.ok(await ping(rNs, HA), 'R reaches the spare');
  await up('a', '102', 'veth12.0');
  await converge('primary back', HA, UP.a);

  // 4b. Node A fails without a clean down (its link to the segment is cut): the spare takes
  // over once the routers declare A dead (dead interval); A returns when the link does.
  const cut = async (state: 'down' | 'up') => {
    await ipBatch(rNs, [`link set dev sa-${tag} ${state}`]);
    const ms = await waitFor(async () => (await via(HA)) === (state === 'down' ? UP.b : UP.a), 30_000, `node A link ${state}`);
    times.push(`node A link ${state} -> ${state === 'down' ? 'spare' : 'primary'}: ${ms.toFixed(0)} ms`);
    t.pass(`node A link ${state}: R routes ${HA} via ${state === 'down' ? 'B (spare)' : 'A (primary)'}`);
  };
  await cut('down');
  await cut('up');

  // 5. Anycast on A and B: type-1 announcements, equally near -> R spreads over both.
  await up('a', '104', 'veth14.0');
  await up('b', '104', 'veth14.0');
  const gateways = async () => {
    const rt = (await ipJson<Array<RouteJson & { nexthops?: Array<{ gateway: string }> }>>(rNs, ['route', 'show', `${ANY}/32`, 'proto', 'ospf']))[0];
    return (rt?.nexthops?.map((h) => h.gateway) ?? (rt?.gateway ? [rt.gateway] : [])).sort().join(' ');
  };
  await waitFor(async () => (await gateways()) === `${UP.a} ${UP.b}`, 20_000, 'R routes the anycast address via A and B');
  t.pass('anycast: R routes the address via both nodes (equal cost)');
  t.match(await r.vtysh(`show ip ospf database external ${ANY}`), /Metric Type: 1[\s\S]*Metric: 300[\s\S]*Metric Type: 1[\s\S]*Metric: 300/,
    'anycast announced as type-1, metric 300, by both');
  t.ok(await ping(rNs, ANY), 'R reaches an anycast instance');

  // 6. A failed start on A rolls back its host route: nothing to announce.
  fs.writeFileSync(path.join(labs.a.runDir, 'fail-exec'), '');
  await labs.a.addCt('103', { pairs: [{ host: 'veth13.0', ct: 'eth0' }] });
  const bad = await labs.a.vznet('103', 'veth13.0');
  fs.rmSync(path.join(labs.a.runDir, 'fail-exec'));
  t.not(bad.exitCode, 0, 'start with a failing CT side fails');
  t.same(await ipJson(labs.a.hn, ['route', 'show', `${BAD}/32`]), [], 'its host route was rolled back');

  // 7. Withdrawal: umount everything; R keeps no container route. Only container /32s were ever announced.
  const learned = await ipJson<RouteJson[]>(rNs, ['route', 'show', 'proto', 'ospf']);
  t.same(learned.map((x) => x.dst).sort(), [MIG, HA, ANY], 'R learned exactly the container addresses (no node networks, not the failed one)');
  await down('a', '102');
  await down('b', '102');
  await down('b', '101');
  await down('a', '103');
  await down('a', '104');
  await down('b', '104');
  await converge('withdraw (umount all)', HA, undefined);
  await waitFor(async () => (await ipJson(rNs, ['route', 'show', 'proto', 'ospf'])).length === 0, 20_000, 'R withdraws every container route');
  t.pass('R has no container route left');
  t.comment(`convergence after the hook returned (or the link changed): ${times.join('; ')}`);
});
