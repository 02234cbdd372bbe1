/**
 * The primary guard on OSPF nodes (test/lab/ospf-lab.ts: OpenVZ nodes A and B and router R,
 * real zebra + ospfd + ospf6d with the configs of the BUILT `ctnet render frr --ipv6`, the BUILT
 * hooks and CLI; no bgpd, so the guard asks ospfd and ospf6d): A announces CT 106's addresses
 * as primary. On B, an up of the same addresses with CTNET_PRIMARY_GUARD=refuse fails with one
 * line naming A's OSPF router and leaves no route; with demote it comes up with the spare
 * metric; with A's container gone it comes up as primary. The same for an IPv6 address alone
 * (B's IPv4 address differs), named by A's OSPFv3 router. `ctnet check` on B then reports A's
 * primaries over both families.
 */
import { labCtConf } from '../lab/lab-ct-conf.js';
import t from 'tap';
import { OspfLab, ctCycle } from '../lab/ospf-lab.js';
import { waitFor } from '../lab/frr.js';
import { ctnetRoutesTo } from '../lab/netns.js';
import { CTNET } from '../lab/executables.js';
import { askOspfPrimaries } from '../../lib/setups/frr/ask-ospf-primaries.js';
import { askOspf6Primaries } from '../../lib/setups/frr/ask-ospf6-primaries.js';
import { bgpdVtyPath } from '../../lib/doors/bgpd-vty.js';
import { parseIpAddr, type IpAddr } from '../../lib/request/ip-address.js';

const ct = (v4: string, v6: string, extra = '') => labCtConf([v4, v6], extra, `veth${v6.split(':').pop()}.0`);
const TWO = ['203.0.113.16', '2001:db8:113::16'] as const;
const V6 = ['203.0.113.17', '2001:db8:113::17'] as const; // on B: the same IPv6 address, another IPv4 one
const B_V4 = '203.0.113.27';
const re = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

