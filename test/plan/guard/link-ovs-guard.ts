import t from 'tap';
import { linkOvsGuard } from '../../../lib/plan/guard/link-ovs-guard.js';
import { planPortGuard, GUARD_ON } from '../../../lib/plan/guard/plan-port-guard.js';
import { planOvsPortUp } from '../../../lib/plan/ovs-port-plan.js';
import type { Plan } from '../../../lib/plan/plan.js';

const guard = () =>
  planPortGuard({ subject: 'CT 101', port: 'veth101.0', mac: '02:00:00:00:01:01', addresses: [], settings: GUARD_ON });
const plan = (steps: Plan['steps']): Plan => ({
  subject: 'CT 101',
  action: 'up veth101.0',
  steps,
  teardown: [],
  notes: [],
});

t.test('a port going onto OVS carries its filter; the removal names the bridge', async (t) => {
  const g = guard();
  const p = plan([planOvsPortUp({ bridge: 'sw0', port: 'veth101.0', owner: 'vz:101' })]);
  linkOvsGuard(p, g);
  const port = p.steps[0]!;
  t.ok(
    port.kind === 'ovs-port' && port.op === 'add' && port.spec.guard?.port === 'veth101.0',
    'the port step carries the filter',
  );
  const add = g.steps[0]!;
  t.ok(
    add.kind === 'port-guard' && add.op === 'add' && add.spec.ovsBridge === 'sw0',
    'the filter knows its bridge (its undo removes the flows)',
  );
  t.same(g.teardown, [{ kind: 'port-guard', port: 'veth101.0', bridge: 'sw0' }]);
});

t.test('no OVS port of that name: nothing changes', async (t) => {
  const g = guard();
  const p = plan([planOvsPortUp({ bridge: 'sw0', port: 'veth102.0', owner: 'vz:102' })]);
  linkOvsGuard(p, g);
  t.same(g.teardown, [{ kind: 'port-guard', port: 'veth101.0' }]);
  const port = p.steps[0]!;
  t.ok(port.kind === 'ovs-port' && port.op === 'add' && port.spec.guard === undefined);
});
