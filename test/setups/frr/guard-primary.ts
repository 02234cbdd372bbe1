/**
 * guardPrimary: what each CTNET_PRIMARY_GUARD does with bgpd's answer, and that an FRR which
 * cannot be asked never stops an up. bgpd is a stand-in socket here (test/lab/fake-bgpd.ts);
 * the proof against real FRR is test/integration/frr-bgp.ts.
 */
import t, { type Test } from 'tap';
import * as fs from 'node:fs';
import type { CtInterface } from '../../../lib/request/ct-network.js';
import { BGPD_TIMEOUT_MS, guardPrimary } from '../../../lib/setups/frr/guard-primary.js';
import { fakeBgpd } from '../../lab/fake-bgpd.js';
import { parseIpAddr, type IpAddr } from '../../../lib/request/ip-address.js';

const captured = fs.readFileSync(
  new URL('../../fixtures/frr/bgp-route-primary-elsewhere.json', import.meta.url),
  'utf8',
);
const iface = (over: Partial<CtInterface> = {}): CtInterface => ({
  ifname: 'eth0',
  hostIfname: 'veth132.0',
  addresses: [parseIpAddr('203.0.113.32/32') as IpAddr],
  ct0Ips: [],
  netif: {} as CtInterface['netif'],
  from: {},
  primaryGuard: 'refuse',
  ...over,
});

/** A fake bgpd that answers `answer`, or hangs ('hang'), or fails ('error'). */
async function bgpd(
  t: Test,
  answer: string,
): Promise<{ ctx: { bgpdVty: string; log: (l: string) => void }; log: string[]; questions: string[] }> {
  const f = await fakeBgpd(() =>
    answer === 'hang' ? 'hang' : answer === 'error' ? { text: '% bgpd is not running', status: 1 } : { text: answer },
  );
  t.teardown(f.close);
  const log: string[] = [];
  return { ctx: { bgpdVty: f.path, log: (l) => log.push(l) }, log, questions: f.questions };
}

t.test('refuse: one line naming the node; the question asked', async (t) => {
  const b = await bgpd(t, captured);
  await t.rejects(guardPrimary('CT 132', iface(), b.ctx), {
    code: 'E_CONFLICT',
    message:
      'CT 132: 203.0.113.32 is already announced as primary by AS 4200000011 (via tor1, tor2); refusing to announce it as primary too (CTNET_PRIMARY_GUARD=refuse)',
  });
  t.same(b.questions, ['show bgp ipv4 unicast 203.0.113.32/32 json']);
});

t.test('demote: the interface comes up as a spare, with a log line', async (t) => {
  const b = await bgpd(t, captured);
  const out = await guardPrimary('CT 132', iface({ primaryGuard: 'demote', announce: 'primary' }), b.ctx);
  t.equal(out.announce, 'spare');
  t.match(b.log, [/comes up as a spare \(CTNET_PRIMARY_GUARD=demote\)/]);
});

t.test('nobody else: unchanged; no guard, spare or anycast: nothing asked', async (t) => {
  const b = await bgpd(t, '{\n}\n');
  t.same(await guardPrimary('CT 132', iface(), b.ctx), iface());
  t.equal(b.questions.length, 1);
  for (const over of [{ primaryGuard: undefined }, { announce: 'spare' as const }, { announce: 'anycast' as const }]) {
    const i = iface(over);
    t.equal(await guardPrimary('CT 132', i, b.ctx), i);
  }
  t.equal(b.questions.length, 1, 'no further question');
});

t.test('FRR cannot be asked: the up goes on with a note, within the timeout', async (t) => {
  for (const answer of ['error', 'hang', '% not json'] as const) {
    const b = await bgpd(t, answer);
    const start = performance.now();
    t.same(await guardPrimary('CT 132', iface(), b.ctx), iface(), `${answer}: unchanged`);
    t.match(b.log, [/FRR \(bgpd\) did not answer: no primary check for eth0/], `${answer}: noted`);
    t.ok(performance.now() - start < BGPD_TIMEOUT_MS + 1_000, `${answer}: no hang`);
  }
  const log: string[] = [];
  t.same(
    await guardPrimary('CT 132', iface(), { bgpdVty: '/nonexistent/bgpd.vty', log: (l) => log.push(l) }),
    iface(),
    'no socket (FRR not running)',
  );
  t.equal(log.length, 1);
});

t.test('CTNET_PRIMARY_GUARD in the CT config: per interface, off, and a bad value named', async (t) => {
  const { buildCtNetwork } = await import('../../../lib/request/ct-network.js');
  const { parseVzConf } = await import('../../../lib/runtimes/openvz/vz-conf.js');
  const net = (text: string) =>
    buildCtNetwork(
      '101',
      parseVzConf(
        `NETIF="ifname=eth0,host_ifname=veth101.0;ifname=eth1,host_ifname=veth101.1"\n${text}`,
        '/etc/vz/conf/101.conf',
      ).values,
    );
  t.same(
    net('').interfaces.map((i) => i.primaryGuard),
    [undefined, undefined],
    'unset: nothing asked',
  );
  t.same(
    net('CTNET_PRIMARY_GUARD=Refuse\nCTNET_PRIMARY_GUARD_eth1=demote').interfaces.map((i) => i.primaryGuard),
    ['refuse', 'demote'],
  );
  t.same(
    net('CTNET_PRIMARY_GUARD=refuse\nCTNET_PRIMARY_GUARD_eth1=off').interfaces.map((i) => i.primaryGuard),
    ['refuse', undefined],
  );
  t.throws(
    () => net('CTNET_PRIMARY_GUARD=yes'),
    /^\/etc\/vz\/conf\/101\.conf:2: CTNET_PRIMARY_GUARD: "yes" is not refuse, demote or off$/,
  );
});

t.test('CTNET_FRR_PATHSPACE: the socket of that pathspace, for a plain name only', async (t) => {
  const { bgpdVtyOf } = await import('../../../lib/apply/context.js');
  t.equal(bgpdVtyOf({}), '/var/run/frr/bgpd.vty');
  t.equal(bgpdVtyOf({ CTNET_FRR_PATHSPACE: 'ctnet-b-x1' }), '/var/run/frr/ctnet-b-x1/bgpd.vty');
  t.equal(bgpdVtyOf({ CTNET_FRR_PATHSPACE: '../x' }), '/var/run/frr/bgpd.vty', 'a path is ignored');
  t.equal(bgpdVtyOf({ CTNET_FRR_PATHSPACE: 'a/b' }), '/var/run/frr/bgpd.vty', 'a path is ignored');
});
