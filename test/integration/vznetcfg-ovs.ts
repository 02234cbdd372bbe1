/**
 * ctnet-vznetcfg on Open vSwitch (userspace datapath, LAB.md): OpenVZ 7 `addif` with
 * VPORT_TYPE=ovs adds the port in one transaction with external_ids iface-id (IFACEID) and
 * attached-mac (MAC) on the Interface and the ctnet owner on the Port; traffic flows; twice is
 * once; `delif` removes the port (twice is fine); legacy `init veth` attaches to an OVS
 * BRIDGEDEV and ctnet-umount removes that port; VPORT_TYPE=ovs on a Linux bridge is refused.
 */
import t from 'tap';
import { VzLab } from '../lab/vz-lab.js';
import { vzLabWithOvs } from '../lab/vz-ovs-lab.js';
import { ipBatch, ping } from '../lab/netns.js';

const UUID = '7c0ffee0-1234-4abc-8def-0123456789ab';
const DEV = 'veth7c0ffee0.0';
const IFACEID = 'b5e0a8f4-6c1d-4f7e-9a2b-3c4d5e6f7a8b';
const MAC = '00:18:51:7c:0f:ee';

const setup = vzLabWithOvs;

const unquote = (s: string): string => s.replace(/^"(.*)"$/, '$1');

t.test('OpenVZ 7 addif/delif with VPORT_TYPE=ovs: iface-id and attached-mac, traffic, twice is once', async (t) => {
  const { lab, ovs } = await setup(t);
  const ct = await lab.addCt(UUID, { pairs: [{ host: DEV, ct: 'eth0', mac: MAC }] });
  const env = { VEID: UUID, NETWORK_TYPE: 'bridge', VPORT_TYPE: 'ovs', IFACEID, MAC, ...ovs.env };
  for (const round of [1, 2]) {
    const r = await lab.vznetcfg(['addif', DEV, 'sw0'], env);
    t.equal(r.exitCode, 0, `addif #${round}: ${r.stderr}`);
  }
  t.same((await ovs.vsctl(['list-ports', 'sw0'])).stdout.trim().split('\n'), [DEV], 'one port, once');
  t.equal(
    unquote(await ovs.get('interface', DEV, 'external_ids:iface-id')),
    IFACEID,
    'Interface external_ids:iface-id = IFACEID',
  );
  t.equal(
    unquote(await ovs.get('interface', DEV, 'external_ids:attached-mac')),
    MAC,
    'Interface external_ids:attached-mac = MAC',
  );
  t.equal(unquote(await ovs.get('port', DEV, 'external_ids:ctnet-owner')), `vz:${UUID}`, 'Port owned by the CT');
  await ipBatch(ct, ['addr add 10.0.9.5/24 dev eth0', 'link set dev eth0 up']);
  t.ok(await ping(ct, '10.0.9.254', 3), 'CT reaches the node through the OVS bridge');

  for (const round of [1, 2]) {
    const r = await lab.vznetcfg(['delif', DEV, ''], { VEID: UUID, VPORT_TYPE: 'ovs', ...ovs.env });
    t.equal(r.exitCode, 0, `delif #${round}: ${r.stderr}`);
  }
  t.equal(await ovs.portExists(DEV), false, 'delif removed the port');
});

t.test('legacy init veth on an OVS BRIDGEDEV; ctnet-umount removes the port', async (t) => {
  const { lab, ovs } = await setup(t);
  await lab.addCt('101');
  lab.writeCtConf('101', 'NETIF="ifname=eth0,host_ifname=veth101.0"\nBRIDGEDEV="sw0"\n');
  for (const round of [1, 2]) {
    const r = await lab.vznetcfg(['init', 'veth', 'veth101.0'], { VEID: '101', ...ovs.env });
    t.equal(r.exitCode, 0, `init #${round}: ${r.stderr}`);
  }
  t.equal(
    unquote(await ovs.get('port', 'veth101.0', 'external_ids:ctnet-owner')),
    'vz:101',
    'OVS port owned by CT 101',
  );
  await lab.stopCt('101');
  t.equal(await ovs.portExists('veth101.0'), true, 'the port record outlives the veth');
  const u = await lab.umount('101', ovs.env);
  t.equal(u.exitCode, 0, `umount: ${u.stderr}`);
  t.equal(await ovs.portExists('veth101.0'), false, 'umount removed the recorded port');
});

t.test('VPORT_TYPE=ovs on a Linux bridge is refused in one line', async (t) => {
  const lab = await VzLab.create();
  t.teardown(() => lab.cleanup());
  await lab.addCt(UUID, { pairs: [{ host: DEV, ct: 'eth0' }] });
  const r = await lab.vznetcfg(['addif', DEV, 'br0'], { VEID: UUID, NETWORK_TYPE: 'bridge', VPORT_TYPE: 'ovs' });
  t.equal(r.exitCode, 1, 'exit 1');
  t.match(r.stderr, /VPORT_TYPE=ovs, but "br0" .* is a Linux bridge/, 'says why');
  t.equal(r.stderr.trim().split('\n').length, 1, 'one line');
});
