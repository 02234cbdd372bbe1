/** otherPrimaries reads bgpd's JSON view of one host route (captured from FRR 8.4 in test/integration/frr-bgp.ts). */
import t from 'tap';
import * as fs from 'node:fs';
import { describeOthers, otherPrimaries } from '../../../lib/setups/frr/other-primaries.js';

const captured = fs.readFileSync(
  new URL('../../fixtures/frr/bgp-route-primary-elsewhere.json', import.meta.url),
  'utf8',
);
type Path = {
  sourced?: boolean;
  largeCommunity?: { list: string[] };
  aspath?: { segments: Array<{ list: number[] }> };
  peer?: { hostname?: string; peerId?: string };
};
const paths = (...p: Path[]) => JSON.stringify({ prefix: '203.0.113.32/32', paths: p });

t.test("the captured answer: B's own spare is skipped, A's primary seen via both ToRs", async (t) => {
  const o = otherPrimaries(captured)!;
  t.same(o, [
    { originAs: '4200000011', via: 'tor2' },
    { originAs: '4200000011', via: 'tor1' },
  ]);
  t.equal(describeOthers(o), 'AS 4200000011 (via tor1, tor2)');
});

t.test('classes and foreign announcers', async (t) => {
  const from = (as: number, community?: string): Path => ({
    aspath: { segments: [{ list: [65101, as] }] },
    peer: { hostname: 'tor1' },
    ...(community ? { largeCommunity: { list: [community] } } : {}),
  });
  t.same(otherPrimaries(paths(from(4200000012, '4200000012:213:200'))), [], 'a spare elsewhere is no conflict');
  t.same(otherPrimaries(paths(from(4200000012, '4200000012:213:300'))), [], 'nor an anycast instance');
  t.same(
    otherPrimaries(paths(from(64999))),
    [{ originAs: '64999', via: 'tor1' }],
    'a path without a ctnet class is taken as a primary',
  );
  t.same(
    otherPrimaries(paths({ sourced: true, largeCommunity: { list: ['1:213:100'] } })),
    [],
    "this node's own path is not another node",
  );
  t.same(otherPrimaries('{\n}\n'), [], 'bgpd knows no path: {}');
  t.same(otherPrimaries(paths({ peer: { peerId: '10.77.0.1' }, largeCommunity: { list: ['65011:213:100'] } })), [
    { originAs: '?', via: '10.77.0.1' },
  ]);
});

t.test("not bgpd's answer: undefined", async (t) => {
  for (const text of ['% bgpd is not running\n', '', 'Exiting: failed to connect to any daemons.\n', '[1]', 'null'])
    t.equal(otherPrimaries(text), undefined, JSON.stringify(text));
});
