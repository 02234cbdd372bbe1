/**
 * ctnet-lxc's own OVSDB transactions against a real (userspace) Open vSwitch: a stale record
 * of the same port name on ANOTHER bridge is moved in one transaction (one Port, one
 * Interface left), the owner guard on down (another owner's or an admin's port stays, and the
 * hook says so), up and down on a switch with 500 ports, and neither spawns ovs-vsctl.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import t, { type Test } from 'tap';
import { LxcLab } from '../lab/lxc-lab.js';
import { guardCookieMatch } from '../../lib/plan/guard/render-guard-flows.js';

async function ovsLab(t: Test, bridges = ['sw0']): Promise<LxcLab> {
  const lab = await LxcLab.create({ ovs: true });
  t.teardown(() => lab.cleanup());
  for (const b of bridges) {
    await lab.ovs!.addBridge(b);
    await lab.ip(['link', 'set', 'dev', b, 'up']);
  }
  return lab;
}

/** The commands the hook spawned, from its --verbose log ("ctnet-lxc: + cmd ..."). */
/** The port filter's OpenFlow flows (sw0 is a userspace-datapath bridge). */
const ADD_FLOWS = 'ovs-ofctl --timeout=5 --bundle add-flows sw0 -';
const spawned = (stderr: string): string[] =>
  stderr
    .split('\n')
    .filter((l) => / \+ /.test(l))
    .map((l) => l.replace(/^.*? \+ /, ''));

async function rows(lab: LxcLab, table: string, name: string): Promise<number> {
  const out = (await lab.ovs!.vsctl(['--format=json', '--columns=_uuid', 'find', table, `name=${name}`])).stdout;
  return (JSON.parse(out) as { data: unknown[] }).data.length;
}

t.test(
  "a port of the same name on another bridge moves to ours in one transaction when it is ours; another owner's stays",
  async (t) => {
    const lab = await ovsLab(t, ['sw0', 'sw1']);
    const ovs = lab.ovs!;
    const dev = `vm${lab.tag}`;
    await lab.ip(['link', 'add', dev, 'type', 'veth', 'peer', 'name', `${dev}p`]);
    await ovs.vsctl([
      'add-port',
      'sw1',
      dev,
      'tag=99',
      'external_ids:ctnet-owner="lxc:old"',
      '--',
      'set',
      'interface',
      dev,
      'external_ids:stale=yes',
    ]);
    const foreign = await lab.runHook(['--bridge', 'sw0', '--vlan', '10', 'cm', 'net', 'up', 'veth', dev], {
      LXC_NAME: 'cm',
    });
    t.equal(foreign.exitCode, 1, "another container's port is refused");
    t.match(
      foreign.stderr,
      new RegExp(`^ctnet: error: .*Open vSwitch port "${dev}" belongs to "lxc:old": not replacing it`, 'm'),
    );
    t.equal((await ovs.vsctl(['port-to-br', dev])).stdout.trim(), 'sw1', 'and left where it was');
    t.equal(await ovs.get('port', dev, 'tag'), '99', 'untouched');
    await ovs.vsctl(['set', 'port', dev, 'external_ids:ctnet-owner="lxc:cm"']);
    const r = await lab.runHook(['--verbose', '--bridge', 'sw0', '--vlan', '10', 'cm', 'net', 'up', 'veth', dev], {
      LXC_NAME: 'cm',
    });
    t.equal(r.exitCode, 0, r.stderr);
    t.equal((await ovs.vsctl(['port-to-br', dev])).stdout.trim(), 'sw0', 'its own port is on sw0 now');
    t.same((await ovs.vsctl(['list-ports', 'sw1'])).stdout.trim(), '', 'and no longer on sw1');
    t.equal(await ovs.get('port', dev, 'tag'), '10', 'with its new tag');
    t.equal(await ovs.get('port', dev, 'external_ids:ctnet-owner'), '"lxc:cm"', 'and its owner');
    t.equal(
      await ovs.get('interface', dev, 'external_ids'),
      '{}',
      'a fresh Interface row (the stale one was collected)',
    );
    t.equal(await rows(lab, 'port', dev), 1, 'exactly one Port row of that name');
    t.equal(await rows(lab, 'interface', dev), 1, 'exactly one Interface row of that name');
    t.same(
      spawned(r.stderr),
      [ADD_FLOWS, 'nft -f -', 'ip -batch -'],
      "no ovs-vsctl: only the filter's OpenFlow flows (userspace datapath) and nft, and the one ip -batch",
    );
    const d = await lab.runHook(['--verbose', '--bridge', 'sw0', 'cm', 'net', 'down', 'veth', dev], { LXC_NAME: 'cm' });
    t.equal(d.exitCode, 0, d.stderr);
    t.notOk(await ovs.portExists(dev), 'down removed it');
    t.equal(await rows(lab, 'interface', dev), 0, 'and its Interface row');
    t.same(
      spawned(d.stderr),
      ['nft -f -', `ovs-ofctl --timeout=5 del-flows sw0 ${guardCookieMatch(dev)}`],
      "down spawns only the filter's nft and the removal of its flows",
    );
  },
);

