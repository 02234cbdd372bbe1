/**
 * Container addresses announced into OSPF by real FRR, three routers: OpenVZ nodes A and B
 * (the BUILT ctnet-vznet / ctnet-umount hooks) and the upstream router R on one segment, each
 * running zebra + ospfd with the frr.conf the BUILT `ctnet render frr` wrote (test/lab/ospf-lab.ts).
 * Proves: announce + reach, migrate A -> B, primary + spare (A preferred, B when A's container
 * stops or A's link is cut, A again on return), anycast (type-1, ECMP), rollback of a failed
 * start, only container addresses inside the pools learned, withdrawal on umount, and that the
 * IPv4 classes are read live from the hooks' class markers (tables 213 spare, 214 anycast): a spare
 * and an anycast container started and stopped with no re-render and no reload are announced
 * (E2 200, E1 300) and withdrawn, while the nodes' files and running configs stay as they were.
 * Convergence times are printed (not asserted).
 */
import { labCtConf } from '../lab/lab-ct-conf.js';
import t from 'tap';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { OspfLab, converger, ctCycle } from '../lab/ospf-lab.js';
import { waitFor } from '../lab/frr.js';
import { ctnetRoutesTo, ipBatch, ipJson, ping, type RouteJson } from '../lab/netns.js';

const ct = (addr: string, extra = '') => labCtConf([addr], extra);
const [MIG, HA, BAD, ANY] = ['203.0.113.11', '203.0.113.12', '203.0.113.13', '203.0.113.14'];
/** A spare that runs alone (CT 106 on B): announced and withdrawn live. */
const SPARE = '203.0.113.16';
/** Outside the lab's pools (LAB_POOLS): its host route stays on the node. */
const OUTSIDE = '198.51.100.15';
const A = '10.77.0.2';
const B = '10.77.0.3';

