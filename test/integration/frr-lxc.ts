/**
 * A real LXC container on a routed veth (ctnet-lxc --routed, the BUILT hook run by LXC)
 * announced into OSPF by real FRR: the LXC host and an upstream router R, each running zebra +
 * ospfd + ospf6d with the frr.conf the BUILT `ctnet render frr --ipv6` wrote. Proves the
 * container's IPv4 /32 (OSPFv2) and IPv6 /128 (OSPFv3) reach R when LXC starts it, R reaches
 * the container over both, and both are withdrawn when LXC stops it.
 */
import t from 'tap';
import { run } from '../../lib/doors/exec.js';
import { LxcLab } from '../lab/lxc-lab.js';
import { FrrInstance, waitFor } from '../lab/frr.js';
import { CTNET } from '../lab/ospf-lab.js';
import { addNetns, delNetns, ipBatch, ipJson, ping, type RouteJson } from '../lab/netns.js';

const [V4, V6] = ['203.0.113.41', '2001:db8:113::41'];

t.test('LXC routed container announced over OSPFv2 and OSPFv3 by real FRR', async (t) => {
  const lab = await LxcLab.create();
  const rNs = `ctnet-rl-${lab.tag}`;
  const frr: FrrInstance[] = [];
  t.teardown(async () => {
    for (const f of frr) await f.stop();
    await lab.cleanup();
    await delNetns(rNs);
  });
  await addNetns(rNs);
  const rPort = `r0${lab.tag}`;
  await run('ip', ['-n', lab.ns, 'link', 'add', 'up0', 'type', 'veth', 'peer', 'name', rPort, 'netns', rNs]);
  await ipBatch(lab.ns, ['addr add 10.78.0.2/24 dev up0', 'addr add fd78::2/64 dev up0 nodad', 'link set dev up0 up']);
  await ipBatch(rNs, [
    `addr add 10.78.0.1/24 dev ${rPort}`,
    `addr add fd78::1/64 dev ${rPort} nodad`,
    `link set dev ${rPort} up`,
  ]);

  for (const [name, ns, ospfIf] of [
    ['h', lab.ns, 'up0'],
    ['r', rNs, rPort],
  ] as const) {
    const f = new FrrInstance(`ctnet-${name}-${lab.tag}`, ns);
    frr.push(f);
    await f.prepare();
    await run('ip', [
      'netns',
      'exec',
      ns,
      CTNET,
      'render',
      'frr',
      '--hostname',
      name,
      '--no-vz',
      '--ipv6',
      '--pool',
      '203.0.113.0/24',
      '--pool',
      '2001:db8:113::/64',
      '--ospf-if',
      ospfIf,
      '--output',
      f.confFile,
    ]);
    await f.start();
  }
  const r = frr[1]!;
  await waitFor(
    async () =>
      /Full\//.test(await r.vtysh('show ip ospf neighbor')) &&
      / Full\//.test(await r.vtysh('show ipv6 ospf6 neighbor')),
    30_000,
    'R adjacent to the LXC host over OSPFv2 and OSPFv3',
  );

  const pair = `vl${lab.tag}`;
  const ct = await lab.container('o', [
    'lxc.net.0.type = veth',
    'lxc.net.0.flags = up',
    'lxc.net.0.name = eth0',
    `lxc.net.0.veth.pair = ${pair}`,
    `lxc.net.0.ipv4.address = ${V4}/32`,
    'lxc.net.0.ipv4.gateway = dev',
    `lxc.net.0.ipv6.address = ${V6}/128`,
    'lxc.net.0.ipv6.gateway = fe80::1',
    `lxc.net.0.script.up = ${lab.hookLine('--routed')}`,
    `lxc.net.0.script.down = ${lab.hookLine('--routed')}`,
  ]);
  const started = await ct.start(lab.env);
  t.equal(started.exitCode, 0, `starts: ${ct.hookLog()}`);

  const learned = async (family: '-4' | '-6'): Promise<string[]> =>
    (await ipJson<RouteJson[]>(rNs, [family, 'route', 'show', 'proto', 'ospf'])).map((x) => x.dst).sort();
  const t0 = performance.now();
  await waitFor(
    async () => (await learned('-4')).includes(V4) && (await learned('-6')).includes(V6),
    30_000,
    'R learns both container addresses',
  );
  t.comment(`announced within ${(performance.now() - t0).toFixed(0)} ms of lxc-start returning`);
  t.same(await learned('-4'), [V4], "R learned the container's IPv4 address and nothing else of the host over OSPFv2");
  t.same(await learned('-6'), [V6], "and its IPv6 address over OSPFv3 (the host's fd78::/64 is not announced)");
  const via = (await ipJson<RouteJson[]>(rNs, ['route', 'show', `${V4}/32`]))[0];
  t.equal(via?.gateway, '10.78.0.2', 'via the LXC host');
  t.ok(await ping(rNs, V4), 'R reaches the container over IPv4');
  // LXC adds the container's IPv6 address with duplicate address detection: it answers only
  // once DAD is done (~1 s), which can be after OSPFv3 has already announced it.
  await waitFor(() => ping(rNs, V6, 1), 10_000, `R reaches ${V6}`);
  t.pass('R reaches the container over IPv6');

  t.equal((await ct.stop(lab.env)).exitCode, 0, 'stops');
  await waitFor(
    async () => (await learned('-4')).length === 0 && (await learned('-6')).length === 0,
    20_000,
    'R withdraws both addresses',
  );
  t.pass('both addresses withdrawn after lxc-stop (the down hook removed the host routes)');
});
