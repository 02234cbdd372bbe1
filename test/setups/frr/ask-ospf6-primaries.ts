/**
 * askOspf6Primaries: both questions go to ospf6d's socket beside bgpd's; IPv4 is not asked; no
 * ospf6d, or an ospf6d that does not answer one of them, is undefined within one timeout. The
 * answer's reading is test/setups/frr/other-ospf6-primaries.ts, the proof against real ospf6d
 * test/integration/frr-ospf-guard.ts.
 */
import t from 'tap';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { askOspf6Primaries, ospf6dVtyPath } from '../../../lib/setups/frr/ask-ospf6-primaries.js';
import { VTY_TIMEOUT_MS } from '../../../lib/doors/bgpd-vty.js';
import { parseIpAddr, type IpAddr } from '../../../lib/request/ip-address.js';
import { fakeBgpd, type FakeAnswer } from '../../lab/fake-bgpd.js';

const fixture = (f: string) => fs.readFileSync(new URL(`../../fixtures/frr/${f}`, import.meta.url), 'utf8');
const V6 = parseIpAddr('2001:db8:113::16') as IpAddr;
const ospf6d =
  (db: FakeAnswer) =>
  (cmd: string): FakeAnswer =>
    cmd === 'show ipv6 ospf6 json' ? { text: fixture('ospf6-router.json') } : db;

t.test("the socket beside bgpd's, in the same pathspace", async (t) => {
  t.equal(ospf6dVtyPath('/var/run/frr/bgpd.vty'), '/var/run/frr/ospf6d.vty');
  t.equal(ospf6dVtyPath('/var/run/frr/ctnet-b-x1/bgpd.vty'), '/var/run/frr/ctnet-b-x1/ospf6d.vty');
});

t.test('asked for IPv6 only: the database and the router id', async (t) => {
  const f = await fakeBgpd(ospf6d({ text: fixture('ospf6-external-detail.json') }), 'ospf6d.vty');
  t.teardown(f.close);
  const ctx = { bgpdVty: path.join(path.dirname(f.path), 'bgpd.vty') };
  t.same(await askOspf6Primaries(V6, ctx), ['10.77.0.2']);
  t.same(f.questions.sort(), ['show ipv6 ospf6 database as-external detail json', 'show ipv6 ospf6 json']);
  t.equal(await askOspf6Primaries(parseIpAddr('203.0.113.16') as IpAddr, ctx), undefined, 'IPv4: not asked');
  t.equal(f.questions.length, 2);
});

t.test('cannot be asked: undefined, within one timeout', async (t) => {
  t.equal(await askOspf6Primaries(V6, { bgpdVty: '/nonexistent/bgpd.vty' }), undefined, 'no ospf6d');
  for (const db of ['hang', { text: '% ospf6d is not running', status: 1 }, { text: 'not json' }] as FakeAnswer[]) {
    const f = await fakeBgpd(ospf6d(db), 'ospf6d.vty');
    t.teardown(f.close);
    const start = performance.now();
    t.equal(await askOspf6Primaries(V6, { bgpdVty: path.join(path.dirname(f.path), 'bgpd.vty') }), undefined);
    t.ok(performance.now() - start < VTY_TIMEOUT_MS + 500, `${JSON.stringify(db)}: within one timeout`);
  }
});
