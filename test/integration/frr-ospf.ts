/**
 * Container addresses announced into OSPF by real FRR, three routers: OpenVZ nodes A and B
 * (the BUILT ctnet-vznet / ctnet-umount hooks) and the upstream router R on one segment, each
 * running zebra + ospfd with the frr.conf the BUILT `ctnet render frr` wrote (test/lab/ospf-lab.ts).
 * Proves: announce + reach, migrate A -> B, primary + spare (A preferred, B when A's container
 * stops or A's link is cut, A again on return), anycast (type-1, ECMP), rollback of a failed
 * start, only container addresses inside the pools learned, withdrawal on umount. Convergence times are printed
 * (not asserted).
 */
import t from 'tap';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { OspfLab, converger, ctCycle } from '../lab/ospf-lab.js';
import { waitFor } from '../lab/frr.js';
import { ipBatch, ipJson, ping, type RouteJson } from '../lab/netns.js';

const ct = (addr: string, extra = '') => `NETIF="ifname=eth0,host_ifname=veth${addr.split('.')[3]}.0"
VETH_IP_ADDRESS="${addr}/32"
CT0_IP="10.0.0.2"
VE_DEFAULT_GATEWAY="10.0.0.2"
BRIDGEDEV="br0"
${extra}`;
const [MIG, HA, BAD, ANY] = ['203.0.113.11', '203.0.113.12', '203.0.113.13', '203.0.113.14'];
/** Outside the lab's pools (LAB_POOLS): its host route stays on the node. */
const OUTSIDE = '198.51.100.15';
const A = '10.77.0.2';
const B = '10.77.0.3';

