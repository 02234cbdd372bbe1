/**
 * The anti-spoofing filter on real LXC containers on a Linux bridge: a container with a fixed
 * lxc.net.0.hwaddr cannot send from a foreign address or a foreign MAC (counted by its chain),
 * its legitimate traffic flows, and stop removes the chain; on a routed veth the chain is the
 * reverse-path check; `--filter off` puts no chain in. On a userspace Open vSwitch bridge the
 * port's OpenFlow guard flows stop the spoof (OVS reads the veth before the chain sees it).
 */
import t, { type Test } from 'tap';
import { LxcLab } from '../lab/lxc-lab.js';
import { ping } from '../lab/netns.js';
import { guardCounters, hasGuard } from '../lab/attack-frames.js';
import { guardFinalDrops, guardFlowsOf } from '../lab/guard-flows.js';

async function bridgeLab(t: Test): Promise<LxcLab> {
  const lab = await LxcLab.create();
  t.teardown(() => lab.cleanup());
  await lab.ip(['link', 'add', 'br0', 'type', 'bridge']);
  await lab.ip(['link', 'set', 'dev', 'br0', 'up']);
  await lab.ip(['addr', 'add', '10.0.30.254/24', 'dev', 'br0']);
  return lab;
}

const lines = (lab: LxcLab, pair: string, opts: string, hook1: boolean): string[] =>
  lab.vethNet(opts, [
    'lxc.net.0.ipv4.address = 10.0.30.1/24',
    'lxc.net.0.hwaddr = 02:00:00:00:30:01',
    'lxc.net.0.link = br0',
    `lxc.net.0.veth.pair = ${pair}`,
    ...(hook1 ? ['lxc.hook.version = 1'] : []),
  ]);

for (const hook1 of [false, true]) {
  t.test(
    `filtered (hook.version ${hook1 ? 1 : 0}): spoofed source and MAC dropped and counted; stop removes the chain`,
    async (t) => {
      const lab = await bridgeLab(t);
      const pair = `vf${lab.tag}`;
      const a = await lab.container('f', lines(lab, pair, '', hook1));
      t.equal((await a.start(lab.env)).exitCode, 0, `starts: ${a.hookLog()}`);
      t.ok(await hasGuard(lab.ns, pair), 'the veth has its chain');
      t.equal(
        (await a.attach(['ping', '-c', '2', '-W', '2', '10.0.30.254'])).exitCode,
        0,
        'the container reaches the host',
      );
      t.ok(await ping(lab.ns, '10.0.30.1'), 'the host reaches the container');
      await a.attach(['ip', 'addr', 'add', '10.0.30.99/24', 'dev', 'eth0']);
      const before = await guardCounters(lab.ns, pair);
      t.not(
        (await a.attach(['ping', '-c', '2', '-W', '1', '-I', '10.0.30.99', '10.0.30.254'])).exitCode,
        0,
        'a spoofed source gets no answer',
      );
      const mid = await guardCounters(lab.ns, pair);
      t.ok(
        mid['arp sender ip']! + mid['ipv4 source']! > before['arp sender ip']! + before['ipv4 source']!,
        'counted by its chain',
      );
      await a.attach(['ip', 'link', 'set', 'dev', 'eth0', 'address', '02:00:00:00:30:99']);
      t.not(
        (await a.attach(['ping', '-c', '2', '-W', '1', '10.0.30.254'])).exitCode,
        0,
        'a foreign MAC gets no answer',
      );
      t.ok((await guardCounters(lab.ns, pair))['source mac']! > mid['source mac']!, 'counted by "source mac"');
      t.equal((await a.stop(lab.env)).exitCode, 0, 'stops');
      t.notOk(await hasGuard(lab.ns, pair), 'stop removed the chain');
    },
  );
}

t.test('--filter off: no chain, the spoof passes', async (t) => {
  const lab = await bridgeLab(t);
  const pair = `vo${lab.tag}`;
  const a = await lab.container('o', lines(lab, pair, '--filter off', false));
  t.equal((await a.start(lab.env)).exitCode, 0, `starts: ${a.hookLog()}`);
  t.notOk(await hasGuard(lab.ns, pair), 'no chain');
  await a.attach(['ip', 'addr', 'add', '10.0.30.99/24', 'dev', 'eth0']);
  t.equal(
    (await a.attach(['ping', '-c', '2', '-W', '2', '-I', '10.0.30.99', '10.0.30.254'])).exitCode,
    0,
    'the spoofed source is answered without the filter',
  );
  t.equal((await a.stop(lab.env)).exitCode, 0, 'stops');
});

