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

interface Count { direct: string[]; descendants: number }

/** Run a hook under strace -f; the hook's own pid is the one that execs the hook file. */
async function traced(lab: VzLab, hook: string, args: string[], env: Record<string, string>, tag: string): Promise<Count> {
  const out = path.join(lab.dir, `strace-${tag}.txt`);
  const r = await lab.runHook('/usr/bin/strace', ['-f', '-qq', '-e', 'trace=execve', '-o', out, hook, '--verbose', ...args], env);
  if (r.exitCode !== 0) throw new Error(`${path.basename(hook)} failed: ${r.stderr}`);
  const lines = fs.readFileSync(out, 'utf8').split('\n').filter((l) => /execve\(.*\) = 0$/.test(l));
  const hookPid = lines[0]!.split(' ')[0];
  return {
    direct: r.stderr.split('\n').filter((l) => / \+ /.test(l)).map((l) => l.replace(/^.*? \+ /, '')),
    descendants: lines.filter((l) => l.split(' ')[0] !== hookPid).length,
  };
}

t.test('vznet up and umount spawn the same few processes for 1 and 64 addresses', async (t) => {
  const lab = await VzLab.create();
  t.teardown(() => lab.cleanup());
  const counts: Record<string, { up: Count; down: Count }> = {};
  for (const [slot, size] of [[31, 1], [32, 64]] as const) {
    const veid = await addBenchCt(lab, slot, size);
    const up = await traced(lab, HOOK_VZNET, ['init', 'veth', `veth${veid}.0`], { VEID: veid }, `up-${size}`);
    const down = await traced(lab, HOOK_UMOUNT, [], { VEID: veid, VE_CONFFILE: `/etc/vz/conf/${veid}.conf` }, `down-${size}`);
    counts[size] = { up, down };
    t.same(up.direct, ['ip -batch -', `/usr/sbin/vzctl exec ${veid} ip -batch -`], `up, ${size} addr: one ip -batch, one vzctl exec`);
    t.same(down.direct, ['ip -force -batch -'], `umount, ${size} addr: one ip -batch`);
  }
  t.equal(counts[64]!.up.descendants, counts[1]!.up.descendants, `up: ${counts[1]!.up.descendants} execs in all for 1 and for 64 addresses`);
  t.equal(counts[64]!.down.descendants, counts[1]!.down.descendants, 'umount: same execs for 1 and 64 addresses');
  t.ok(counts[64]!.up.descendants <= 6, `up: ${counts[64]!.up.descendants} execs, at most 6 (ip, vzctl, what the vzctl stand-in runs; one detached logger only where syslog is /dev/log without journald)`);
  t.ok(counts[64]!.down.descendants <= 2, `umount: ${counts[64]!.down.descendants} execs, at most 2 (ip; a logger only where syslog is /dev/log without journald)`);
});

t.test('on an Open vSwitch bridge, vznet up and umount spawn no ovs-vsctl (ctnet talks OVSDB itself)', async (t) => {
  const { lab, ovs } = await vzLabWithOvs(t);
  const veid = '133';
  await lab.addCt(veid);
  lab.writeCtConf(veid, `NETIF="ifname=eth0,host_ifname=veth${veid}.0"\nVETH_IP_ADDRESS="10.0.9.33/24"\nBRIDGEDEV="sw0"\nVETH_VLAN="10"\n`);
  const up = await lab.vznet(veid, `veth${veid}.0`, [], ovs.env, ['--verbose']);
  t.equal(up.exitCode, 0, up.stderr);
  t.same(commandsOf(up.stderr), ['ip -batch -', `/usr/sbin/vzctl exec ${veid} ip -batch -`], 'up: one ip -batch, one vzctl exec, nothing for OVS');
  t.equal(await ovs.get('port', `veth${veid}.0`, 'tag'), '10', 'and the port is there');
  await lab.stopCt(veid);
  const down = await lab.runHook(HOOK_UMOUNT, ['--verbose'], { VEID: veid, VE_CONFFILE: `/etc/vz/conf/${veid}.conf`, ...ovs.env });
  t.equal(down.exitCode, 0, down.stderr);
  t.notOk(commandsOf(down.stderr).some((c) => c.startsWith('ovs-vsctl')), `umount: no ovs-vsctl (${commandsOf(down.stderr).join('; ')})`);
  t.notOk(await ovs.portExists(`veth${veid}.0`), 'and the port is gone');
});

