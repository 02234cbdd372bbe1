// not-unit: needs root and the built CLI (ip netns lab, Open vSwitch)
/**
 * The BUILT `ctnet check` / `status` with Open vSwitch (userspace datapath lab): a VLAN tag
 * changed by hand and a port left behind by a CT stopped without its umount are found and
 * repaired; ports ctnet does not own are never touched.
 */
import t from 'tap';
import { ipBatch } from '../lab/netns.js';
import { OvsLab } from '../lab/ovs.js';
import { VzLab } from '../lab/vz-lab.js';

import { CTNET } from '../lab/executables.js';
const conf = (id: string) => `NETIF="ifname=eth0,host_ifname=veth${id}.0"
VETH_IP_ADDRESS="10.0.9.${id.slice(-1)}/24"
BRIDGEDEV="sw0"
VETH_VLAN="10"
`;

t.test('OVS: wrong tag and a leftover port are found and fixed', async (t) => {
  const lab = await VzLab.create({ bridge: null });
  t.teardown(() => lab.cleanup());
  const ovs = await OvsLab.start(lab.hn, lab.tag);
  t.teardown(() => ovs.stop());
  await ovs.addBridge('sw0');
  await ipBatch(lab.hn, ['link set dev sw0 up']);
  for (const id of ['101', '102']) {
    await lab.addCt(id);
    lab.writeCtConf(id, conf(id));
    const r = await lab.vznet(id, `veth${id}.0`, [], ovs.env);
    t.equal(r.exitCode, 0, `CT ${id} up: ${r.stderr}`);
  }
  // A port someone else made (no ctnet owner) whose interface does not exist: not ours.
  await ovs.vsctl(['add-port', 'sw0', 'foreign0']);
  const ctnet = (...args: string[]) => lab.runHook(CTNET, args, ovs.env);
  const clean = await ctnet('check');
  t.equal(clean.exitCode, 0, `clean: ${clean.stdout}${clean.stderr}`);

  await ovs.vsctl(['set', 'port', 'veth101.0', 'tag=20']);
  await lab.stopCt('102');
  const r = await ctnet('check');
  t.equal(r.exitCode, 1);
  t.same(
    r.stdout.trim().split('\n').sort(),
    [
      'CT 101 veth101.0: VLAN tag 20 (want 10)',
      'CT 102 ovs port veth102.0 on sw0: leftover: its interface is gone',
      'CT 102 record vz-102.json (veth102.0): stale: veth102.0 is gone',
      'CT 102 route 10.0.9.2/32 dev sw0: leftover: CT 102 is not running',
    ],
    'tag drift and the leftover port, route and record',
  );
  const st = await ctnet('status');
  t.match(
    st.stdout,
    /\n101\s+eth0\s+veth101\.0\s+sw0\s+ovs\s+20\s+running\s+10\.0\.9\.1\/32\n/,
    'status shows OVS and the live tag',
  );

  const fix = await ctnet('check', '--fix');
  t.equal(fix.exitCode, 0, `fixed: ${fix.stdout}${fix.stderr}`);
  t.match(fix.stdout, /fixed: removed Open vSwitch port veth102\.0 \(owner vz:102\)/);
  t.equal(await ovs.get('port', 'veth101.0', 'tag'), '10', 'tag restored');
  t.notOk(await ovs.portExists('veth102.0'), 'leftover port removed');
  t.ok(await ovs.portExists('foreign0'), 'a port ctnet does not own is left alone');
  t.equal((await ctnet('check')).exitCode, 0, 'clean after --fix');
});