t.test('the primary guard asks ospfd and ospf6d', async (t) => {
  const lab = await OspfLab.create(['a', 'b']);
  t.teardown(() => lab.cleanup());
  const [a, b] = [lab.node('a'), lab.node('b')];
  a.writeCtConf('106', ct(...TWO, 'CTNET_ANNOUNCE=primary\n'));
  a.writeCtConf('107', ct(...V6, 'CTNET_ANNOUNCE=primary\n'));
  await lab.startFrr(() => ['--ipv6']);
  const onB = { CTNET_FRR_PATHSPACE: lab.frr.get('b')!.name };
  const { up, down } = ctCycle(t);
  await up(a, '106', 'veth16.0');
  await up(a, '107', 'veth17.0');
  const fb = lab.frr.get('b')!;
  const idA = (JSON.parse(await lab.frr.get('a')!.vtysh('show ip ospf json')) as { routerId: string }).routerId;
  const id6A = (JSON.parse(await lab.frr.get('a')!.vtysh('show ipv6 ospf6 json')) as { routerId: string }).routerId;
  // A's LSA for addr in B's database, not at MaxAge (a withdrawal stays there until flushed).
  const has4 = async (addr: string) =>
    (
      JSON.parse(await fb.vtysh(`show ip ospf database external ${addr} json`)) as {
        asExternalLinkStates?: Array<{ advertisingRouter: string; lsaAge: number }>;
      }
    ).asExternalLinkStates?.some((l) => l.advertisingRouter === idA && l.lsaAge < 3600) ?? false;
  const has6 = async (addr: string) =>
    (
      JSON.parse(await fb.vtysh('show ipv6 ospf6 database as-external detail json')) as {
        asScopedLinkStateDb: Array<{ lsa: Array<{ advertisingRouter: string; age: number; prefix: string }> }>;
      }
    ).asScopedLinkStateDb.some((d) =>
      d.lsa.some((l) => l.advertisingRouter === id6A && l.age < 3600 && l.prefix === `${addr}/128`),
    );
  await waitFor(() => has4(TWO[0]), 30_000, "B's ospfd has A's LSA");
  await waitFor(async () => (await has6(TWO[1])) && (await has6(V6[1])), 30_000, "B's ospf6d has A's LSAs");
  /** B's ctnet routes to the two addresses, in every table ("212 200": a spare's; its marker left out). */
  const routes = async (v4: string, v6: string) =>
    [...(await ctnetRoutesTo(b.hn, `${v4}/32`)), ...(await ctnetRoutesTo(b.hn, `${v6}/128`))].filter(
      (r) => !r.endsWith(' marker'),
    );
  const upB = async (veid: string, dev: string, conf: string) => {
    b.writeCtConf(veid, conf);
    await b.addCt(veid, { pairs: [{ host: dev, ct: 'eth0' }] });
    return b.vznet(veid, dev, [], onB);
  };

  // refuse: IPv4 named by A's OSPF router; nothing on B.
  const refused = await upB('106', 'veth16.0', ct(...TWO, 'CTNET_ANNOUNCE=primary\nCTNET_PRIMARY_GUARD=refuse\n'));
  t.not(refused.exitCode, 0, 'a second primary is refused');
  t.match(
    refused.stderr,
    new RegExp(
      `CT 106: ${re(TWO[0])} is already announced as primary by OSPF router ${re(idA)}; refusing to announce it as primary too \\(CTNET_PRIMARY_GUARD=refuse\\)`,
    ),
    "one line naming A's router",
  );
  t.same(await routes(...TWO), [], 'nothing applied on B');
  await b.stopCt('106');

  // demote: up, with the spare metric for both families.
  const demoted = await upB('106', 'veth16.0', ct(...TWO, 'CTNET_ANNOUNCE=primary\nCTNET_PRIMARY_GUARD=demote\n'));
  t.equal(demoted.exitCode, 0, `demote: the up goes on: ${demoted.stderr}`);
  t.match(
    demoted.stderr,
    new RegExp(`by OSPF router ${re(idA)}: eth0 comes up as a spare \\(CTNET_PRIMARY_GUARD=demote\\)`),
  );
  t.same(await routes(...TWO), ['212 200', 'main 200'], "B's routes carry the spare metric (IPv4 in table 212)");
  await down(b, '106');

  // IPv6 alone: B's IPv4 address is its own, the IPv6 one is A's primary.
  const refused6 = await upB(
    '107',
    'veth17.0',
    ct(B_V4, V6[1], 'CTNET_ANNOUNCE=primary\nCTNET_PRIMARY_GUARD=refuse\n'),
  );
  t.not(refused6.exitCode, 0, 'a second IPv6 primary is refused');
  t.match(
    refused6.stderr,
    new RegExp(`CT 107: ${re(V6[1])} is already announced as primary by OSPFv3 router ${re(id6A)}; refusing`),
    "one line naming A's OSPFv3 router",
  );
  t.same(await routes(B_V4, V6[1]), [], 'nothing applied on B');
  await b.stopCt('107');
  const demoted6 = await upB(
    '107',
    'veth17.0',
    ct(B_V4, V6[1], 'CTNET_ANNOUNCE=primary\nCTNET_PRIMARY_GUARD=demote\n'),
  );
  t.equal(demoted6.exitCode, 0, `demote: ${demoted6.stderr}`);
  t.same(await routes(B_V4, V6[1]), ['212 200', 'main 200'], 'the whole interface comes up as a spare');
  await down(b, '107');

  // What the guard's OSPF questions cost, as the hook asks them (median of 10 each).
  const askCtx = { bgpdVty: bgpdVtyPath(fb.name) };
  for (const [what, ask, addr] of [
    ['ospfd', askOspfPrimaries, TWO[0]],
    ['ospf6d', askOspf6Primaries, TWO[1]],
  ] as const) {
    const ms: number[] = [];
    for (let i = 0; i < 10; i++) {
      const s0 = performance.now();
      t.same(await ask(parseIpAddr(addr) as IpAddr, askCtx), [what === 'ospfd' ? idA : id6A], `${what} question ${i}`);
      ms.push(performance.now() - s0);
    }
    t.comment(`the primary guard's ${what} question (median of 10): ${ms.sort((x, y) => x - y)[5]!.toFixed(1)} ms`);
  }

  // A gone: both come up as primary on B.
  await down(a, '106');
  await down(a, '107');
  await waitFor(async () => !(await has4(TWO[0])), 30_000, "A's IPv4 LSA flushed from B's database");
  await waitFor(async () => !(await has6(TWO[1])) && !(await has6(V6[1])), 30_000, "A's IPv6 LSAs flushed");
  const alone = await upB('106', 'veth16.0', ct(...TWO, 'CTNET_ANNOUNCE=primary\nCTNET_PRIMARY_GUARD=refuse\n'));
  t.equal(alone.exitCode, 0, `A gone: the up goes on: ${alone.stderr}`);
  t.notMatch(alone.stderr, /did not answer/, 'asked, and answered');
  t.same(await routes(...TWO), ['main 100', 'main 100'], 'as primary');
  const alone6 = await upB('107', 'veth17.0', ct(B_V4, V6[1], 'CTNET_ANNOUNCE=primary\nCTNET_PRIMARY_GUARD=refuse\n'));
  t.equal(alone6.exitCode, 0, `A gone (IPv6): ${alone6.stderr}`);
  t.same(await routes(B_V4, V6[1]), ['main 100', 'main 100'], 'as primary');

  // A back without a guard: ctnet check on B names A over both families.
  await up(a, '106', 'veth16.0');
  await waitFor(() => has4(TWO[0]), 30_000, "B's ospfd has A's LSA again");
  await waitFor(() => has6(TWO[1]), 30_000, "B's ospf6d has A's LSA again");
  const check = await b.runHook(CTNET, ['check'], onB);
  t.equal(check.exitCode, 1, `check on B: exit 1: ${check.stderr}`);
  for (const [addr, who] of [
    [TWO[0], `OSPF router ${idA}`],
    [TWO[1], `OSPFv3 router ${id6A}`],
  ] as const)
    t.match(
      check.stdout,
      new RegExp(`^CT 106 address ${re(addr)} \\(veth16\\.0\\): also announced as primary by ${re(who)}$`, 'm'),
      `check names A for ${addr}`,
    );
  t.notMatch(check.stdout, /CT 107 address/, 'CT 107 is announced by B alone');
  await down(a, '106');
  await down(b, '106');
  await down(b, '107');
});
