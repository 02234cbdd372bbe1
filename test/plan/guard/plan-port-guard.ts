import t from 'tap';
import { addGuard, GUARD_ON, planPortGuard } from '../../../lib/plan/guard/plan-port-guard.js';
import { emptyPlan } from '../../../lib/plan/plan.js';
import { teardownSteps } from '../../../lib/plan/teardown-entry.js';
import { teardownEntry } from '../../../lib/state/record-schema.js';

const a4 = { family: 4 as const, address: '10.0.0.101', prefix: 24 };

t.test('on: one add step, one teardown entry that removes exactly that chain', async (t) => {
  const g = planPortGuard({
    subject: 'CT 101',
    port: 'veth101.0',
    mac: '02:00:00:00:01:01',
    addresses: [a4],
    settings: GUARD_ON,
  });
  t.equal(g.steps.length, 1);
  t.match(g.steps[0], {
    kind: 'port-guard',
    op: 'add',
    spec: { port: 'veth101.0', mac: '02:00:00:00:01:01', dhcp: false },
  });
  t.same(g.teardown, [{ kind: 'port-guard', port: 'veth101.0' }]);
  t.same(
    teardownSteps([...g.teardown, ...g.teardown]),
    [{ kind: 'port-guard', what: 'remove the anti-spoofing filter of veth101.0', op: 'remove', port: 'veth101.0' }],
    'deduplicated',
  );
  t.same(g.notes, []);
});

t.test('off: nothing, and a note saying why', async (t) => {
  const g = planPortGuard({
    subject: 'CT 101',
    port: 'veth101.0',
    addresses: [a4],
    settings: { ...GUARD_ON, enabled: false, from: 'CTNET_FILTER=off' },
  });
  t.same(g.steps, []);
  t.same(g.teardown, []);
  t.match(g.notes[0], /off \(CTNET_FILTER=off\)/);
});

t.test('unknown MAC and no addresses are said; a bad MAC is refused before anything runs', async (t) => {
  const g = planPortGuard({ subject: 'CT 101', port: 'veth101.0', addresses: [], settings: GUARD_ON });
  t.match(g.notes.join('\n'), /MAC of veth101.0 is not configured/);
  t.match(
    g.notes.join('\n'),
    /no configured addresses \(DHCP or set inside the container\): its source addresses are not filtered/,
  );
  const step = g.steps[0] as { spec: { ipFilter: boolean; macFilter: boolean } };
  t.equal(step.spec.ipFilter, false, 'no configured address: no source-address rules (DHCP containers keep working)');
  const withAddr = planPortGuard({ subject: 'CT 101', port: 'veth101.0', addresses: [a4], settings: GUARD_ON })
    .steps[0] as { spec: { ipFilter: boolean } };
  t.equal(withAddr.spec.ipFilter, true, 'with an address: source-address rules');
  t.throws(
    () =>
      planPortGuard({
        subject: 'CT 101',
        port: 'veth101.0',
        mac: 'ff:ff:ff:ff:ff:ff',
        addresses: [],
        settings: GUARD_ON,
      }),
    { code: 'E_CONFIG' },
  );
});

t.test('the record schema reads the entry back and refuses bad ports', async (t) => {
  t.same(teardownEntry({ kind: 'port-guard', port: 'veth101.0' }, 'e', 'vz-101'), {
    kind: 'port-guard',
    port: 'veth101.0',
  });
  t.throws(() => teardownEntry({ kind: 'port-guard', port: 'a"b' }, 'e', 'vz-101'));
  t.throws(() => teardownEntry({ kind: 'port-guard', port: 'veth1', extra: 1 }, 'e', 'vz-101'));
});

t.test('addGuard: before the first ip batch (after OVS port steps); at the end when there is none', async (t) => {
  const g = planPortGuard({ subject: 'CT 101', port: 'veth101.0', addresses: [a4], settings: GUARD_ON });
  const plan = emptyPlan('CT 101', 'up');
  plan.steps.push(
    { kind: 'ovs-port', what: 'port', op: 'remove', port: 'veth101.0' },
    { kind: 'sysctl', what: 's', key: 'net/ipv4/conf/veth101.0/proxy_arp', value: '1' },
    { kind: 'host-batch', what: 'host', lines: [] },
    { kind: 'ct-batch', what: 'ct', veid: '101', lines: [] },
  );
  addGuard(plan, g);
  t.same(
    plan.steps.map((s) => s.kind),
    ['ovs-port', 'sysctl', 'port-guard', 'host-batch', 'ct-batch'],
  );
  t.same(plan.teardown, [{ kind: 'port-guard', port: 'veth101.0' }]);
  const none = emptyPlan('CT 101', 'up');
  addGuard(none, g);
  t.same(
    none.steps.map((s) => s.kind),
    ['port-guard'],
  );
});
