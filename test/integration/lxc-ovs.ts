/**
 * ctnet-lxc with real LXC 5 containers on a userspace Open vSwitch bridge: hook.version 0 and
 * 1, VLAN-tagged ports carrying the owner, two containers on VLAN 10 reach each other, stop
 * removes the port, a stale port record from a crashed start does not block the next start,
 * the section's link used as the bridge, and a dead ovsdb fails the start fast and clearly.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import t, { type Test } from 'tap';
import { LxcLab } from '../lab/lxc-lab.js';

async function ovsLab(t: Test): Promise<LxcLab> {
  const lab = await LxcLab.create({ ovs: true });
  t.teardown(() => lab.cleanup());
  await lab.ovs!.addBridge('sw0');
  await lab.ip(['link', 'set', 'dev', 'sw0', 'up']);
  return lab;
}

t.test('hook.version 0 and 1 on OVS with VLAN 10: tagged, owned, reachable; stop removes the port', async (t) => {
  const lab = await ovsLab(t);
  const ovs = lab.ovs!;
  const pair = `vp${lab.tag}`;
  const c0 = await lab.container(
    'v0',
    lab.vethNet('--bridge sw0 --vlan 10', ['lxc.net.0.ipv4.address = 10.0.10.1/24', `lxc.net.0.veth.pair = ${pair}`]),
  );
  const c1 = await lab.container(
    'v1',
    lab.vethNet('--bridge sw0 --vlan 10', ['lxc.net.0.ipv4.address = 10.0.10.2/24', 'lxc.hook.version = 1']),
  );
  for (const ct of [c0, c1]) {
    const r = await ct.start(lab.env);
    t.equal(r.exitCode, 0, `${ct.name} starts: ${r.stderr}\n${ct.hookLog()}`);
  }
  const ports = (await ovs.vsctl(['list-ports', 'sw0'])).stdout.split('\n').filter(Boolean);
  t.equal(ports.length, 2, `two ports on sw0: ${ports.join(' ')}`);
  t.ok(ports.includes(pair), 'the veth.pair port of the hook.version 0 container');
  for (const p of ports) {
    t.equal(await ovs.get('port', p, 'tag'), '10', `${p} tagged 10`);
    t.match(
      await ovs.get('port', p, 'external_ids:ctnet-owner'),
      /^"lxc:ctnet-.*-v[01]"$/,
      `${p} owned by its container`,
    );
    t.equal(await ovs.get('port', p, 'external_ids:ctnet-ifname'), 'eth0', `${p} records eth0`);
  }
  const ping = await c0.attach(['ping', '-c', '2', '-W', '2', '10.0.10.2']);
  t.equal(ping.exitCode, 0, `container v0 reaches v1 over VLAN 10: ${ping.stdout}${ping.stderr}`);

  for (const ct of [c0, c1]) t.equal((await ct.stop(lab.env)).exitCode, 0, `${ct.name} stops`);
  t.same((await ovs.vsctl(['list-ports', 'sw0'])).stdout.trim(), '', 'stop removed both ports');
  t.same(fs.readdirSync(path.join(lab.runDir, 'ct')), [], 'no records left');

  const again = await c0.start(lab.env);
  t.equal(again.exitCode, 0, `restart works: ${c0.hookLog()}`);
  t.equal(await ovs.get('port', pair, 'tag'), '10', 'port back after restart');
});

t.test('a stale port record of no owner from a crashed LXC start is refused with a hint, not replaced', async (t) => {
  const lab = await ovsLab(t);
  const ovs = lab.ovs!;
  const pair = `vs${lab.tag}`;
  // LXC's own OVS attach (link = sw0), then an up script that fails: LXC deletes the veth but
  // leaves the port record behind (lxc#1530).
  const ct = await lab.container('st', [
    'lxc.net.0.type = veth',
    'lxc.net.0.link = sw0',
    'lxc.net.0.flags = up',
    `lxc.net.0.veth.pair = ${pair}`,
    'lxc.net.0.script.up = /bin/false',
  ]);
  const crashed = await ct.start(lab.env);
  t.not(crashed.exitCode, 0, 'the start with a failing up script fails');
  t.ok(await ovs.portExists(pair), 'LXC left a stale port record');
  const stock = await ct.start(lab.env);
  t.not(stock.exitCode, 0, 'without ctnet, LXC cannot start again (port exists)');

  ct.setConfig(
    lab.vethNet('--bridge sw0 --vlan 11', ['lxc.net.0.ipv4.address = 10.0.11.1/24', `lxc.net.0.veth.pair = ${pair}`]),
  );
  // The leftover has no ctnet owner: ctnet cannot tell it from an admin's port, so it refuses
  // it and leaves it alone, naming the way out.
  const refused = await ct.start(lab.env);
  t.not(refused.exitCode, 0, 'a port of no owner is not replaced');
  t.match(
    fs.readFileSync(ct.logFile, 'utf8'),
    new RegExp(`Open vSwitch port "${pair}" has no ctnet owner .*: not replacing it.*\\(ovs-vsctl del-port ${pair}\\)`),
  );
  t.ok(await ovs.portExists(pair), 'and left alone');
  await ovs.vsctl(['del-port', pair]);
  const r = await ct.start(lab.env);
  t.equal(r.exitCode, 0, `start with ctnet succeeds once the admin removed it: ${ct.hookLog()}`);
  t.equal(await ovs.get('port', pair, 'tag'), '11', 'port re-created with its tag');
  t.equal(
    await ovs.get('port', pair, 'external_ids:ctnet-owner'),
    `"lxc:${ct.name}"`,
    'and now owned by the container',
  );
  t.equal((await ct.stop(lab.env)).exitCode, 0);
  t.notOk(await ovs.portExists(pair), 'stop removed it');
});

t.test('no --bridge: the section link (OVS) is the bridge; LXC attached it, ctnet tags and owns it', async (t) => {
  const lab = await ovsLab(t);
  const pair = `vl${lab.tag}`;
  const ct = await lab.container(
    'ln',
    lab.vethNet('--vlan 12', [
      'lxc.net.0.ipv4.address = 10.0.12.1/24',
      'lxc.net.0.link = sw0',
      `lxc.net.0.veth.pair = ${pair}`,
    ]),
  );
  const r = await ct.start(lab.env);
  t.equal(r.exitCode, 0, `starts: ${ct.hookLog()}`);
  t.equal(await lab.ovs!.get('port', pair, 'tag'), '12', 'tagged');
  t.equal(await lab.ovs!.get('port', pair, 'external_ids:ctnet-owner'), `"lxc:${ct.name}"`, 'owned');
  t.equal((await ct.stop(lab.env)).exitCode, 0);
  t.notOk(await lab.ovs!.portExists(pair), 'stop removed it');
});

t.test('ovsdb down: the hook fails within seconds with "Open vSwitch is unreachable"; the start fails', async (t) => {
  const lab = await ovsLab(t);
  const pair = `vd${lab.tag}`;
  await lab.ip(['link', 'add', pair, 'type', 'veth', 'peer', 'name', `${pair}p`]);
  await lab.ovs!.stopDb();
  const started = Date.now();
  const r = await lab.runHook(['--bridge', 'sw0', 'cx', 'net', 'up', 'veth', pair], { LXC_NAME: 'cx' });
  const seconds = (Date.now() - started) / 1000;
  t.not(r.exitCode, 0, 'hook fails');
  t.match(r.stderr, /^ctnet: error: .*Open vSwitch is unreachable/m, r.stderr);
  t.ok(seconds < 15, `within seconds (${seconds.toFixed(1)} s)`);
  const ct = await lab.container('dn', lab.vethNet('--bridge sw0', ['lxc.net.0.ipv4.address = 10.0.13.1/24']));
  const s = await ct.start(lab.env);
  t.not(s.exitCode, 0, 'container start fails instead of hanging');
  t.match(ct.hookLog(), /Open vSwitch is unreachable/, 'the reason is in the LXC log');
});

t.test('ovsdb hung (SIGSTOP): the hook gives up after its 5 s timeout instead of hanging', async (t) => {
  const lab = await ovsLab(t);
  const pair = `vh${lab.tag}`;
  await lab.ip(['link', 'add', pair, 'type', 'veth', 'peer', 'name', `${pair}p`]);
  lab.ovs!.signal('ovsdb', 'SIGSTOP');
  t.teardown(() => lab.ovs!.signal('ovsdb', 'SIGCONT'));
  const r = await lab.runHook(['--bridge', 'sw0', 'cx', 'net', 'up', 'veth', pair], { LXC_NAME: 'cx' });
  t.not(r.exitCode, 0, 'hook fails');
  t.match(
    r.stderr,
    /^ctnet: error: Open vSwitch is unreachable: no answer from ovsdb-server \(unix:.*db.sock\) within 5 s/m,
    r.stderr,
  );
  lab.ovs!.signal('ovsdb', 'SIGCONT');
  t.notOk(await lab.ovs!.portExists(pair), 'no port was added');
});
