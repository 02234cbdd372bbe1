import t from 'tap';
import { planBridgeEnsure } from '../../../lib/setups/bridge/plan-bridge.js';
import { stableMac } from '../../../lib/setups/bridge/stable-mac.js';
import type { LinkDetail } from '../../../lib/observe/link-detail.js';
import type { HostBatchStep, OvsStep } from '../../../lib/plan/plan.js';

const br: LinkDetail = { name: 'br0', kind: 'bridge', mac: '00:00:00:00:00:02', mtu: 1500, up: true, addresses: [] };

t.test('stableMac: stable, unicast, locally administered, differs by name', async (t) => {
  t.equal(stableMac('br0'), stableMac('br0'));
  t.not(stableMac('br0'), stableMac('br1'));
  const first = parseInt(stableMac('br0').slice(0, 2), 16);
  t.equal(first & 3, 2, 'locally administered, not multicast');
});

t.test('new bridge, existing unpinned, pinned and complete', async (t) => {
  const create = planBridgeEnsure({ name: 'br0', addresses: [], mtu: 1400 }, { link: undefined, macFixed: false })
    .steps[0] as HostBatchStep;
  t.same(
    create.lines.map((l) => l.cmd),
    [`link add name br0 address ${stableMac('br0')} mtu 1400 type bridge`, 'link set dev br0 up'],
  );
  const pin = planBridgeEnsure({ name: 'br0', addresses: [] }, { link: br, macFixed: false }).steps[0] as HostBatchStep;
  t.same(
    pin.lines.map((l) => l.cmd),
    ['link set dev br0 address 00:00:00:00:00:02'],
    'pinned at its current MAC',
  );
  t.same(planBridgeEnsure({ name: 'br0', addresses: [] }, { link: br, macFixed: true }).steps, [], 'in place: nothing');
  t.throws(
    () => planBridgeEnsure({ name: 'br0', addresses: [] }, { link: { ...br, kind: 'veth' }, macFixed: false }),
    /is a veth link/,
  );
});

t.test('OVS: one may-exist transaction with the hwaddr pin', async (t) => {
  const p = planBridgeEnsure(
    { name: 'ovsbr', addresses: [], ovs: { datapathType: 'netdev' } },
    { link: undefined, macFixed: false },
  );
  t.same((p.steps[0] as OvsStep).commands, [
    ['--may-exist', 'add-br', 'ovsbr'],
    ['set', 'bridge', 'ovsbr', `other-config:hwaddr="${stableMac('ovsbr')}"`, 'datapath_type=netdev'],
  ]);
});
