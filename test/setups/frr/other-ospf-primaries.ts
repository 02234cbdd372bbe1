/**
 * otherOspfPrimaries: ospfd's answer (captured from FRR 8.4: `show ip ospf database external
 * 203.0.113.5 json` on router 10.255.9.2 while 10.255.9.1 redistributed the /32 as E2 100)
 * read as other primaries, with this router's own LSA, ctnet's spare and anycast, and other
 * masks left out.
 */
import t from 'tap';
import * as fs from 'node:fs';
import { describeOspfOthers, otherOspfPrimaries } from '../../../lib/setups/frr/other-ospf-primaries.js';

const captured = fs.readFileSync(new URL('../../fixtures/frr/ospf-external-elsewhere.json', import.meta.url), 'utf8');
const lsa = (over: Record<string, unknown>) => ({ ...JSON.parse(captured).asExternalLinkStates[0], ...over });
const answer = (lsas: unknown[]) => JSON.stringify({ routerId: '10.255.9.2', asExternalLinkStates: lsas });

t.test("another router's primary is found", async (t) => {
  t.same(otherOspfPrimaries(captured, '203.0.113.5'), ['10.255.9.1']);
  t.equal(describeOspfOthers(['10.255.9.1', '10.255.9.3']), 'OSPF router 10.255.9.1, 10.255.9.3');
});

t.test(
  'not another primary: own LSA, spare, anycast, another mask or address; no ctnet class is a primary',
  async (t) => {
    const cases: Array<[string, Record<string, unknown>, string[]]> = [
      ["this router's own LSA", { advertisingRouter: '10.255.9.2' }, []],
      ['a spare (E2 200)', { metric: 200 }, []],
      ['anycast (E1 300)', { metric: 300, metricType: 'E1' }, []],
      ['E2 300 is no ctnet class: a primary', { metric: 300 }, ['10.255.9.1']],
      ['E1 200 is no ctnet class: a primary', { metric: 200, metricType: 'E1' }, ['10.255.9.1']],
      ['a plain redistribution (E2 20): a primary', { metric: 20 }, ['10.255.9.1']],
      ['a /24 with the same link state id', { networkMask: 24 }, []],
      ['another address', { linkStateId: '203.0.113.6' }, []],
      ['at MaxAge: withdrawn, being flushed', { lsaAge: 3600 }, []],
      ['just before MaxAge: still a primary', { lsaAge: 3599 }, ['10.255.9.1']],
    ];
    for (const [what, over, want] of cases) t.same(otherOspfPrimaries(answer([lsa(over)]), '203.0.113.5'), want, what);
    t.same(
      otherOspfPrimaries(answer([lsa({}), lsa({ advertisingRouter: '10.255.9.0' }), lsa({})]), '203.0.113.5'),
      ['10.255.9.0', '10.255.9.1'],
      'each router once, sorted',
    );
    t.same(otherOspfPrimaries(answer([]), '203.0.113.5'), [], 'nobody');
  },
);

t.test("not ospfd's answer: undefined", async (t) => {
  for (const text of ['% ospfd is not running', '[]', '{}', 'null'])
    t.equal(otherOspfPrimaries(text, '203.0.113.5'), undefined, text);
});
