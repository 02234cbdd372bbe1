/**
 * askOspfPrimaries: the question goes to ospfd's socket beside bgpd's; IPv6 is not asked;
 * no ospfd is undefined. The answer's reading is test/setups/frr/other-ospf-primaries.ts, the proof
 * against real ospfd test/integration/frr-ospf-check.ts.
 */
import t from 'tap';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { askOspfPrimaries, ospfdVtyPath } from '../../../lib/setups/frr/ask-ospf-primaries.js';
import { parseIpAddr, type IpAddr } from '../../../lib/request/ip-address.js';
import { fakeBgpd } from '../../lab/fake-bgpd.js';

t.test("the socket beside bgpd's, in the same pathspace", async (t) => {
  t.equal(ospfdVtyPath('/var/run/frr/bgpd.vty'), '/var/run/frr/ospfd.vty');
  t.equal(ospfdVtyPath('/var/run/frr/ctnet-b-x1/bgpd.vty'), '/var/run/frr/ctnet-b-x1/ospfd.vty');
});

t.test('asked for IPv4 only; no ospfd: undefined', async (t) => {
  const answer = fs.readFileSync(new URL('../../fixtures/frr/ospf-external-elsewhere.json', import.meta.url), 'utf8');
  const f = await fakeBgpd(() => ({ text: answer }), 'ospfd.vty');
  t.teardown(f.close);
  const ctx = { bgpdVty: path.join(path.dirname(f.path), 'bgpd.vty') };
  t.same(await askOspfPrimaries(parseIpAddr('203.0.113.5') as IpAddr, ctx), ['10.255.9.1']);
  t.equal(await askOspfPrimaries(parseIpAddr('2001:db8::5') as IpAddr, ctx), undefined, 'IPv6: not asked');
  t.same(f.questions, ['show ip ospf database external 203.0.113.5 json']);
  t.equal(
    await askOspfPrimaries(parseIpAddr('203.0.113.5') as IpAddr, { bgpdVty: '/nonexistent/bgpd.vty' }),
    undefined,
    'no ospfd',
  );
});