function commandsOf(stderr: string): string[] {
  return stderr.split('\n').filter((l) => / \+ /.test(l)).map((l) => l.replace(/^.*? \+ /, ''));
}

interface ModulesRun {
  hook: string;
  args: string[];
  env: Record<string, string>;
  /** Names the files of this run in the lab dir. */
  tag: string;
  /** JavaScript the preload runs before the hook (e.g. to take a Node feature away). */
  before?: string;
}

/**
 * Node modules a built hook loaded, written at its exit by a --require'd snippet, and whether
 * process.getBuiltinModule was there while it ran.
 */
async function modulesLoaded(lab: VzLab, o: ModulesRun): Promise<{ modules: string[]; getBuiltinModule: boolean }> {
  const out = path.join(lab.dir, `modules-${o.tag}.json`);
  const preload = path.join(lab.dir, `modules-${o.tag}.cjs`);
  fs.writeFileSync(preload, `${o.before ?? ''}process.on('exit', () => require('fs').writeFileSync(${JSON.stringify(out)}, `
    + `JSON.stringify({ list: process.moduleLoadList, getBuiltinModule: typeof process.getBuiltinModule === 'function' })));\n`);
  const r = await lab.runHook('/usr/bin/node', ['--require', preload, o.hook, ...o.args], o.env);
  if (r.exitCode !== 0) throw new Error(`${path.basename(o.hook)} failed: ${r.stderr}`);
  const seen = JSON.parse(fs.readFileSync(out, 'utf8')) as { list: string[]; getBuiltinModule: boolean };
  return { modules: seen.list.filter((m) => m.startsWith('NativeModule ')).map((m) => m.slice(13)), getBuiltinModule: seen.getBuiltinModule };
}

t.test('a vznet up and umount load none of node:child_process, node:net (~4-5 ms of start-up), node:module, node:os (~1 M instructions)', async (t) => {
  const lab = await VzLab.create();
  t.teardown(() => lab.cleanup());
  const veid = await addBenchCt(lab, 33, 2);
  const conf = { VEID: veid, VE_CONFFILE: `/etc/vz/conf/${veid}.conf` };
  const heavy = (mods: string[]): string[] => mods.filter((m) => ['child_process', 'net', 'module', 'os'].includes(m));
  const up = { hook: HOOK_VZNET, args: ['init', 'veth', `veth${veid}.0`] };
  const down = { hook: HOOK_UMOUNT, args: [] };
  t.same(heavy((await modulesLoaded(lab, { ...up, env: conf, tag: 'up' })).modules), [], 'up: none loaded');
  t.same(heavy((await modulesLoaded(lab, { ...down, env: conf, tag: 'down' })).modules), [], 'umount: none loaded');
  const fallback = await modulesLoaded(lab, { ...up, env: { ...conf, CTNET_NATIVE: '0' }, tag: 'up-cp' });
  t.ok(fallback.modules.includes('child_process'), 'with CTNET_NATIVE=0 the up spawns through node:child_process (and still succeeds)');
  const fallbackDown = await modulesLoaded(lab, { ...down, env: { ...conf, CTNET_NATIVE: '0' }, tag: 'down-cp' });
  t.ok(fallbackDown.modules.includes('child_process'), 'umount with CTNET_NATIVE=0 as well');
  // A Node 20 before 20.16 has no process.getBuiltinModule: the bundle's own require loads it.
  const older = await modulesLoaded(lab, { ...up, env: { ...conf, CTNET_NATIVE: '0' }, tag: 'up-old', before: 'delete process.getBuiltinModule;\n' });
  t.notOk(older.getBuiltinModule, 'the run had no process.getBuiltinModule');
  t.ok(older.modules.includes('child_process'), 'without process.getBuiltinModule the up loads node:child_process through require (and still succeeds)');
});
