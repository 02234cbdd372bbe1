import t from 'tap';
import { parseNetworksConf } from '../../../lib/setups/pbr/networks-conf.js';
import { entryPresent, pbrEntries } from '../../../lib/setups/pbr/pbr-entries.js';
import { planPbrApply, planPbrRemove } from '../../../lib/setups/pbr/pbr-plan.js';
import type { HostBatchStep } from '../../../lib/plan/plan.js';

const cfg = (text: string) => parseNetworksConf(text, 'f');
const ONE =
  '[internal]\ntable = 210\nprefix = 192.168.1.0/24\nprefix = 2001:db8::/64\nuplink = vmbr0\ngateway = 192.168.1.3\n';

t.test('entries: seed 000 routes and rule pair, to-NET rule first', async (t) => {
  const e = pbrEntries(cfg(ONE));
  t.same(
    e.filter((x) => x.family === 4).map((x) => x.add),
    [
      'route replace 192.168.1.0/24 dev vmbr0 table 210 proto 213',
      'rule add pref 10000 from 192.168.1.0/24 to 192.168.1.0/24 iif venet0 lookup main protocol 213',
      'rule add pref 10001 from 192.168.1.0/24 iif venet0 lookup 210 protocol 213',
      'route replace default via 192.168.1.3 dev vmbr0 table 210 proto 213',
    ],
  );
  t.same(
    e.filter((x) => x.family === 6).map((x) => x.add),
    [
      'route replace 2001:db8::/64 dev vmbr0 table 210 proto 213',
      'rule add pref 10000 from 2001:db8::/64 to 2001:db8::/64 iif venet0 lookup main protocol 213',
      'rule add pref 10001 from 2001:db8::/64 iif venet0 lookup 210 protocol 213',
    ],
  );
});

t.test('presence: only ctnet rules, right table/dev/gateway; names accepted', async (t) => {
  const [route, local, egress, dflt] = pbrEntries(cfg(ONE));
  t.ok(entryPresent(route!, [{ table: '210', dev: 'vmbr0' }]));
  t.ok(entryPresent(route!, [{ table: 'internal', dev: 'vmbr0' }]));
  t.notOk(entryPresent(route!, [{ table: '211', dev: 'vmbr0' }]));
  t.notOk(entryPresent(route!, [{ dev: 'vmbr0' }]), 'main table row is not ours');
  t.ok(entryPresent(local!, [{ table: 'main', protocol: '213' }]));
  t.notOk(entryPresent(egress!, [{ table: '210', protocol: 'boot' }]), 'a hand-made twin is not ours');
  t.ok(entryPresent(egress!, [{ table: '210', protocol: 'ctnet' }]));
  t.notOk(entryPresent(dflt!, [{ table: '210', dev: 'vmbr0', gateway: '192.168.1.9' }]), 'other gateway');
});

t.test('apply plan: only missing, per family; nothing when all present; stale removed', async (t) => {
  const desired = pbrEntries(cfg(ONE));
  const none = planPbrApply({ desired, recorded: [], present: new Set() });
  t.same(
    none.steps.map((s) => [(s as HostBatchStep).family ?? 4, (s as HostBatchStep).lines.length]),
    [
      [4, 4],
      [6, 3],
    ],
  );
  t.equal(
    (none.steps[0] as HostBatchStep).lines[0]!.undo,
    'route del 192.168.1.0/24 dev vmbr0 table 210 proto 213',
    'adds carry undo',
  );
  const all = planPbrApply({ desired, recorded: desired, present: new Set(desired.map((e) => e.id)) });
  t.same(all.steps, [], 'second apply: nothing');
  const old = pbrEntries(cfg(ONE.replace('210', '211')));
  const moved = planPbrApply({ desired, recorded: old, present: new Set(old.map((e) => e.id)) });
  const first = moved.steps[0] as HostBatchStep;
  t.ok(first.tolerateMissing, 'stale removal first, tolerant');
  t.match(first.lines[0]!.cmd, /^rule del/, 'rules removed before routes');
});

t.test('remove plan: only present ctnet entries, recorded included', async (t) => {
  const desired = pbrEntries(cfg(ONE));
  t.same(planPbrRemove({ desired, recorded: [], present: new Set() }).steps, []);
  const p = planPbrRemove({ desired, recorded: [], present: new Set([desired[2]!.id]) });
  t.same(
    (p.steps[0] as HostBatchStep).lines.map((l) => l.cmd),
    ['rule del pref 10001 from 192.168.1.0/24 iif venet0 lookup 210 protocol 213'],
  );
});
