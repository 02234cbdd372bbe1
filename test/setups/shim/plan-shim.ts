import t from 'tap';
import { planShimEnsure, planShimRemove } from '../../../lib/setups/shim/plan-shim.js';
import type { LinkDetail } from '../../../lib/observe/link-detail.js';
import type { HostBatchStep } from '../../../lib/plan/plan.js';

const spec = { name: 'mv0', parent: 'lxcbr2', addresses: [{ family: 4 as const, address: '10.0.5.5', prefix: 24 }] };
const shim: LinkDetail = {
  name: 'mv0',
  kind: 'macvlan',
  mode: 'bridge',
  parent: 'lxcbr2',
  ifalias: 'ctnet-shim',
  mac: '02:00:00:00:00:01',
  mtu: 1500,
  up: true,
  addresses: ['10.0.5.5/24'],
};

t.test('create, complete, in place', async (t) => {
  const create = planShimEnsure(spec, undefined, true).steps[0] as HostBatchStep;
  t.same(
    create.lines.map((l) => l.cmd),
    [
      'link add link lxcbr2 name mv0 type macvlan mode bridge',
      'link set dev mv0 alias ctnet-shim',
      'addr add 10.0.5.5/24 dev mv0',
      'link set dev mv0 up',
    ],
  );
  t.same(planShimEnsure(spec, shim, true).steps, [], 'complete shim: nothing');
  const down = planShimEnsure(spec, { ...shim, up: false, addresses: [] }, true).steps[0] as HostBatchStep;
  t.same(
    down.lines.map((l) => l.cmd),
    ['addr add 10.0.5.5/24 dev mv0', 'link set dev mv0 up'],
  );
});

t.test('refuses links that are not a matching ctnet shim', async (t) => {
  t.throws(() => planShimEnsure(spec, undefined, false), /parent device "lxcbr2" does not exist/);
  t.throws(() => planShimEnsure(spec, { ...shim, ifalias: undefined }, true), /was not made by ctnet/);
  t.throws(() => planShimEnsure(spec, { ...shim, parent: 'eth0' }, true), /sits on "eth0", not on "lxcbr2"/);
  t.throws(() => planShimEnsure(spec, { ...shim, mode: 'private' }, true), /mode "private", not bridge/);
  t.throws(() => planShimRemove('mv0', { ...shim, ifalias: 'x' }), /not made by ctnet/);
  t.same(planShimRemove('mv0', undefined).steps, [], 'remove of a missing shim: nothing');
});
