/**
 * Container addresses announced over eBGP by real FRR (zebra + bfdd + bgpd), two OpenVZ nodes
 * (the BUILT hooks) with the frr.conf the BUILT `ctnet render frr --bgp` wrote, unnumbered to
 * two top-of-rack routers, and a client behind tor1 (test/lab/bgp-lab.ts). Proves: learn and
 * reach from the client, migration A -> B, a spare on B (AS path prepended) added and removed
 * with no config change, the spare taking over when the primary stops, when A's links go
 * silent (only BFD can tell) and when they are cut, anycast as ECMP on the ToR, nothing
 * outside the pools announced, a second primary refused or demoted to spare
 * (CTNET_PRIMARY_GUARD) and the up going on when FRR cannot be asked, `ctnet check` naming a
 * second primary, IPv6 over MP-BGP (learn, reach, withdraw), everything withdrawn.
 * Times are printed (not asserted).
 */
import { labCtConf } from '../lab/lab-ct-conf.js';
import t from 'tap';
import * as fs from 'node:fs';
import { BgpLab } from '../lab/bgp-lab.js';
import { ctCycle } from '../lab/ospf-lab.js';
import { CTNET } from '../lab/executables.js';
import { askOtherPrimaries } from '../../lib/setups/frr/guard-primary.js';
import { bgpdVtyPath } from '../../lib/doors/bgpd-vty.js';
import { parseIpAddr, type IpAddr } from '../../lib/request/ip-address.js';
import { waitFor } from '../lab/frr.js';
import { ctnetRoutesTo, ipBatch, ping, sh } from '../lab/netns.js';

const ct = (addr: string, extra = '') => labCtConf([addr], extra);
const [MIG, HA, ANY] = ['203.0.113.31', '203.0.113.32', '203.0.113.34'];
const OUTSIDE = '198.51.100.35';
const V6CT = ['203.0.113.36', '2001:db8:113::36'] as const;

