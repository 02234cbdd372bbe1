/**
 * Routed veth (no bridge): host routes via the veth itself. And the CT default route replaces
 * a venet-style `default dev venet0` route that was there before (seed 002).
 */
import t from 'tap';
import { VzLab } from '../lab/vz-lab.js';
import { ipBatch, ipJson, type LinkJson, type RouteJson } from '../lab/netns.js';
import { ctSnap } from '../lab/vz-state.js';

/** What venet leaves in a CT: a venet0 device with a /32 and `default dev venet0`. */
async function venetDefault(ns: string): Promise<void> {
  await ipBatch(ns, [
    'link add venet0 type veth peer name venet0p',
    'link set dev venet0p up',
    'link set dev venet0 up',
    'addr add 192.0.2.50/32 dev venet0',
    'route add default dev venet0',
  ]);
}

t.test('routed veth: host routes via the veth, venet default replaced', async (t) => {
  const lab = await VzLab.create({ bridge: null });
  t.teardown(() => lab.cleanup());
  const ns = await lab.addCt('108');
  await venetDefault(ns);
  t.ok((await ctSnap(ns)).routes.includes('default dev venet0'), 'precondition: venet default route');
  lab.writeCtConf(
    '108',
    `NETIF="ifname=eth0,host_ifname=veth108.0"
VETH_IP_ADDRESS="198.51.100.108/32 2001:db8:8::108/128"
VE_DEFAULT_GATEWAY="198.51.100.1"
VE_DEFAULT_GATEWAY6="fe80::1"
`,
  );
  for (const round of [1, 2]) {
    const r = await lab.vznet('108', 'veth108.0');
    t.equal(r.exitCode, 0, `up #${round}: ${r.stderr}`);
    t.match(r.stderr, /^$|routed veth|ok/, 'no error output');
  }
  const veth = (await ipJson<LinkJson[]>(lab.hn, ['link', 'show', 'dev', 'veth108.0']))[0]!;
  t.equal(veth.master, undefined, 'on no bridge');
  t.ok(veth.flags.includes('UP'), 'up');
  const r4 = await ipJson<RouteJson[]>(lab.hn, ['route', 'show', 'proto', '213']);
  t.same(
    r4.map((r) => `${r.dst} ${r.dev}`),
    ['198.51.100.108 veth108.0'],
    'IPv4 host route via the veth',
  );
  const r6 = await ipJson<RouteJson[]>(lab.hn, ['-6', 'route', 'show', 'proto', '213']);
  t.same(
    r6.map((r) => `${r.dst} ${r.dev}`),
    ['2001:db8:8::108 veth108.0'],
    'IPv6 host route via the veth',
  );
  const ct = await ctSnap(ns);
  t.same(
    ct.routes.filter((r) => r.startsWith('default')).sort(),
    ['default via 198.51.100.1 dev eth0 onlink', 'default via fe80::1 dev eth0'].sort(),
    'the venet default is replaced; one default per family',
  );
  t.ok(ct.addrs.includes('eth0 198.51.100.108/32') && ct.addrs.includes('eth0 2001:db8:8::108/128'), 'CT addresses');

  const u = await lab.umount('108');
  t.equal(u.exitCode, 0, `umount: ${u.stderr}`);
  t.same(await ipJson(lab.hn, ['route', 'show', 'proto', '213']), [], 'IPv4 route removed (from the record)');
  t.same(await ipJson(lab.hn, ['-6', 'route', 'show', 'proto', '213']), [], 'IPv6 route removed');
});

t.test('routed veth: umount after the CT stopped (veth gone) succeeds', async (t) => {
  const lab = await VzLab.create({ bridge: null });
  t.teardown(() => lab.cleanup());
  await lab.addCt('109');
  lab.writeCtConf('109', 'NETIF="ifname=eth0,host_ifname=veth109.0"\nVETH_IP_ADDRESS="198.51.100.109"\n');
  const r = await lab.vznet('109', 'veth109.0');
  t.equal(r.exitCode, 0, r.stderr);
  t.ok(lab.record('109'), 'record written');
  await lab.stopCt('109');
  const u = await lab.umount('109');
  t.equal(u.exitCode, 0, `umount with the veth gone: ${u.stderr}`);
  t.equal(lab.record('109'), undefined, 'record removed');
  t.same(await ipJson(lab.hn, ['route', 'show', 'proto', '213']), []);
});

t.test("bridged: the gateway route replaces venet's default (seed 002)", async (t) => {
  const lab = await VzLab.create();
  t.teardown(() => lab.cleanup());
  const ns = await lab.addCt('110');
  await venetDefault(ns);
  lab.writeCtConf(
    '110',
    'NETIF="ifname=eth0,host_ifname=veth110.0,bridge=br0"\nVETH_IP_ADDRESS="10.0.0.110/24"\nVE_DEFAULT_GATEWAY="10.0.0.2"\n',
  );
  for (const round of [1, 2]) {
    const r = await lab.vznet('110', 'veth110.0');
    t.equal(r.exitCode, 0, `up #${round}: ${r.stderr}`);
  }
  const defaults = (await ctSnap(ns)).routes.filter((r) => r.startsWith('default'));
  t.same(defaults, ['default via 10.0.0.2 dev eth0'], 'exactly one default, via the bridge gateway');
  const u = await lab.umount('110');
  t.equal(u.exitCode, 0, u.stderr);
});
