/**
 * otherOspf6Primaries: ospf6d's answer, captured from FRR 8.4 in test/lab/ospf-lab.ts (`show
 * ipv6 ospf6 database as-external detail json` on router 10.77.0.3 = node B, while A
 * (10.77.0.2) announced 2001:db8:113::16 as primary (E2 100), ::17 as spare (E2 200), ::18 as
 * anycast (E1 300), and B ::16 as primary too; `show ipv6 ospf6 json` on B for the router id),
 * read as other primaries, with this router's own LSA, ctnet's spare and anycast, and other
 * prefixes left out.
 */
import t from 'tap';
import * as fs from 'node:fs';
import {
  describeOspf6Others,
  ospf6RouterId,
  otherOspf6Primaries,
} from '../../../lib/setups/frr/other-ospf6-primaries.js';

const fixture = (f: string) => fs.readFileSync(new URL(`../../fixtures/frr/${f}`, import.meta.url), 'utf8');
const captured = fixture('ospf6-external-detail.json');
const B = '10.77.0.3';
const first = JSON.parse(captured).asScopedLinkStateDb[0].lsa[0] as Record<string, unknown>;
const answer = (lsas: unknown[]) => JSON.stringify({ asScopedLinkStateDb: [{ lsa: lsas }] });
const lsa = (over: Record<string, unknown>) => ({ ...first, ...over });

t.test("this router's id from ospf6d's own answer", async (t) => {
  t.equal(ospf6RouterId(fixture('ospf6-router.json')), B);
  for (const bad of ['% ospf6d is not running', '[]', '{"routerId":"10.77.0"}', '{"routerId":"1.2.3.256"}', '{}'])
    t.equal(ospf6RouterId(bad), undefined, bad);
});

t.test("the captured database: A's primary only", async (t) => {
  t.same(otherOspf6Primaries(captured, B, '2001:db8:113::16'), ['10.77.0.2'], "A's primary, B's own LSA left out");
  t.same(otherOspf6Primaries(captured, B, '2001:DB8:113:0::16'), ['10.77.0.2'], 'any spelling of the address');
  t.same(otherOspf6Primaries(captured, B, '2001:db8:113::17'), [], "A's spare (E2 200)");
  t.same(otherOspf6Primaries(captured, B, '2001:db8:113::18'), [], "A's anycast (E1 300)");
  t.same(otherOspf6Primaries(captured, B, '2001:db8:113::19'), [], 'nobody');
  t.same(otherOspf6Primaries(captured, '10.77.0.2', '2001:db8:113::16'), [B], "on A: B's primary");
  t.equal(describeOspf6Others(['10.77.0.2', '10.77.0.4']), 'OSPFv3 router 10.77.0.2, 10.77.0.4');
});

t.test('classes, prefixes and malformed entries', async (t) => {
  const cases: Array<[string, Record<string, unknown>, string[]]> = [
    ['E2 300 is no ctnet class: a primary', { metric: 300 }, ['10.77.0.2']],
    ['E1 200 is no ctnet class: a primary', { metric: 200, bits: '---' }, ['10.77.0.2']],
    ['E1 100: a primary', { bits: '-F-' }, ['10.77.0.2']],
    ['a plain redistribution (E2 20): a primary', { metric: 20 }, ['10.77.0.2']],
    ['spare with the forwarding and tag bits', { metric: 200, bits: 'EFT' }, []],
    ['a /64 holding the address', { prefix: '2001:db8:113::/64' }, []],
    ['the address without a length', { prefix: '2001:db8:113::16' }, []],
    ['not an address', { prefix: 'x/128' }, []],
    ['no advertising router', { advertisingRouter: undefined }, []],
    ['a router id that is none', { advertisingRouter: '10.77.0.2; rm' }, []],
    ['at MaxAge: withdrawn', { age: 3600 }, []],
    ['just before MaxAge: still a primary', { age: 3599 }, ['10.77.0.2']],
    ['unknown bits: a primary (not proven spare)', { metric: 200, bits: 'EE' }, ['10.77.0.2']],
  ];
  for (const [what, over, want] of cases)
    t.same(otherOspf6Primaries(answer([lsa(over)]), B, '2001:db8:113::16'), want, what);
  t.same(
    otherOspf6Primaries(
      answer([lsa({}), null, 'x', lsa({ advertisingRouter: '10.77.0.1' }), lsa({})]),
      B,
      '2001:db8:113::16',
    ),
    ['10.77.0.1', '10.77.0.2'],
    'each router once, sorted; junk entries skipped',
  );
});

t.test("not ospf6d's answer: undefined", async (t) => {
  for (const bad of ['% Unknown command', '{}', '[]', '{"asScopedLinkStateDb":{}}', 'null'])
    t.equal(otherOspf6Primaries(bad, B, '2001:db8:113::16'), undefined, bad);
  t.equal(otherOspf6Primaries(captured, B, '203.0.113.16'), undefined, 'an IPv4 address');
  t.same(otherOspf6Primaries('{"asScopedLinkStateDb":[]}', B, '2001:db8:113::16'), [], 'an empty database');
});
