import t from 'tap';
import { lxcPortGuard } from '../../../lib/plan/guard/lxc-port-guard.js';
import type { LxcNetEvent } from '../../../lib/runtimes/lxc/lxc-event.js';
import type { LxcOptions } from '../../../lib/runtimes/lxc/lxc-options.js';

const ev: LxcNetEvent = { name: 'c1', phase: 'up', type: 'veth', link: 'sw0', device: 'vethc1', hookVersion: 1 };
const section = {
  addresses: [{ family: 4 as const, address: '10.0.0.5', prefix: 24 }],
  gateways6: [],
  mac: '02:00:00:00:00:05',
};
const opts = (o: Partial<LxcOptions>): LxcOptions => ({ forwards: [], ...o }) as LxcOptions;

t.test("on by default: one chain with the section's MAC and addresses", async (t) => {
  const g = lxcPortGuard(ev, opts({}), section);
  t.match(g.steps, [
    { kind: 'port-guard', op: 'add', spec: { port: 'vethc1', mac: '02:00:00:00:00:05', ipFilter: true } },
  ]);
});

t.test('a trunk port is not filtered unless --filter on asks for it (the chain drops tagged frames)', async (t) => {
  const trunk = lxcPortGuard(ev, opts({ trunks: [10, 20] }), section);
  t.same(trunk.steps, []);
  t.match(trunk.notes[0], /anti-spoofing filter on vethc1 is off \(--trunks: tagged frames are not filtered/);
  t.equal(lxcPortGuard(ev, opts({ trunks: [10], filter: true }), section).steps.length, 1, '--filter on wins');
  t.same(lxcPortGuard(ev, opts({ filter: false }), section).steps, [], '--filter off');
  t.same(lxcPortGuard(ev, opts({}), section, { on: false, from: 'host.conf' }).steps, [], 'host-wide off');
});
