/**
 * 100 LXC veths brought up at once on one Open vSwitch bridge (100 ctnet-lxc processes in
 * parallel, invoked with LXC's hook.version 0 argv; no containers are needed to stress the
 * hook), then down at once: every hook exits 0, every port is on the bridge with its VLAN
 * tag and owner, and afterwards no port, record or lock is left.
 */
import t from 'tap';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { LxcLab } from '../lab/lxc-lab.js';
import { sh } from '../lab/netns.js';

const N = 100;

t.test(`${N} ctnet-lxc ups at once and downs at once on one OVS bridge`, async (t) => {
  const lab = await LxcLab.create({ ovs: true });
  t.teardown(() => lab.cleanup());
  const ovs = lab.ovs!;
  await ovs.addBridge('sw0');
  await lab.ip(['link', 'set', 'dev', 'sw0', 'up']);
  const devs = Array.from({ length: N }, (_, i) => `vc${lab.tag}${i}`.slice(0, 15));
  t.equal(new Set(devs).size, N, 'unique veth names');
  await sh('ip', ['-n', lab.ns, '-batch', '-'], {
    input: devs
      .map((d, i) =>
        `link add ${d} type veth peer name cp${i}x${lab.tag}\n`.replace(/peer name (\S{15})\S*/, 'peer name $1'),
      )
      .join(''),
  });
  const name = (i: number) => `c${lab.tag}-${i}`;
  const hook = (phase: 'up' | 'down', i: number) =>
    lab.runHook(['--bridge', 'sw0', '--vlan', String(10 + (i % 5)), name(i), 'net', phase, 'veth', 'sw0', devs[i]!], {
      LXC_NAME: name(i),
    });

  const ups = await Promise.all(devs.map((_, i) => hook('up', i)));
  t.same(
    ups.filter((r) => r.exitCode !== 0).map((r) => r.stderr.trim()),
    [],
    `all ${N} ups exit 0`,
  );
  const ports = (await ovs.vsctl(['list-ports', 'sw0'])).stdout.split('\n').filter(Boolean).sort();
  t.same(ports, [...devs].sort(), `${N} ports on sw0`);
  const rows = JSON.parse(
    (await ovs.vsctl(['--format=json', '--columns=name,tag,external_ids', 'list', 'port'])).stdout,
  ) as { data: unknown[][] };
  const byName = new Map(rows.data.map((r) => [r[0] as string, r]));
  const wrong = devs.filter((d, i) => {
    const row = byName.get(d);
    const ids = new Map((row?.[2] as [string, Array<[string, string]>])?.[1] ?? []);
    return row?.[1] !== 10 + (i % 5) || ids.get('ctnet-owner') !== `lxc:${name(i)}`;
  });
  t.same(wrong, [], 'every port has its VLAN tag and its owner');

  const downs = await Promise.all(devs.map((_, i) => hook('down', i)));
  t.same(
    downs.filter((r) => r.exitCode !== 0).map((r) => r.stderr.trim()),
    [],
    `all ${N} downs exit 0`,
  );
  t.same((await ovs.vsctl(['list-ports', 'sw0'])).stdout.trim(), '', 'no port left');
  const leftovers = ['ct', 'locks'].flatMap((d) =>
    fs.existsSync(path.join(lab.runDir, d)) ? fs.readdirSync(path.join(lab.runDir, d)) : [],
  );
  t.same(leftovers, [], 'no record or lock file left');
});
