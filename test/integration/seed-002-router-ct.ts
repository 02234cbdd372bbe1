/**
 * Seed 002 as a tested scenario, with no patched system script: a router CT and two veth-only
 * CTs on one bridge. vznetcfg is ctnet-vznetcfg, EXTERNAL_SCRIPT is ctnet-vznet, the umount
 * script is ctnet-umount. Each CT starts with a venet-style default route (`default dev
 * venet0`, stand-in: a veth named venet0 inside the CT) and ends up with its default route via
 * the router CT, which forwards to an "outside" namespace behind it. A CT restart (stop =
 * umount hook + netns gone; start = new netns + hooks) keeps everything working.
 */
import t from 'tap';
import { HOOK_VZNET, VzLab } from '../lab/vz-lab.js';
import { ipBatch, ipJson, ping, sh, type RouteJson } from '../lab/netns.js';

/** vzctl saves a generated mac= in NETIF, so a CT keeps its MAC across restarts. */
const mac = (veid: string): string => `00:18:51:00:00:${Number(veid).toString(16).padStart(2, '0')}`;
const ctConf = (veid: string, ip: string, gw?: string): string => `# seed 002: veth-only CT on br0
NETIF="ifname=eth0,mac=${mac(veid)},host_ifname=veth${veid}.0,bridge=br0"
VETH_IP_ADDRESS="${ip}"
${gw ? `VE_DEFAULT_GATEWAY="${gw}"\n` : ''}`;

t.test('seed 002: CTs route via the router CT, survive restarts', async (t) => {
  const lab = await VzLab.create({ bridge: { name: 'br0', address: '10.0.0.2/24' } });
  t.teardown(() => lab.cleanup());
  lab.writeVznetConf(`# /etc/vz/vznet.conf\nEXTERNAL_SCRIPT="${HOOK_VZNET}"\n`);
  // The router CT forwards other hosts' packets: its port cannot be source-filtered.
  lab.writeCtConf('1', ctConf('1', '10.0.0.1/24') + 'CTNET_FILTER="off"\n');
  lab.writeCtConf('101', ctConf('101', '10.0.0.101/24', '10.0.0.1'));
  lab.writeCtConf('102', ctConf('102', '10.0.0.102/24', '10.0.0.1'));
  const outside = await lab.addNs('out');

  /** vzctl start: netns + veth pair, the CT's venet default route, then vznetcfg. */
  const start = async (veid: string): Promise<string> => {
    const ns = await lab.addCt(veid, { pairs: [{ host: `veth${veid}.0`, ct: 'eth0', mac: mac(veid) }] });
    await ipBatch(ns, [
      'link add venet0 type veth peer name venet0p',
      'link set dev venet0p up',
      'link set dev venet0 up',
      'route add default dev venet0',
    ]);
    if (veid === '1') {
      // The router CT's own setup (its distribution scripts): forwarding, the outside link.
      await sh('ip', ['netns', 'exec', ns, 'sysctl', '-qw', 'net.ipv4.ip_forward=1']);
      await sh('ip', ['-n', ns, 'link', 'add', 'eth1', 'type', 'veth', 'peer', 'name', 'o0', 'netns', outside]);
      await ipBatch(ns, ['addr add 192.0.2.1/24 dev eth1', 'link set dev eth1 up', 'route del default dev venet0']);
      await ipBatch(outside, [
        'addr replace 192.0.2.2/24 dev o0',
        'link set dev o0 up',
        'route replace 10.0.0.0/24 via 192.0.2.1',
      ]);
    }
    const r = await lab.vznetcfg(['init', 'veth', `veth${veid}.0`], { VEID: veid });
    t.equal(r.exitCode, 0, `CT ${veid} start: ${r.stderr}`);
    return ns;
  };
  const stop = async (veid: string): Promise<void> => {
    const r = await lab.umount(veid);
    t.equal(r.exitCode, 0, `CT ${veid} umount: ${r.stderr}`);
    await lab.stopCt(veid);
  };
  const defaults = async (ns: string): Promise<string[]> =>
    (await ipJson<RouteJson[]>(ns, ['route', 'show', 'default'])).map((r) => `${r.gateway ?? '-'} ${r.dev}`);

  await start('1');
  let ct101 = await start('101');
  const ct102 = await start('102');
  const again = await lab.vznetcfg(['init', 'veth', 'veth101.0'], { VEID: '101' });
  t.equal(again.exitCode, 0, `second start hook run is harmless: ${again.stderr}`);

  t.same(
    await defaults(ct101),
    ['10.0.0.1 eth0'],
    'CT 101: one default route, via the router CT (venet default replaced)',
  );
  t.same(await defaults(ct102), ['10.0.0.1 eth0'], 'CT 102: one default route, via the router CT');
  t.ok(await ping(ct101, '192.0.2.2'), 'CT 101 reaches the outside through the router CT');
  t.ok(await ping(ct102, '192.0.2.2'), 'CT 102 reaches the outside through the router CT');
  t.ok(await ping(ct101, '10.0.0.102'), 'CT 101 reaches CT 102 on the bridge');
  const hostRoutes = async (): Promise<string[]> =>
    (await ipJson<RouteJson[]>(lab.hn, ['route', 'show', 'proto', '213'])).map((r) => `${r.dst} ${r.dev}`).sort();
  t.same(await hostRoutes(), ['10.0.0.1 br0', '10.0.0.101 br0', '10.0.0.102 br0'], 'node: one host route per CT');

  await stop('101');
  t.same(await hostRoutes(), ['10.0.0.1 br0', '10.0.0.102 br0'], 'CT 101 stopped: its route is gone, the others stay');
  t.ok(await ping(ct102, '192.0.2.2'), 'CT 102 unaffected by CT 101 stopping');
  ct101 = await start('101');
  t.same(await defaults(ct101), ['10.0.0.1 eth0'], 'CT 101 restarted: default via the router CT again');
  t.ok(await ping(ct101, '192.0.2.2'), 'CT 101 restarted: reaches the outside');

  await stop('1');
  await start('1');
  t.ok(await ping(ct101, '192.0.2.2'), 'router CT restarted: CT 101 reaches the outside again');
  t.ok(await ping(ct102, '192.0.2.2'), 'router CT restarted: CT 102 reaches the outside again');
  t.same(
    await hostRoutes(),
    ['10.0.0.1 br0', '10.0.0.101 br0', '10.0.0.102 br0'],
    'node routes as before the restarts',
  );
});
