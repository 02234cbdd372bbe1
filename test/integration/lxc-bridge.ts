/**
 * ctnet-lxc with real LXC 5 containers on a Linux bridge and routed: LXC-attached (link) and
 * ctnet-attached (--bridge) veths get the bridge MTU, the bridge MAC is pinned, containers
 * reach each other; --vlan uses bridge VLAN filtering (or fails clearly on a kernel without
 * it); --routed adds host routes + proxy ARP/NDP on the veth only and stop removes them;
 * macvlan and empty sections are a no-op that lets the container start.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import t, { type Test } from 'tap';
import { LxcLab } from '../lab/lxc-lab.js';
import { ipJson, ping, type LinkJson, type RouteJson } from '../lab/netns.js';

async function bridgeLab(t: Test, br: string): Promise<LxcLab> {
  const lab = await LxcLab.create();
  t.teardown(() => lab.cleanup());
  await lab.ip(['link', 'add', br, 'type', 'bridge']);
  await lab.ip(['link', 'set', 'dev', br, 'mtu', '1400', 'up']);
  await lab.ip(['addr', 'add', '10.0.20.254/24', 'dev', br]);
  return lab;
}

t.test(
  'Linux bridge: link (hook.version 0) and --bridge (hook.version 1); MTU, pinned MAC, reachability',
  async (t) => {
    const lab = await bridgeLab(t, 'br0');
    const brBefore = (await ipJson<LinkJson[]>(lab.ns, ['link', 'show', 'dev', 'br0']))[0]!;
    const pa = `va${lab.tag}`;
    const pb = `vb${lab.tag}`;
    const a = await lab.container(
      'a',
      lab.vethNet('', ['lxc.net.0.ipv4.address = 10.0.20.1/24', 'lxc.net.0.link = br0', `lxc.net.0.veth.pair = ${pa}`]),
    );
    const b = await lab.container(
      'b',
      lab.vethNet('--bridge br0', [
        'lxc.net.0.ipv4.address = 10.0.20.2/24',
        'lxc.hook.version = 1',
        `lxc.net.0.veth.pair = ${pb}`,
      ]),
    );
    // b first: ctnet pins the MAC before b joins; a's LXC-made attach then cannot change it.
    for (const ct of [b, a]) {
      const r = await ct.start(lab.env);
      t.equal(r.exitCode, 0, `${ct.name} starts: ${ct.hookLog()}`);
    }
    for (const p of [pa, pb]) {
      const l = (await ipJson<LinkJson[]>(lab.ns, ['link', 'show', 'dev', p]))[0]!;
      t.equal(l.master, 'br0', `${p} on br0`);
      t.equal(l.mtu, 1400, `${p} has the bridge MTU`);
    }
    const br = (await ipJson<LinkJson[]>(lab.ns, ['link', 'show', 'dev', 'br0']))[0]!;
    t.equal(br.mtu, 1400, 'bridge MTU not lowered');
    t.equal(br.address, brBefore.address, 'bridge MAC unchanged');
    const assign = await lab.runHookFile('/bin/cat', ['/sys/class/net/br0/addr_assign_type']);
    t.equal(assign.stdout.trim(), '3', 'bridge MAC pinned');
    t.equal((await a.attach(['ping', '-c', '2', '-W', '2', '10.0.20.2'])).exitCode, 0, 'a reaches b');
    t.ok(await ping(lab.ns, '10.0.20.1'), 'host reaches a over the bridge');
    for (const ct of [a, b]) t.equal((await ct.stop(lab.env)).exitCode, 0, `${ct.name} stops`);
    t.same(fs.readdirSync(path.join(lab.runDir, 'ct')), [], 'no records left');
    const brAfter = (await ipJson<LinkJson[]>(lab.ns, ['link', 'show', 'dev', 'br0']))[0]!;
    t.equal(brAfter.address, brBefore.address, 'bridge MAC unchanged after the containers left');
  },
);

t.test(
  '--vlan on a Linux bridge: VLAN filtering, pvid untagged (or a clear refusal without kernel support)',
  async (t) => {
    const lab = await bridgeLab(t, 'br1');
    const pv = `vv${lab.tag}`;
    const ct = await lab.container(
      'v',
      lab.vethNet('--bridge br1 --vlan 21', ['lxc.net.0.ipv4.address = 10.0.21.1/24', `lxc.net.0.veth.pair = ${pv}`]),
    );
    const supported =
      (
        await lab.runHookFile('/bin/sh', ['-c', 'test -e /sys/class/net/br1/bridge/vlan_filtering && echo yes'])
      ).stdout.trim() === 'yes';
    const r = await ct.start(lab.env);
    if (!supported) {
      t.not(r.exitCode, 0, 'start refused: this kernel has no bridge VLAN filtering');
      t.match(ct.hookLog(), /bridge "br1" cannot filter VLANs/, 'the LXC log says why');
      return;
    }
    t.equal(r.exitCode, 0, `starts: ${ct.hookLog()}`);
    const vlans = await ipJson<Array<{ ifname: string; vlans: Array<{ vlan: number; flags?: string[] }> }>>(lab.ns, [
      '-d',
      'link',
      'show',
      'dev',
      pv,
    ]);
    t.ok(vlans.length === 1, 'port present');
    const bv = await lab.runHookFile('bridge', ['-j', 'vlan', 'show', 'dev', pv]);
    const entries = JSON.parse(bv.stdout)[0].vlans as Array<{ vlan: number; flags?: string[] }>;
    t.same(
      entries.map((e) => [e.vlan, (e.flags ?? []).sort()]),
      [[21, ['Egress Untagged', 'PVID']]],
      'only VLAN 21, pvid untagged',
    );
  },
);

t.test('--routed: host routes and proxy ARP/NDP on the veth only; stop removes the routes', async (t) => {
  const lab = await bridgeLab(t, 'br2');
  const pr = `vr${lab.tag}`;
  const ct = await lab.container(
    'r',
    lab.vethNet('--routed', [
      `lxc.net.0.veth.pair = ${pr}`,
      'lxc.net.0.ipv4.address = 10.0.22.5/32',
      'lxc.net.0.ipv4.gateway = dev',
      'lxc.net.0.ipv6.address = 2001:db8:22::5/128',
      'lxc.net.0.ipv6.gateway = fe80::1',
    ]),
  );
  const r = await ct.start(lab.env);
  t.equal(r.exitCode, 0, `starts: ${ct.hookLog()}`);
  const routes = await ipJson<RouteJson[]>(lab.ns, ['route', 'show', 'proto', '213']);
  t.same(
    routes.map((x) => [x.dst, x.dev]),
    [['10.0.22.5', pr]],
    'IPv4 host route via the veth, proto 213',
  );
  const routes6 = await ipJson<RouteJson[]>(lab.ns, ['-6', 'route', 'show', 'proto', '213']);
  t.same(
    routes6.map((x) => [x.dst, x.dev]),
    [['2001:db8:22::5', pr]],
    'IPv6 host route via the veth',
  );
  const sys = await lab.runHookFile('/bin/sh', [
    '-c',
    `cat /proc/sys/net/ipv4/conf/${pr}/proxy_arp /proc/sys/net/ipv6/conf/${pr}/proxy_ndp /proc/sys/net/ipv4/conf/br2/proxy_arp`,
  ]);
  t.same(
    sys.stdout.trim().split('\n'),
    ['1', '1', '0'],
    'proxy_arp and proxy_ndp on the veth, not on other interfaces',
  );
  const proxies = await lab.ip(['-6', 'neigh', 'show', 'proxy', 'dev', pr]);
  t.match(proxies.stdout, /fe80::1/, "the container's IPv6 gateway is proxied on the veth");
  t.ok(await ping(lab.ns, '10.0.22.5'), 'host reaches the routed container');
  t.equal((await ct.stop(lab.env)).exitCode, 0, 'stops');
  t.same(await ipJson(lab.ns, ['route', 'show', 'proto', '213']), [], 'routes gone');
  t.same(fs.readdirSync(path.join(lab.runDir, 'ct')), [], 'no records left');
});

t.test(
  '--routed --announce anycast: the IPv4 route in table 212 behind its rule, its marker in 214; stop removes both',
  async (t) => {
    const lab = await bridgeLab(t, 'br4');
    const pr = `va${lab.tag}`;
    const ct = await lab.container(
      'a',
      lab.vethNet('--routed --announce anycast', [
        `lxc.net.0.veth.pair = ${pr}`,
        'lxc.net.0.ipv4.address = 10.0.24.5/32',
        'lxc.net.0.ipv4.gateway = dev',
      ]),
    );
    t.equal((await ct.start(lab.env)).exitCode, 0, `starts: ${ct.hookLog()}`);
    const show = async (table: string) =>
      (await ipJson<RouteJson[]>(lab.ns, ['route', 'show', 'table', table, 'proto', '213'])).map(
        (x) => `${x.dst} ${x.dev} ${x.metric ?? 0}`,
      );
    t.same(await show('212'), [`10.0.24.5 ${pr} 300`], 'in table 212, with the anycast metric');
    t.same(await show('214'), ['10.0.24.5 undefined 300'], 'its class marker in table 214');
    t.same(await show('main'), [], 'not in main');
    const rules = await ipJson<Array<{ priority: number; table: string }>>(lab.ns, ['rule', 'show']);
    t.same(
      rules.filter((x) => x.table === '212').map((x) => x.priority),
      [32765],
      "table 212's rule, just before main",
    );
    t.ok(await ping(lab.ns, '10.0.24.5'), 'host reaches the container through the rule');
    t.equal((await ct.stop(lab.env)).exitCode, 0, 'stops');
    t.same(await show('all'), [], 'route gone');
  },
);

t.test('macvlan and empty sections: defined no-op, the container starts', async (t) => {
  const lab = await bridgeLab(t, 'br3');
  const ct = await lab.container('m', [
    'lxc.net.0.type = macvlan',
    'lxc.net.0.link = br3',
    'lxc.net.0.flags = up',
    'lxc.net.0.macvlan.mode = bridge',
    `lxc.net.0.script.up = ${lab.hookLine('--bridge br3')}`,
    `lxc.net.0.script.down = ${lab.hookLine('--bridge br3')}`,
    'lxc.net.1.type = empty',
    `lxc.net.1.script.up = ${lab.hookLine()}`,
    `lxc.net.1.script.down = ${lab.hookLine()}`,
  ]);
  const r = await ct.start(lab.env);
  t.equal(r.exitCode, 0, `starts: ${ct.hookLog()}`);
  t.equal(await ct.state(), 'RUNNING');
  t.equal((await ct.stop(lab.env)).exitCode, 0, 'stops');
  const direct = await lab.runHook(['cx', 'net', 'up', 'phys', 'eth9'], { LXC_NAME: 'cx' });
  t.equal(direct.exitCode, 0, `phys: exit 0 (${direct.stderr.trim()})`);
  t.match(direct.stderr, /type phys: nothing for ctnet to do/);
});