t.test(
  '--routed: a foreign source is dropped at the veth (the reverse-path check); legitimate traffic is routed',
  async (t) => {
    const lab = await bridgeLab(t); // the host's own address (10.0.30.254) is on br0
    const pr = `vr${lab.tag}`;
    const ct = await lab.container(
      'r',
      lab.vethNet('--routed', [
        `lxc.net.0.veth.pair = ${pr}`,
        'lxc.net.0.hwaddr = 02:00:00:00:31:05',
        'lxc.net.0.ipv4.address = 10.0.31.5/32',
        'lxc.net.0.ipv4.gateway = dev',
      ]),
    );
    t.equal((await ct.start(lab.env)).exitCode, 0, `starts: ${ct.hookLog()}`);
    t.ok(await hasGuard(lab.ns, pr), 'the routed veth has its chain');
    t.ok(await ping(lab.ns, '10.0.31.5'), 'the host reaches the routed container');
    t.equal(
      (await ct.attach(['ping', '-c', '2', '-W', '2', '10.0.30.254'])).exitCode,
      0,
      'the container reaches the host through its veth',
    );
    await ct.attach(['ip', 'addr', 'add', '10.0.31.99/32', 'dev', 'eth0']);
    const before = await guardCounters(lab.ns, pr);
    t.not(
      (await ct.attach(['ping', '-c', '2', '-W', '1', '-I', '10.0.31.99', '10.0.30.254'])).exitCode,
      0,
      'a foreign source gets no answer',
    );
    t.ok(
      (await guardCounters(lab.ns, pr))['ipv4 source']! > before['ipv4 source']!,
      'a foreign source is counted by "ipv4 source"',
    );
    t.equal((await ct.stop(lab.env)).exitCode, 0, 'stops');
    t.notOk(await hasGuard(lab.ns, pr), 'stop removed the chain');
  },
);

t.test(
  'Open vSwitch (userspace datapath): the OpenFlow guard stops a spoofed source and MAC; stop removes the flows',
  async (t) => {
    const lab = await LxcLab.create({ ovs: true });
    t.teardown(() => lab.cleanup());
    const ovs = lab.ovs!;
    await ovs.addBridge('sw0');
    await lab.ip(['link', 'set', 'dev', 'sw0', 'up']);
    await lab.ip(['addr', 'add', '10.0.30.254/24', 'dev', 'sw0']);
    const pair = `vo${lab.tag}`;
    const a = await lab.container(
      'o',
      lines(lab, pair, '--bridge sw0', false).map((l) => l.replace('lxc.net.0.link = br0', 'lxc.net.0.link = sw0')),
    );
    t.equal((await a.start(lab.env)).exitCode, 0, `starts: ${a.hookLog()}`);
    t.ok(await hasGuard(lab.ns, pair), 'the veth has its chain');
    t.ok((await guardFlowsOf(ovs, 'sw0', pair)).length > 0, 'and its OpenFlow guard flows');
    t.equal(
      (await a.attach(['ping', '-c', '2', '-W', '2', '10.0.30.254'])).exitCode,
      0,
      'the container reaches the host through OVS',
    );
    await a.attach(['ip', 'addr', 'add', '10.0.30.99/24', 'dev', 'eth0']);
    await lab.ip(['neigh', 'flush', 'dev', 'sw0']);
    const before = await guardFinalDrops(ovs, 'sw0', pair);
    t.not(
      (await a.attach(['ping', '-c', '2', '-W', '1', '-I', '10.0.30.99', '10.0.30.254'])).exitCode,
      0,
      'a spoofed source gets no answer',
    );
    const mid = await guardFinalDrops(ovs, 'sw0', pair);
    t.ok(mid > before, "dropped by the port's final OpenFlow drop");
    await a.attach(['ip', 'link', 'set', 'dev', 'eth0', 'address', '02:00:00:00:30:99']);
    t.not((await a.attach(['ping', '-c', '2', '-W', '1', '10.0.30.254'])).exitCode, 0, 'a foreign MAC gets no answer');
    t.ok((await guardFinalDrops(ovs, 'sw0', pair)) > mid, 'dropped by OpenFlow too');
    t.equal((await a.stop(lab.env)).exitCode, 0, 'stops');
    t.notOk(await hasGuard(lab.ns, pair), 'stop removed the chain');
    t.same(await guardFlowsOf(ovs, 'sw0', pair), [], 'stop removed the OpenFlow guard flows');
  },
);
