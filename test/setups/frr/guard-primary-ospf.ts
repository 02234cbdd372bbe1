/**
 * guardAnnounce's order of questions: bgpd first; when bgpd cannot be asked, ospfd (IPv4) or
 * ospf6d (IPv6); when none answers, no check, with a line naming the daemons tried. Stand-in
 * sockets side by side in one directory (test/lab/fake-bgpd.ts) with answers captured from
 * FRR 8.4; the proof against real FRR is test/integration/frr-ospf-guard.ts.
 */
import t, { type Test } from 'tap';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { guardAnnounce, BGPD_TIMEOUT_MS } from '../../../lib/setups/frr/guard-primary.js';
import { fakeBgpd, type FakeAnswer } from '../../lab/fake-bgpd.js';
import { parseIpAddr, type IpAddr } from '../../../lib/request/ip-address.js';

const fixture = (f: string) => fs.readFileSync(new URL(`../../fixtures/frr/${f}`, import.meta.url), 'utf8');
const V4 = parseIpAddr('203.0.113.5') as IpAddr; // primary of 10.255.9.1 in ospf-external-elsewhere.json
const V6 = parseIpAddr('2001:db8:113::16') as IpAddr; // primary of 10.77.0.2 in ospf6-external-detail.json
const ospfd = (): FakeAnswer => ({ text: fixture('ospf-external-elsewhere.json') });
const ospf6d = (cmd: string): FakeAnswer => ({
  text: fixture(cmd === 'show ipv6 ospf6 json' ? 'ospf6-router.json' : 'ospf6-external-detail.json'),
});

type Daemons = Partial<Record<'bgpd' | 'ospfd' | 'ospf6d', (cmd: string) => FakeAnswer>>;

/** The daemons given, as stand-in sockets in one directory; the questions each was asked. */
async function frr(t: Test, daemons: Daemons) {
  const at = fs.mkdtempSync(path.join(os.tmpdir(), 'ctnet-frr-'));
  t.teardown(() => fs.rmSync(at, { recursive: true, force: true }));
  const asked: Record<string, string[]> = {};
  for (const [name, answer] of Object.entries(daemons)) {
    const f = await fakeBgpd(answer, `${name}.vty`, at);
    t.teardown(f.close);
    asked[name] = f.questions;
  }
  const log: string[] = [];
  return { ctx: { bgpdVty: path.join(at, 'bgpd.vty'), log: (l: string) => log.push(l) }, log, asked };
}

const guarded = (addresses: IpAddr[], guard: 'refuse' | 'demote' = 'refuse') => ({
  subject: 'CT 132',
  ifname: 'eth0',
  addresses,
  guard,
});

t.test('no bgpd: ospfd asked for IPv4; refuse names the OSPF router', async (t) => {
  const f = await frr(t, { ospfd, ospf6d });
  await t.rejects(guardAnnounce(guarded([V4]), f.ctx), {
    code: 'E_CONFLICT',
    message:
      'CT 132: 203.0.113.5 is already announced as primary by OSPF router 10.255.9.1; refusing to announce it as primary too (CTNET_PRIMARY_GUARD=refuse)',
  });
  t.same(f.asked, { ospfd: ['show ip ospf database external 203.0.113.5 json'], ospf6d: [] }, 'ospf6d not asked');
});

t.test('no bgpd: ospf6d asked for IPv6; demote names the OSPFv3 router', async (t) => {
  const f = await frr(t, { ospfd, ospf6d });
  t.equal(await guardAnnounce(guarded([V6], 'demote'), f.ctx), 'spare');
  t.same(f.log, [
    'CT 132: 2001:db8:113::16 is already announced as primary by OSPFv3 router 10.77.0.2: eth0 comes up as a spare (CTNET_PRIMARY_GUARD=demote)',
  ]);
  t.same(f.asked.ospfd, [], 'ospfd not asked');
  t.equal(f.asked.ospf6d!.length, 2);
});

t.test('bgpd answers: OSPF is not asked', async (t) => {
  const f = await frr(t, { bgpd: () => ({ text: '{\n}\n' }), ospfd, ospf6d });
  t.equal(await guardAnnounce(guarded([V4, V6]), f.ctx), undefined, 'nobody else in bgpd');
  t.same(f.asked, {
    bgpd: ['show bgp ipv4 unicast 203.0.113.5/32 json', 'show bgp ipv6 unicast 2001:db8:113::16/128 json'],
    ospfd: [],
    ospf6d: [],
  });
  t.same(f.log, []);
});

t.test('bgpd hangs: asked once, then ospfd; within a timeout per daemon', async (t) => {
  const f = await frr(t, {
    bgpd: () => 'hang',
    ospfd: () => ({ text: '{"routerId":"10.255.9.2","asExternalLinkStates":[]}' }),
  });
  const start = performance.now();
  const other = parseIpAddr('203.0.113.6') as IpAddr;
  t.equal(await guardAnnounce(guarded([V4, other]), f.ctx), undefined);
  t.ok(performance.now() - start < BGPD_TIMEOUT_MS + 500, 'one timeout, not one per address');
  t.equal(f.asked.bgpd!.length, 1, 'bgpd not asked again');
  t.equal(f.asked.ospfd!.length, 2);
});

t.test('none answers: no check, one line naming the daemons tried', async (t) => {
  const none = await frr(t, {});
  t.equal(await guardAnnounce(guarded([V4]), none.ctx), undefined);
  t.same(none.log, [
    'CT 132: FRR (bgpd) did not answer: no primary check for eth0 (CTNET_PRIMARY_GUARD=refuse) of 203.0.113.5 (asked bgpd, then ospfd)',
  ]);
  const v4only = await frr(t, { ospfd });
  await t.rejects(
    guardAnnounce(guarded([V6, V4]), v4only.ctx),
    { code: 'E_CONFLICT' },
    'IPv6 unasked, IPv4 still refused',
  );
  const clean = await frr(t, { ospfd: () => ({ text: '{"routerId":"10.255.9.2","asExternalLinkStates":[]}' }) });
  t.equal(await guardAnnounce(guarded([V4, V6]), clean.ctx), undefined);
  t.same(clean.log, [
    'CT 132: FRR (bgpd) did not answer: no primary check for eth0 (CTNET_PRIMARY_GUARD=refuse) of 2001:db8:113::16 (asked bgpd, then ospf6d)',
  ]);
});
