/** lib/plan/foreign-routes.ts: a down leaves the routes and proxy entries of addresses others hold. */
import t from 'tap';
import { entryAddresses, withoutForeignRoutes } from '../../lib/plan/foreign-routes.js';
import type { TeardownEntry } from '../../lib/plan/teardown-entry.js';

const entries: TeardownEntry[] = [
  { kind: 'route', address: '10.0.0.5', dev: 'br0' },
  { kind: 'route', address: '10.0.0.6', dev: 'br0' },
  { kind: 'proxy-neigh', address: '10.0.0.5', dev: 'up0' },
  { kind: 'ovs-port', port: 'veth1', owner: 'vz:1' },
];

t.test('addresses, and the entries left for this owner', async (t) => {
  t.same(entryAddresses(entries), ['10.0.0.5', '10.0.0.6']);
  const held = new Map([['10.0.0.5', { address: '10.0.0.5', owner: 'vz-101', part: 'veth101.0' }]]);
  const r = withoutForeignRoutes(entries, held, (o) => `<${o}>`);
  t.same(r.entries, [entries[1], entries[3]]);
  t.same(r.notes, ['10.0.0.5 is held by <vz-101> (veth101.0): its route is left alone']);
  t.same(withoutForeignRoutes(entries, new Map(), String).entries, entries, 'nothing held: everything');
});
