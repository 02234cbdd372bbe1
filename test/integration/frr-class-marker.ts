/**
 * Why a spare's address is announced through a class marker, against real zebra 8.4 (`ip
 * import-table 213`, its own -N pathspace in a throwaway netns): a route added to table 213
 * while its device has no carrier (an LXC veth whose peer the container brings up only after the
 * hook; an OpenVZ veth before its CT side is up) is never imported, even once the link comes up,
 * so it would never be announced. The lines the planner writes for a spare (lib/plan/route-line.ts:
 * the route in 212, the marker in 213) are imported at once, with or without carrier, and the
 * teardown's lines take the import away.
 */
import * as fs from 'node:fs';
import t from 'tap';
import { hostRouteLines } from '../../lib/plan/route-line.js';
import { routeDelLines } from '../../lib/plan/teardown-entry.js';
import { parseIpAddr, type IpAddr } from '../../lib/request/ip-address.js';
import { FrrInstance, waitFor } from '../lab/frr.js';
import { addNetns, delNetns, ipBatch, sh, uniqueTag } from '../lab/netns.js';

const [SPARE, BARE] = ['203.0.113.9', '203.0.113.10'];
const ip = (s: string): IpAddr => parseIpAddr(s) as IpAddr;

t.test('a spare added while its veth has no carrier is imported through its marker', async (t) => {
  const tag = uniqueTag();
  const ns = `ctnet-marker-${tag}`;
  await addNetns(ns);
  t.teardown(() => delNetns(ns));
  const frr = new FrrInstance(`ctnet-marker-${tag}`, ns);
  t.teardown(() => frr.stop());
  await frr.prepare();
  fs.writeFileSync(frr.confFile, 'frr defaults traditional\nhostname marker\nip import-table 213\n!\nend\n');
  await frr.start();
  // v1's peer stays down: v1 has no carrier, as a container's veth at its up hook.
  await ipBatch(ns, ['link add v1 type veth peer name v1p', 'link set dev v1 up']);
  /** Whether zebra selected an imported (table) route for the address in its main RIB. */
  const imported = async (addr: string): Promise<boolean> => {
    const rib = JSON.parse((await frr.vtysh(`show ip route ${addr}/32 json`)) || '{}') as Record<
      string,
      Array<{ protocol: string; selected?: boolean }>
    >;
    return (rib[`${addr}/32`] ?? []).some((r) => r.protocol === 'table' && r.selected === true);
  };

  const planned = hostRouteLines(ip(SPARE), 'v1', 200).map((l) => l.cmd);
  t.same(planned, [
    'route replace 203.0.113.9/32 dev v1 proto 213 metric 200 table 212',
    'route replace blackhole 203.0.113.9/32 proto 213 metric 200 table 213',
  ]);
  // BARE: what a container's own route in the class table would be, with no marker.
  await ipBatch(ns, [...planned, `route replace ${BARE}/32 dev v1 proto 213 metric 200 table 213`]);
  await waitFor(() => imported(SPARE), 10_000, 'zebra imports the marker of the spare');
  t.pass("the spare's marker is imported while its veth has no carrier");

  await ipBatch(ns, ['link set dev v1p up']);
  // zebra looks at main again when the link comes up, not at table 213: give it time to (not) act.
  await new Promise((r) => setTimeout(r, 2_000));
  t.notOk(await imported(BARE), 'a table route added without carrier is never imported, even after the link is up');
  t.ok(await imported(SPARE), 'the marker stays imported');

  // The teardown's tolerant batch (-force): its last line, the route in main of an older record, is not there.
  await sh('ip', ['-n', ns, '-force', '-batch', '-'], {
    input: routeDelLines({ kind: 'route', address: SPARE, dev: 'v1', metric: 200 }).join('\n') + '\n',
    allowFailure: true,
  });
  await waitFor(async () => !(await imported(SPARE)), 10_000, 'zebra drops the import');
  t.pass("the teardown's lines (route, marker) take the import away");
});