t.test('OSPF announcement of container addresses across three FRR routers', async (t) => {
  const lab = await OspfLab.create(['a', 'b']);
  t.teardown(() => lab.cleanup());
  const [a, b] = [lab.node('a'), lab.node('b')];
  // CT configs: 101 migrates (no class); 102 primary on A, spare on B; 103 fails on A; 104 anycast.
  for (const n of [a, b]) n.writeCtConf('101', ct(MIG));
  a.writeCtConf('102', ct(HA, 'CTNET_ANNOUNCE=primary\n'));
  b.writeCtConf('102', ct(HA, 'CTNET_ANNOUNCE=spare\n'));
  a.writeCtConf('103', ct(BAD));
  for (const n of [a, b]) n.writeCtConf('104', ct(ANY, 'CTNET_ANNOUNCE=anycast\n'));
  a.writeCtConf('105', ct(OUTSIDE));
  await lab.startFrr();
  const confB = fs.readFileSync(lab.frr.get('b')!.confFile, 'utf8');
  t.match(confB, /ip prefix-list ctnet-spare seq 5 permit 203\.0\.113\.12\/32/, "B's config lists its spare container");
  t.match(
    confB,
    /ip prefix-list ctnet-connected seq \d+ permit 10\.0\.0\.0\/24 le 32/,
    "B's config drops its own br0 network",
  );
  t.notMatch(fs.readFileSync(lab.frr.get('a')!.confFile, 'utf8'), /ctnet-spare/, 'A has no spare');
  t.match(
    confB,
    /^ip prefix-list ctnet-hosts seq 5 permit 203\.0\.113\.0\/24 ge 32$/m,
    'only host routes inside the pool',
  );
  t.notMatch(confB, /0\.0\.0\.0\/0/, 'no catch-all range');
  const r = lab.frr.get('r')!;

  const times: string[] = [];
  const converge = converger(t, times, (x) => lab.routerVia(x));
  const { up, down } = ctCycle(t);

  // 1. Announce (a container outside the pools first: it is not), 2. migrate.
  await up(a, '105', 'veth15.0');
  t.same(
    (await ipJson<RouteJson[]>(a.hn, ['route', 'show', `${OUTSIDE}/32`, 'proto', '213'])).length,
    1,
    'A has the host route of the CT outside the pools',
  );
  await up(a, '101', 'veth11.0');
  await converge('announce (up on A)', MIG, A);
  t.ok(await ping(lab.rNs, MIG), 'R reaches the container on A');
  t.equal(
    await lab.routerVia(OUTSIDE),
    '',
    'R has no route to the address outside the pools (announced before the one inside)',
  );
  t.match(
    await r.vtysh(`show ip ospf database external ${MIG}`),
    /Link State ID: 203\.0\.113\.11/,
    'R has the LSA of the address inside',
  );
  t.notMatch(
    await r.vtysh(`show ip ospf database external ${OUTSIDE}`),
    /Link State ID/,
    'and none for the one outside',
  );
  await down(a, '101');
  await up(b, '101', 'veth11.0');
  await converge('migrate (umount A, up B)', MIG, B);
  t.ok(await ping(lab.rNs, MIG), 'R reaches the container on B');

  // 3. Primary on A (up twice) + spare on B: both announced, R prefers A.
  await up(a, '102', 'veth12.0');
  t.equal((await a.vznet('102', 'veth12.0')).exitCode, 0, 'up 102 on A again');
  await up(b, '102', 'veth12.0');
  const routes = async (node: typeof a) =>
    (await ipJson<RouteJson[]>(node.hn, ['route', 'show', `${HA}/32`])).map((x) => [
      x.protocol === 'ctnet' ? '213' : x.protocol,
      x.metric,
    ]);
  t.same(await routes(a), [['213', 100]], 'primary: one host route, proto 213, metric 100 (up twice = once)');
  t.same(await routes(b), [['213', 200]], 'spare: host route with metric 200');
  await waitFor(
    async () =>
      ((await r.vtysh(`show ip ospf database external ${HA}`)).match(/Advertising Router/g) ?? []).length === 2,
    20_000,
    "both announcements in R's database",
  );
  await converge('primary + spare', HA, A, false);
  const db = await r.vtysh(`show ip ospf database external ${HA}`);
  t.match(db, new RegExp(`Advertising Router: ${B}[\\s\\S]*Metric: 200`), 'spare announced with OSPF metric 200');
  t.match(db, new RegExp(`Advertising Router: ${A}[\\s\\S]*Metric: 100`), 'primary announced with OSPF metric 100');

  // 4. Primary down -> spare; back -> primary; node A's link cut -> spare; link back -> primary.
  await down(a, '102');
  await converge('primary down -> spare', HA, B);
  t.ok(await ping(lab.rNs, HA), 'R reaches the spare');
  await up(a, '102', 'veth12.0');
  await converge('primary back', HA, A);
  await ipBatch(lab.rNs, [`link set dev ${lab.segPort('a')} down`]);
  await converge('node A link cut -> spare', HA, B);
  await ipBatch(lab.rNs, [`link set dev ${lab.segPort('a')} up`]);
  await converge('node A link back -> primary', HA, A);

  // 5. Anycast on A and B: type-1, equally near -> R uses both.
  await up(a, '104', 'veth14.0');
  await up(b, '104', 'veth14.0');
  await converge('anycast on A and B', ANY, `${A} ${B}`, false);
  t.match(
    await r.vtysh(`show ip ospf database external ${ANY}`),
    /Metric Type: 1[\s\S]*Metric: 300[\s\S]*Metric Type: 1[\s\S]*Metric: 300/,
    'anycast announced as type-1, metric 300, by both',
  );
  t.ok(await ping(lab.rNs, ANY), 'R reaches an anycast instance');

  // 6. A failed start rolls back its host route: nothing to announce.
  fs.writeFileSync(path.join(a.runDir, 'fail-exec'), '');
  await a.addCt('103', { pairs: [{ host: 'veth13.0', ct: 'eth0' }] });
  const bad = await a.vznet('103', 'veth13.0');
  fs.rmSync(path.join(a.runDir, 'fail-exec'));
  t.not(bad.exitCode, 0, 'start with a failing CT side fails');
  t.same(await ipJson(a.hn, ['route', 'show', `${BAD}/32`]), [], 'its host route was rolled back');

  // 7. R learned exactly the container addresses; umount everything -> all withdrawn.
  const learned = await ipJson<RouteJson[]>(lab.rNs, ['route', 'show', 'proto', 'ospf']);
  t.same(
    learned.map((x) => x.dst).sort(),
    [MIG, HA, ANY],
    'R learned exactly the container addresses (no node networks, not the failed one)',
  );
  // B's record of CT 102 is lost (e.g. /run wiped): the umount still removes the spare's
  // route, metric 200, from what the config implies.
  fs.rmSync(path.join(b.runDir, 'ct', 'vz-102.json'));
  await down(b, '102');
  t.same(
    (await routes(b)).filter(([p]) => p === '213'),
    [],
    'spare route removed without a record (config-derived, metric 200)',
  );
  for (const [node, veid] of [
    [a, '102'],
    [a, '104'],
    [b, '104'],
    [a, '103'],
    [a, '105'],
  ] as const)
    await down(node, veid);
  await down(b, '101');
  await converge('withdraw (after the last umount)', MIG, '');
  await waitFor(
    async () => (await ipJson(lab.rNs, ['route', 'show', 'proto', 'ospf'])).length === 0,
    20_000,
    'R withdraws every container route',
  );
  t.pass('R has no container route left');
  t.comment(`convergence after the hook returned (or the link changed): ${times.join('; ')}`);
});
