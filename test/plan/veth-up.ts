/** The announcement class reaches the host routes as a kernel metric; undo and teardown match it. */
import t from 'tap';
import { buildCtNetwork } from '../../lib/config/ct-network.js';
import { parseVzConf } from '../../lib/config/vz-conf.js';
import { planVethUp, routeLine } from '../../lib/plan/veth-up.js';
import type { HostBatchStep } from '../../lib/plan/plan.js';

function plan(extra: string) {
  const conf = parseVzConf(`NETIF="ifname=eth0,host_ifname=veth101.0"\nVETH_IP_ADDRESS="192.0.2.10/32 2001:db8::10/128"\nBRIDGEDEV=br0\n${extra}`, '101.conf');
  const iface = buildCtNetwork('101', conf.values).interfaces[0]!;
  return planVethUp({
    veid: '101', iface, bridgeName: 'br0',
    bridge: { name: 'br0', exists: true, isLinuxBridge: true, mtu: 1500, mac: '02:00:00:00:00:01', macFixed: true },
    veth: { name: 'veth101.0', exists: true },
  });
}

const cases: Array<[string, string, string]> = [
  ['no class: no metric (kernel 0)', '', ''],
  ['primary', 'CTNET_ANNOUNCE=primary', ' metric 100'],
  ['spare', 'CTNET_ANNOUNCE="spare"', ' metric 200'],
  ['anycast (per-interface variable)', 'CTNET_ANNOUNCE=spare\nCTNET_ANNOUNCE_eth0=anycast', ' metric 300'],
];
for (const [name, extra, suffix] of cases) {
  t.test(name, async (t) => {
    const p = plan(extra);
    const host = p.steps.find((s): s is HostBatchStep => s.kind === 'host-batch')!;
    const routes = host.lines.filter((l) => l.cmd.startsWith('route '));
    t.same(routes.map((l) => l.cmd), [
      `route replace 192.0.2.10/32 dev br0 proto 213${suffix}`,
      `route replace 2001:db8::10/128 dev br0 proto 213${suffix}`,
    ], 'up lines');
    t.same(routes.map((l) => l.undo), [
      `route del 192.0.2.10/32 dev br0 proto 213${suffix}`,
      `route del 2001:db8::10/128 dev br0 proto 213${suffix}`,
    ], 'rollback removes exactly those routes');
    const td = p.teardown[0] as HostBatchStep;
    t.same(td.lines.map((l) => l.cmd), routes.map((l) => l.undo), 'teardown removes exactly those routes');
    t.equal(td.tolerateMissing, true, 'teardown tolerates routes already gone');
  });
}

t.test('routeLine without and with metric', async (t) => {
  const a = { family: 4 as const, address: '10.0.0.5', prefix: 24 };
  t.equal(routeLine('replace', a, 'br0'), 'route replace 10.0.0.5/32 dev br0 proto 213');
  t.equal(routeLine('del', a, 'br0', 200), 'route del 10.0.0.5/32 dev br0 proto 213 metric 200');
});
