/**
 * ctnet-vznet + ctnet-umount on a real kernel: the seed 004 setup (veth on br0, host routes,
 * CT addresses, route to CT0, default route), plus pinned bridge MAC, matching MTU, IPv6,
 * idempotency, and a clean umount.
 */
import t from 'tap';
import { VzLab } from '../lab/vz-lab.js';
import { ipJson, ping, type AddrJson, type LinkJson, type RouteJson } from '../lab/netns.js';

const CONF = `# CT 101 (seed 004 style)
NETIF="ifname=eth0,mac=00:18:51:aa:bb:01,host_ifname=veth101.0,host_mac=00:18:51:aa:bb:02"
VETH_IP_ADDRESS="10.0.0.101/24 2001:db8::101/64"
CT0_IP="10.0.0.2"
VE_DEFAULT_GATEWAY="10.0.0.1"
BRIDGEDEV="br0"
`;

t.test('up attaches, routes and configures the CT; twice is once; umount removes the routes', async (t) => {
  const lab = await VzLab.create({ bridge: { name: 'br0', address: '10.0.0.2/24', mtu: 1400 } });
  t.teardown(() => lab.cleanup());
  const ctNs = await lab.addCt('101');
  lab.writeCtConf('101', CONF);
  const brBefore = (await ipJson<LinkJson[]>(lab.hn, ['link', 'show', 'dev', 'br0']))[0]!;

  for (const round of [1, 2]) {
    const r = await lab.vznet('101', 'veth101.0');
    t.equal(r.exitCode, 0, `up #${round} exits 0: ${r.stderr}`);
  }
  const veth = (await ipJson<LinkJson[]>(lab.hn, ['link', 'show', 'dev', 'veth101.0']))[0]!;
  t.equal(veth.master, 'br0', 'host veth is on br0');
  t.equal(veth.mtu, 1400, 'host veth has the bridge MTU');
  t.ok(veth.flags.includes('UP'), 'host veth is up');
  const br = (await ipJson<LinkJson[]>(lab.hn, ['link', 'show', 'dev', 'br0']))[0]!;
  t.equal(br.address, brBefore.address, 'bridge MAC unchanged by the new port');
  t.equal(br.mtu, 1400, 'bridge MTU not lowered');
  const assign = await lab.runHook('/bin/cat', ['/sys/class/net/br0/addr_assign_type'], {});
  t.equal(assign.stdout.trim(), '3', 'bridge MAC is pinned (addr_assign_type 3)');

  const routes4 = await ipJson<RouteJson[]>(lab.hn, ['route', 'show', 'proto', '213']);
  t.same(
    routes4.map((r) => [r.dst, r.dev]),
    [['10.0.0.101', 'br0']],
    'one IPv4 host route to the CT via br0, proto 213',
  );
  const routes6 = await ipJson<RouteJson[]>(lab.hn, ['-6', 'route', 'show', 'proto', '213']);
  t.same(
    routes6.map((r) => [r.dst, r.dev]),
    [['2001:db8::101', 'br0']],
    'one IPv6 host route to the CT via br0',
  );

  const addrs = (await ipJson<AddrJson[]>(ctNs, ['addr', 'show', 'dev', 'eth0']))[0]!;
  const got = addrs.addr_info
    .filter((a) => !a.local.startsWith('fe80'))
    .map((a) => `${a.local}/${a.prefixlen}`)
    .sort();
  t.same(got, ['10.0.0.101/24', '2001:db8::101/64'], 'CT has its addresses, once each');
  const ctRoutes = await ipJson<RouteJson[]>(ctNs, ['route', 'show']);
  t.ok(
    ctRoutes.some((r) => r.dst === 'default' && r.gateway === '10.0.0.1' && r.dev === 'eth0'),
    'CT default route via the gateway',
  );
  t.ok(
    ctRoutes.some((r) => r.dst === '10.0.0.2' && r.dev === 'eth0'),
    'CT route to CT0_IP',
  );
  t.equal(ctRoutes.filter((r) => r.dst === 'default').length, 1, 'exactly one default route');
  t.ok(await ping(ctNs, '10.0.0.2'), 'CT reaches the node over the bridge');

  const u1 = await lab.umount('101');
  t.equal(u1.exitCode, 0, `umount exits 0: ${u1.stderr}`);
  t.same(await ipJson(lab.hn, ['route', 'show', 'proto', '213']), [], 'no IPv4 route to the CT remains');
  t.same(await ipJson(lab.hn, ['-6', 'route', 'show', 'proto', '213']), [], 'no IPv6 route to the CT remains');
  const u2 = await lab.umount('101');
  t.equal(u2.exitCode, 0, `umount twice exits 0: ${u2.stderr}`);
});
