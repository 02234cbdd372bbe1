/**
 * ctnet bridge ensure --ovs against a real Open vSwitch (userspace datapath, LAB.md) in a
 * throwaway namespace: bridge created once with its pinned hwaddr, address and MTU; twice is
 * once. The lab's Open vSwitch (test/lab/ovs.ts) is stopped by the PIDs it started.
 */
import t from 'tap';
import { stableMac } from '../../lib/setups/bridge/stable-mac.js';
import { HostLab } from '../lab/host-lab.js';
import { ipJson, type AddrJson, type LinkJson } from '../lab/netns.js';
import { OvsLab } from '../lab/ovs.js';

t.test('OVS bridge with a pinned MAC', async (t) => {
  const lab = new HostLab();
  t.teardown(() => lab.cleanup());
  const hn = await lab.ns('hn');
  const ovs = await OvsLab.start(hn, lab.tag);
  t.teardown(() => ovs.stop());
  const d = ovs.dir;
  const args = [
    'bridge',
    'ensure',
    'ovsbr0',
    '--ovs',
    '--ovs-db',
    `unix:${d}/db.sock`,
    '--ovs-datapath',
    'netdev',
    '--address',
    '10.8.0.1/24',
    '--mtu',
    '1400',
  ];
  for (const round of [1, 2]) {
    const r = await lab.ctnet(hn, args);
    t.equal(r.exitCode, 0, `ensure #${round}: ${r.stderr}`);
  }
  const br = (await ipJson<LinkJson[]>(hn, ['link', 'show', 'dev', 'ovsbr0']))[0]!;
  t.equal(br.address, stableMac('ovsbr0'), 'stable MAC on the bridge device');
  t.equal(br.mtu, 1400, 'MTU');
  const addrs = (await ipJson<AddrJson[]>(hn, ['addr', 'show', 'dev', 'ovsbr0']))[0]!.addr_info
    .filter((a) => a.family === 'inet')
    .map((a) => `${a.local}/${a.prefixlen}`);
  t.same(addrs, ['10.8.0.1/24'], 'address once');
  t.equal(
    await ovs.get('bridge', 'ovsbr0', 'other-config:hwaddr'),
    `"${stableMac('ovsbr0')}"`,
    'hwaddr pinned in ovsdb',
  );
  const brs = await ovs.vsctl(['list-br']);
  t.equal(brs.stdout.trim(), 'ovsbr0', 'one bridge');
});