t.test('eBGP announcement of container addresses to two top-of-rack routers', async (t) => {
  const lab = await BgpLab.create(['a', 'b']);
  t.teardown(() => lab.cleanup());
  const [a, b] = [lab.node('a'), lab.node('b')];
  for (const n of [a, b]) n.writeCtConf('131', ct(MIG));
  a.writeCtConf('132', ct(HA, 'CTNET_ANNOUNCE=primary\n'));
  b.writeCtConf('132', ct(HA, 'CTNET_ANNOUNCE=spare\n'));
  for (const n of [a, b]) n.writeCtConf('134', ct(ANY, 'CTNET_ANNOUNCE=anycast\n'));
  a.writeCtConf('135', ct(OUTSIDE));
  await lab.startFrr();
  const confs = () => [...lab.nodes.keys()].map((n) => fs.readFileSync(lab.frr.get(n)!.confFile, 'utf8'));
  const before = confs();
  t.notMatch(before[1]!, /203\.0\.113\.32/, "B's config names no container address: the class is read live");

  const times: string[] = [];
  const { up, down } = ctCycle(t);
  /** ms until one ping from the client is answered (each try waits 300 ms at most). */
  const clientReaches = (addr: string, what: string): Promise<number> =>
    waitFor(
      async () =>
        (await sh('ip', ['netns', 'exec', lab.clientNs, 'ping', '-c', '1', '-W', '0.3', addr], { allowFailure: true }))
          .exitCode === 0,
      30_000,
      what,
    );
  const reach = async (what: string, addr: string, want: string, timed = true): Promise<void> => {
    const ms = await waitFor(
      async () => (await lab.torVia('tor1', addr)) === want,
      30_000,
      `${what}: tor1 routes ${addr} via "${want}"`,
    );
    if (timed) times.push(`${what}: ${ms.toFixed(0)} ms`);
    t.pass(`${what}: tor1 routes ${addr} via ${want || '(withdrawn)'}`);
  };

  // Learn (a container outside the pools first: never announced), reach from the client.
  await up(a, '135', 'veth35.0');
  await up(a, '131', 'veth31.0');
  await reach('announce (up on A)', MIG, 'a');
  const first = await clientReaches(MIG, 'the client reaches the container on A');
  t.pass(`the client reaches the container on A (${first.toFixed(0)} ms after tor1 had the route)`);
  t.equal(await lab.torVia('tor1', OUTSIDE), '', 'the address outside the pools is not routed by tor1');

  // Migration: umount on A, then up on B; from B's hook exit until the client reaches it.
  await down(a, '131');
  await up(b, '131', 'veth31.0');
  const mig = await clientReaches(MIG, 'the client reaches the migrated container');
  times.push(`migrate (umount A, up B) until the client reaches it: ${mig.toFixed(0)} ms`);
  t.equal(await lab.torVia('tor1', MIG), 'b', 'tor1 routes it via B');

  // Primary on A; a spare on B added while FRR runs: announced with a longer path, no config change.
  await up(a, '132', 'veth32.0');
  await reach('primary on A', HA, 'a', false);
  await up(b, '132', 'veth32.0');
  const spare = await waitFor(
    async () =>
      /4200000012 4200000012 4200000012 4200000012/.test(
        await lab.frr.get('tor1')!.vtysh(`show bgp ipv4 unicast ${HA}/32`),
      ),
    30_000,
    "tor1 learns the spare's prepended path",
  );
  times.push(`spare added on B, learned: ${spare.toFixed(0)} ms`);
  t.match(
    await lab.frr.get('tor1')!.vtysh(`show bgp ipv4 unicast ${HA}/32`),
    /4200000012:213:200/,
    'the spare carries its class community',
  );
  t.equal(await lab.torVia('tor1', HA), 'a', 'tor1 still prefers the primary on A');
  // Primary down -> spare; back -> primary.
  await down(a, '132');
  await reach('primary down -> spare', HA, 'b');
  t.ok(await ping(lab.clientNs, HA), 'the client reaches the spare');
  await up(a, '132', 'veth32.0');
  await reach('primary back', HA, 'a');
  // A's links go silent (no umount, no carrier loss: every frame from A dropped at the ToRs):
  // only BFD (3 x 300 ms) notices; tor1 moves to the spare.
  t.match(await lab.frr.get('tor1')!.vtysh('show bfd peers brief'), /up/, 'BFD sessions are up on tor1');
  const silence = (on: boolean) =>
    Promise.all(
      (['tor1', 'tor2'] as const).map((tor) =>
        sh('ip', ['netns', 'exec', lab.torNs[tor], 'nft', '-f', '-'], {
          input: on
            ? `table netdev ctnet_cut {\n chain in {\n  type filter hook ingress device ${lab.torPort('a')} priority 0;\n  drop\n }\n}\n`
            : 'delete table netdev ctnet_cut\n',
        }),
      ),
    );
  await silence(true);
  await reach('node A silent -> spare (BFD)', HA, 'b');
  await silence(false);
  await reach('node A back -> primary', HA, 'a');
  // A's links cut (carrier lost): the session drops at once.
  for (const tor of ['tor1', 'tor2'] as const) await ipBatch(lab.torNs[tor], [`link set dev ${lab.torPort('a')} down`]);
  await reach('node A links cut -> spare', HA, 'b');
  for (const tor of ['tor1', 'tor2'] as const) await ipBatch(lab.torNs[tor], [`link set dev ${lab.torPort('a')} up`]);
  await reach('node A links back -> primary', HA, 'a');

  // The spare removed on B: withdrawn, still no config change.
  await down(b, '132');
  await waitFor(
    async () => !/4200000012/.test(await lab.frr.get('tor1')!.vtysh(`show bgp ipv4 unicast ${HA}/32`)),
    30_000,
    'tor1 forgets the spare',
  );
  t.pass('the spare removed: tor1 has no path via B');

  // No two primaries: B's CT 132 as a second primary while A's runs.
  const onB = { CTNET_FRR_PATHSPACE: lab.frr.get('b')!.name };
  const routesB = () => ctnetRoutesTo(b.hn, `${HA}/32`);
  b.writeCtConf('132', ct(HA, 'CTNET_ANNOUNCE=primary\nCTNET_PRIMARY_GUARD=refuse\n'));
  await b.addCt('132', { pairs: [{ host: 'veth32.0', ct: 'eth0' }] });
  const t0 = performance.now();
  const refused = await b.vznet('132', 'veth32.0', [], onB);
  times.push(`up with the primary guard (refused): ${(performance.now() - t0).toFixed(0)} ms for the whole hook`);
  t.not(refused.exitCode, 0, 'a second primary is refused');
  t.match(
    refused.stderr,
    /CT 132: 203\.0\.113\.32 is already announced as primary by AS 4200000011 \(via tor1, tor2\); refusing/,
    'one line naming the other node',
  );
  t.same(await routesB(), [], 'nothing applied on B');
  await b.stopCt('132');
  b.writeCtConf('132', ct(HA, 'CTNET_ANNOUNCE=primary\nCTNET_PRIMARY_GUARD=demote\n'));
  await b.addCt('132', { pairs: [{ host: 'veth32.0', ct: 'eth0' }] });
  const demoted = await b.vznet('132', 'veth32.0', [], onB);
  t.equal(demoted.exitCode, 0, `demote: the up goes on: ${demoted.stderr}`);
  t.match(demoted.stderr, /comes up as a spare \(CTNET_PRIMARY_GUARD=demote\)/);
  t.same(
    await routesB(),
    ['212 200', '213 marker'],
    "B's route is a spare's: its route in table 212 (metric 200), its marker in 213",
  );
  await waitFor(
    async () =>
      /4200000012 4200000012 4200000012 4200000012/.test(
        await lab.frr.get('tor1')!.vtysh(`show bgp ipv4 unicast ${HA}/32`),
      ),
    30_000,
    'tor1 learns B as a spare',
  );
  t.equal(await lab.torVia('tor1', HA), 'a', 'tor1 keeps A, the primary');
  await down(b, '132');
  t.same(await routesB(), [], 'the down removes the demoted route');
  b.writeCtConf('132', ct(HA, 'CTNET_ANNOUNCE=primary\nCTNET_PRIMARY_GUARD=refuse\n'));
  await b.addCt('132', { pairs: [{ host: 'veth32.0', ct: 'eth0' }] });
  const t1 = performance.now();
  const noFrr = await b.vznet('132', 'veth32.0', [], { CTNET_FRR_PATHSPACE: `none-${lab.tag}` });
  const noFrrMs = performance.now() - t1;
  t.equal(noFrr.exitCode, 0, `FRR not reachable: the up goes on: ${noFrr.stderr}`);
  t.match(noFrr.stderr, /FRR \(bgpd\) did not answer: no primary check for eth0/, 'with a note');
  t.ok(noFrrMs < 10_000, `and does not hang (${noFrrMs.toFixed(0)} ms)`);
  await down(b, '132');
  // What the guard's question costs: one route asked from bgpd's vty socket, as the hook asks (median of 10).
  const asks: number[] = [];
  for (let i = 0; i < 10; i++) {
    const s0 = performance.now();
    t.ok(
      await askOtherPrimaries(parseIpAddr(HA) as IpAddr, { bgpdVty: bgpdVtyPath(lab.frr.get('b')!.name) }),
      `question ${i} answered`,
    );
    asks.push(performance.now() - s0);
  }
  times.push(`the primary guard's question (median of 10): ${asks.sort((x, y) => x - y)[5]!.toFixed(1)} ms`);

  // Without the guard B can still be made a second primary: ctnet check reports it.
  b.writeCtConf('132', ct(HA, 'CTNET_ANNOUNCE=primary\n'));
  await up(b, '132', 'veth32.0');
  await waitFor(
    async () => /4200000011/.test(await lab.frr.get('b')!.vtysh(`show bgp ipv4 unicast ${HA}/32`)),
    30_000,
    "B has A's path",
  );
  const check = await b.runHook(CTNET, ['check'], onB);
  t.equal(check.exitCode, 1, 'check: exit 1');
  t.match(
    check.stdout,
    /^CT 132 address 203\.0\.113\.32 \(veth32\.0\): also announced as primary by AS 4200000011 \(via tor1, tor2\)$/m,
    'check names the other primary',
  );
  t.notMatch(check.stdout, /CT 131 address/, 'CT 131 (only on B) is not reported');
  await down(b, '132');
  b.writeCtConf('132', ct(HA, 'CTNET_ANNOUNCE=spare\n'));
  t.same(confs(), before, 'the FRR configs are still unchanged');

  // Anycast on A and B: equal paths, ECMP on tor1.
  await up(a, '134', 'veth34.0');
  await up(b, '134', 'veth34.0');
  await reach('anycast on A and B', ANY, 'a b', false);
  t.ok(await ping(lab.clientNs, ANY), 'the client reaches an anycast instance');

  // IPv6 (MP-BGP over the same unnumbered sessions): a dual-stack container on A.
  a.writeCtConf(
    '136',
    `${ct(V6CT[0]).replace(`${V6CT[0]}/32`, `${V6CT[0]}/32 ${V6CT[1]}/128`).replace('CT0_IP="10.0.0.2"', 'CT0_IP="10.0.0.2 fd10::2"')}VE_DEFAULT_GATEWAY6="fd10::2"\n`,
  );
  await up(a, '136', 'veth36.0');
  const v6ms = await waitFor(
    async () => (await lab.learned('tor1', '-6')).includes(V6CT[1]),
    30_000,
    'tor1 learns the IPv6 /128',
  );
  times.push(`IPv6 announce (up on A): ${v6ms.toFixed(0)} ms`);
  t.same(
    (await lab.learned('tor1', '-6')).filter((d) => d !== 'fd99::/64'),
    [V6CT[1]],
    'tor1 learned exactly the IPv6 container address (not fd10::/64 of the nodes)',
  );
  await waitFor(
    async () =>
      (
        await sh('ip', ['netns', 'exec', lab.clientNs, 'ping', '-6', '-c', '1', '-W', '0.3', V6CT[1]], {
          allowFailure: true,
        })
      ).exitCode === 0,
    30_000,
    'the client reaches the container over IPv6',
  );
  t.pass('the client reaches the container over IPv6');
  await down(a, '136');
  await waitFor(
    async () => !(await lab.learned('tor1', '-6')).includes(V6CT[1]),
    30_000,
    'tor1 withdraws the IPv6 /128',
  );
  t.pass('the IPv6 /128 withdrawn on umount');

  // Nothing outside the pools; configs unchanged; everything withdrawn after the umounts.
  // Withdrawals reach the two ToRs independently: wait until each has settled, then compare.
  const pooled = async (tor: 'tor1' | 'tor2') => (await lab.learned(tor)).filter((d) => d !== '10.99.0.0/24');
  for (const tor of ['tor1', 'tor2'] as const) {
    await waitFor(async () => !(await pooled(tor)).includes(V6CT[0]), 30_000, `${tor} withdraws ${V6CT[0]}`).catch(
      () => undefined,
    );
    t.same(await pooled(tor), [MIG, HA, ANY].sort(), `${tor} learned exactly the container addresses in the pools`);
  }
  t.same(confs(), before, 'no node config changed while spares and anycast came and went');
  for (const [node, veid] of [
    [a, '132'],
    [a, '134'],
    [b, '134'],
    [a, '135'],
  ] as const)
    await down(node, veid);
  await down(b, '131');
  await waitFor(
    async () => (await lab.learned('tor1')).filter((d) => d !== '10.99.0.0/24').length === 0,
    30_000,
    'tor1 withdraws every container route',
  );
  t.pass('tor1 has no container route left');
  t.comment(`after the hook returned (or the links changed): ${times.join('; ')}`);
});
