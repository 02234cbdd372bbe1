/**
 * Two veths with per-interface variables, each on its own bridge with its own addresses, the
 * IPv4 gateway on the second one; and the Proxmox 4th-argument bridge.
 */
import t from 'tap';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { REPO, VzLab } from '../lab/vz-lab.js';
import { ipJson, ping, type LinkJson, type RouteJson } from '../lab/netns.js';
import { ctSnap, snapshot, type VzSnapshot } from '../lab/vz-state.js';

/** The shipped example is the config under test. */
const CONF = fs.readFileSync(path.join(REPO, 'templates/ct-two-interfaces.conf'), 'utf8');

t.test('two interfaces, each its own bridge, addresses and gateway', async (t) => {
  const lab = await VzLab.create({ bridge: { name: 'br0', address: '10.0.0.2/24', mtu: 1400 } });
  t.teardown(() => lab.cleanup());
  await lab.addBridge({ name: 'br1', address: '192.168.7.1/24', mtu: 1450 });
  const ns = await lab.addCt('102', {
    pairs: [
      { host: 'veth102.0', ct: 'eth0' },
      { host: 'veth102.1', ct: 'eth1' },
    ],
  });
  lab.writeCtConf('102', CONF);

  const states: VzSnapshot[] = [];
  for (const round of [1, 2]) {
    for (const dev of ['veth102.0', 'veth102.1']) {
      const r = await lab.vznet('102', dev);
      t.equal(r.exitCode, 0, `up ${dev} #${round}: ${r.stderr}`);
    }
    states.push(await snapshot(lab, ['102']));
  }
  t.same(states[1], states[0], 'up twice leaves the same node and CT state as up once');
  const links = await ipJson<LinkJson[]>(lab.hn, ['link', 'show']);
  const link = (n: string) => links.find((l) => l.ifname === n)!;
  t.same([link('veth102.0').master, link('veth102.0').mtu], ['br0', 1400], 'eth0 veth on br0 with its MTU');
  t.same([link('veth102.1').master, link('veth102.1').mtu], ['br1', 1450], 'eth1 veth on br1 with its MTU');
  const r4 = await ipJson<RouteJson[]>(lab.hn, ['route', 'show', 'proto', '213']);
  t.same(
    r4.map((r) => `${r.dst} ${r.dev}`).sort(),
    ['10.0.0.102 br0', '192.168.7.102 br1'],
    'IPv4 host routes via each bridge',
  );
  const r6 = await ipJson<RouteJson[]>(lab.hn, ['-6', 'route', 'show', 'proto', '213']);
  t.same(
    r6.map((r) => `${r.dst} ${r.dev}`),
    ['2001:db8:7::102 br1'],
    'IPv6 host route via br1',
  );

  const ct = await ctSnap(ns);
  t.same(
    ct.addrs,
    ['eth0 10.0.0.102/24', 'eth1 192.168.7.102/24', 'eth1 2001:db8:7::102/64'].sort(),
    'each interface has its own addresses',
  );
  const defaults = ct.routes.filter((r) => r.startsWith('default'));
  t.same(
    defaults,
    ['default via 192.168.7.1 dev eth1', 'default via 2001:db8:7::1 dev eth1'].sort(),
    'one default per family, both via eth1',
  );
  t.ok(ct.routes.includes('10.0.0.2 dev eth0'), 'route to CT0_IP on the first interface only');
  t.ok(await ping(ns, '10.0.0.2'), 'eth0 reaches the node over br0');
  t.ok(await ping(ns, '192.168.7.1'), 'eth1 reaches the node over br1');

  const u = await lab.umount('102');
  t.equal(u.exitCode, 0, `umount: ${u.stderr}`);
  t.same(await ipJson(lab.hn, ['route', 'show', 'proto', '213']), [], 'no IPv4 route to the CT remains');
  t.same(await ipJson(lab.hn, ['-6', 'route', 'show', 'proto', '213']), [], 'no IPv6 route to the CT remains');
  t.equal(lab.record('102'), undefined, 'the record is gone');
});

t.test('Proxmox: the bridge given as 4th argument wins over the config', async (t) => {
  const lab = await VzLab.create({ bridge: { name: 'br0', address: '10.0.0.2/24' } });
  t.teardown(() => lab.cleanup());
  await lab.addBridge({ name: 'vmbr1', address: '10.1.0.2/24', mtu: 1420 });
  const ns = await lab.addCt('103');
  lab.writeCtConf('103', 'NETIF="ifname=eth0,host_ifname=veth103.0,bridge=br0"\nVETH_IP_ADDRESS="10.1.0.103/24"\n');
  for (const round of [1, 2]) {
    const r = await lab.vznet('103', 'veth103.0', ['vmbr1']);
    t.equal(r.exitCode, 0, `up #${round}: ${r.stderr}`);
  }
  const veth = (await ipJson<LinkJson[]>(lab.hn, ['link', 'show', 'dev', 'veth103.0']))[0]!;
  t.same([veth.master, veth.mtu], ['vmbr1', 1420], 'on vmbr1 (argv), not br0 (NETIF)');
  const r4 = await ipJson<RouteJson[]>(lab.hn, ['route', 'show', 'proto', '213']);
  t.same(
    r4.map((r) => `${r.dst} ${r.dev}`),
    ['10.1.0.103 vmbr1'],
    'host route via the argv bridge',
  );
  t.ok(await ping(ns, '10.1.0.2'), 'CT reaches the node over vmbr1');
  const u = await lab.umount('103');
  t.equal(u.exitCode, 0, `umount: ${u.stderr}`);
  t.same(
    await ipJson(lab.hn, ['route', 'show', 'proto', '213']),
    [],
    'the argv-bridge route is removed (from the record)',
  );
});
