/**
 * lxcPrimaryGuard: ctnet-lxc --routed --primary-guard asks bgpd the same question as the
 * OpenVZ up and names its own options in what it says. bgpd is a stand-in socket here
 * (test/lab/fake-bgpd.ts); the proof against real FRR and LXC is test/integration/frr-bgp-lxc.ts.
 */
import t, { type Test } from 'tap';
import * as fs from 'node:fs';
import { lxcPrimaryGuard } from '../../../lib/handlers/lxc/lxc-primary-guard.js';
import type { LxcNetEvent } from '../../../lib/runtimes/lxc/lxc-event.js';
import type { LxcOptions } from '../../../lib/runtimes/lxc/lxc-options.js';
import type { SectionView } from '../../../lib/runtimes/lxc/section-view.js';
import { fakeBgpd } from '../../lab/fake-bgpd.js';
import { parseIpAddr, type IpAddr } from '../../../lib/request/ip-address.js';

const captured = fs.readFileSync(
  new URL('../../fixtures/frr/bgp-route-primary-elsewhere.json', import.meta.url),
  'utf8',
);
const ev: LxcNetEvent = { name: 'web1', phase: 'up', type: 'veth', hookVersion: 0, device: 'vethA' };
const section: SectionView = { addresses: [parseIpAddr('203.0.113.32/32') as IpAddr], gateways6: [], name: 'eth0' };
const opts = (over: Partial<LxcOptions> = {}): LxcOptions => ({
  routed: true,
  forwards: [],
  primaryGuard: 'refuse',
  ...over,
});

/** answer: bgpd's text, or 'error' for a bgpd that fails the question. */
async function bgpd(
  t: Test,
  answer: string,
): Promise<{ ctx: { bgpdVty: string; log: (l: string) => void }; log: string[]; questions: string[] }> {
  const f = await fakeBgpd(() =>
    answer === 'error' ? { text: '% bgpd is not running', status: 1 } : { text: answer },
  );
  t.teardown(f.close);
  const log: string[] = [];
  return { ctx: { bgpdVty: f.path, log: (l) => log.push(l) }, log, questions: f.questions };
}

t.test('refuse: one line naming the node and the LXC options', async (t) => {
  const b = await bgpd(t, captured);
  await t.rejects(lxcPrimaryGuard(ev, opts(), section, b.ctx), {
    code: 'E_CONFLICT',
    hint: 'stop it there first, or start this one with --announce spare (or --primary-guard demote)',
    message:
      'container web1: 203.0.113.32 is already announced as primary by AS 4200000011 (via tor1, tor2); refusing to announce it as primary too (--primary-guard refuse)',
  });
  t.same(b.questions, ['show bgp ipv4 unicast 203.0.113.32/32 json']);
});

t.test('demote: the options come back with --announce spare', async (t) => {
  const b = await bgpd(t, captured);
  t.same(
    await lxcPrimaryGuard(ev, opts({ primaryGuard: 'demote', announce: 'primary' }), section, b.ctx),
    opts({ primaryGuard: 'demote', announce: 'spare' }),
  );
  t.match(b.log, [
    'container web1: 203.0.113.32 is already announced as primary by AS 4200000011 (via tor1, tor2): eth0 comes up as a spare (--primary-guard demote)',
  ]);
});

t.test('nothing asked without the guard, for a spare, or without --routed; nobody else: unchanged', async (t) => {
  const b = await bgpd(t, '{\n}\n');
  for (const o of [
    opts({ primaryGuard: undefined }),
    opts({ announce: 'spare' }),
    opts({ announce: 'anycast' }),
    opts({ routed: false }),
  ]) {
    t.equal(await lxcPrimaryGuard(ev, o, section, b.ctx), o);
  }
  t.same(b.questions, [], 'no question');
  t.same(await lxcPrimaryGuard(ev, opts(), section, b.ctx), opts());
  t.equal(b.questions.length, 1);
});

t.test('bgpd cannot be asked: the up goes on with a note', async (t) => {
  const b = await bgpd(t, 'error');
  t.same(await lxcPrimaryGuard(ev, opts(), section, b.ctx), opts());
  t.match(b.log, [
    /^container web1: FRR \(bgpd\) did not answer: no primary check for eth0 \(--primary-guard refuse\) of \S+ \(asked bgpd, then ospfd\)$/,
  ]);
});
