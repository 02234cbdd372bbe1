/**
 * Several CTs starting at once on one bridge (vzctl starts CTs in parallel at boot): every
 * veth attached, every route present, the bridge MAC never changes.
 */
import t from 'tap';
import { VzLab } from '../lab/vz-lab.js';
import { ipBatch, ipJson, type LinkJson, type RouteJson } from '../lab/netns.js';
import { sysfsAttr } from '../lab/vz-state.js';

const IDS = ['121', '122', '123', '124'];

t.test('concurrent ups and umounts', async (t) => {
  const lab = await VzLab.create({ bridge: { name: 'br0', address: '10.0.0.2/24' } });
  t.teardown(() => lab.cleanup());
  const mac = (await ipJson<LinkJson[]>(lab.hn, ['link', 'show', 'dev', 'br0']))[0]!.address;
  for (const id of IDS) {
    await lab.addCt(id);
    // vzctl's veth MACs start with 00:18:51: lower than the bridge's, so an unpinned bridge would take one.
    lab.writeCtConf(
      id,
      `NETIF="ifname=eth0,host_ifname=veth${id}.0,host_mac=00:18:51:00:00:${id.slice(1)}"\nVETH_IP_ADDRESS="10.0.0.${id}/24"\nBRIDGEDEV="br0"\n`,
    );
    await ipBatch(lab.hn, [`link set dev veth${id}.0 address 00:18:51:00:00:${id.slice(1)}`]);
  }
  const ups = await Promise.all(IDS.map((id) => lab.vznet(id, `veth${id}.0`)));
  ups.forEach((r, i) => t.equal(r.exitCode, 0, `CT ${IDS[i]} up: ${r.stderr}`));
  const links = await ipJson<LinkJson[]>(lab.hn, ['link', 'show']);
  for (const id of IDS) t.equal(links.find((l) => l.ifname === `veth${id}.0`)?.master, 'br0', `veth${id}.0 on br0`);
  t.equal(links.find((l) => l.ifname === 'br0')?.address, mac, 'bridge MAC unchanged');
  t.equal(await sysfsAttr(lab.hn, 'br0', 'addr_assign_type'), '3', 'bridge MAC pinned');
  const routes = await ipJson<RouteJson[]>(lab.hn, ['route', 'show', 'proto', '213']);
  t.same(routes.map((r) => r.dst).sort(), IDS.map((id) => `10.0.0.${id}`).sort(), 'one route per CT');

  const downs = await Promise.all(IDS.map((id) => lab.umount(id)));
  downs.forEach((r, i) => t.equal(r.exitCode, 0, `CT ${IDS[i]} umount: ${r.stderr}`));
  t.same(await ipJson(lab.hn, ['route', 'show', 'proto', '213']), [], 'all routes removed');
  for (const id of IDS) t.equal(lab.record(id), undefined, `record of CT ${id} removed`);
});
