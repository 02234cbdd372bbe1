/**
 * `ctnet check` on OSPF nodes (test/lab/ospf-lab.ts: OpenVZ nodes A and B and router R, real
 * zebra + ospfd with the configs of the BUILT `ctnet render frr`, the BUILT hooks and CLI):
 * an address A announces as primary and B runs as primary too is reported on B, naming A's
 * OSPF router id (asked from B's ospfd); a spare on B is not, nor is A's primary reported on
 * A because of B's spare.
 */
import { labCtConf } from '../lab/lab-ct-conf.js';
import t from 'tap';
import { OspfLab, ctCycle } from '../lab/ospf-lab.js';
import { waitFor } from '../lab/frr.js';
import { CTNET } from '../lab/executables.js';

const ct = (addr: string, extra = '') => labCtConf([addr], extra);
const [TWO, SPARE] = ['203.0.113.16', '203.0.113.17'];

t.test('ctnet check names a second OSPF primary', async (t) => {
  const lab = await OspfLab.create(['a', 'b']);
  t.teardown(() => lab.cleanup());
  const [a, b] = [lab.node('a'), lab.node('b')];
  for (const n of [a, b]) n.writeCtConf('106', ct(TWO, 'CTNET_ANNOUNCE=primary\n'));
  a.writeCtConf('107', ct(SPARE, 'CTNET_ANNOUNCE=primary\n'));
  b.writeCtConf('107', ct(SPARE, 'CTNET_ANNOUNCE=spare\n'));
  await lab.startFrr();
  const { up, down } = ctCycle(t);
  for (const n of [a, b]) {
    await up(n, '106', 'veth16.0');
    await up(n, '107', 'veth17.0');
  }
  const routerId = async (n: string): Promise<string> =>
    (JSON.parse(await lab.frr.get(n)!.vtysh('show ip ospf json')) as { routerId: string }).routerId;
  const [idA, idB] = [await routerId('a'), await routerId('b')];
  const lsas = (n: string, addr: string) => lab.frr.get(n)!.vtysh(`show ip ospf database external ${addr}`);
  for (const [n, other] of [
    ['a', idB],
    ['b', idA],
  ] as const) {
    for (const addr of [TWO, SPARE])
      await waitFor(
        async () => (await lsas(n, addr)).includes(`Advertising Router: ${other}`),
        30_000,
        `${n} has the other node's LSA for ${addr}`,
      );
  }
  const check = async (n: 'a' | 'b') =>
    lab.node(n).runHook(CTNET, ['check'], { CTNET_FRR_PATHSPACE: lab.frr.get(n)!.name });
  const onB = await check('b');
  t.equal(onB.exitCode, 1, `check on B: exit 1: ${onB.stderr}`);
  t.match(
    onB.stdout,
    new RegExp(
      `^CT 106 address 203\\.0\\.113\\.16 \\(veth16\\.0\\): also announced as primary by OSPF router ${idA.replaceAll('.', '\\.')}$`,
      'm',
    ),
    "names A's router",
  );
  t.notMatch(onB.stdout, /CT 107 address/, "B's spare is not asked about");
  const onA = await check('a');
  t.match(
    onA.stdout,
    new RegExp(
      `^CT 106 address 203\\.0\\.113\\.16 \\(veth16\\.0\\): also announced as primary by OSPF router ${idB.replaceAll('.', '\\.')}$`,
      'm',
    ),
    'A names B',
  );
  t.notMatch(onA.stdout, /CT 107 address/, "B's spare is no second primary for A");
  const noFrr = await lab.node('b').runHook(CTNET, ['check'], { CTNET_FRR_PATHSPACE: `none-${lab.tag}` });
  t.notMatch(noFrr.stdout, /also announced/, 'no FRR to ask: nothing reported');
  for (const n of [a, b]) for (const veid of ['106', '107']) await down(n, veid);
});
