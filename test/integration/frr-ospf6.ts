/**
 * IPv6 container addresses announced into OSPFv3 by real FRR (zebra + ospfd + ospf6d), from
 * the frr.conf the BUILT `ctnet render frr --ipv6` wrote: OpenVZ nodes A and B (the BUILT
 * hooks) and the upstream router R on one segment (test/lab/ospf-lab.ts). Proves: a dual-stack
 * container's IPv6 /128 announced and reached over OSPFv3 (its IPv4 /32 over OSPFv2), migrated
 * A -> B, primary + spare (A preferred, B when A's container stops), the nodes' own IPv6
 * networks never announced, everything withdrawn on umount. Convergence times are printed.
 */
import { labCtConf } from '../lab/lab-ct-conf.js';
import t from 'tap';
import * as fs from 'node:fs';
import { OspfLab, converger, ctCycle } from '../lab/ospf-lab.js';
import { waitFor } from '../lab/frr.js';
import { ipJson, ping, type RouteJson } from '../lab/netns.js';

const ct = (v4: string, v6: string, extra = '') => labCtConf([v4, v6], extra);
const MIG = ['203.0.113.21', '2001:db8:113::21'] as const;
const HA = ['203.0.113.22', '2001:db8:113::22'] as const;

t.test('OSPFv3 announcement of IPv6 container addresses across three FRR routers', async (t) => {
  const started = Date.now() - 1000;
  const lab = await OspfLab.create(['a', 'b']);
  t.teardown(() => lab.cleanup());
  const [a, b] = [lab.node('a'), lab.node('b')];
  for (const n of [a, b]) n.writeCtConf('101', ct(...MIG));
  a.writeCtConf('102', ct(...HA, 'CTNET_ANNOUNCE=primary\n'));
  b.writeCtConf('102', ct(...HA, 'CTNET_ANNOUNCE=spare\n'));
  await lab.startFrr(() => ['--ipv6']);
  const confB = fs.readFileSync(lab.frr.get('b')!.confFile, 'utf8');
  t.match(
    confB,
    /^ipv6 prefix-list ctnet6-spare seq 5 permit 2001:db8:113::22\/128$/m,
    "B's config lists its IPv6 spare",
  );
  t.match(
    confB,
    /^ipv6 prefix-list ctnet6-connected seq \d+ permit fd10::\/64 le 128$/m,
    "B's config drops its own br0 IPv6 network",
  );
  t.notMatch(confB, /203\.0\.113\.22/, 'but not its IPv4 spare: read live from table 213');
  const r = lab.frr.get('r')!;

  const times: string[] = [];
  const converge = converger(t, times, (x) => lab.routerVia6(x));
  const { up, down } = ctCycle(t);

  // Announce (both families), reach over IPv6, migrate.
  await up(a, '101', 'veth21.0');
  await converge('announce (up on A)', MIG[1], 'a');
  await waitFor(
    async () => (await lab.routerVia(MIG[0])) === '10.77.0.2',
    30_000,
    `R routes ${MIG[0]} via A over OSPFv2`,
  );
  t.pass('the IPv4 address of the same container is announced over OSPFv2');
  t.ok(await ping(lab.rNs, MIG[1]), 'R reaches the container on A over IPv6');
  await down(a, '101');
  await up(b, '101', 'veth21.0');
  await converge('migrate (umount A, up B)', MIG[1], 'b');
  t.ok(await ping(lab.rNs, MIG[1]), 'R reaches the container on B over IPv6');

  // Primary on A + spare on B: both announced with their metrics, R prefers A; A down -> B.
  await up(a, '102', 'veth22.0');
  await up(b, '102', 'veth22.0');
  const routes = async (node: typeof a) =>
    (await ipJson<RouteJson[]>(node.hn, ['-6', 'route', 'show', `${HA[1]}/128`])).map((x) => [
      x.protocol === 'ctnet' ? '213' : x.protocol,
      x.metric,
    ]);
  t.same(await routes(a), [['213', 100]], 'primary: IPv6 host route, proto 213, metric 100');
  t.same(await routes(b), [['213', 200]], 'spare: metric 200');
  await waitFor(
    async () =>
      ((await r.vtysh('show ipv6 ospf6 database as-external detail')).match(/Prefix: 2001:db8:113::22\/128/g) ?? [])
        .length === 2,
    20_000,
    "both IPv6 announcements in R's database",
  );
  await converge('primary + spare', HA[1], 'a');
  // AS-external LSAs, one block each: "Advertising Router: R", "Bits: E--" (E: type-2), "Metric: N", "Prefix: P".
  const lsas = (await r.vtysh('show ipv6 ospf6 database as-external detail'))
    .split(/\n\s*\n/)
    .filter((b) => b.includes(`Prefix: ${HA[1]}/128`))
    .map(
      (b) =>
        [
          /Advertising Router: (\S+)/.exec(b)?.[1],
          /Bits: (\S+)/.exec(b)?.[1],
          Number(/Metric: +(\d+)/.exec(b)?.[1]),
        ] as const,
    )
    .sort();
  t.same(
    lsas,
    [
      ['10.77.0.2', 'E--', 100],
      ['10.77.0.3', 'E--', 200],
    ],
    'primary announced with metric 100, spare with 200, both type-2',
  );
  await waitFor(
    async () =>
      /Advertising Router: 10\.77\.0\.3[\s\S]*Metric Type: 2[\s\S]*Metric: 200/.test(
        await r.vtysh(`show ip ospf database external ${HA[0]}`),
      ),
    20_000,
    'the IPv4 spare of the same container announced as E2 200 from table 213',
  );
  t.pass('the IPv4 spare is announced live from its class table, next to the IPv6 one from the prefix-list');
  await down(a, '102');
  await converge('primary down -> spare', HA[1], 'b');
  t.ok(await ping(lab.rNs, HA[1]), 'R reaches the spare over IPv6');

  // Only container addresses: no node network (fd10::/64 on every br0) learned over OSPFv3.
  const learned = await ipJson<RouteJson[]>(lab.rNs, ['-6', 'route', 'show', 'proto', 'ospf']);
  t.same(learned.map((x) => x.dst).sort(), [`${MIG[1]}`, `${HA[1]}`], 'R learned exactly the IPv6 container addresses');

  await down(b, '102');
  await down(b, '101');
  await converge('withdraw (after the last umount)', MIG[1], '');
  await waitFor(
    async () => (await ipJson(lab.rNs, ['-6', 'route', 'show', 'proto', 'ospf'])).length === 0,
    20_000,
    'R withdraws every IPv6 container route',
  );
  t.pass('R has no IPv6 container route left');
  t.comment(`OSPFv3 convergence after the hook returned: ${times.join('; ')}`);
  // ospfd and ospf6d keep graceful-restart state in /var/run/frr itself: the lab binds a
  // private directory of each instance there (test/lab/frr.ts), the machine's is untouched.
  const written = fs
    .readdirSync('/var/run/frr', { withFileTypes: true })
    .filter((e) => !e.isDirectory())
    .filter((e) => fs.statSync(`/var/run/frr/${e.name}`).mtimeMs >= started)
    .map((e) => e.name);
  t.same(
    written,
    [],
    "no file written into the machine's /var/run/frr (a FRR of the machine itself writing there now would show here too)",
  );
  t.ok(
    ['a', 'b', 'r'].some((n) => lab.frr.get(n)!.stateFiles().includes('ospf6d-gr.json')),
    `the daemons' state went to their instances: ${lab.frr.get('r')!.stateFiles().join(' ')}`,
  );
});
