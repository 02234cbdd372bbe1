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
