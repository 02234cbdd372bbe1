/** leftoverFindings is pure: which findings `check --leftovers` may fix on its own. */
import t from 'tap';
import type { Finding } from '../../../lib/cli/check/find-drift.js';
import { leftoverFindings } from '../../../lib/cli/check/leftovers.js';

const f = (ct: string, kind: string, extra: object = {}): Finding => ({
  ct,
  object: kind,
  problem: 'p',
  fix: { kind, ...extra } as Finding['fix'],
});

t.test('leftovers of stopped containers; never a running container, a route nobody claims, or drift', async (t) => {
  const found: Finding[] = [
    f('102', 'remove-route', { dst: '10.0.0.102/32', dev: 'br0' }),
    f('-', 'remove-route', { dst: '10.9.9.9/32', dev: 'br0' }),
    f('101', 'remove-route', { dst: '10.0.0.101/32', dev: 'br1' }),
    f('102', 'forget-record', { id: 'vz-102', part: 'veth102.0' }),
    f('web', 'remove-ovs-port', { port: 'vethA', owner: 'lxc:web' }),
    f('101', 'reapply', { hostIfname: 'veth101.0' }),
    { ct: '103', object: 'bridge br7', problem: 'does not exist' },
  ];
  t.same(
    leftoverFindings(found, new Set(['101'])).map((x) => `${x.ct} ${x.fix!.kind}`),
    ['102 remove-route', '102 forget-record', 'web remove-ovs-port'],
    'a ctnet route no known container claims is left (it may be a container ctnet cannot see)',
  );
});