t.test("owner guard on down: another owner's and an admin's port stay, and the hook says why", async (t) => {
  const lab = await ovsLab(t);
  const ovs = lab.ovs!;
  const [mine, theirs, admin] = ['a', 'b', 'c'].map((x) => `vg${x}${lab.tag}`) as [string, string, string];
  await ovs.vsctl(['add-port', 'sw0', theirs, 'external_ids:ctnet-owner="lxc:other"', '--', 'add-port', 'sw0', admin]);
  for (const dev of [mine, theirs, admin]) {
    // No record of an up (state lost): the down removes what the config implies, guarded by owner.
    const r = await lab.runHook(['--bridge', 'sw0', 'cg', 'net', 'down', 'veth', dev], { LXC_NAME: 'cg' });
    t.equal(r.exitCode, 0, `down of ${dev}: ${r.stderr}`);
    if (dev === theirs) t.match(r.stderr, /skipped: the port belongs to "lxc:other", not lxc:cg/);
    if (dev === admin) t.match(r.stderr, /skipped: the port belongs to "someone else", not lxc:cg/);
  }
  t.ok(await ovs.portExists(theirs), "another container's port stays");
  t.ok(await ovs.portExists(admin), 'a port without a ctnet owner stays');
  await ovs.vsctl(['add-port', 'sw0', mine, 'external_ids:ctnet-owner="lxc:cg"']);
  t.equal((await lab.runHook(['--bridge', 'sw0', 'cg', 'net', 'down', 'veth', mine], { LXC_NAME: 'cg' })).exitCode, 0);
  t.notOk(await ovs.portExists(mine), 'its own port is removed');
});

t.test('up and down on a switch with 500 ports', async (t) => {
  const lab = await ovsLab(t);
  const ovs = lab.ovs!;
  const args: string[] = [];
  for (let i = 0; i < 500; i++) args.push('--', 'add-port', 'sw0', `xp${i}`);
  await ovs.vsctl(['--no-wait', ...args]);
  const dev = `vf${lab.tag}`;
  await lab.ip(['link', 'add', dev, 'type', 'veth', 'peer', 'name', `${dev}p`]);
  for (const round of [1, 2]) {
    const r = await lab.runHook(['--verbose', '--bridge', 'sw0', '--vlan', '10', 'cf', 'net', 'up', 'veth', dev], {
      LXC_NAME: 'cf',
    });
    t.equal(r.exitCode, 0, `up #${round}: ${r.stderr}`);
    t.same(spawned(r.stderr), [ADD_FLOWS, 'nft -f -', 'ip -batch -'], `up #${round}: no ovs-vsctl`);
  }
  t.equal(await ovs.get('port', dev, 'tag'), '10', 'tagged');
  t.equal(
    (await ovs.vsctl(['list-ports', 'sw0'])).stdout.split('\n').filter(Boolean).length,
    501,
    'one port added to the 500 (up twice = once)',
  );
  const d = await lab.runHook(['--bridge', 'sw0', 'cf', 'net', 'down', 'veth', dev], { LXC_NAME: 'cf' });
  t.equal(d.exitCode, 0, d.stderr);
  t.notOk(await ovs.portExists(dev), 'removed');
  t.equal(
    (await ovs.vsctl(['list-ports', 'sw0'])).stdout.split('\n').filter(Boolean).length,
    500,
    'the other 500 stay',
  );
});

