/**
 * ctnet-lxc invoked exactly as older LXC runs it (CONTRACTS.md): LXC 1.x/2.x argv
 * `<name> net up|down veth <host veth>` (no link) with lxc.network.* config keys, and LXC
 * 3.0.0's hook.version 1 without LXC_NET_PEER; on a Linux bridge and on OVS; down after the
 * veth is already gone; down without a record; dry-run; a bad config value.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import t, { type Test } from 'tap';
import { LxcLab, HOOK_LXC } from '../lab/lxc-lab.js';
import { ipJson, type LinkJson } from '../lab/netns.js';
import { guardFlowsOf } from '../lab/guard-flows.js';

async function lab(t: Test): Promise<LxcLab> {
  const l = await LxcLab.create({ ovs: true });
  t.teardown(() => l.cleanup());
  await l.ovs!.addBridge('sw0');
  await l.ip(['link', 'add', 'brL', 'type', 'bridge']);
  await l.ip(['link', 'set', 'dev', 'brL', 'mtu', '1450', 'up']);
  return l;
}

function legacyConfig(l: LxcLab, ovsPair: string, ipv4 = '10.0.30.5/24 10.0.30.255'): string {
  const file = path.join(l.dir, 'old1.config');
  fs.writeFileSync(
    file,
    `# LXC 2.0 style
lxc.utsname = old1
lxc.network.type = veth
lxc.network.link = brL
lxc.network.flags = up
lxc.network.ipv4 = ${ipv4}
lxc.network.script.up = ${HOOK_LXC}
lxc.network.script.down = ${HOOK_LXC}
lxc.network.type = veth
lxc.network.link = sw0
lxc.network.veth.pair = ${ovsPair}
lxc.network.script.up = ${HOOK_LXC} --vlan 30
lxc.network.script.down = ${HOOK_LXC} --vlan 30
`,
  );
  return file;
}

const legacyEnv = (file: string) => ({
  LXC_NAME: 'old1',
  LXC_CONFIG_FILE: file,
  LXC_ROOTFS_PATH: '/var/lib/lxc/old1/rootfs',
  LXC_ROOTFS_MOUNT: '/usr/lib/lxc/rootfs',
});

t.test(
  'LXC 1.x/2.x argv + lxc.network.*: Linux bridge (already attached) and OVS; down after the veth is gone',
  async (t) => {
    const l = await lab(t);
    const pl = `vl${l.tag}`;
    const po = `vo${l.tag}`;
    const file = legacyConfig(l, po);
    await l.ip(['link', 'add', pl, 'type', 'veth', 'peer', 'name', `${pl}p`]);
    await l.ip(['link', 'set', 'dev', pl, 'master', 'brL']); // LXC 1.x attaches before the up script
    await l.ip(['link', 'add', po, 'type', 'veth', 'peer', 'name', `${po}p`]);

    const up1 = await l.runHook(['old1', 'net', 'up', 'veth', pl], legacyEnv(file));
    t.equal(up1.exitCode, 0, `Linux bridge up: ${up1.stderr}`);
    const link = (await ipJson<LinkJson[]>(l.ns, ['link', 'show', 'dev', pl]))[0]!;
    t.equal(link.master, 'brL', "on the section's link");
    t.equal(link.mtu, 1450, 'bridge MTU');
    t.ok(link.flags.includes('UP'), 'up');

    const up2 = await l.runHook(['--vlan', '30', 'old1', 'net', 'up', 'veth', po], legacyEnv(file));
    t.equal(up2.exitCode, 0, `OVS up: ${up2.stderr}`);
    t.equal(await l.ovs!.get('port', po, 'tag'), '30', 'section found by veth.pair: OVS port on sw0, tag 30');
    t.equal(await l.ovs!.get('port', po, 'external_ids:ctnet-owner'), '"lxc:old1"');

    await l.ip(['link', 'del', po]); // older LXC: the veth is gone when the down script runs
    for (const round of [1, 2]) {
      const down = await l.runHook(['--vlan', '30', 'old1', 'net', 'down', 'veth', po], legacyEnv(file));
      t.equal(down.exitCode, 0, `down #${round}: ${down.stderr}`);
    }
    t.notOk(await l.ovs!.portExists(po), 'port removed');
    const downL = await l.runHook(['old1', 'net', 'down', 'veth', pl], legacyEnv(file));
    t.equal(downL.exitCode, 0, `Linux bridge down: ${downL.stderr}`);
  },
);

t.test('LXC 3.0.0 hook.version 1 without LXC_NET_PEER: the device is the last argument', async (t) => {
  const l = await lab(t);
  const p = `v3${l.tag}`;
  await l.ip(['link', 'add', p, 'type', 'veth', 'peer', 'name', `${p}p`]);
  const file = path.join(l.dir, 'c3.config');
  fs.writeFileSync(file, `lxc.net.0.type = veth\nlxc.net.0.link = sw0\nlxc.net.0.name = eth1\nlxc.hook.version = 1\n`);
  const env = {
    LXC_NAME: 'c3',
    LXC_CONFIG_FILE: file,
    LXC_HOOK_VERSION: '1',
    LXC_HOOK_TYPE: 'up',
    LXC_HOOK_SECTION: 'net',
    LXC_NET_TYPE: 'veth',
    LXC_NET_PARENT: 'sw0',
  };
  const dry = await l.runHook(['veth', 'sw0', p], { ...env, CTNET_DRY_RUN: '1' });
  t.equal(dry.exitCode, 0, dry.stderr);
  t.match(
    dry.stdout,
    new RegExp(`ovs-vsctl --if-exists del-port ${p} -- add-port sw0 ${p} `),
    'dry-run prints the transaction',
  );
  t.notOk(await l.ovs!.portExists(p), 'dry-run changed nothing');
  for (const round of [1, 2]) {
    const up = await l.runHook(['veth', 'sw0', p], env);
    t.equal(up.exitCode, 0, `up #${round}: ${up.stderr}`);
  }
  t.equal((await l.ovs!.vsctl(['list-ports', 'sw0'])).stdout.trim(), p, 'up twice = one port');
  t.equal(await l.ovs!.get('port', p, 'external_ids:ctnet-ifname'), 'eth1', 'port made, ifname from lxc.net.0.name');
  t.ok((await guardFlowsOf(l.ovs!, 'sw0', p)).length > 0, "the port has its filter's OpenFlow flows");
  fs.rmSync(path.join(l.runDir, 'ct'), { recursive: true, force: true }); // state lost (e.g. /run wiped)
  const down = await l.runHook(['veth', 'sw0', p], { ...env, LXC_HOOK_TYPE: 'down' });
  t.equal(down.exitCode, 0, down.stderr);
  t.notOk(await l.ovs!.portExists(p), 'down without a record still removes the owned port');
  t.same(
    await guardFlowsOf(l.ovs!, 'sw0', p),
    [],
    "and its filter's OpenFlow flows (the bridge comes from the config)",
  );
});

t.test('a bad value in the config: one line naming file, line, key; nothing applied', async (t) => {
  const l = await lab(t);
  const pl = `vx${l.tag}`;
  const file = legacyConfig(l, `vy${l.tag}`, '10.0.30.300/24');
  await l.ip(['link', 'add', pl, 'type', 'veth', 'peer', 'name', `${pl}p`]);
  const r = await l.runHook(['old1', 'net', 'up', 'veth', pl], legacyEnv(file));
  t.equal(r.exitCode, 1);
  t.equal(r.stderr.trim(), `ctnet: error: ${file}:6: lxc.network.ipv4: "10.0.30.300/24" is not an IPv4/IPv6 address`);
  const link = (await ipJson<LinkJson[]>(l.ns, ['link', 'show', 'dev', pl]))[0]!;
  t.equal(link.master, undefined, 'not attached');
});

t.test(
  'a crashed start whose down never ran: the next up removes the leftover port of the vanished veth',
  async (t) => {
    const l = await lab(t);
    const file = path.join(l.dir, 'c4.config');
    fs.writeFileSync(file, 'lxc.net.0.type = veth\nlxc.net.0.link = sw0\n');
    const env = { LXC_NAME: 'c4', LXC_CONFIG_FILE: file };
    const [a, b] = [`ka${l.tag}`, `kb${l.tag}`];
    for (const p of [a, b]) await l.ip(['link', 'add', p, 'type', 'veth', 'peer', 'name', `${p}p`]);
    const first = await l.runHook(['c4', 'net', 'up', 'veth', 'sw0', a], env);
    t.equal(first.exitCode, 0, `first start up: ${first.stderr}`);
    await l.ip(['link', 'del', a]); // the container died; LXC never ran the down script
    t.ok(await l.ovs!.portExists(a), 'its port record is left over');
    const r = await l.runHook(['c4', 'net', 'up', 'veth', 'sw0', b], env);
    t.equal(r.exitCode, 0, r.stderr);
    t.notOk(await l.ovs!.portExists(a), 'the leftover port of the vanished veth is gone');
    t.ok(await l.ovs!.portExists(b), 'the new port is there');
  },
);
