/**
 * The duplicate-address probe (issue 15 point 3) on a real kernel: a routed CT with
 * VETH_PROXY_DEV whose address (inside a declared pool) is already alive on the uplink's LAN
 * is refused, IPv4 (arping -D) and IPv6 (ndisc6), naming the answering MAC, and nothing is
 * applied or claimed; a free address comes up, twice; CTNET_DAD=off and host-wide dad = off
 * skip the probe; a missing probe tool is a note, not a refusal.
 */
import t, { type Test } from 'tap';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { VzLab } from '../lab/vz-lab.js';
import { ipBatch, ipJson, sh, waitLinkLocal, type LinkJson, type RouteJson } from '../lab/netns.js';

const POOLS = '[isolation]\npool = 192.168.1.192/26\npool = 2001:db8:1::100/120\n';
const conf = (addrs: string, extra = '') =>
  `NETIF="ifname=eth0,host_ifname=veth101.0"\nVETH_IP_ADDRESS="${addrs}"\nVETH_PROXY_DEV="up0"\n${extra}`;

async function dadLab(t: Test): Promise<{ lab: VzLab; lanMac: string }> {
  const lab = await VzLab.create({ bridge: null });
  t.teardown(() => lab.cleanup());
  const lan = await lab.addNs('lan');
  await sh('ip', ['-n', lab.hn, 'link', 'add', 'up0', 'type', 'veth', 'peer', 'name', 'lan0', 'netns', lan]);
  await ipBatch(lab.hn, [
    'addr add 192.168.1.10/24 dev up0',
    'addr add 2001:db8:1::10/64 dev up0 nodad',
    'link set dev up0 up',
  ]);
  // A LAN host already using addresses of the pool (a misconfiguration the probe must catch).
  await ipBatch(lan, [
    'addr add 192.168.1.1/24 dev lan0',
    'addr add 192.168.1.200/24 dev lan0',
    'addr add 2001:db8:1::1/64 dev lan0 nodad',
    'addr add 2001:db8:1::1c8/64 dev lan0 nodad',
    'link set dev lan0 up',
  ]);
  // The uplink's link-local address must be usable before ndisc6 can send from it.
  await waitLinkLocal(lab.hn, 'up0');
  lab.writeHostConf(POOLS);
  await lab.addCt('101');
  const lanMac = (await ipJson<LinkJson[]>(lan, ['link', 'show', 'dev', 'lan0']))[0]!.address;
  return { lab, lanMac };
}

async function nothingApplied(t: Test, lab: VzLab, what: string): Promise<void> {
  t.same(await ipJson<RouteJson[]>(lab.hn, ['route', 'show', 'proto', '213']), [], `${what}: no route`);
  t.same(await ipJson(lab.hn, ['neigh', 'show', 'proxy']), [], `${what}: no proxy entry`);
  t.equal(lab.record('101'), undefined, `${what}: no record`);
  const dir = path.join(lab.runDir, 'addr');
  t.same(fs.existsSync(dir) ? fs.readdirSync(dir) : [], [], `${what}: no claim left`);
}

t.test('an address alive on the LAN is refused, IPv4 and IPv6; a free one comes up twice', async (t) => {
  const { lab, lanMac } = await dadLab(t);
  for (const [addrs, addr] of [
    ['192.168.1.201/32 192.168.1.200/32', '192\\.168\\.1\\.200'],
    ['192.168.1.201/32 2001:db8:1::1c8/128', '2001:db8:1::1c8'],
  ] as const) {
    lab.writeCtConf('101', conf(addrs));
    const started = Date.now();
    const r = await lab.vznet('101', 'veth101.0');
    t.not(r.exitCode, 0, `${addrs}: refused`);
    t.match(
      r.stderr,
      new RegExp(
        `^\\S+: error: CT 101: /etc/vz/conf/101\\.conf:2: VETH_IP_ADDRESS: "${addr}" is already in use on the LAN of up0 \\(answered the duplicate-address probe${addr.includes(':') ? ` from ${lanMac}` : ''}\\); to skip the probe: CTNET_DAD=off`,
        'm',
      ),
      `${addrs}: one line naming the address, the key and the LAN`,
    );
    t.ok(Date.now() - started < 10_000, `${addrs}: bounded wait (${Date.now() - started} ms)`);
    await nothingApplied(t, lab, addrs);
  }
  lab.writeCtConf('101', conf('192.168.1.201/32 2001:db8:1::1c9/128'));
  for (const round of [1, 2]) {
    const r = await lab.vznet('101', 'veth101.0');
    t.equal(r.exitCode, 0, `free addresses, up #${round}: ${r.stderr}`);
  }
  t.same(
    (await ipJson<Array<{ dst: string }>>(lab.hn, ['neigh', 'show', 'proxy', 'dev', 'up0'])).map((n) => n.dst).sort(),
    ['192.168.1.201', '2001:db8:1::1c9'],
  );
});

t.test('CTNET_DAD=off and host-wide dad = off skip the probe; a bad value is refused', async (t) => {
  const { lab } = await dadLab(t);
  lab.writeCtConf('101', conf('192.168.1.200/32', 'CTNET_DAD="maybe"\n'));
  const bad = await lab.vznet('101', 'veth101.0');
  t.match(bad.stderr, /\/etc\/vz\/conf\/101\.conf:4: CTNET_DAD: "maybe" is not on or off/);
  await nothingApplied(t, lab, 'bad CTNET_DAD');
  lab.writeCtConf('101', conf('192.168.1.200/32', 'CTNET_DAD="off"\n'));
  t.equal((await lab.vznet('101', 'veth101.0')).exitCode, 0, 'CTNET_DAD=off: no probe, up');
  t.equal((await lab.umount('101')).exitCode, 0);
  lab.writeHostConf(`${POOLS}dad = off\n`);
  lab.writeCtConf('101', conf('192.168.1.200/32'));
  t.equal((await lab.vznet('101', 'veth101.0')).exitCode, 0, 'dad = off in host.conf: no probe, up');
  t.equal((await lab.umount('101')).exitCode, 0);
  lab.writeCtConf('101', conf('192.168.1.200/32', 'CTNET_DAD="on"\n'));
  t.not((await lab.vznet('101', 'veth101.0')).exitCode, 0, "CTNET_DAD=on wins over the host's off");
});

t.test('a missing probe tool is a note, not a refusal', async (t) => {
  const { lab } = await dadLab(t);
  const bin = path.join(lab.dir, 'bin-no-arping');
  fs.mkdirSync(bin);
  for (const [name, target] of [
    ['ip', '/usr/sbin/ip'],
    ['bash', '/bin/bash'],
    ['sh', '/bin/sh'],
    ['nft', '/usr/sbin/nft'],
    ['node', process.execPath],
  ] as const)
    fs.symlinkSync(target, path.join(bin, name));
  lab.writeCtConf('101', conf('192.168.1.201/32'));
  const r = await lab.vznet('101', 'veth101.0', [], { PATH: bin });
  t.equal(r.exitCode, 0, `up: ${r.stderr}`);
  t.match(
    r.stderr,
    /CT 101: note: duplicate-address probe of 192\.168\.1\.201 on up0 not done: cannot run "arping": not found/,
  );
});
