/**
 * Process budget: a hook run spawns a fixed, small number of processes, whatever the number
 * of addresses. Counted two ways on the BUILT hooks in the lab: the --verbose command log
 * (what the hook itself spawns) and strace (every successful execve of every descendant,
 * including what the vzctl stand-in runs).
 */
import t from 'tap';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { HOOK_UMOUNT, HOOK_VZNET, VzLab } from '../lab/vz-lab.js';
import { addBenchCt } from '../../bench/bench-lab.js';
import { vzLabWithOvs } from '../lab/vz-ovs-lab.js';
import { guardCookieMatch } from '../../lib/plan/guard/render-guard-flows.js';

/** The one query of the host's own IPv4 addresses an up of an IPv4 CT makes (lib/observe/host-addresses.ts). */
const HOST_ADDRESSES = 'ip -4 -j addr show scope global';

interface Count {
  direct: string[];
  descendants: number;
}

/** Run a hook under strace -f; the hook's own pid is the one that execs the hook file. */
async function traced(
  lab: VzLab,
  hook: string,
  args: string[],
  env: Record<string, string>,
  tag: string,
): Promise<Count> {
  const out = path.join(lab.dir, `strace-${tag}.txt`);
  const r = await lab.runHook(
    '/usr/bin/strace',
    ['-f', '-qq', '-e', 'trace=execve', '-o', out, hook, '--verbose', ...args],
    env,
  );
  if (r.exitCode !== 0) throw new Error(`${path.basename(hook)} failed: ${r.stderr}`);
  const lines = fs
    .readFileSync(out, 'utf8')
    .split('\n')
    .filter((l) => /execve\(.*\) = 0$/.test(l));
  const hookPid = lines[0]!.split(' ')[0];
  return {
    direct: r.stderr
      .split('\n')
      .filter((l) => / \+ /.test(l))
      .map((l) => l.replace(/^.*? \+ /, '')),
    descendants: lines.filter((l) => l.split(' ')[0] !== hookPid).length,
  };
}

t.test('vznet up and umount spawn the same few processes for 1 and 64 addresses', async (t) => {
  const lab = await VzLab.create();
  t.teardown(() => lab.cleanup());
  const counts: Record<string, { up: Count; down: Count }> = {};
  for (const [slot, size] of [
    [31, 1],
    [32, 64],
  ] as const) {
    const veid = await addBenchCt(lab, slot, size);
    const up = await traced(lab, HOOK_VZNET, ['init', 'veth', `veth${veid}.0`], { VEID: veid }, `up-${size}`);
    const down = await traced(
      lab,
      HOOK_UMOUNT,
      [],
      { VEID: veid, VE_CONFFILE: `/etc/vz/conf/${veid}.conf` },
      `down-${size}`,
    );
    counts[size] = { up, down };
    t.same(
      up.direct,
      [HOST_ADDRESSES, 'nft -f -', 'ip -batch -', `/usr/sbin/vzctl exec ${veid} ip -batch -`],
      `up, ${size} addr: one host address query, one nft (the port filter), one ip -batch, one vzctl exec`,
    );
    t.same(
      down.direct,
      ['ip -force -batch -', 'nft -f -'],
      `umount, ${size} addr: one ip -batch, one nft (the port filter)`,
    );
  }
  t.equal(
    counts[64]!.up.descendants,
    counts[1]!.up.descendants,
    `up: ${counts[1]!.up.descendants} execs in all for 1 and for 64 addresses`,
  );
  t.equal(counts[64]!.down.descendants, counts[1]!.down.descendants, 'umount: same execs for 1 and 64 addresses');
  t.ok(
    counts[64]!.up.descendants <= 7,
    `up: ${counts[64]!.up.descendants} execs, at most 7 (ip for the host's addresses, ip, vzctl, what the vzctl stand-in runs; one detached logger only where syslog is /dev/log without journald)`,
  );
  t.ok(
    counts[64]!.down.descendants <= 2,
    `umount: ${counts[64]!.down.descendants} execs, at most 2 (ip; a logger only where syslog is /dev/log without journald)`,
  );
});

t.test('on an Open vSwitch bridge, vznet up and umount spawn no ovs-vsctl (ctnet talks OVSDB itself)', async (t) => {
  const { lab, ovs } = await vzLabWithOvs(t);
  const veid = '133';
  await lab.addCt(veid);
  lab.writeCtConf(
    veid,
    `NETIF="ifname=eth0,host_ifname=veth${veid}.0"\nVETH_IP_ADDRESS="10.0.9.33/24"\nBRIDGEDEV="sw0"\nVETH_VLAN="10"\n`,
  );
  const up = await lab.vznet(veid, `veth${veid}.0`, [], ovs.env, ['--verbose']);
  t.equal(up.exitCode, 0, up.stderr);
  t.same(
    commandsOf(up.stderr),
    [
      HOST_ADDRESSES,
      'ovs-ofctl --timeout=5 --bundle add-flows sw0 -',
      'nft -f -',
      'ip -batch -',
      `/usr/sbin/vzctl exec ${veid} ip -batch -`,
    ],
    "up: one host address query, one ovs-ofctl (the port filter's OpenFlow flows, userspace datapath), one nft (the port filter), one ip -batch, one vzctl exec, no ovs-vsctl",
  );
  t.equal(await ovs.get('port', `veth${veid}.0`, 'tag'), '10', 'and the port is there');
  await lab.stopCt(veid);
  const down = await lab.runHook(HOOK_UMOUNT, ['--verbose'], {
    VEID: veid,
    VE_CONFFILE: `/etc/vz/conf/${veid}.conf`,
    ...ovs.env,
  });
  t.equal(down.exitCode, 0, down.stderr);
  t.notOk(
    commandsOf(down.stderr).some((c) => c.startsWith('ovs-vsctl')),
    `umount: no ovs-vsctl (${commandsOf(down.stderr).join('; ')})`,
  );
  t.same(
    commandsOf(down.stderr).filter((c) => c.startsWith('ovs-ofctl')),
    [`ovs-ofctl --timeout=5 del-flows sw0 ${guardCookieMatch(`veth${veid}.0`)}`],
    "umount: one ovs-ofctl (the port filter's flows, by cookie)",
  );
  t.notOk(await ovs.portExists(`veth${veid}.0`), 'and the port is gone');
});

function commandsOf(stderr: string): string[] {
  return stderr
    .split('\n')
    .filter((l) => / \+ /.test(l))
    .map((l) => l.replace(/^.*? \+ /, ''));
}