t.test('OSPF announcement of container addresses across three FRR routers', async (t) => {
  const lab = await OspfLab.create(['a', 'b']);
  t.teardown(() => lab.cleanup());
  const [a, b] = [lab.node('a'), lab.node('b')];
  // CT configs: 101 migrates (no class); 102 primary on A, spare on B; 103 fails on A; 104 anycast;
  // 106 a spare on B alone.
  for (const n of [a, b]) n.writeCtConf('101', ct(MIG));
  a.writeCtConf('102', ct(HA, 'CTNET_ANNOUNCE=primary\n'));
  b.writeCtConf('102', ct(HA, 'CTNET_ANNOUNCE=spare\n'));
  a.writeCtConf('103', ct(BAD));
  for (const n of [a, b]) n.writeCtConf('104', ct(ANY, 'CTNET_ANNOUNCE=anycast\n'));
  a.writeCtConf('105', ct(OUTSIDE));
  b.writeCtConf('106', ct(SPARE, 'CTNET_ANNOUNCE=spare\n'));
  await lab.startFrr();
  const confB = fs.readFileSync(lab.frr.get('b')!.confFile, 'utf8');
  t.notMatch(confB, /203\.0\.113\.1[246]/, "B's config names none of its spare or anycast containers");
  t.match(confB, /^ip import-table 213\nip import-table 214$/m, 'B reads the class tables instead');
  t.match(
    confB,
    /ip prefix-list ctnet-connected seq \d+ permit 10\.0\.0\.0\/24 le 32/,
    "B's config drops its own br0 network",
  );
  t.equal(
    fs.readFileSync(lab.frr.get('a')!.confFile, 'utf8').replace(/^hostname a$/m, 'hostname b'),
    confB.replace(' ospf router-id 10.77.0.3', ' ospf router-id 10.77.0.2'),
    "A's config is B's but for its name and router id: nothing depends on the node's containers",
  );
  t.match(
    confB,
    /^ip prefix-list ctnet-hosts seq 5 permit 203\.0\.113\.0\/24 ge 32$/m,
    'only host routes inside the pool',
  );
  t.notMatch(confB, /0\.0\.0\.0\/0/, 'no catch-all range');
  const r = lab.frr.get('r')!;
  /** What must not change while containers of any class come and go: the files and what the daemons run. */
  const configs = async () =>
    Promise.all(
      (['a', 'b'] as const).map(async (n) => {
        const f = lab.frr.get(n)!;
        return [fs.readFileSync(f.confFile, 'utf8'), await f.vtysh('show running-config')];
      }),
    );
  const configsBefore = await configs();

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

  // 3. A spare alone, live: B's spare started with no re-render is announced (E2 200) from
  // table 213, and withdrawn when it stops.
  /** The node's ctnet routes to addr/32 in any table: "TABLE METRIC", "TABLE anchor". */
  const routes = (node: typeof a, addr = HA) => ctnetRoutesTo(node.hn, `${addr}/32`);
  /** The advertising routers of R's live (not MaxAge-flushed) AS-external LSAs for addr, with type and metric. */
  const lsas = async (addr: string): Promise<string[]> =>
    (await r.vtysh(`show ip ospf database external ${addr}`))
      .split(/\n(?=\s*LS age:)/)
      .filter((e) => /LS age: \d+/.test(e) && !/LS age: 3600\b/.test(e))
      .map((e) =>
        [/Advertising Router: (\S+)/, /Metric Type: (\d)/, /Metric: (\d+)/].map((re) => re.exec(e)?.[1]).join(' '),
      )
      .sort();
  await up(b, '106', 'veth16.0');
  t.same(
    await routes(b, SPARE),
    ['212 200', '213 marker'],
    'spare: host route in table 212 (metric 200), its marker in 213',
  );
  await converge('spare alone (up on B, no re-render)', SPARE, B);
  t.same(await lsas(SPARE), [`${B} 2 200`], 'the spare from the class table announced as E2 200');
  t.ok(await ping(lab.rNs, SPARE), 'R reaches the spare (forwarding on B through the class table)');
  await down(b, '106');
  await converge('spare withdrawn (umount on B)', SPARE, '');
  await waitFor(async () => (await lsas(SPARE)).length === 0, 20_000, "the spare's LSA flushed at R");
  t.pass("R's database has no live LSA left for it");

  // 4. Primary on A (up twice) + spare on B: both announced, R prefers A.
  await up(a, '102', 'veth12.0');
  t.equal((await a.vznet('102', 'veth12.0')).exitCode, 0, 'up 102 on A again');
  await up(b, '102', 'veth12.0');
  t.same(await routes(a), ['main 100'], 'primary: one host route in main, proto 213, metric 100 (up twice = once)');
  t.same(await routes(b), ['212 200', '213 marker'], 'spare: host route in table 212 (metric 200), its marker in 213');
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

  // 5. Primary down -> spare; back -> primary; node A's link cut -> spare; link back -> primary.
  await down(a, '102');
  await converge('primary down -> spare', HA, B);
  t.ok(await ping(lab.rNs, HA), 'R reaches the spare');
  await up(a, '102', 'veth12.0');
  await converge('primary back', HA, A);
  await ipBatch(lab.rNs, [`link set dev ${lab.segPort('a')} down`]);
  await converge('node A link cut -> spare', HA, B);
  await ipBatch(lab.rNs, [`link set dev ${lab.segPort('a')} up`]);
  await converge('node A link back -> primary', HA, A);

  // 6. Anycast on A and B, live from table 214: type-1, equally near -> R uses both; one
  // stopped -> only the other.
  await up(a, '104', 'veth14.0');
  await converge('anycast on A (no re-render)', ANY, A);
  await up(b, '104', 'veth14.0');
  await converge('anycast on A and B', ANY, `${A} ${B}`, false);
  t.match(
    await r.vtysh(`show ip ospf database external ${ANY}`),
    /Metric Type: 1[\s\S]*Metric: 300[\s\S]*Metric Type: 1[\s\S]*Metric: 300/,
    'anycast announced as type-1, metric 300, by both',
  );
  t.ok(await ping(lab.rNs, ANY), 'R reaches an anycast instance');
  await down(b, '104');
  await converge('anycast withdrawn on B (umount)', ANY, A);
  t.same(await lsas(ANY), [`${A} 1 300`], "only A's anycast LSA is live");
  t.same(
    await configs(),
    configsBefore,
    "the nodes' files and running configs never changed (no re-render, no reload)",
  );

  // 7. A failed start rolls back its host route: nothing to announce.
  fs.writeFileSync(path.join(a.runDir, 'fail-exec'), '');
  await a.addCt('103', { pairs: [{ host: 'veth13.0', ct: 'eth0' }] });
  const bad = await a.vznet('103', 'veth13.0');
  fs.rmSync(path.join(a.runDir, 'fail-exec'));
  t.not(bad.exitCode, 0, 'start with a failing CT side fails');
  t.same(await ipJson(a.hn, ['route', 'show', `${BAD}/32`]), [], 'its host route was rolled back');

  // 8. R learned exactly the container addresses; umount everything -> all withdrawn.
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
  t.same(await routes(b), [], 'spare route removed without a record (config-derived, table 213, metric 200)');
  for (const [node, veid] of [
    [a, '102'],
    [a, '104'],
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