t.test('a refused transaction is one clear line, and nothing is left', async (t) => {
  const lab = await ovsLab(t);
  const ovs = lab.ovs!;
  const dev = `vr${lab.tag}`;
  await lab.ip(['link', 'add', dev, 'type', 'veth', 'peer', 'name', `${dev}p`]);
  // An Interface named like the veth already exists, inside a bond port of another name.
  await ovs.vsctl(['--no-wait', 'add-bond', 'sw0', `bd${lab.tag}`, dev, `vr2${lab.tag}`]);
  const r = await lab.runHook(['--bridge', 'sw0', 'cr', 'net', 'up', 'veth', dev], { LXC_NAME: 'cr' });
  t.not(r.exitCode, 0, 'the up fails');
  const errors = r.stderr.split('\n').filter((l) => l.startsWith('ctnet: error:'));
  t.equal(errors.length, 1, r.stderr);
  t.match(
    errors[0],
    /ovsdb-server refused adding port "vr.*" to "sw0".*: constraint violation: .*"Interface" table .* index on column "name"/,
  );
  t.notOk(await ovs.portExists(dev), 'no port of that name was added');
  t.equal(await rows(lab, 'interface', dev), 1, "the bond's interface is untouched");
});

t.test('ovs-vswitchd not applying the change: the up fails after its timeout and removes its port', async (t) => {
  const lab = await ovsLab(t);
  const ovs = lab.ovs!;
  const dev = `vw${lab.tag}`;
  await lab.ip(['link', 'add', dev, 'type', 'veth', 'peer', 'name', `${dev}p`]);
  ovs.signal('vswitchd', 'SIGSTOP');
  t.teardown(() => ovs.signal('vswitchd', 'SIGCONT'));
  const r = await lab.runHook(['--bridge', 'sw0', 'cw', 'net', 'up', 'veth', dev], { LXC_NAME: 'cw' });
  ovs.signal('vswitchd', 'SIGCONT');
  t.not(r.exitCode, 0, 'the up fails');
  t.match(
    r.stderr,
    /^ctnet: error: .*Open vSwitch is unreachable: ovs-vswitchd did not apply the change within 5 s; everything this run applied was rolled back/m,
    r.stderr,
  );
  t.notOk(await ovs.portExists(dev), 'the port it had committed was removed again');
});

t.test('a teardown record written by the previous version (ovs-vsctl steps) still removes its port', async (t) => {
  const lab = await ovsLab(t);
  const ovs = lab.ovs!;
  const [dev, other] = [`vo${lab.tag}`, `vx${lab.tag}`];
  await ovs.vsctl([
    'add-port',
    'sw0',
    dev,
    'external_ids:ctnet-owner="lxc:co"',
    '--',
    'add-port',
    'sw0',
    other,
    'external_ids:ctnet-owner="lxc:else"',
  ]);
  const step = (port: string) => ({
    kind: 'ovs',
    what: `remove Open vSwitch port ${port}`,
    commands: [['--no-wait', '--if-exists', 'del-port', port]],
    onlyIfOwner: { port, owner: 'lxc:co' },
  });
  fs.mkdirSync(path.join(lab.runDir, 'ct'), { recursive: true });
  fs.writeFileSync(
    path.join(lab.runDir, 'ct', 'lxc-co.json'),
    JSON.stringify({ version: 1, subject: 'container co', parts: { [dev]: [step(dev)], [other]: [step(other)] } }),
  );
  for (const p of [dev, other]) {
    const r = await lab.runHook(['--bridge', 'sw0', 'co', 'net', 'down', 'veth', p], { LXC_NAME: 'co' });
    t.equal(r.exitCode, 0, r.stderr);
  }
  t.notOk(await ovs.portExists(dev), 'the recorded port is removed');
  t.ok(await ovs.portExists(other), 'the owner guard of the old step still holds');
  t.notOk(fs.existsSync(path.join(lab.runDir, 'ct', 'lxc-co.json')), 'the record is done');
});
