/**
 * ctnet-vznet + ctnet-umount with an Open vSwitch bridge (userspace datapath, LAB.md): the
 * port is added in one transaction with its VLAN tag and owner ids, two CTs on VLAN 10 reach
 * each other, umount removes the ports it owns and only those, and a dead ovsdb makes the
 * hook fail within seconds with "Open vSwitch is unreachable".
 */
import t from 'tap';
import { vzLabWithOvs } from '../lab/vz-ovs-lab.js';
import { ipJson, ping, type LinkJson, type RouteJson } from '../lab/netns.js';

const conf = (veid: string, vlan: string) => `NETIF="ifname=eth0,host_ifname=veth${veid}.0"
VETH_IP_ADDRESS="10.0.9.${veid.slice(-1)}/24"
BRIDGEDEV="sw0"
${vlan ? `VETH_VLAN="${vlan}"` : ''}
`;

const setup = vzLabWithOvs;

t.test('OVS port with VLAN tag and owner; two CTs on VLAN 10 talk; umount removes own ports only', async (t) => {
  const { lab, ovs } = await setup(t);
  for (const veid of ['101', '102']) {
    await lab.addCt(veid);
    lab.writeCtConf(veid, conf(veid, '10'));
    for (const round of [1, 2]) {
      const r = await lab.vznet(veid, `veth${veid}.0`, [], ovs.env);
      t.equal(r.exitCode, 0, `CT ${veid} up #${round}: ${r.stderr}`);
    }
  }
  t.equal(await ovs.get('port', 'veth101.0', 'tag'), '10', 'port tagged with VETH_VLAN');
  t.equal(await ovs.get('port', 'veth101.0', 'external_ids:ctnet-owner'), '"vz:101"', 'owner recorded');
  t.equal(await ovs.get('port', 'veth101.0', 'external_ids:ctnet-ifname'), 'eth0', 'CT interface recorded');
  t.equal(
    (await ovs.vsctl(['list-ports', 'sw0'])).stdout.split('\n').filter(Boolean).length,
    2,
    'one port per CT after two ups each',
  );
  const veth = (await ipJson<LinkJson[]>(lab.hn, ['link', 'show', 'dev', 'veth101.0']))[0]!;
  t.ok(veth.flags.includes('UP'), 'host veth up');
  const routes = await ipJson<RouteJson[]>(lab.hn, ['route', 'show', 'proto', '213']);
  t.same(
    routes.map((r) => [r.dst, r.dev]).sort(),
    [
      ['10.0.9.1', 'sw0'],
      ['10.0.9.2', 'sw0'],
    ],
    'host routes via the OVS bridge port',
  );
  t.ok(await ping(lab.ctNs('101'), '10.0.9.2', 3), 'CT 101 reaches CT 102 on VLAN 10');
  t.notOk(await ping(lab.ctNs('101'), '10.0.9.254', 1), 'untagged bridge address is not on VLAN 10');

  // A port someone else took over is never removed by ctnet.
  await ovs.vsctl(['set', 'port', 'veth102.0', 'external_ids:ctnet-owner=admin']);
  await lab.stopCt('101');
  await lab.stopCt('102');
  for (const veid of ['101', '102']) {
    const u = await lab.umount(veid, ovs.env);
    t.equal(u.exitCode, 0, `umount ${veid}: ${u.stderr}`);
  }
  t.notOk(await ovs.portExists('veth101.0'), 'umount removed the port ctnet owns (its veth was already gone)');
  t.ok(await ovs.portExists('veth102.0'), 'a port owned by someone else stays');
  t.same(await ipJson(lab.hn, ['route', 'show', 'proto', '213']), [], 'routes removed');
  const again = await lab.umount('101', ovs.env);
  t.equal(again.exitCode, 0, `umount twice: ${again.stderr}`);
});

t.test('ovsdb down: the hook fails within seconds and says Open vSwitch is unreachable', async (t) => {
  const { lab, ovs } = await setup(t);
  await lab.addCt('103');
  lab.writeCtConf('103', conf('103', ''));
  await ovs.stopDb();
  const started = Date.now();
  const r = await lab.vznet('103', 'veth103.0', [], ovs.env);
  const seconds = (Date.now() - started) / 1000;
  t.not(r.exitCode, 0, 'up fails');
  t.match(r.stderr, /Open vSwitch is unreachable/, r.stderr);
  t.ok(seconds < 15, `failed within seconds (${seconds.toFixed(1)} s)`);
  t.equal(
    r.stderr
      .trim()
      .split('\n')
      .filter((l) => l.startsWith('ctnet: error')).length,
    1,
    'one error line',
  );
});
