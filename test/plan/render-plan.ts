/** Dry-run output: the exact commands and batches, as an admin would type them. */
import t from 'tap';
import { emptyPlan, type Plan } from '../../lib/plan/plan.js';
import { ovsTransactionArgs, renderPlan, renderStep } from '../../lib/plan/render-plan.js';
import { planOvsPortUp } from '../../lib/plan/ovs-port-plan.js';
import { guardRemoveStep } from '../../lib/plan/guard/port-guard-step.js';
import { guardCookieMatch, guardFlowsPlanLines } from '../../lib/plan/guard/render-guard-flows.js';

t.test('a full plan', async (t) => {
  const plan: Plan = {
    ...emptyPlan('CT 101', 'up veth101.0 (eth0 in the CT)'),
    notes: ['a note'],
    steps: [
      {
        kind: 'host-batch',
        what: 'host side of veth101.0',
        lines: [
          { cmd: 'link set dev veth101.0 up', undo: 'x' },
          { cmd: 'route replace 10.0.0.5/32 dev veth101.0 proto 213' },
        ],
      },
      { kind: 'ct-batch', what: 'eth0 inside CT 101', veid: '101', lines: ['link set dev eth0 up'] },
    ],
  };
  t.equal(
    renderPlan(plan),
    [
      '# CT 101: up veth101.0 (eth0 in the CT)',
      '# note: a note',
      '# host side of veth101.0',
      "ip -batch - <<'EOF'",
      'link set dev veth101.0 up',
      'route replace 10.0.0.5/32 dev veth101.0 proto 213',
      'EOF',
      '# eth0 inside CT 101',
      "/usr/sbin/vzctl exec 101 ip -batch - <<'EOF'",
      'link set dev eth0 up',
      'EOF',
      '',
    ].join('\n'),
  );
  t.match(renderPlan(plan, { vzctl: '/opt/vzctl' }), /\/opt\/vzctl exec 101 ip -batch -/);
});

t.test('each step kind', async (t) => {
  t.same(
    renderStep({
      kind: 'host-batch',
      what: 'w',
      tolerateMissing: true,
      lines: [{ cmd: 'route del 10.0.0.5/32 dev br0 proto 213' }],
    }),
    ['# w', "ip -force -batch - <<'EOF'", 'route del 10.0.0.5/32 dev br0 proto 213', 'EOF'],
  );
  t.same(
    renderStep({
      kind: 'host-batch',
      what: 'the rule for table 212',
      tolerateExisting: true,
      lines: [{ cmd: 'rule add pref 32765 lookup 212 protocol 213' }],
    }),
    ['# the rule for table 212', "ip -force -batch - <<'EOF'", 'rule add pref 32765 lookup 212 protocol 213', 'EOF'],
    'a shared rule prints as the hook runs it: "File exists" is no failure',
  );
  t.same(
    renderStep({ kind: 'ct-batch', what: 'w', veid: '7', force: true, lines: ['addr del 10.0.0.5/24 dev eth0'] }),
    ['# w', "/usr/sbin/vzctl exec 7 ip -force -batch - <<'EOF'", 'addr del 10.0.0.5/24 dev eth0', 'EOF'],
  );
  t.same(
    renderStep({
      kind: 'ovs',
      what: 'w',
      commands: [
        ['--may-exist', 'add-port', 'br0', 'v1'],
        ['set', 'port', 'v1', 'external_ids:ctnet-ct=101 x'],
      ],
    }),
    ['# w', "ovs-vsctl --may-exist add-port br0 v1 -- set port v1 'external_ids:ctnet-ct=101 x'"],
  );
  t.same(renderStep({ kind: 'sysctl', what: 'w', key: 'net/ipv4/conf/veth101.0/proxy_arp', value: '1' }), [
    '# w',
    'echo 1 > /proc/sys/net/ipv4/conf/veth101.0/proxy_arp',
  ]);
});

t.test('an empty plan says so', async (t) => {
  t.equal(renderPlan(emptyPlan('CT 101', 'down (umount)')), '# CT 101: down (umount)\n# nothing to do\n');
  t.same(ovsTransactionArgs([['a'], ['b', 'c']]), ['a', '--', 'b', 'c']);
  t.same(ovsTransactionArgs([]), []);
});

t.test(
  'a guarded OVS port shows its OpenFlow flows; the guard removal with a bridge shows their removal',
  async (t) => {
    const guard = {
      port: 'veth101.0',
      mac: '02:00:00:00:01:01',
      addresses: [],
      dhcp: false,
      macFilter: true,
      ipFilter: true,
      ovsBridge: 'sw0',
    };
    const up = renderStep(planOvsPortUp({ bridge: 'sw0', port: 'veth101.0', owner: 'vz:101', guard }));
    t.same(up.slice(2), guardFlowsPlanLines(guard, 'sw0'), 'after the ovs-vsctl equivalent');
    t.equal(
      renderStep(planOvsPortUp({ bridge: 'sw0', port: 'veth101.0', owner: 'vz:101' })).length,
      2,
      'no filter: no flows',
    );
    t.equal(
      renderStep(guardRemoveStep('veth101.0', 'sw0')).at(-1),
      `ovs-ofctl del-flows sw0 ${guardCookieMatch('veth101.0')}`,
    );
    t.equal(renderStep(guardRemoveStep('veth101.0')).at(-1), 'EOF', 'no bridge: only the chain');
  },
);
